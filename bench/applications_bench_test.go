package bench

import (
	"context"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/bench/applicationgen"
	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/decisions"
	"github.com/teilhabe/teilhabe/internal/store"
)

// The procedure's benchmarks: 500,000 applications (TEILHABE_BENCH_APPLICATIONS
// changes the number) on the 3,000 generated programmes, in every status, with the
// municipal statements of the submitted ones. Generating is not timed; it is
// reported once as gen-s.

func applicationCount() int {
	if n, err := strconv.Atoi(os.Getenv("TEILHABE_BENCH_APPLICATIONS")); err == nil && n > 0 {
		return n
	}
	return 500_000
}

type applicationBenchWorld struct {
	programmeBenchWorld
	gen applicationgen.Result
}

func newApplicationBenchWorld(b *testing.B, engine store.Dialect, now time.Time) applicationBenchWorld {
	start := time.Now()
	w := applicationBenchWorld{programmeBenchWorld: newProgrammeBenchWorld(b, engine, now)}
	gen, err := applicationgen.Generate(context.Background(), w.db, parseGV(b), applicationCount(), now)
	if err != nil {
		b.Fatal(err)
	}
	w.gen = gen
	b.Logf("%s: %d applications, %d statements in %.1f s; busiest call %d (%d), Kreis %s (%d)", engine, gen.Applications, gen.Statements,
		time.Since(start).Seconds(), gen.BusiestCall, gen.BusiestCallCount, gen.BusiestKreis, gen.KreisCount)
	return w
}

// commissioner is the integration commissioner of the busiest Kreis.
func (w applicationBenchWorld) commissioner() context.Context {
	p := &accounts.Principal{User: accounts.User{ID: 1, Email: "ib@bench.example"}, Memberships: []accounts.Membership{{
		Organisation: accounts.Organisation{ID: w.gen.MunicipalityID, Kind: accounts.KindMunicipality, RegionKey: w.gen.BusiestKreis},
		Role:         accounts.RoleCommissioner}}}
	return accounts.WithPrincipal(context.Background(), p)
}

// funder is a member of staff of the busiest call's funder.
func (w applicationBenchWorld) funder() context.Context {
	p := &accounts.Principal{User: accounts.User{ID: 2, Email: "staff@bench.example"}, Memberships: []accounts.Membership{{
		Organisation: accounts.Organisation{ID: w.gen.Funder, Kind: accounts.KindFunder}, Role: accounts.RoleFunderStaff}}}
	return accounts.WithPrincipal(context.Background(), p)
}

// BenchmarkApplicationLists measures the lists of the procedure over 500,000
// applications: the commissioner's list of the applications serving their Kreis
// (first page and total, as /applications shows it) and the funder's pipeline of
// the busiest call (counts and sums by status, budget). Goal: a median under 50 ms
// on SQLite for each.
func BenchmarkApplicationLists(b *testing.B) {
	now := time.Date(2026, 11, 15, 10, 0, 0, 0, time.UTC)
	for _, engine := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(string(engine), func(b *testing.B) {
			w := newApplicationBenchWorld(b, engine, now)
			apps := applications.NewService(w.db.Applications())
			b.Run("commissioner-kreis", func(b *testing.B) {
				ctx := w.commissioner()
				timed(b, func() (int, error) {
					_, total, err := apps.List(ctx, applications.Filter{})
					return total, err
				})
			})
			decide := decisions.NewService(w.db.Decisions())
			b.Run("funder-pipeline", func(b *testing.B) {
				ctx := w.funder()
				timed(b, func() (int, error) {
					p, err := decide.Pipeline(ctx, w.gen.BusiestCall)
					return p.Total(), err
				})
			})
		})
	}
}

// timed runs fn in the benchmark loop and reports the median and 90th percentile
// of the single calls, and the rows fn counted per call.
func timed(b *testing.B, fn func() (int, error)) {
	var took []time.Duration
	var rows, n int
	for b.Loop() {
		start := time.Now()
		k, err := fn()
		took = append(took, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		rows += k
		n++
	}
	slices.Sort(took)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(took[len(took)/2]), "median-ms")
	b.ReportMetric(ms(took[len(took)*9/10]), "p90-ms")
	b.ReportMetric(float64(rows)/float64(n), "rows/op")
}
