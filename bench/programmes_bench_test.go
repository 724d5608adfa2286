package bench

import (
	"context"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/bench/programmegen"
	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// The programme finder's benchmark: 3,000 programmes of 10 sections each, spread
// over funder levels, action fields, provider types and the real regions of the
// Gemeindeverzeichnis, written through the store as funders would write them (so
// the term index is the real one). TEILHABE_BENCH_PROGRAMMES changes the number.

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
	if _, err := storetest.ImportRegions(ctx, db, list, "gv.csv"); err != nil {
		b.Fatal(err)
	}
	kreise, err := programmegen.Generate(ctx, db, list, programmeCount(), now)
	if err != nil {
		b.Fatal(err)
	}
	return programmeBenchWorld{db: db, kreise: kreise}
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
		query func(i int) programmes.Query
	}{
		{"text-facets", func(i int) programmes.Query {
			q := programmes.Query{Text: texts[i%len(texts)]}
			if i%2 == 1 {
				q.ActionFields = []string{programmes.ActionFields[i%len(programmes.ActionFields)]}
				q.Levels = []accounts.FunderLevel{accounts.FunderBund, accounts.FunderLand}
			}
			return q
		}},
		{"facets-only", func(i int) programmes.Query {
			return programmes.Query{ActionFields: []string{programmes.ActionFields[i%len(programmes.ActionFields)]},
				ProviderTypes: []accounts.ProviderType{accounts.ProviderTypes[i%len(accounts.ProviderTypes)]},
				OpenNow:       i%2 == 0, Sort: programmes.SortDeadline}
		}},
		{"region", func(i int) programmes.Query {
			q := programmes.Query{Region: w.kreise[(i*37)%len(w.kreise)]}
			if i%2 == 1 {
				q.Text = texts[i%len(texts)]
			}
			return q
		}},
	}
	svc := programmes.NewService(w.db.Programmes())
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			var took []time.Duration
			var total int
			i := 0
			for b.Loop() {
				start := time.Now()
				res, err := svc.Search(ctx, c.query(i))
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
