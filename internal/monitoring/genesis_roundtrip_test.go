package monitoring

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// TestReadGenesisRoundTrip writes random tables in the layouts GENESIS uses, from a
// known model, and checks that ReadGenesis reads the model back: labels repeated over
// each column or only above a group's first column, unit row or unit in the title,
// time in a column or in a header row, breakdown columns with and without names,
// symbols and negative decimals, UTF-8 or Latin-1, LF or CRLF, trailing ';'.
func TestReadGenesisRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 300 {
		csv, want, wantObs := randomGenesisTable(rng)
		sink := &recordSink{}
		_, err := ReadGenesis(strings.NewReader(csv), "rt.csv", sink)
		if err != nil {
			t.Fatalf("table %d: %v\n%s", i, err, csv)
		}
		if !reflect.DeepEqual(sink.series, want) {
			t.Fatalf("table %d: series\n%+v, want\n%+v\n%s", i, sink.series, want, csv)
		}
		got := make([]string, len(sink.obs))
		for j, o := range sink.obs {
			got[j] = genesisObsText(o)
		}
		if !reflect.DeepEqual(got, wantObs) {
			t.Fatalf("table %d: observations\n%q\nwant\n%q\n%s", i, got, wantObs, csv)
		}
	}
}

func genesisObsText(o Observation) string {
	return fmt.Sprintf("%d|%s|%s|%s|%s|%v|%s", o.Series, o.RegionKey, o.RegionName, o.Period, o.BreakdownText(), o.Value, o.Symbol)
}

func randomGenesisTable(rng *rand.Rand) (csv string, series []Series, obs []string) {
	pick := func(s ...string) string { return s[rng.IntN(len(s))] }
	// Leaf columns of a label tree: each level splits every group into 1–3 parts.
	levels := 1 + rng.IntN(3)
	paths := [][]string{nil}
	for l := range levels {
		var next [][]string
		for _, p := range paths {
			for k := range 1 + rng.IntN(3) {
				label := pick("Insgesamt", "weiblich", "Ausländer", "Merkmal") + fmt.Sprintf(" %d.%d", l, k)
				next = append(next, append(append([]string(nil), p...), label))
			}
		}
		paths = next
	}
	unitRow := rng.IntN(2) == 0
	units := make([]string, len(paths))
	for i := range units {
		units[i] = "Anzahl"
		if unitRow {
			units[i] = pick("Anzahl", "Prozent", "Tsd. EUR", "qkm")
		}
		series = append(series, Series{Labels: paths[i], Unit: units[i]})
	}
	merged := rng.IntN(2) == 0
	periodRow := rng.IntN(2) == 0
	periods := []string{"2015", "2016"}
	if periodRow {
		periods = []string{"31.12.2015", "31.12.2016"}[:1+rng.IntN(2)]
	}
	nBreak := rng.IntN(3)
	lead := 2 + nBreak // columns before the values
	if !periodRow {
		lead++
	}
	var b strings.Builder
	sep := pick("\n", "\r\n")
	trail := pick("", ";")
	line := func(cells ...string) { b.WriteString(strings.Join(cells, ";") + trail + sep) }
	b.WriteString("GENESIS-Tabelle: 00000-01-01-4" + sep)
	line("Zufällige Tabelle", "", "")
	if !unitRow {
		line("Bestand (Anzahl)", "", "")
	}
	blanks := make([]string, lead)
	cols := len(paths)
	nPeriods := 1
	if periodRow {
		nPeriods = len(periods)
		row := append([]string(nil), blanks...)
		for p := range periods {
			for c := range cols {
				if c == 0 || !merged {
					row = append(row, periods[p])
				} else {
					row = append(row, "")
				}
			}
		}
		line(row...)
	}
	// A breakdown's name may stand in one header row if another one leaves the key
	// columns blank: that is how the reader finds the first value column.
	nameIt := nBreak > 0 && levels+btoi(unitRow)+btoi(periodRow) >= 2 && rng.IntN(2) == 0
	header := func(cell func(c int) string) {
		row := append([]string(nil), blanks...)
		if nameIt {
			row[lead-1], nameIt = "Altersgruppen", false
		}
		for range nPeriods {
			for c := range cols {
				row = append(row, cell(c))
			}
		}
		line(row...)
	}
	for l := range levels {
		header(func(c int) string {
			// Merged style: the label only where its group starts.
			if merged && c > 0 && reflect.DeepEqual(paths[c][:l+1], paths[c-1][:l+1]) {
				return ""
			}
			return paths[c][l]
		})
	}
	if unitRow {
		header(func(c int) string { return units[c] })
	}
	keys := []string{"DG", "01", "031", "05315", "03241001", "032410001", "032410001001"}
	for _, per := range periods[:len(periods)/nPeriods] {
		for r := range 1 + rng.IntN(4) {
			key := keys[rng.IntN(len(keys))]
			name := fmt.Sprintf("Region %d", r)
			row := []string{key, strings.Repeat(" ", rng.IntN(7)) + name}
			if !periodRow {
				row = append([]string{per}, row...)
			}
			var breakdown []string
			for k := range nBreak {
				breakdown = append(breakdown, fmt.Sprintf("Gruppe %d", k))
				row = append(row, " "+breakdown[k])
			}
			for p := range nPeriods {
				for c := range cols {
					cell, v, sym := randomGenesisValue(rng)
					row = append(row, cell)
					period := per
					if periodRow {
						period = "201" + strconv.Itoa(5+p) + "-12-31"
					}
					o := Observation{Series: c, RegionKey: key, RegionName: name, Period: period, Breakdown: breakdown, Value: v, Symbol: sym}
					obs = append(obs, genesisObsText(o))
				}
			}
			line(row...)
		}
	}
	b.WriteString("__________" + sep + "\"zu \"\"Tabelle\"\":;" + sep + "Hinweis\"" + sep + "Stand: heute")
	csv = b.String()
	if rng.IntN(2) == 0 {
		csv, _ = charmap.ISO8859_1.NewEncoder().String(csv)
	}
	return csv, series, obs
}

// randomGenesisValue returns a cell and what it means: a symbol, or a number with up
// to two decimals, negative or not.
func randomGenesisValue(rng *rand.Rand) (cell string, v float64, symbol string) {
	if rng.IntN(5) == 0 {
		s := []string{"-", ".", "x", "/", "..."}[rng.IntN(5)]
		return s, 0, s
	}
	m := rng.IntN(2_000_000) - 1_000_000
	d := rng.IntN(3)
	text := strconv.FormatFloat(float64(m)/[]float64{1, 10, 100}[d], 'f', d, 64)
	v, _ = strconv.ParseFloat(text, 64)
	return strings.Replace(text, ".", ",", 1), v, ""
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
