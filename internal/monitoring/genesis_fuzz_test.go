package monitoring

import (
	"bytes"
	"go/parser"
	"go/token"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// FuzzReadGenesis feeds arbitrary bytes to ReadGenesis. Plain `go test` runs only the
// seed corpus (the real files, shortened, the inline tables, random round-trip tables
// and testdata/fuzz/FuzzReadGenesis);
// to search for new failures run
//
//	go test -run '^$' -fuzz FuzzReadGenesis -fuzztime 30s ./internal/monitoring/
//
// and commit what it writes to testdata/fuzz/FuzzReadGenesis.
func FuzzReadGenesis(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "genesis", "*.csv"))
	if err != nil || len(files) == 0 {
		f.Fatalf("real files: %v", err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(shortenGenesis(data, 100))
	}
	f.Add([]byte(genesisSample))
	for _, c := range genesisLayoutCases {
		f.Add([]byte(c.csv))
	}
	for _, c := range genesisErrorCases {
		f.Add([]byte(c.csv))
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 10 {
		csv, _, _ := randomGenesisTable(rng)
		f.Add([]byte(csv))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sink := &checkSink{t: t}
		sum, err := ReadGenesis(bytes.NewReader(data), "fuzz.csv", sink)
		if err != nil {
			// The reader and the sink never fail here: every error is a format error
			// that says where (file and line in the summary, file:line:column in the
			// field). Rendering each input's message would cost the fuzzer most of its
			// speed; that every id renders is the catalogue tests' job.
			e := teilhabe.AsError(err)
			if e == nil || e.Code != teilhabe.EINVALID || len(e.Fields) != 1 || !strings.HasPrefix(e.Fields[0].Field, "fuzz.csv:") ||
				e.ID != "monitoring.genesis.at" || e.Args["File"] != "fuzz.csv" {
				t.Fatalf("error %#v", err)
			}
			return
		}
		if sink.begins != 1 || sink.ends != 1 {
			t.Fatalf("Begin %d, End %d", sink.begins, sink.ends)
		}
		symbols := 0
		for s, n := range sum.Symbols {
			if _, ok := Symbols[s]; !ok || n <= 0 {
				t.Fatalf("symbol %q: %d", s, n)
			}
			symbols += n
		}
		if sum.Observations != sink.obs || sum.Values+symbols != sum.Observations || sum.Values != sink.values ||
			sum.Series != len(sink.series) || sum.Observations == 0 {
			t.Fatalf("summary %+v, sink saw %d observations, %d values, %d series", sum, sink.obs, sink.values, len(sink.series))
		}
		if sum.Regions != len(sink.regions) || sum.Regions == 0 || len(sum.Periods) == 0 || !slices.IsSorted(sum.Periods) {
			t.Fatalf("regions %d (sink %d), periods %v", sum.Regions, len(sink.regions), sum.Periods)
		}
		for p := range sink.periods {
			if _, found := slices.BinarySearch(sum.Periods, p); !found {
				t.Fatalf("period %q not in %v", p, sum.Periods)
			}
		}
		for _, o := range sink.lines {
			if o < 1 || o > sum.Lines {
				t.Fatalf("observation line %d of %d", o, sum.Lines)
			}
		}
	})
}

// checkSink checks each observation as it comes, without keeping them all.
type checkSink struct {
	t              *testing.T
	series         []Series
	begins, ends   int
	obs, values    int
	regions        map[string]bool
	periods        map[string]bool
	lines          []int // first and last observation line
	breakdownNames int
}

func (s *checkSink) Begin(t Table, series []Series) error {
	s.begins++
	s.series, s.breakdownNames = series, len(t.BreakdownNames)
	s.regions, s.periods = map[string]bool{}, map[string]bool{}
	if t.Code == "" || len(series) == 0 {
		s.t.Fatalf("Begin(%+v, %d series)", t, len(series))
	}
	return nil
}

func (s *checkSink) Observation(o Observation) error {
	if s.begins != 1 || s.ends != 0 {
		s.t.Fatalf("observation outside Begin/End")
	}
	if o.Series < 0 || o.Series >= len(s.series) {
		s.t.Fatalf("series %d of %d", o.Series, len(s.series))
	}
	if !isGenesisRegionKey(o.RegionKey) || o.Period == "" || len(o.Breakdown) != s.breakdownNames {
		s.t.Fatalf("observation %+v", o)
	}
	if o.Symbol == "" {
		s.values++
	} else if _, ok := Symbols[o.Symbol]; !ok || o.Value != 0 {
		s.t.Fatalf("symbol %q with value %v", o.Symbol, o.Value)
	}
	if len(s.lines) < 2 {
		s.lines = append(s.lines, o.Line)
	} else {
		s.lines[1] = o.Line
	}
	s.obs++
	s.regions[o.RegionKey] = true
	s.periods[o.Period] = true
	return nil
}

func (s *checkSink) End(string) error {
	s.ends++
	return nil
}

// shortenGenesis keeps a real file's title, header, first data rows and footer. The
// fuzzer minimises every new input it finds interesting; with the 1 MB table 21111 as a
// seed that takes minutes per input and fuzzing stalls at 0 execs/s. The whole files
// are read in TestReadGenesisRealFiles.
func shortenGenesis(data []byte, rows int) []byte {
	lines := bytes.SplitAfter(data, []byte("\n"))
	foot := slices.IndexFunc(lines, func(l []byte) bool { return bytes.HasPrefix(l, []byte("_____")) })
	if foot < 0 || foot <= 10+rows {
		return data
	}
	return bytes.Join(append(lines[:10+rows:10+rows], lines[foot:]...), nil)
}

// TestFuzzerBinaryHasNoDatabaseDriver keeps the database drivers out of this
// package's test binary, which runs FuzzReadGenesis: the fuzzer's coverage
// bookkeeping covers every linked package, and with the SQLite driver in it ran
// about three hundred times slower. Tests that need a database belong in
// internal/monitoring/usecases.
func TestFuzzerBinaryHasNoDatabaseDriver(t *testing.T) {
	files, err := filepath.Glob("*_test.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("test files: %v", err)
	}
	for _, name := range files {
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path := strings.Trim(imp.Path.Value, `"`)
			if slices.ContainsFunc([]string{"github.com/teilhabe/teilhabe/internal/store", "github.com/teilhabe/teilhabe/internal/server",
				"github.com/teilhabe/teilhabe/internal/cli", "github.com/teilhabe/teilhabe/internal/demo", "modernc.org/sqlite", "github.com/jackc/pgx"},
				func(p string) bool { return strings.HasPrefix(path, p) }) {
				t.Errorf("%s imports %s: move the test to internal/monitoring/usecases", name, path)
			}
		}
	}
}
