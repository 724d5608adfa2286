package bench

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/funding"
	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// The programme finder's benchmark: 3,000 programmes of 10 sections each, spread
// over funder levels, action fields, provider types and the real regions of the
// Gemeindeverzeichnis, written through the store as funders would write them (so
// the term index is the real one). TEILHABE_BENCH_PROGRAMMES changes the number.

// The text is composed from words of German integration work: the vocabulary of
// funding guidelines (Förderrichtlinien) and of the field. Words early in a list
// are drawn more often (a Zipf-like law, as in real text), stop words in between,
// so the index sees realistic term frequencies without invented content.
var (
	benchNouns = strings.Fields(`Integration Teilhabe Sprachkurse Beratung Geflüchtete Familien Kinder Jugendliche Frauen
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
	benchAdjectives = strings.Fields(`niedrigschwellige mehrsprachige kultursensible ehrenamtliche hauptamtliche kommunale
		regionale landesweite bundesweite nachhaltige innovative zuwendungsfähige förderfähige aufsuchende digitale
		interkulturelle psychosoziale berufliche schulische sprachliche gesellschaftliche soziale zusätzliche modellhafte`)
	benchVerbs = strings.Fields(`gefördert unterstützt begleitet gestärkt vernetzt qualifiziert beraten erreicht
		entwickelt erprobt verstetigt durchgeführt beantragt bewilligt nachgewiesen dokumentiert evaluiert finanziert`)
	benchStop = strings.Fields(`die der und für mit in von zur zum werden sind auf durch im den dem des ein eine als auch
		bei nach über oder sowie insbesondere`)
	benchHeadings = []string{"Zuwendungszweck, Rechtsgrundlage", "Gegenstand der Förderung", "Zuwendungsempfänger",
		"Zuwendungsvoraussetzungen", "Art und Umfang, Höhe der Zuwendung", "Zuwendungsfähige Ausgaben",
		"Sonstige Zuwendungsbestimmungen", "Verfahren", "Antragsverfahren und Bewilligung", "Inkrafttreten"}
	benchTitlePatterns = []string{"%s für %s", "Förderprogramm %s", "%s und %s vor Ort", "Landesprogramm %s",
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
			words = append(words, benchStop[r.IntN(len(benchStop))])
		case 2:
			words = append(words, benchAdjectives[r.IntN(len(benchAdjectives))])
		case 3:
			words = append(words, benchVerbs[r.IntN(len(benchVerbs))])
		default:
			words = append(words, zipf(r, benchNouns))
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

// programmeBenchWorld is a database with the Gemeindeverzeichnis and the
// generated programmes.
type programmeBenchWorld struct {
	db     *store.DB
	kreise []string // real keys, for the region queries
}

func programmeCount() int {
	if n, err := strconv.Atoi(os.Getenv("TEILHABE_BENCH_PROGRAMMES")); err == nil && n > 0 {
		return n
	}
	return 3000
}

func newProgrammeBenchWorld(b *testing.B, engine store.Dialect, now time.Time) programmeBenchWorld {
	ctx := teilhabe.WithActor(context.Background(), teilhabe.System("bench"))
	db := open(b, engine)
	db.Now = func() time.Time { return now }
	list := parseGV(b)
	if _, err := db.ImportRegions(ctx, list, "gv.csv"); err != nil {
		b.Fatal(err)
	}
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
	addFunder := func(level accounts.FunderLevel, name, region string) {
		o := accounts.Organisation{Kind: accounts.KindFunder, Name: name, FunderLevel: level, RegionKey: region}
		if err := db.CreateOrganisation(ctx, &o); err != nil {
			b.Fatal(err)
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

	n := programmeCount()
	types := accounts.ProviderTypes
	for i := 0; i < n; i++ {
		p := funding.Programme{FundingKind: funding.FundingProject, FinancingType: funding.FinancingTypes[r.IntN(len(funding.FinancingTypes))]}
		if p.FinancingType == funding.FinancingFull {
			p.OwnShare = 0
		} else {
			p.OwnShare = 1000 * r.IntN(3)
		}
		if r.IntN(10) == 0 {
			p.FundingKind = funding.FundingInstitutional
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
		p.ActionFields = pick(r, funding.ActionFields, 1+r.IntN(2))
		p.TargetGroups = pick(r, funding.TargetGroups, r.IntN(3))
		p.ProviderTypes = pick(r, types, 1+r.IntN(3))
		p.Title = fmt.Sprintf(benchTitlePatterns[r.IntN(len(benchTitlePatterns))], zipf(r, benchNouns), zipf(r, benchNouns))
		p.Summary = paragraph(r, 3)
		for _, h := range benchHeadings {
			p.Sections = append(p.Sections, funding.Section{Heading: h, Body: paragraph(r, 4) + "\n\n" + paragraph(r, 4)})
		}
		start := time.Date(2025+r.IntN(2), time.Month(1+r.IntN(12)), 1, 0, 0, 0, 0, time.UTC)
		p.PeriodStart, p.PeriodEnd = start, start.AddDate(1+r.IntN(3), 0, -1)
		for y := p.PeriodStart.Year(); y <= p.PeriodEnd.Year(); y++ {
			p.Budgets = append(p.Budgets, funding.Budget{Year: y, Amount: int64(50_000+r.IntN(2_000_000)) * 100})
		}
		// Calls: none, or one to three windows around now.
		for c := 0; c < r.IntN(4); c++ {
			opens := now.AddDate(0, 0, r.IntN(240)-180)
			p.Calls = append(p.Calls, funding.Call{Title: fmt.Sprintf("Förderaufruf %d", c+1), OpensAt: opens, ClosesAt: opens.AddDate(0, 0, 30+r.IntN(90))})
		}
		if err := db.CreateProgramme(ctx, &p); err != nil {
			b.Fatalf("programme %d: %v", i, err)
		}
		// Most are public; the lifecycle to publication runs through a consultation,
		// which is not what is measured here, so the status is set directly.
		status := funding.StatusDraft
		switch x := r.IntN(100); {
		case x < 35:
			status = funding.StatusPublished
		case x < 75:
			status = funding.StatusApplications
		case x < 88:
			status = funding.StatusClosed
		case x < 93:
			status = funding.StatusArchived
		}
		if status != funding.StatusDraft {
			err := db.Update(ctx, func(tx *store.Tx) error {
				_, err := tx.ExecContext(ctx, `UPDATE programmes SET status = $2, published_at = $3 WHERE id = $1`, p.ID, string(status), now.AddDate(0, 0, -r.IntN(700)))
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	w := programmeBenchWorld{db: db}
	for _, k := range kreise {
		w.kreise = append(w.kreise, k.Key)
	}
	return w
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

// BenchmarkProgrammeSearch measures the finder's search with facets over 3,000
// programmes. Besides ns/op it reports the median and the 90th percentile of the
// single searches ("median-ms", "p90-ms"): the goal is a median under 20 ms on
// SQLite (with the covering index of migration 00006).
func BenchmarkProgrammeSearch(b *testing.B) {
	now := time.Date(2026, 3, 15, 10, 0, 0, 0, time.UTC)
	for _, engine := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(string(engine), func(b *testing.B) {
			w := newProgrammeBenchWorld(b, engine, now)
			searchCases(b, w)
		})
	}
}

func searchCases(b *testing.B, w programmeBenchWorld) {
	ctx := context.Background()
	texts := []string{"Sprachkurse", "Flüchtlinge Beratung", "Integrationskurs", "Ehrenamt Qualifizierung", "Gemeinschaftsunterkuenfte",
		"Sprach", "Kinderbetreuung Frauen", "WLAN"}
	cases := []struct {
		name  string
		query func(i int) funding.Query
	}{
		{"text-facets", func(i int) funding.Query {
			q := funding.Query{Text: texts[i%len(texts)]}
			if i%2 == 1 {
				q.ActionFields = []string{funding.ActionFields[i%len(funding.ActionFields)]}
				q.Levels = []accounts.FunderLevel{accounts.FunderBund, accounts.FunderLand}
			}
			return q
		}},
		{"facets-only", func(i int) funding.Query {
			return funding.Query{ActionFields: []string{funding.ActionFields[i%len(funding.ActionFields)]},
				ProviderTypes: []accounts.ProviderType{accounts.ProviderTypes[i%len(accounts.ProviderTypes)]},
				OpenNow:       i%2 == 0, Sort: funding.SortDeadline}
		}},
		{"region", func(i int) funding.Query {
			q := funding.Query{Region: w.kreise[(i*37)%len(w.kreise)]}
			if i%2 == 1 {
				q.Text = texts[i%len(texts)]
			}
			return q
		}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			var took []time.Duration
			var total int
			i := 0
			for b.Loop() {
				start := time.Now()
				res, err := w.db.SearchProgrammes(ctx, c.query(i))
				took = append(took, time.Since(start))
				if err != nil {
					b.Fatal(err)
				}
				total += res.Total
				i++
			}
			slices.Sort(took)
			ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
			b.ReportMetric(ms(took[len(took)/2]), "median-ms")
			b.ReportMetric(ms(took[len(took)*9/10]), "p90-ms")
			b.ReportMetric(float64(total)/float64(i), "hits/op")
		})
	}
}
