package bench

import (
	"context"
	"io"
	"path/filepath"
	"testing"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// BenchmarkObservationsAPI measures GET /api/v1/observations through the use case on
// a table of about TEILHABE_BENCH_VALUES observations (default 1,000,000: 400 Kreise ×
// 25 years × 100 series): the first page and a page in the middle of the table (both
// 1,000 rows), a page for one Kreis and a period range, and the unpaged CSV of the
// whole table. A keyset page should cost the same at the start and in the middle.
func BenchmarkObservationsAPI(b *testing.B) {
	path, n := genesisFile(b)
	ctx := teilhabe.WithActor(context.Background(), teilhabe.System("bench"))
	for _, engine := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(string(engine), func(b *testing.B) {
			db := open(b, engine)
			svc := monitoring.NewService(db.Statistics())
			files := []monitoring.TableFile{{Name: filepath.Base(path), Read: func(sink monitoring.Sink) (monitoring.Summary, error) {
				return readGenesisFile(path, sink)
			}}}
			if _, err := svc.ImportTables(accounts.WithPrincipal(ctx, accounts.System("bench")), files, monitoring.ImportOptions{}); err != nil {
				b.Fatal(err)
			}
			middle := ""
			for seen := 0; seen < n/2; seen += monitoring.MaxPageSize {
				p, err := svc.Observations(ctx, monitoring.ObservationFilter{}, monitoring.Paging{Limit: monitoring.MaxPageSize, Cursor: middle})
				if err != nil {
					b.Fatal(err)
				}
				middle = p.Next
			}
			page := func(b *testing.B, f monitoring.ObservationFilter, cursor string) {
				for b.Loop() {
					p, err := svc.Observations(ctx, f, monitoring.Paging{Limit: 1000, Cursor: cursor})
					if err != nil || p.Total == 0 || len(p.Items) == 0 {
						b.Fatalf("page: %d items of %d, %v", len(p.Items), p.Total, err)
					}
				}
			}
			b.Run("first-page", func(b *testing.B) { page(b, monitoring.ObservationFilter{}, "") })
			b.Run("middle-page", func(b *testing.B) { page(b, monitoring.ObservationFilter{}, middle) })
			b.Run("kreis-2010-2020", func(b *testing.B) {
				page(b, monitoring.ObservationFilter{Regions: []string{"08111"}, From: "2010", To: "2020"}, "")
			})
			b.Run("csv-all", func(b *testing.B) {
				for b.Loop() {
					if err := svc.Export(ctx, monitoring.ObservationFilter{}, "csv", func() io.Writer { return io.Discard }); err != nil {
						b.Fatal(err)
					}
				}
				reportValues(b, n)
			})
			db.Close()
		})
	}
}
