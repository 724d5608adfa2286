package bench

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	"github.com/teilhabe/teilhabe/bench/gengenesis/gen"
	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/store"
)

const realGenesis = "../internal/monitoring/testdata/genesis/"

// BenchmarkImportYearlyFiles measures what a municipality does each year: import the
// 2015–2020 file of 13211-02-05-4 and then the 2023 file (which merges into it), into
// an empty database and into one that already holds the generated table of
// genesisFile (1,000,000 observations by default): as another table, and as part of
// 13211-02-05-4 itself (the generated file under that table code: 100 more series,
// whose cells every merge counts as kept). Filling the database is not timed.
//
// peak-RSS-MB is the benchmark process's peak resident memory during the two imports
// (VmHWM, reset before them); with PostgreSQL the server's own memory is not in it.
func BenchmarkImportYearlyFiles(b *testing.B) {
	files := []monitoring.TableFile{realTable(b, "13211-02-05-4_2015-2020.csv"), realTable(b, "13211-02-05-4_2023.csv")}
	ctx := accounts.WithPrincipal(context.Background(), accounts.System("bench"))
	for _, engine := range []store.Dialect{store.SQLite, store.Postgres} {
		for _, filled := range []string{"empty", "1M-other-table", "1M-same-table"} {
			b.Run(string(engine)+"/"+filled, func(b *testing.B) {
				var peak int64
				for b.Loop() {
					b.StopTimer()
					db := open(b, engine)
					svc := monitoring.NewService(db.Statistics())
					if filled != "empty" {
						fill(b, ctx, svc, filled == "1M-same-table")
					}
					resetPeakRSS(b)
					b.StartTimer()
					for i, f := range files {
						res, err := svc.ImportTables(ctx, []monitoring.TableFile{f}, monitoring.ImportOptions{})
						if err != nil {
							b.Fatal(err)
						}
						// (In the same table, series of the generated part that are
						// labelled like real ones take the real files' cells.)
						if r := res[0].Result; i == 1 && (r.Added+r.Replaced != 7007 || r.Kept < 41964) {
							b.Fatalf("the 2023 file did not merge: %+v", r)
						}
					}
					b.StopTimer()
					peak = max(peak, peakRSS(b))
					db.Close()
					b.StartTimer()
				}
				b.ReportMetric(float64(peak)/(1<<20), "peak-RSS-MB")
			})
		}
	}
}

func realTable(b *testing.B, name string) monitoring.TableFile {
	data, err := os.ReadFile(realGenesis + name)
	if err != nil {
		b.Fatal(err)
	}
	return monitoring.TableFile{Name: name, Read: func(sink monitoring.Sink) (monitoring.Summary, error) {
		return monitoring.ReadGenesis(bytes.NewReader(data), name, sink)
	}}
}

// fill imports the generated table, as itself or under the code 13211-02-05-4.
func fill(b *testing.B, ctx context.Context, svc *monitoring.Service, sameTable bool) {
	path, n := genesisFile(b)
	read := func(sink monitoring.Sink) (monitoring.Summary, error) { return readGenesisFile(path, sink) }
	if sameTable {
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		data = bytes.Replace(data, []byte("GENESIS-Tabelle: "+gen.Code), []byte("GENESIS-Tabelle: 13211-02-05-4"), 1)
		read = func(sink monitoring.Sink) (monitoring.Summary, error) {
			return monitoring.ReadGenesis(bytes.NewReader(data), filepath.Base(path), sink)
		}
	}
	res, err := svc.ImportTables(ctx, []monitoring.TableFile{{Name: filepath.Base(path), Read: read}}, monitoring.ImportOptions{})
	if err != nil {
		b.Fatal(err)
	}
	if res[0].Result.Added != n {
		b.Fatalf("filled %d observations, want %d", res[0].Result.Added, n)
	}
}

// resetPeakRSS lets VmHWM start again from the current resident size (Linux:
// clear_refs 5), after giving the setup's garbage back to the system.
func resetPeakRSS(b *testing.B) {
	runtime.GC()
	debug.FreeOSMemory()
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		b.Skipf("peak memory cannot be measured here: %v", err)
	}
}

// peakRSS is VmHWM in bytes.
func peakRSS(b *testing.B) int64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				b.Fatal(err)
			}
			return kb << 10
		}
	}
	b.Fatal("no VmHWM in /proc/self/status")
	return 0
}
