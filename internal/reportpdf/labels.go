package reportpdf

import (
	"strconv"
	"strings"
	"time"
)

// German is the built-in German label set, the default.
var German = map[string]string{
	"doc.kind":                "Bericht zur Beteiligung",
	"doc.subject":             "Ergebnis der Beteiligung der kommunalen Integrationsbeauftragten am Programmentwurf",
	"meta.funder":             "Fördermittelgeber",
	"meta.period":             "Beteiligungszeitraum",
	"meta.deadline":           "Frist",
	"meta.published":          "Veröffentlicht am",
	"meta.to":                 "bis",
	"part.title":              "Beteiligung in Zahlen",
	"part.note":               "Eingeladen waren die Verwaltungen der Kommunen in den eingeladenen Regionen. Als beteiligt zählt jede Verwaltung mit mindestens einem Beitrag.",
	"part.land":               "Land",
	"part.invited":            "Eingeladen",
	"part.responded":          "Beteiligt",
	"part.rate":               "Anteil",
	"part.total":              "Insgesamt",
	"part.noland":             "ohne Land",
	"contrib.title":           "Beiträge und Antworten",
	"contrib.none":            "Es sind keine Beiträge eingegangen.",
	"contrib.statements":      "Gesamtstellungnahmen",
	"contrib.section":         "Abschnitt",
	"contrib.paragraph":       "Absatz",
	"contrib.rating":          "Passung zum örtlichen Bedarf",
	"contrib.of":              "von",
	"contrib.amendment":       "Änderungsvorschlag",
	"contrib.answer":          "Antwort des Fördermittelgebers",
	"verdict.adopted":         "übernommen",
	"verdict.partly":          "teilweise übernommen",
	"verdict.rejected":        "nicht übernommen",
	"verdict.none":            "noch nicht beantwortet",
	"changes.title":           "Änderungen vom Entwurf zum veröffentlichten Text",
	"changes.legend":          "Gestrichene Wörter stehen in [- …], durchgestrichen und rot; eingefügte Wörter in [+ …], unterstrichen und grün.",
	"changes.none":            "Der veröffentlichte Text stimmt mit dem Entwurf überein.",
	"changes.heading.title":   "Titel",
	"changes.heading.summary": "Kurzbeschreibung",
	"status.unchanged":        "unverändert",
	"status.changed":          "geändert",
	"status.added":            "neu",
	"status.removed":          "gestrichen",
	"page":                    "Seite",
	"page.of":                 "von",
	"layout.date":             "02.01.2006",
	"layout.time":             "15:04 Uhr",
	"layout.midnight":         "24:00 Uhr",
}

// English is the built-in English label set.
var English = map[string]string{
	"doc.kind":                "Consultation report",
	"doc.subject":             "Outcome of the consultation of municipal integration commissioners on the programme draft",
	"meta.funder":             "Funder",
	"meta.period":             "Consultation period",
	"meta.deadline":           "Deadline",
	"meta.published":          "Published on",
	"meta.to":                 "to",
	"part.title":              "Participation in figures",
	"part.note":               "The administrations of the municipalities in the invited regions were invited. An administration counts as taking part with at least one contribution.",
	"part.land":               "Land",
	"part.invited":            "Invited",
	"part.responded":          "Took part",
	"part.rate":               "Share",
	"part.total":              "Total",
	"part.noland":             "no Land",
	"contrib.title":           "Contributions and answers",
	"contrib.none":            "No contributions were received.",
	"contrib.statements":      "Overall statements",
	"contrib.section":         "Section",
	"contrib.paragraph":       "Paragraph",
	"contrib.rating":          "Fit to local needs",
	"contrib.of":              "of",
	"contrib.amendment":       "Proposed wording",
	"contrib.answer":          "The funder's answer",
	"verdict.adopted":         "adopted",
	"verdict.partly":          "partly adopted",
	"verdict.rejected":        "not adopted",
	"verdict.none":            "not answered yet",
	"changes.title":           "Changes from the draft to the published text",
	"changes.legend":          "Deleted words are in [- …], struck through and red; inserted words in [+ …], underlined and green.",
	"changes.none":            "The published text is the same as the draft.",
	"changes.heading.title":   "Title",
	"changes.heading.summary": "Summary",
	"status.unchanged":        "unchanged",
	"status.changed":          "changed",
	"status.added":            "new",
	"status.removed":          "deleted",
	"page":                    "Page",
	"page.of":                 "of",
	"layout.date":             "2 January 2006",
	"layout.time":             "15:04",
	"layout.midnight":         "24:00",
}

// labeler resolves label keys: the caller's translator first, then the built-in set of
// the language, then German.
type labeler struct {
	tr    func(string) string
	set   map[string]string
	comma bool // decimal comma
}

func newLabeler(opts Options) labeler {
	l := labeler{tr: opts.Label, set: German, comma: true}
	if strings.HasPrefix(opts.Lang, "en") {
		l.set, l.comma = English, false
	}
	return l
}

func (l labeler) get(key string) string {
	if l.tr != nil {
		// A translator that does not know the key may answer "" or the key itself.
		if s := l.tr(key); s != "" && s != key {
			return s
		}
	}
	if s, ok := l.set[key]; ok {
		return s
	}
	if s, ok := German[key]; ok {
		return s
	}
	return key
}

func (l labeler) date(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return "–"
	}
	return t.In(loc).Format(l.get("layout.date"))
}

// dateTime writes a deadline at midnight as 24:00 of the day before, as German
// administrations do: "25.11.2026, 24:00 Uhr" is the last day one may still submit.
func (l labeler) dateTime(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return "–"
	}
	t = t.In(loc)
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.AddDate(0, 0, -1).Format(l.get("layout.date")) + ", " + l.get("layout.midnight")
	}
	return t.Format(l.get("layout.date")) + ", " + t.Format(l.get("layout.time"))
}

// lastDay is the last calendar day before the instant t.
func lastDay(t time.Time) time.Time { return t.Add(-time.Nanosecond) }

// percent is part of whole in percent with one decimal: "42,9 %" or "42.9%".
func (l labeler) percent(part, whole int) string {
	if whole == 0 {
		return "–"
	}
	s := strconv.FormatFloat(float64(part)*100/float64(whole), 'f', 1, 64)
	if l.comma {
		return strings.Replace(s, ".", ",", 1) + "\u00a0%"
	}
	return s + "%"
}
