package reportpdf

import (
	"bytes"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

func berlin(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, teilhabe.Berlin)
}

// wlanReport is a realistic consultation on WLAN in refugee housing.
func wlanReport() programmes.Report {
	draft := programmes.Text{
		Title:   "Digitale Teilhabe in Gemeinschaftsunterkünften",
		Summary: "Das Land fördert WLAN in Gemeinschaftsunterkünften für Geflüchtete, damit Bewohnerinnen und Bewohner Sprachkurse, Schule und Behördenwege online erreichen.",
		Sections: []programmes.Section{
			{Heading: "Ziel der Förderung", Body: "Alle Bewohnerinnen und Bewohner von Gemeinschaftsunterkünften erhalten einen stabilen, kostenlosen Zugang zum Internet.\n\nDer Zugang ermöglicht die Teilnahme an Integrations- und Sprachkursen, digitalen Schulangeboten und Online-Terminen bei Behörden."},
			{Heading: "Gegenstand der Förderung", Body: "Gefördert werden Router, Access Points, Verkabelung und der Betrieb für zwei Jahre.\n\nNicht gefördert werden Endgeräte wie Laptops oder Tablets."},
			{Heading: "Zuwendungsempfänger", Body: "Antragsberechtigt sind Stadt- und Landkreise sowie Gemeinden, die Gemeinschaftsunterkünfte betreiben."},
			{Heading: "Art und Höhe der Zuwendung", Body: "Die Zuwendung wird als Anteilfinanzierung in Höhe von 80 % der zuwendungsfähigen Ausgaben gewährt, höchstens 25.000 € je Unterkunft.\n\nDer Eigenanteil von 20 % kann nicht durch Leistungen Dritter erbracht werden."},
			{Heading: "Übergangsregelung", Body: "Bestehende Verträge mit Anbietern können bis Ende 2026 weiterlaufen."},
		},
	}
	final := programmes.Text{
		Title:   draft.Title,
		Summary: "Das Land fördert WLAN und digitale Beratung in Gemeinschaftsunterkünften für Geflüchtete, damit Bewohnerinnen und Bewohner Sprachkurse, Schule und Behördenwege online erreichen.",
		Sections: []programmes.Section{
			draft.Sections[0],
			{Heading: "Fördergegenstand", Body: "Gefördert werden Router, Access Points, Verkabelung und der Betrieb für drei Jahre.\n\nGefördert werden auch Sprechstunden zur digitalen Beratung.\n\nNicht gefördert werden Endgeräte wie Laptops oder Tablets."},
			{Heading: "Zuwendungsempfänger", Body: "Antragsberechtigt sind Stadt- und Landkreise sowie Gemeinden, die Gemeinschaftsunterkünfte betreiben oder belegen."},
			{Heading: "Art und Höhe der Zuwendung", Body: "Die Zuwendung wird als Anteilfinanzierung in Höhe von 90 % der zuwendungsfähigen Ausgaben gewährt, höchstens 30.000 € je Unterkunft.\n\nDer Eigenanteil von 10 % kann auch durch Leistungen Dritter erbracht werden."},
			{Heading: "Evaluation", Body: "Das Land lässt die Wirkung des Programms begleitend untersuchen; die Kommunen wirken an der Befragung mit."},
		},
	}
	c := programmes.Consultation{
		ID: 7, ProgrammeID: 3, Regions: []string{"08", "09"},
		OpenedAt: berlin(2026, 10, 1, 9, 0),
		Deadline: berlin(2026, 11, 26, 0, 0),
		ReportAt: berlin(2026, 12, 10, 14, 30),
		Draft:    draft, Final: final,
	}
	contribs := []programmes.Contribution{
		{ID: 1, OrganisationID: 11, Organisation: "Landeshauptstadt Stuttgart", RegionKey: "081110000000", Author: "Erika Muster", Kind: programmes.KindComment,
			Section: 1, Paragraph: 0, Quote: "der Betrieb für zwei Jahre",
			Text:      "Zwei Jahre reichen nicht: Die Verträge mit Anbietern laufen in der Regel 36 Monate. Nach dem Ende der Förderung fällt das WLAN sonst weg.",
			Amendment: "Gefördert werden Router, Access Points, Verkabelung und der Betrieb für drei Jahre.",
			CreatedAt: berlin(2026, 10, 14, 10, 12), Verdict: programmes.VerdictAdopted, Reason: "Wir haben die Laufzeit auf drei Jahre verlängert."},
		{ID: 2, OrganisationID: 12, Organisation: "Stadt Mannheim", RegionKey: "082220000000", Kind: programmes.KindComment,
			Section: 3, Paragraph: 1, Quote: "nicht durch Leistungen Dritter",
			Text:      "Viele Unterkünfte werden von freien Trägern betrieben, die Eigenleistungen (z. B. Ehrenamt) einbringen. Das sollte als Eigenanteil zählen.",
			CreatedAt: berlin(2026, 10, 20, 16, 45), Verdict: programmes.VerdictPartly, Reason: "Leistungen Dritter werden anerkannt, Ehrenamt jedoch nur bis zur Hälfte des Eigenanteils."},
		{ID: 3, OrganisationID: 13, Organisation: "Landratsamt Ravensburg", RegionKey: "084360000000", Kind: programmes.KindComment,
			Section: 1, Paragraph: 1, Quote: "Nicht gefördert werden Endgeräte",
			Text:      "Ohne Endgeräte nützt das WLAN Familien mit Schulkindern wenig. Bitte Leihgeräte in die Förderung aufnehmen.",
			CreatedAt: berlin(2026, 10, 22, 8, 5), Verdict: programmes.VerdictRejected, Reason: "Endgeräte fördert das Land bereits über das Programm „Digitale Schule“; eine Doppelförderung ist ausgeschlossen."},
		{ID: 4, OrganisationID: 11, Organisation: "Landeshauptstadt Stuttgart", RegionKey: "081110000000", Kind: programmes.KindStatement, Rating: 4,
			Text:      "Das Programm trifft einen dringenden Bedarf in unseren 41 Unterkünften. Die Höchstgrenze von 25.000 € je Unterkunft ist für große Standorte zu knapp.",
			CreatedAt: berlin(2026, 11, 2, 11, 0), Verdict: programmes.VerdictPartly, Reason: "Die Höchstgrenze steigt auf 30.000 €; eine Staffelung nach Größe wäre zu aufwendig."},
		{ID: 5, OrganisationID: 21, Organisation: "Stadt Nürnberg", RegionKey: "09564000", Kind: programmes.KindStatement, Rating: 5,
			Text:      "Wir begrüßen das Programm ausdrücklich. Digitale Beratung – etwa zu Terminen bei der Ausländerbehörde – sollte mitgefördert werden.",
			Amendment: "Gefördert werden auch Sprechstunden zur digitalen Beratung.",
			CreatedAt: berlin(2026, 11, 20, 9, 30), Verdict: programmes.VerdictAdopted, Reason: "Aufgenommen in den Fördergegenstand."},
	}
	invited := []programmes.InvitedOrg{
		{OrganisationID: 11, RegionKey: "081110000000"}, {OrganisationID: 12, RegionKey: "082220000000"},
		{OrganisationID: 13, RegionKey: "084360000000"}, {OrganisationID: 14, RegionKey: "083150000000"},
		{OrganisationID: 21, RegionKey: "09564000"}, {OrganisationID: 22, RegionKey: "09162000"}, {OrganisationID: 23, RegionKey: "09761000"},
	}
	return programmes.Report{
		Programme: programmes.Programme{
			ID: 3, Title: final.Title, Summary: final.Summary, Sections: final.Sections,
			FunderName: "Ministerium der Justiz und für Migration Baden-Württemberg",
			Status:     programmes.StatusPublished, PublishedAt: c.ReportAt,
		},
		Consultation:  c,
		Contributions: contribs,
		Participation: programmes.CountParticipation(invited, contribs, map[string]string{"08": "Baden-Württemberg", "09": "Bayern"}),
		Changes:       programmes.CompareTexts(draft, final),
	}
}

func render(t *testing.T, r programmes.Report, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Consultation(&buf, r, opts); err != nil {
		t.Fatal(err)
	}
	out := buf.Bytes()
	if !bytes.HasPrefix(out, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", out[:min(len(out), 20)])
	}
	if dir := os.Getenv("REPORTPDF_OUT"); dir != "" { // to look at the result
		os.WriteFile(dir+"/"+t.Name()+".pdf", out, 0o644)
	}
	return out
}

var pageObj = regexp.MustCompile(`/Type /Page\b[^s]`)

func TestConsultationGerman(t *testing.T) {
	out := render(t, wlanReport(), Options{Uncompressed: true})
	text := shownText(out)
	pages := len(pageObj.FindAll(out, -1))
	if pages < 3 || pages > 8 {
		t.Errorf("%d pages, want 3 to 8", pages)
	}
	for _, s := range []string{
		"Bericht zur Beteiligung",
		"Digitale Teilhabe in Gemeinschaftsunterkünften",
		"Ministerium der Justiz und für Migration Baden-Württemberg",
		"01.10.2026 bis 25.11.2026",
		"25.11.2026, 24:00 Uhr", // deadline at midnight
		"10.12.2026",
		"Beteiligung in Zahlen",
		"Baden-Württemberg", "75,0\u00a0%", "Bayern", "33,3\u00a0%", "Insgesamt", "57,1\u00a0%",
		"Gesamtstellungnahmen",
		"Abschnitt 2: Gegenstand der Förderung",
		"Passung zum örtlichen Bedarf: 4 von 5",
		"Passung zum örtlichen Bedarf: 5 von 5",
		"„der Betrieb für zwei Jahre“",
		"Änderungsvorschlag:",
		"Antwort des Fördermittelgebers: übernommen",
		"Antwort des Fördermittelgebers: teilweise übernommen",
		"Antwort des Fördermittelgebers: nicht übernommen",
		"„Digitale Schule“",
		"30.000 €",
		"Änderungen vom Entwurf zum veröffentlichten Text",
		"Gegenstand der Förderung -> Fördergegenstand (geändert)",
		"Übergangsregelung (gestrichen)",
		"Evaluation (neu)",
		"Ziel der Förderung (unverändert)",
		"[-zwei]", "[+drei]", "[-80]", "[+90]",
		"Seite 1 von " + strconv.Itoa(pages),
	} {
		if !strings.Contains(text, latin(s)) {
			t.Errorf("missing %q", s)
		}
	}
	// Struck words are red and struck through (a filled rectangle after the text),
	// inserted ones green and underlined.
	for _, re := range []string{
		`0\.667 0\.000 0\.000 rg BT [\d. ]+ Td \(zwei\)Tj ET [\d. -]+ re f`,
		`0\.000 0\.431 0\.157 rg BT [\d. ]+ Td \(drei\)Tj ET [\d. -]+ re f`,
	} {
		if !regexp.MustCompile(re).Match(out) {
			t.Errorf("no match for %s", re)
		}
	}
	if bytes.Contains(out, []byte("Erika Muster")) {
		t.Error("the report names the author; it should name only the administration")
	}
	for _, meta := range []string{
		"/Lang (de-DE)",
		"/Creator (" + escape(utf16("Teilhabe")) + ")",
		"/Author (" + escape(utf16("Ministerium der Justiz und für Migration Baden-Württemberg")) + ")",
		"/Title (" + escape(utf16("Bericht zur Beteiligung: Digitale Teilhabe in Gemeinschaftsunterkünften")) + ")",
		"/Title (" + escape(utf16("Beiträge und Antworten")) + ")", // bookmark
	} {
		if !bytes.Contains(out, []byte(meta)) {
			t.Errorf("missing %q", meta)
		}
	}
}

func TestConsultationEnglish(t *testing.T) {
	out := render(t, wlanReport(), Options{Lang: "en", Uncompressed: true})
	text := shownText(out)
	for _, s := range []string{"Consultation report", "Fit to local needs: 4 of 5", "25 November 2026, 24:00", "75.0%", "partly adopted", "Page 1 of ", "[-zwei]"} {
		if !strings.Contains(text, latin(s)) {
			t.Errorf("missing %q", s)
		}
	}
	if !bytes.Contains(out, []byte("/Lang (en-GB)")) {
		t.Error("document language is not en-GB")
	}
}

func TestConsultationTranslator(t *testing.T) {
	tr := func(key string) string {
		if key == "contrib.title" {
			return "Stellungnahmen und Antworten"
		}
		return key // unknown keys come back unchanged and fall back to German
	}
	out := render(t, wlanReport(), Options{Label: tr, Uncompressed: true})
	for _, s := range []string{"Stellungnahmen und Antworten", "Beteiligung in Zahlen"} {
		if !bytes.Contains(out, []byte(latin(s))) {
			t.Errorf("missing %q", s)
		}
	}
}

func TestConsultationEmptyAndCompressed(t *testing.T) {
	r := wlanReport()
	r.Contributions, r.Changes = nil, nil
	r.Consultation.Final = r.Consultation.Draft
	out := render(t, r, Options{})
	if bytes.Contains(out, []byte("Beteiligung in Zahlen")) {
		t.Error("content stream is not compressed")
	}
	out = render(t, r, Options{Uncompressed: true})
	for _, s := range []string{"Es sind keine Beiträge eingegangen.", "Der veröffentlichte Text stimmt mit dem Entwurf überein."} {
		if !bytes.Contains(out, []byte(latin(s))) {
			t.Errorf("missing %q", s)
		}
	}
}

func TestLatin(t *testing.T) {
	for in, want := range map[string]string{
		"Größe „Maß“ – 25.000 € … ‚ja‘": "Gr\xf6\xdfe \x84Ma\xdf\x93 \x96 25.000 \x80 \x85 \x82ja\x91",
		"Ağrı, Łódź, Chóśebuz":          "Agri, L\xf3dz, Ch\xf3sebuz",
		"10\u202f%, a\u00adb → c":       "10\xa0%, ab -> c",
		"مرحبا 🙂":                       "????? ?",
	} {
		if got := latin(in); got != want {
			t.Errorf("latin(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLabelSetsComplete(t *testing.T) {
	for k := range German {
		if English[k] == "" {
			t.Errorf("English lacks %q", k)
		}
	}
	for k := range English {
		if German[k] == "" {
			t.Errorf("German lacks %q", k)
		}
	}
}

func TestDates(t *testing.T) {
	de, en := newLabeler(Options{}), newLabeler(Options{Lang: "en"})
	at := time.Date(2026, 11, 25, 22, 59, 0, 0, time.UTC) // 23:59 in Berlin
	if got := de.dateTime(at, teilhabe.Berlin); got != "25.11.2026, 23:59 Uhr" {
		t.Errorf("got %q", got)
	}
	if got := en.date(at, teilhabe.Berlin); got != "25 November 2026" {
		t.Errorf("got %q", got)
	}
}

var showText = regexp.MustCompile(`\(((?:\\.|[^\\)])*)\)Tj`)

// shownText is the text of all text-showing operators of an uncompressed PDF, in
// order and unescaped, in cp1252. Lines run together without a separator.
func shownText(pdf []byte) string {
	var b strings.Builder
	for _, m := range showText.FindAllSubmatch(pdf, -1) {
		s := m[1]
		for i := 0; i < len(s); i++ {
			if s[i] == '\\' && i+1 < len(s) {
				i++
			}
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// escape is how fpdf writes a string into a PDF literal.
func escape(s string) string {
	var b bytes.Buffer
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\', '(', ')':
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func TestConsultationLong(t *testing.T) {
	r := wlanReport()
	long := strings.Repeat("Die Unterkunft am Stadtrand hat 120 Plätze und kein Glasfasernetz. ", 60)
	for i := range 80 {
		c := r.Contributions[i%len(r.Contributions)]
		c.ID, c.Text = int64(100+i), long
		r.Contributions = append(r.Contributions, c)
	}
	out := render(t, r, Options{Uncompressed: true})
	pages := len(pageObj.FindAll(out, -1))
	if pages < 30 {
		t.Errorf("%d pages for 85 long contributions", pages)
	}
	if text := shownText(out); !strings.Contains(text, "Seite "+strconv.Itoa(pages)+" von "+strconv.Itoa(pages)) {
		t.Errorf("last page number missing")
	}
}
