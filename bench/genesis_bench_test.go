package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/teilhabe/teilhabe/bench/gengenesis/gen"
	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// genesisFile returns a generated GENESIS table of about TEILHABE_BENCH_VALUES values
// (default 1,000,000) as 400 Kreise × 25 years × columns, and its exact value count.
// The file is cached in os.TempDir, so only the first benchmark pays for it.
func genesisFile(b *testing.B) (string, int) {
	b.Helper()
	want := 1_000_000
	if s := os.Getenv("TEILHABE_BENCH_VALUES"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			b.Fatalf("TEILHABE_BENCH_VALUES=%q: want a positive number", s)
		}
		want = n
	}
	const kreise, years = 400, 25
	cols := max(1, (want+kreise*years/2)/(kreise*years))
	n := kreise * years * cols
	path := filepath.Join(os.TempDir(), fmt.Sprintf("teilhabe-bench-genesis-v1-%dx%dx%d.csv", kreise, years, cols))
	if _, err := os.Stat(path); err == nil {
		return path, n
	}
	ks, err := gen.LoadKreise(gvFile, kreise)
	if err != nil {
		b.Fatal(err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "teilhabe-bench-genesis-*.tmp")
	if err != nil {
		b.Fatal(err)
	}
	defer os.Remove(tmp.Name())
	if _, err := gen.Write(tmp, nil, ks, years, cols); err != nil {
		b.Fatal(err)
	}
	if err := tmp.Close(); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		b.Fatal(err)
	}
	return path, n
}

func readGenesisFile(path string, sink monitoring.Sink) (monitoring.Summary, error) {
	f, err := os.Open(path)
	if err != nil {
		return monitoring.Summary{}, err
	}
	defer f.Close()
	return monitoring.ReadGenesis(f, filepath.Base(path), sink)
}

func reportValues(b *testing.B, n int) {
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "values/s")
}

// BenchmarkImportGenesis measures "teilhabe import genesis": read a generated
// GENESIS table and store every observation in a fresh database in one transaction.
// Run it with -benchtime=1x or 3x: one iteration imports the whole file.
func BenchmarkImportGenesis(b *testing.B) {
	path, n := genesisFile(b)
	ctx := teilhabe.WithActor(context.Background(), teilhabe.System("bench"))
	for _, engine := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(string(engine), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				db := open(b, engine)
				b.StartTimer()
				files := []monitoring.TableFile{{Name: filepath.Base(path), Read: func(sink monitoring.Sink) (monitoring.Summary, error) {
					return readGenesisFile(path, sink)
				}}}
				res, err := monitoring.NewService(db.Statistics()).ImportTables(accounts.WithPrincipal(ctx, accounts.System("bench")), files, monitoring.ImportOptions{})
				if err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				if res[0].Result.Observations != n {
					b.Fatalf("imported %d observations, want %d", res[0].Result.Observations, n)
				}
				db.Close()
				b.StartTimer()
			}
			reportValues(b, n)
		})
	}
}

// BenchmarkReadGenesis1M measures the parser alone (TEILHABE_BENCH_VALUES, default
// 1M values) into a sink that discards everything, to separate parse from store time.
func BenchmarkReadGenesis1M(b *testing.B) {
	path, n := genesisFile(b)
	for b.Loop() {
		sum, err := readGenesisFile(path, discard{})
		if err != nil {
			b.Fatal(err)
		}
		if sum.Observations != n {
			b.Fatalf("read %d observations, want %d", sum.Observations, n)
		}
	}
	reportValues(b, n)
}

type discard struct{}

func (discard) Begin(monitoring.Table, []monitoring.Series) error { return nil }
func (discard) Observation(monitoring.Observation) error          { return nil }
func (discard) End(string) error                                  { return nil }
