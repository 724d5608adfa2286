// Package programmegen generates a nation-scale set of funding programmes for the
// finder's benchmark and the load harness: programmes of 10 sections each, spread over
// funder levels, action fields, provider types and the real regions of the
// Gemeindeverzeichnis, written through the store's programme view (so the term index is
// the real one).
package programmegen

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/store"
)

// The text is composed from words of German integration work: the vocabulary of
// funding guidelines (Förderrichtlinien) and of the field. Words early in a list
// are drawn more often (a Zipf-like law, as in real text), stop words in between,
// so the index sees realistic term frequencies without invented content.
var (
	nouns = strings.Fields(`Integration Teilhabe Sprachkurse Beratung Geflüchtete Familien Kinder Jugendliche Frauen
		Ehrenamt Projekte Angebote Kommune Träger Zuwendung Förderung Maßnahmen Zielgruppen Integrationskurs Sprachförderung
		Migrationsberatung Flüchtlinge Neuzugewanderte Zugewanderte Eltern Ehrenamtliche Patenschaften Integrationslotsen
		Landkreis Gemeinde Integrationsbeauftragte Integrationsmanagement Migrantenorganisationen Wohlfahrtsverbände
		Projektträger Bildungsträger Arbeitsmarkt Ausbildung Berufsorientierung Anerkennung Berufsabschlüsse Qualifizierung
		Weiterbildung Kita Schule Elternarbeit Hausaufgabenhilfe Wohnraum Gemeinschaftsunterkünfte Unterbringung
		Gesundheitsversorgung Traumatisierung Sprachmittlung Dolmetscher Übersetzungen Antidiskriminierung Rassismus
		Demokratieförderung Zusammenhalt Nachbarschaft Quartier Begegnung Sportvereine Kulturarbeit Vereine Netzwerke
		Vernetzung Koordinierung Fachstellen Fachkräfte Sozialarbeit Fallmanagement Teilnehmende Beratungsangebote
		Digitalisierung WLAN Endgeräte Medienkompetenz Jobcenter Ausländerbehörde Arbeitsagentur Verwendungsnachweis
		Zuwendungsempfänger Eigenanteil Personalkosten Sachkosten Honorarkosten Projektlaufzeit Antrag Bewilligung
		Förderrichtlinie Haushaltsmittel Evaluation Dokumentation Wirkung Nachhaltigkeit Verstetigung Öffentlichkeitsarbeit
		Mehrsprachigkeit Alphabetisierung Deutschkenntnisse Sprachniveau Berufssprachkurse Kinderbetreuung Mentoring
		Empowerment Selbstorganisation Partizipation Beteiligung Willkommenskultur Verwaltung Erstaufnahme
		Anschlussunterbringung Wohnungssuche Gesundheitslotsen Senioren Pflege Frauenhäuser Gewaltschutz Schutzkonzepte
		Jugendhilfe Schulsozialarbeit Bildungsberatung Hochschulen Praktika Betriebe Handwerk Arbeitgeber Unternehmen
		Existenzgründung Ausbildungsplätze Einstiegsqualifizierung Bewerbungstraining Sprachcafé Lernpaten Freiwillige
		Bürgerschaftliches Engagement Interkulturelle Öffnung Regelstrukturen Sozialraum Stadtteil Begegnungsstätten
		Frühe Hilfen Kindertagesstätten Ganztagsschule Vorbereitungsklassen Seiteneinsteiger Nachqualifizierung
		Anpassungsqualifizierung Pflegekräfte Erzieherinnen Kulturmittler Mediation Konfliktberatung Asylverfahren
		Aufenthaltsrecht Rückkehrberatung Familiennachzug Einbürgerung Staatsangehörigkeit Wahlrecht Ehrenamtskoordination
		Supervision Fortbildungen Schulungen Workshops Informationsveranstaltungen Sprechstunden Beratungsstellen`)
	adjectives = strings.Fields(`niedrigschwellige mehrsprachige kultursensible ehrenamtliche hauptamtliche kommunale
		regionale landesweite bundesweite nachhaltige innovative zuwendungsfähige förderfähige aufsuchende digitale
		interkulturelle psychosoziale berufliche schulische sprachliche gesellschaftliche soziale zusätzliche modellhafte`)
	verbs = strings.Fields(`gefördert unterstützt begleitet gestärkt vernetzt qualifiziert beraten erreicht
		entwickelt erprobt verstetigt durchgeführt beantragt bewilligt nachgewiesen dokumentiert evaluiert finanziert`)
	stopWords = strings.Fields(`die der und für mit in von zur zum werden sind auf durch im den dem des ein eine als auch
		bei nach über oder sowie insbesondere`)
	headings = []string{"Zuwendungszweck, Rechtsgrundlage", "Gegenstand der Förderung", "Zuwendungsempfänger",
		"Zuwendungsvoraussetzungen", "Art und Umfang, Höhe der Zuwendung", "Zuwendungsfähige Ausgaben",
		"Sonstige Zuwendungsbestimmungen", "Verfahren", "Antragsverfahren und Bewilligung", "Inkrafttreten"}
	titlePatterns = []string{"%s für %s", "Förderprogramm %s", "%s und %s vor Ort", "Landesprogramm %s",
		"Bundesprogramm %s", "Stärkung von %s", "%s in der Kommune", "Modellprojekte %s"}
)

// zipf draws from a list with weight 1/rank.
func zipf(r *rand.Rand, list []string) string {
	// Inverse transform of the harmonic weights, approximated by an exponential
	// of a uniform: dense at the start of the list, thin at the end.
	n := float64(len(list))
	i := int(math.Exp(r.Float64()*math.Log(n+1))) - 1
	return list[min(max(i, 0), len(list)-1)]
}

func sentence(r *rand.Rand) string {
	words := make([]string, 0, 16)
	for i, n := 0, 8+r.IntN(9); i < n; i++ {
		switch r.IntN(6) {
		case 0, 1:
			words = append(words, stopWords[r.IntN(len(stopWords))])
		case 2:
			words = append(words, adjectives[r.IntN(len(adjectives))])
		case 3:
			words = append(words, verbs[r.IntN(len(verbs))])
		default:
			words = append(words, zipf(r, nouns))
		}
	}
	s := strings.Join(words, " ")
	first, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(first)) + s[n:] + "."
}

func paragraph(r *rand.Rand, sentences int) string {
	parts := make([]string, sentences)
	for i := range parts {
		parts[i] = sentence(r)
	}
	return strings.Join(parts, " ")
}

// Generate writes n programmes with calls around now into db, which must hold the
// regions of list, and returns the keys of the Kreise for region queries. The same n
// and now give the same programmes.
func Generate(ctx context.Context, db *store.DB, list []regions.Region, n int, now time.Time) ([]string, error) {
	// The generator acts as the command line does: as the system.
	ctx = accounts.WithPrincipal(ctx, accounts.System("bench"))
	accts := accounts.NewService(db.Accounts())
	clock := db.Now
	db.Now = func() time.Time { return now }
	defer func() { db.Now = clock }()
	var lands, kreise, gemeinden []regions.Region
	for _, reg := range list {
		switch reg.Level {
		case regions.LevelLand:
			lands = append(lands, reg)
		case regions.LevelKreis:
			kreise = append(kreise, reg)
		case regions.LevelGemeinde:
			gemeinden = append(gemeinden, reg)
		}
	}
	r := rand.New(rand.NewPCG(2026, 3))

	// Funders: a few of the EU and the Bund, one per Land, Kommunen and foundations.
	funders := map[accounts.FunderLevel][]int64{}
	var failed error
	addFunder := func(level accounts.FunderLevel, name, region string) {
		o, err := accts.CreateOrganisation(ctx, accounts.Organisation{Kind: accounts.KindFunder, Name: name, FunderLevel: level, RegionKey: region})
		if err != nil && failed == nil {
			failed = err
		}
		funders[level] = append(funders[level], o.ID)
	}
	addFunder(accounts.FunderEU, "Europäischer Sozialfonds Plus (Bench)", "")
	addFunder(accounts.FunderBund, "Bundesamt für Migration und Flüchtlinge (Bench)", "DG")
	addFunder(accounts.FunderBund, "Beauftragte der Bundesregierung für Migration, Flüchtlinge und Integration (Bench)", "DG")
	landFunder := map[string]int64{}
	for _, l := range lands {
		addFunder(accounts.FunderLand, "Integrationsministerium "+l.Name+" (Bench)", l.Key)
		landFunder[l.Key] = funders[accounts.FunderLand][len(funders[accounts.FunderLand])-1]
	}
	for i := 0; i < 10; i++ {
		addFunder(accounts.FunderFoundation, fmt.Sprintf("Bürgerstiftung %d (Bench)", i+1), "")
	}
	kommuneFunder := map[string]int64{}

	if failed != nil {
		return nil, failed
	}
	types := accounts.ProviderTypes
	for i := 0; i < n; i++ {
		p := programmes.Programme{FundingKind: programmes.FundingProject, FinancingType: programmes.FinancingTypes[r.IntN(len(programmes.FinancingTypes))]}
		if p.FinancingType == programmes.FinancingFull {
			p.OwnShare = 0
		} else {
			p.OwnShare = 1000 * r.IntN(3)
		}
		if r.IntN(10) == 0 {
			p.FundingKind = programmes.FundingInstitutional
		}
		// Scope and funder: the Bund and the EU fund everywhere, the Länder their
		// Land (sometimes a Kreis of it), Kommunen their Kreis or a Gemeinde.
		switch x := r.IntN(100); {
		case x < 15:
			p.RegionKeys = []string{"DG"}
			p.FunderID = funders[accounts.FunderBund][r.IntN(2)]
			if x < 3 {
				p.FunderID = funders[accounts.FunderEU][0]
			}
		case x < 55:
			l := lands[r.IntN(len(lands))]
			p.RegionKeys = []string{l.Key}
			p.FunderID = landFunder[l.Key]
		case x < 85:
			k := kreise[r.IntN(len(kreise))]
			p.RegionKeys = []string{k.Key}
			if _, ok := kommuneFunder[k.Key]; !ok {
				addFunder(accounts.FunderKommune, "Integrationsförderung "+k.Name+" "+k.Key+" (Bench)", k.Key)
				kommuneFunder[k.Key] = funders[accounts.FunderKommune][len(funders[accounts.FunderKommune])-1]
			}
			p.FunderID = kommuneFunder[k.Key]
		default:
			g := gemeinden[r.IntN(len(gemeinden))]
			p.RegionKeys = []string{g.Key}
			p.FunderID = funders[accounts.FunderFoundation][r.IntN(len(funders[accounts.FunderFoundation]))]
		}
		p.ActionFields = pick(r, programmes.ActionFields, 1+r.IntN(2))
		p.TargetGroups = pick(r, programmes.TargetGroups, r.IntN(3))
		p.ProviderTypes = pick(r, types, 1+r.IntN(3))
		p.Title = fmt.Sprintf(titlePatterns[r.IntN(len(titlePatterns))], zipf(r, nouns), zipf(r, nouns))
		p.Summary = paragraph(r, 3)
		for _, h := range headings {
			p.Sections = append(p.Sections, programmes.Section{Heading: h, Body: paragraph(r, 4) + "\n\n" + paragraph(r, 4)})
		}
		start := time.Date(2025+r.IntN(2), time.Month(1+r.IntN(12)), 1, 0, 0, 0, 0, time.UTC)
		p.PeriodStart, p.PeriodEnd = start, start.AddDate(1+r.IntN(3), 0, -1)
		for y := p.PeriodStart.Year(); y <= p.PeriodEnd.Year(); y++ {
			p.Budgets = append(p.Budgets, programmes.Budget{Year: y, Amount: int64(50_000+r.IntN(2_000_000)) * 100})
		}
		// Calls: none, or one to three windows around now.
		for c := 0; c < r.IntN(4); c++ {
			opens := now.AddDate(0, 0, r.IntN(240)-180)
			p.Calls = append(p.Calls, programmes.Call{Title: fmt.Sprintf("Förderaufruf %d", c+1), OpensAt: opens, ClosesAt: opens.AddDate(0, 0, 30+r.IntN(90))})
		}
		// Written with the store's own transactional write, the one the use case
		// calls after its checks: the funders here have no staff to act as.
		p.Status, p.Version, p.Revision, p.CreatedAt, p.UpdatedAt = programmes.StatusDraft, 1, 1, now, now
		if err := p.Validate(); err != nil {
			return nil, fmt.Errorf("programme %d: %w", i, err)
		}
		if err := db.Programmes().Update(ctx, func(tx programmes.Tx) error { return tx.CreateProgramme(ctx, &p) }); err != nil {
			return nil, fmt.Errorf("programme %d: %w", i, err)
		}
		// Most are public; the lifecycle to publication runs through a consultation,
		// which is not what is measured here, so the status is set directly.
		status := programmes.StatusDraft
		switch x := r.IntN(100); {
		case x < 35:
			status = programmes.StatusPublished
		case x < 75:
			status = programmes.StatusApplications
		case x < 88:
			status = programmes.StatusClosed
		case x < 93:
			status = programmes.StatusArchived
		}
		if status != programmes.StatusDraft {
			err := db.Update(ctx, func(tx *store.Tx) error {
				_, err := tx.ExecContext(ctx, `UPDATE programmes SET status = $2, published_at = $3 WHERE id = $1`, p.ID, string(status), now.AddDate(0, 0, -r.IntN(700)))
				return err
			})
			if err != nil {
				return nil, err
			}
		}
	}
	var keys []string
	for _, k := range kreise {
		keys = append(keys, k.Key)
	}
	return keys, failed
}

func pick[T any](r *rand.Rand, list []T, n int) []T {
	idx := r.Perm(len(list))[:min(n, len(list))]
	slices.Sort(idx)
	out := make([]T, len(idx))
	for i, j := range idx {
		out[i] = list[j]
	}
	return out
}
