package monitoring

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"

	"golang.org/x/text/encoding/charmap"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

func TestReadGenesisEncodings(t *testing.T) {
	_, utf := readGenesisString(t, genesisSample)
	latin1, err := charmap.ISO8859_1.NewEncoder().String(genesisSample)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, csv, encoding string }{
		{"UTF-8", genesisSample, "UTF-8"},
		{"UTF-8 with BOM", "\xEF\xBB\xBF" + genesisSample, "UTF-8"},
		{"ISO-8859-1", latin1, "ISO-8859-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sum, sink := readGenesisString(t, tt.csv)
			if sum.Encoding != tt.encoding || !reflect.DeepEqual(sink.series, utf.series) ||
				!reflect.DeepEqual(sink.table, utf.table) || sink.note != utf.note {
				t.Errorf("%s: %+v %+v %q", sum.Encoding, sink.table, sink.series, sink.note)
			}
		})
	}
	// „“ are 0x84 and 0x93 in Windows-1252 and control codes in ISO-8859-1.
	csv := "GENESIS-Tabelle: X\nT;;;\n;;;A\n;;;Anzahl\n2016;DG;Deutschland;1\n__________\n\x84Zitat\x93 \xa9 Amt\n"
	if sum, sink := readGenesisString(t, csv); sum.Encoding != "Windows-1252" || sink.note != "„Zitat“ © Amt" {
		t.Errorf("Windows-1252: %s %q", sum.Encoding, sink.note)
	}
	if sum, _ := readGenesisString(t, "GENESIS-Tabelle: X\nT;;;\n;;;A\n;;;Anzahl\n2016;DG;D;1\n"); sum.Encoding != "UTF-8" {
		t.Errorf("ASCII: %s", sum.Encoding)
	}
}

// The line format around the data: CRLF, a ';' after every title, header and data
// line, no newline after the last line, no footer.
func TestReadGenesisLineEndings(t *testing.T) {
	_, want := readGenesisString(t, genesisSample)
	var b strings.Builder
	for i, line := range strings.Split(genesisSample, "\n")[:13] {
		if i > 0 {
			b.WriteString("\r\n")
		}
		b.WriteString(line + ";")
	}
	sum, got := readGenesisString(t, b.String())
	if !reflect.DeepEqual(got.obs, want.obs) || !reflect.DeepEqual(got.series, want.series) || got.note != "" || sum.Lines != 13 {
		t.Errorf("lines %d, note %q, obs %+v", sum.Lines, got.note, got.obs[:3])
	}
}

// genesisGenerator streams a synthetic table of rows × cols values without holding
// it: a Kreis table with one year column and the given footer.
type genesisGenerator struct {
	rows, cols, row int
	footer          string
	buf             []byte
}

func (g *genesisGenerator) Read(p []byte) (int, error) {
	for len(g.buf) == 0 {
		switch {
		case g.row == 0:
			g.buf = append(g.buf, "GENESIS-Tabelle: 00000-00-00-4\nSynthetische Tabelle;;;\n;;;"...)
			for c := range g.cols {
				g.buf = fmt.Appendf(g.buf, "Merkmal %d;", c)
			}
			g.buf = append(g.buf, "\n;;;"...)
			g.buf = append(g.buf, strings.Repeat("Anzahl;", g.cols)...)
			g.buf = append(g.buf, '\n')
		case g.row <= g.rows:
			g.buf = fmt.Appendf(g.buf, "%d;%05d;  Kreis %d", 2000+g.row%20, g.row%1000, g.row)
			for c := range g.cols {
				g.buf = fmt.Appendf(g.buf, ";%d,%d", g.row, c)
			}
			g.buf = append(g.buf, '\n')
		case g.row == g.rows+1:
			g.buf = append(g.buf, "__________\n"+g.footer...)
		default:
			return 0, io.EOF
		}
		g.row++
	}
	n := copy(p, g.buf)
	g.buf = g.buf[n:]
	return n, nil
}

// A file whose first non-ASCII byte comes after far more than any sniffing window.
func TestReadGenesisLateEncoding(t *testing.T) {
	for _, tt := range []struct{ footer, encoding string }{
		{"\"\xa9 Statistische \xc4mter\"\nStand: 1.1.2020\n", "ISO-8859-1"},
		{"\"© Statistische Ämter\"\nStand: 1.1.2020\n", "UTF-8"},
	} {
		sink := &recordSink{}
		sum, err := ReadGenesis(&genesisGenerator{rows: 5000, cols: 2, footer: tt.footer}, "late.csv", sink)
		if err != nil || sum.Encoding != tt.encoding || sink.note != "© Statistische Ämter\nStand: 1.1.2020" || sum.Observations != 10000 {
			t.Errorf("%s: %v %+v %q", tt.encoding, err, sum, sink.note)
		}
	}
	// Decided UTF-8 early, then a Latin-1 byte: mixed encodings are an error, not mojibake.
	_, err := ReadGenesis(&genesisGenerator{rows: 5000, cols: 2, footer: "Ä\n\xc4\n"}, "late.csv", &recordSink{})
	if e := teilhabe.AsError(err); e == nil || e.Fields[0].Field != "late.csv:5007:1" {
		t.Errorf("mixed: %v", err)
	}
}

// 1,000,000 values stream through in a few MiB, far below the 200 MB budget.
func TestReadGenesisMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("streams a million values")
	}
	sink := &memSink{}
	runtime.GC()
	sum, err := ReadGenesis(&genesisGenerator{rows: 100_000, cols: 10, footer: "Stand: heute\n"}, "big.csv", sink)
	if err != nil || sum.Observations != 1_000_000 || sum.Regions != 1000 || len(sum.Periods) != 20 {
		t.Fatalf("%v %+v", err, sum)
	}
	if sink.peak > 64<<20 {
		t.Errorf("peak heap %d MiB", sink.peak>>20)
	}
	t.Logf("peak heap %.1f MiB", float64(sink.peak)/(1<<20))
}

type memSink struct {
	countSink
	n    int
	peak uint64
}

func (s *memSink) Observation(Observation) error {
	if s.n++; s.n%100_000 == 0 {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		s.peak = max(s.peak, m.HeapAlloc)
	}
	return nil
}

// Reading byte by byte, with the last bytes arriving together with io.EOF, gives the
// same table: nothing depends on how the reader chunks the input.
func TestReadGenesisChunking(t *testing.T) {
	want, wantSink := readGenesisString(t, genesisSample)
	sink := &recordSink{}
	got, err := ReadGenesis(iotest.DataErrReader(iotest.OneByteReader(strings.NewReader(genesisSample))), "test.csv", sink)
	if err != nil || !reflect.DeepEqual(got, want) || !reflect.DeepEqual(sink.obs, wantSink.obs) || sink.note != wantSink.note {
		t.Errorf("%v %+v", err, got)
	}
}

// A failing reader is not a format error: its error is passed on, wrapped.
func TestReadGenesisReadError(t *testing.T) {
	errRead := errors.New("disk gone")
	r := io.MultiReader(strings.NewReader(firstLines(genesisSample, 8)), iotest.ErrReader(errRead))
	_, err := ReadGenesis(r, "test.csv", &recordSink{})
	if !errors.Is(err, errRead) || teilhabe.AsError(err) != nil || !strings.Contains(err.Error(), "test.csv: read line 9") {
		t.Errorf("err = %v", err)
	}
}

// A line longer than 16 MiB is refused, without reading on.
func TestReadGenesisLongLine(t *testing.T) {
	r := io.MultiReader(strings.NewReader("GENESIS-Tabelle: X\nT;;;\n"), endless{})
	_, err := ReadGenesis(r, "test.csv", &recordSink{})
	if e := teilhabe.AsError(err); e == nil || e.Fields[0].Field != "test.csv:3" || !strings.Contains(german(err), "test.csv:3: die Zeile ist länger als 16 MiB") {
		t.Errorf("err = %v", err)
	}
}

type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	return len(p), nil
}
