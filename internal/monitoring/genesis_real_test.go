package monitoring

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The real tables in testdata/genesis (see README.md there for source and
// licence). The expected counts were taken independently with awk over the files;
// every spot value names the line it was read from by hand.

type realObs struct {
	line      int // where the value was read by hand
	series    string
	key       string
	period    string
	value     float64
	symbol    string
	regioName string
}

func TestReadGenesisRealFiles(t *testing.T) {
	tests := []struct {
		file, code, encoding       string
		series                     int
		labels                     map[int]string // series index → Name() + " [" + Unit + "]"
		obs, values, regions       int
		symbols                    map[string]int
		periods                    []string // first, last
		nPeriods, lines            int
		spots                      []realObs
		titleHas, noteHas, noteEnd string
	}{{
		file: "11111-01-01-4.csv", code: "11111-01-01-4", encoding: "ISO-8859-1",
		series: 1, labels: map[int]string{0: "Gebietsfläche [qkm]"},
		obs: 526, values: 449, regions: 526, symbols: map[string]int{"-": 77},
		periods: []string{"2015-12-31", "2015-12-31"}, nPeriods: 1, lines: 554,
		spots: []realObs{
			{7, "Gebietsfläche", "DG", "2015-12-31", 357385.71, "", "Deutschland"},
			{9, "Gebietsfläche", "01001", "2015-12-31", 56.74, "", "Flensburg, Kreisfreie Stadt"},
			{426, "Gebietsfläche", "14178", "2015-12-31", 0, "-", "Vogtlandkreis"}, // old Kreis, dissolved
			{455, "Gebietsfläche", "14523", "2015-12-31", 1412.42, "", "Vogtlandkreis"},
		},
		titleHas: "Gebietsfläche in qkm", noteHas: `zu "Gebietsfläche":`, noteEnd: "Stand: 14.12.2017 / 15:46:38",
	}, {
		// No unit row: the unit comes from the title line "Bevölkerungsstand (Anzahl)";
		// the Stichtag stands in a header row above the value columns.
		file: "12411-01-01-4.csv", code: "12411-01-01-4", encoding: "ISO-8859-1",
		series: 3, labels: map[int]string{0: "Insgesamt [Anzahl]", 1: "männlich [Anzahl]", 2: "weiblich [Anzahl]"},
		obs: 1578, values: 1347, regions: 526, symbols: map[string]int{"-": 231},
		periods: []string{"2015-12-31", "2015-12-31"}, nPeriods: 1, lines: 546,
		spots: []realObs{
			{9, "Insgesamt", "DG", "2015-12-31", 82175684, "", "Deutschland"},
			{43, "weiblich", "03241001", "2015-12-31", 272414, "", "Hannover, Landeshauptstadt"},
			{375, "männlich", "11", "2015-12-31", 1726533, "", "Berlin"},
		},
		titleHas: "Bevölkerungsstand (Anzahl)", noteHas: `zu  "gesamter Tabelle":`, noteEnd: "Stand: 14.12.2017 / 15:51:18",
	}, {
		file: "13211-02-04-4_00.csv", code: "13211-02-04-4", encoding: "UTF-8",
		series: 16, labels: map[int]string{
			0:  "Arbeitslose [Anzahl]", // blank below "Arbeitslose" in the 2nd header row: the total
			2:  "Arbeitslose | Ausländer [Anzahl]",
			10: "Arbeitslosenquote bez. auf alle Erwerbspers. [Prozent]",
			11: "Arbeitslosenquote bez. auf abhäng. Erwerbsp. [Prozent]",
			14: "Arbeitslosenquote bez. auf abhäng. Erwerbsp. | Ausländer [Prozent]",
		},
		obs: 8416, values: 7060, regions: 526, symbols: map[string]int{"-": 1104, ".": 252},
		periods: []string{"2008", "2008"}, nPeriods: 1, lines: 571,
		spots: []realObs{
			{9, "Arbeitslose | Ausländer", "DG", "2008", 497218, "", "Deutschland"},
			{9, "Arbeitslosenquote bez. auf alle Erwerbspers.", "DG", "2008", 7.8, "", "Deutschland"},
			{28, "Arbeitslosenquote bez. auf abhäng. Erwerbsp. | Frauen", "031", "2008", 0, ".", "Braunschweig, Stat. Region"},
			{42, "Arbeitslosenquote bez. auf abhäng. Erwerbsp. | unter 25 Jahre alt", "03241", "2008", 9.0, "", "Region Hannover, Landkreis"},
			{43, "Arbeitslose", "03241001", "2008", 0, "-", "Hannover, Landeshauptstadt"},
		},
		titleHas: "Jahresdurchschnitt - (2008)", noteHas: "Bundesagentur für Arbeit;\nDie Daten", noteEnd: "Stand: 10.10.2017 / 10:48:53",
	}, {
		file: "21111-02-06-4.csv", code: "21111-02-06-4", encoding: "ISO-8859-1",
		series: 14, labels: map[int]string{
			0:  "Schulabschluss | Insgesamt | Insgesamt [Anzahl]",
			11: "Schulabschluss | mit Fachhochschulreife | weiblich [Anzahl]",
		},
		obs: 154644, values: 118402, regions: 526, symbols: map[string]int{"-": 33861, ".": 2216, "x": 165},
		periods: []string{"1995", "2015"}, nPeriods: 21, lines: 11165,
		spots: []realObs{
			{10, "Schulabschluss | Insgesamt | Insgesamt", "DG", "2015", 846423, "", "Deutschland"},
			{421, "Schulabschluss | dar. schulischer Teil der Fachhochschulreife | Insgesamt", "14", "2015", 0, "x", "Sachsen"},
			// A negative count of school leavers, as published (line 10672).
			{10672, "Schulabschluss | mit Fachhochschulreife | weiblich", "06432", "1995", -56, "", "Darmstadt-Dieburg, Landkreis"},
			{10530, "Schulabschluss | mit allgemeiner Hochschulreife | weiblich", "DG", "1995", 113026, "", "Deutschland"},
		},
		titleHas: "Absolventen/Abgänger (Anzahl)", noteHas: `zu "gesamte Tabelle":`, noteEnd: "Stand: 24.02.2018 / 11:43:46",
	}, {
		// One table in two downloads: 2015–2020 in the classic format ...
		file: "13211-02-05-4_2015-2020.csv", code: "13211-02-05-4", encoding: "ISO-8859-1",
		series: 13, labels: map[int]string{
			1:  "Arbeitslose | Ausländer [Anzahl]",
			7:  "Arbeitslosenquote bez. abh. zivile Erwerbspers. [Prozent]",
			11: "Arbeitslosenquote bez. auf alle zivile Erwerbsp. | Ausländer [Prozent]",
		},
		obs: 41964, values: 33262, regions: 538, symbols: map[string]int{"-": 6323, ".": 2374, "x": 5},
		periods: []string{"2015", "2020"}, nPeriods: 6, lines: 3280,
		spots: []realObs{
			{216, "Arbeitslosenquote bez. auf alle zivile Erwerbsp. | Ausländer", "08111", "2020", 9.7, "", "Stuttgart, Landeshauptstadt, Stadtkreis"},
			{754, "Arbeitslosenquote bez. auf alle zivile Erwerbsp. | Ausländer", "08111", "2019", 7.4, "", "Stuttgart, Landeshauptstadt, Stadtkreis"},
			// 2017: "the rate of foreigners is not shown by Kreis" (footnote).
			{1830, "Arbeitslosenquote bez. auf alle zivile Erwerbsp. | Ausländer", "08111", "2017", 0, ".", "Stuttgart, Landeshauptstadt, Stadtkreis"},
			{534, "Arbeitslosenquote bez. auf alle zivile Erwerbsp. | Ausländer", "16065", "2020", 0, "x", "Kyffhäuserkreis"},
			{2699, "Arbeitslose", "DG", "2015", 2794664, "", "Deutschland"},
		},
		titleHas: "Kreise und krfr. Städte Arbeitsmarktstatistik", noteHas: "2017: Aufgrund der starken Zuwanderung", noteEnd: "Stand: 17.08.2021 / 19:38:04",
	}, {
		// ... and 2023 as served today: line 1 "Tabelle: 13211-02-05-4", the title
		// broken differently, "ausländisch" for "Ausländer", Kreise renamed, Hanau new.
		file: "13211-02-05-4_2023.csv", code: "13211-02-05-4", encoding: "ISO-8859-1",
		series: 13, labels: map[int]string{
			1:  "Arbeitslose | ausländisch [Anzahl]",
			11: "Arbeitslosenquote bez. auf alle zivile Erwerbsp. | ausländisch [Prozent]",
		},
		obs: 7007, values: 5749, regions: 539, symbols: map[string]int{"-": 1040, ".": 218},
		periods: []string{"2023", "2023"}, nPeriods: 1, lines: 596,
		spots: []realObs{
			{218, "Arbeitslosenquote bez. auf alle zivile Erwerbsp. | ausländisch", "08111", "2023", 10.3, "", "Stuttgart, Stadtkreis"},
			{10, "Arbeitslose", "DG", "2023", 2608672, "", "Deutschland"},
			{151, "Arbeitslose", "06415", "2023", 0, "-", "Hanau, kreisfreie Stadt"},
		},
		titleHas: "Kreise und krfr. Städte Arbeitsmarktstatistik", noteHas: "Berichtsjahre 2001-2007", noteEnd: "Stand: 09.07.2026 / 11:01:42",
	}}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "genesis", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			sink := &recordSink{}
			sum, err := ReadGenesis(bytes.NewReader(data), tt.file, sink)
			if err != nil {
				t.Fatalf("ReadGenesis: %v", err)
			}
			if sink.table.Code != tt.code || !strings.Contains(sink.table.Title, tt.titleHas) {
				t.Errorf("table = %q %q", sink.table.Code, sink.table.Title)
			}
			if sum.Encoding != tt.encoding || sum.Series != tt.series || len(sink.series) != tt.series {
				t.Errorf("encoding %s series %d/%d", sum.Encoding, sum.Series, len(sink.series))
			}
			for i, want := range tt.labels {
				if got := sink.series[i].Name() + " [" + sink.series[i].Unit + "]"; got != want {
					t.Errorf("series %d = %q, want %q", i, got, want)
				}
			}
			if sum.Observations != tt.obs || len(sink.obs) != tt.obs || sum.Values != tt.values || sum.Regions != tt.regions {
				t.Errorf("obs %d/%d values %d regions %d", sum.Observations, len(sink.obs), sum.Values, sum.Regions)
			}
			if !maps.Equal(sum.Symbols, tt.symbols) {
				t.Errorf("symbols = %v, want %v", sum.Symbols, tt.symbols)
			}
			if len(sum.Periods) != tt.nPeriods || sum.Periods[0] != tt.periods[0] || sum.Periods[len(sum.Periods)-1] != tt.periods[1] {
				t.Errorf("periods = %v", sum.Periods)
			}
			if sum.Lines != tt.lines || len(sum.Warnings) != 0 {
				t.Errorf("lines %d, warnings %v", sum.Lines, sum.Warnings)
			}
			for _, want := range tt.spots {
				o, ok := sink.find(want.series, want.key, want.period)
				if !ok {
					t.Errorf("line %d: no observation %q %s %s", want.line, want.series, want.key, want.period)
					continue
				}
				if o.Line != want.line || o.Value != want.value || o.Symbol != want.symbol || o.RegionName != want.regioName {
					t.Errorf("line %d: got %+v, want %+v", want.line, o, want)
				}
			}
			if sink.ends != 1 || !strings.Contains(sink.note, tt.noteHas) || !strings.HasSuffix(sink.note, tt.noteEnd) ||
				!strings.Contains(sink.note, "© Statistische Ämter des Bundes und der Länder") || strings.Contains(sink.note, "____") {
				t.Errorf("footer = %q", sink.note)
			}
		})
	}
}

// TestReadGenesisRealPrefixes cuts the largest real file after each of its first lines:
// without a data row it is an error, with data rows but no footer a valid table.
func TestReadGenesisRealPrefixes(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "genesis", "21111-02-06-4.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	for n := 1; n <= 12; n++ {
		prefix := bytes.Join(lines[:n], nil)
		sum, err := ReadGenesis(bytes.NewReader(prefix), "21111.csv", &recordSink{})
		if wantErr := n < 10; (err != nil) != wantErr {
			t.Errorf("%d lines: err = %v, want error %v", n, err, wantErr)
		} else if err == nil && sum.Observations != (n-9)*14 {
			t.Errorf("%d lines: %d observations", n, sum.Observations)
		}
	}
}

func BenchmarkReadGenesis(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("testdata", "genesis", "21111-02-06-4.csv"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var sum Summary
	for b.Loop() {
		sum, err = ReadGenesis(bytes.NewReader(data), "21111.csv", countSink{})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(sum.Observations)*float64(b.N)/b.Elapsed().Seconds(), "values/s")
}

// countSink discards what it gets, so that the benchmark measures the reader.
type countSink struct{}

func (countSink) Begin(Table, []Series) error   { return nil }
func (countSink) Observation(Observation) error { return nil }
func (countSink) End(string) error              { return nil }
