package bench

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/funding"
	"github.com/teilhabe/teilhabe/internal/store"
)

func BenchmarkZZGen(b *testing.B) {
	now := time.Date(2026, 3, 15, 10, 0, 0, 0, time.UTC)
	w := newProgrammeBenchWorld(b, store.SQLite, now)
	os.Remove("/tmp/pb.db")
	if _, err := w.db.Reader().Exec(`VACUUM INTO '/tmp/pb.db'`); err != nil {
		b.Fatal(err)
	}
}

func BenchmarkZZSearch(b *testing.B) {
	db, err := store.Open(context.Background(), "sqlite:/tmp/pb.db")
	if err != nil {
		b.Fatal(err)
	}
	if extra := os.Getenv("ZZ_SQL"); extra != "" {
		if _, err := db.Reader().Exec(extra); err != nil {
			b.Fatal(err)
		}
	}
	now := time.Date(2026, 3, 15, 10, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	for _, q := range []funding.Query{{}, {Text: "Sprachkurse"}, {Text: "Flüchtlinge Beratung"}, {Region: "08118"}, {Text: "Sprach"}} {
		b.Run(q.Text+q.Region, func(b *testing.B) {
			var took []time.Duration
			for b.Loop() {
				s := time.Now()
				if _, err := db.SearchProgrammes(context.Background(), q); err != nil {
					b.Fatal(err)
				}
				took = append(took, time.Since(s))
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2])/1e6, "median-ms")
		})
	}
}
