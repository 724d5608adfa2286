package monitoring

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// recordSink keeps everything it gets; failAt makes it fail.
type recordSink struct {
	table          Table
	series         []Series
	obs            []Observation
	note           string
	begins, ends   int
	failBegin      bool
	failObs        int // fail at this observation (1-based), 0: never
	failEnd        bool
	obsBeforeBegin bool
}

var errSink = errors.New("sink failed")

func (s *recordSink) Begin(t Table, series []Series) error {
	s.begins++
	s.table, s.series = t, series
	if s.failBegin {
		return errSink
	}
	return nil
}

func (s *recordSink) Observation(o Observation) error {
	s.obsBeforeBegin = s.obsBeforeBegin || s.begins == 0
	s.obs = append(s.obs, o)
	if len(s.obs) == s.failObs {
		return errSink
	}
	return nil
}

func (s *recordSink) End(note string) error {
	s.ends++
	s.note = note
	if s.failEnd {
		return errSink
	}
	return nil
}

// find returns the first observation of the named series, region and period.
func (s *recordSink) find(series, key, period string) (Observation, bool) {
	for _, o := range s.obs {
		if s.series[o.Series].Name() == series && o.RegionKey == key && o.Period == period {
			return o, true
		}
	}
	return Observation{}, false
}

func readGenesisString(t *testing.T, csv string) (Summary, *recordSink) {
	t.Helper()
	sink := &recordSink{}
	sum, err := ReadGenesis(strings.NewReader(csv), "test.csv", sink)
	if err != nil {
		t.Fatalf("ReadGenesis: %v", err)
	}
	if sink.begins != 1 || sink.ends != 1 || sink.obsBeforeBegin {
		t.Fatalf("Begin %d, End %d, observation before Begin %v", sink.begins, sink.ends, sink.obsBeforeBegin)
	}
	return sum, sink
}

// genesisSample is a small table with every kind of value and region key (lines 7–13)
// and a footer with a multi-line quoted note that holds ';' and doubled quotes.
const genesisSample = `GENESIS-Tabelle: 99999-01-01-4
Beispieltabelle: Arbeitslose;;;;;
regionale Tiefe: Kreise und krfr. Städte;;;;;
;;;Arbeitslose;Arbeitslose;Arbeitslosenquote
;;;;Ausländer;
;;;Anzahl;Anzahl;Prozent
2016;DG;Deutschland;2690975;-;6,1
2016;01;  Schleswig-Holstein;.;x;-14,6
2016;031;    Braunschweig, Stat. Region;/;...;0,0
2016;01001;      Flensburg, Kreisfreie Stadt;1.234,5;0;-0,5
2016;03241001;      Hannover, Landeshauptstadt;7;8;9
2016;032410001;      Verband;7;8;9
2016;032410001001;      Gemeinde;7;8;9
__________
"zu ""Arbeitslose"":
Notiz mit; Semikolon
 
zweiter Absatz"
"© Statistische Ämter des Bundes und der Länder, Deutschland, 2017.
Dieses Werk ist lizenziert unter der Datenlizenz Deutschland"
Stand: 10.10.2017 / 10:48:53
`

func TestReadGenesisSample(t *testing.T) {
	sum, sink := readGenesisString(t, genesisSample)
	wantSeries := []Series{
		{Labels: []string{"Arbeitslose"}, Unit: "Anzahl"},
		{Labels: []string{"Arbeitslose", "Ausländer"}, Unit: "Anzahl"},
		{Labels: []string{"Arbeitslosenquote"}, Unit: "Prozent"},
	}
	if !reflect.DeepEqual(sink.series, wantSeries) {
		t.Errorf("series = %+v", sink.series)
	}
	wantTable := Table{Code: "99999-01-01-4", Title: "Beispieltabelle: Arbeitslose regionale Tiefe: Kreise und krfr. Städte"}
	if !reflect.DeepEqual(sink.table, wantTable) {
		t.Errorf("table = %+v", sink.table)
	}
	want := Summary{Encoding: "UTF-8", Series: 3, Observations: 21, Values: 16,
		Symbols: map[string]int{"-": 1, ".": 1, "x": 1, "/": 1, "...": 1},
		Regions: 7, Periods: []string{"2016"}, Lines: 21}
	if !reflect.DeepEqual(sum, want) {
		t.Errorf("summary = %+v", sum)
	}
	// Line 8: a symbol stays a symbol, a negative number is a value.
	wantObs := []Observation{
		{Series: 0, RegionKey: "01", RegionName: "Schleswig-Holstein", Period: "2016", Symbol: ".", Line: 8},
		{Series: 1, RegionKey: "01", RegionName: "Schleswig-Holstein", Period: "2016", Symbol: "x", Line: 8},
		{Series: 2, RegionKey: "01", RegionName: "Schleswig-Holstein", Period: "2016", Value: -14.6, Line: 8},
	}
	if !reflect.DeepEqual(sink.obs[3:6], wantObs) {
		t.Errorf("line 8 = %+v", sink.obs[3:6])
	}
	if o := sink.obs[1]; o.Symbol != "-" || o.Value != 0 {
		t.Errorf("lone '-' = %+v", o)
	}
	if o := sink.obs[9]; o.Value != 1234.5 || o.RegionKey != "01001" {
		t.Errorf("1.234,5 = %+v", o)
	}
	var keys []string
	for _, o := range sink.obs {
		if o.Series == 0 {
			keys = append(keys, o.RegionKey)
		}
	}
	if want := []string{"DG", "01", "031", "01001", "03241001", "032410001", "032410001001"}; !reflect.DeepEqual(keys, want) {
		t.Errorf("keys = %v", keys)
	}
	wantNote := "zu \"Arbeitslose\":\nNotiz mit; Semikolon\n\nzweiter Absatz\n" +
		"© Statistische Ämter des Bundes und der Länder, Deutschland, 2017.\n" +
		"Dieses Werk ist lizenziert unter der Datenlizenz Deutschland\nStand: 10.10.2017 / 10:48:53"
	if sink.note != wantNote {
		t.Errorf("note = %q", sink.note)
	}
}

// seriesNames lists "labels [unit]" per series, and "series@period" per observation.
func seriesNames(s *recordSink) (series, obs []string) {
	for _, x := range s.series {
		series = append(series, x.Name()+" ["+x.Unit+"]")
	}
	for _, o := range s.obs {
		obs = append(obs, s.series[o.Series].Name()+"@"+o.Period)
	}
	return series, obs
}

// genesisLayoutCases are small tables, one per layout feature.
var genesisLayoutCases = []struct {
	name, csv      string
	series, obs    []string
	breakdownNames []string
	breakdown      []string // of the first observation
}{{
	// 12411 style: the time in a header row (here under a row "Stichtag"), so columns
	// with the same labels are one series at different periods.
	name: "period row", csv: "GENESIS-Tabelle: 12411\nBevölkerungsstand (Anzahl);;;;\n" +
		";;Stichtag;Stichtag;Stichtag;Stichtag\n;;31.12.2015;31.12.2015;31.12.2016;31.12.2016\n" +
		";;männlich;weiblich;männlich;weiblich\nDG;Deutschland;1;2;3;4\n",
	series: []string{"männlich [Anzahl]", "weiblich [Anzahl]"},
	obs:    []string{"männlich@2015-12-31", "weiblich@2015-12-31", "männlich@2016-12-31", "weiblich@2016-12-31"},
}, {
	name: "period row, dates once per group", csv: "GENESIS-Tabelle: 12411\nBevölkerungsstand (Anzahl);;;;\n" +
		";;31.12.2015;;31.12.2016\n;;männlich;weiblich;männlich;weiblich\n01;Schleswig-Holstein;1;2;3;4\n",
	series: []string{"männlich [Anzahl]", "weiblich [Anzahl]"},
	obs:    []string{"männlich@2015-12-31", "weiblich@2015-12-31", "männlich@2016-12-31", "weiblich@2016-12-31"},
}, {
	// Merged-cell style: a group label only above the group's first column.
	name: "labels carried right", csv: "GENESIS-Tabelle: 21111\nAbsolventen (Anzahl);;;;\n" +
		";;;Schulabschluss\n;;;Insgesamt;;ohne HSA\n;;;Insgesamt;weiblich;Insgesamt;weiblich\n2015;DG;Deutschland;1;2;3;4\n",
	series: []string{"Schulabschluss | Insgesamt | Insgesamt [Anzahl]", "Schulabschluss | Insgesamt | weiblich [Anzahl]",
		"Schulabschluss | ohne HSA | Insgesamt [Anzahl]", "Schulabschluss | ohne HSA | weiblich [Anzahl]"},
	obs: []string{"Schulabschluss | Insgesamt | Insgesamt@2015", "Schulabschluss | Insgesamt | weiblich@2015",
		"Schulabschluss | ohne HSA | Insgesamt@2015", "Schulabschluss | ohne HSA | weiblich@2015"},
}, {
	// A header row that names the key columns, and two breakdown columns.
	name: "breakdowns with names", csv: "GENESIS-Tabelle: 12411-02-03-4\nBevölkerung;;;;;;\n" +
		"Stichtag;Kreise;;Altersgruppen;Nationalität;Insgesamt;weiblich\n;;;;;Anzahl;Anzahl\n" +
		"31.12.2016;03241;  Region Hannover;unter 3 Jahre;Ausländer;100;50\n",
	series: []string{"Insgesamt [Anzahl]", "weiblich [Anzahl]"}, obs: []string{"Insgesamt@2016-12-31", "weiblich@2016-12-31"},
	breakdownNames: []string{"Altersgruppen", "Nationalität"}, breakdown: []string{"unter 3 Jahre", "Ausländer"},
}, {
	name: "breakdown without name", csv: "GENESIS-Tabelle: X\nT;;;;\n;;;;Insgesamt\n;;;;Anzahl\n2016;DG;Deutschland;  unter 3 Jahre;5\n",
	series: []string{"Insgesamt [Anzahl]"}, obs: []string{"Insgesamt@2016"},
	breakdownNames: []string{""}, breakdown: []string{"unter 3 Jahre"},
}, {
	// GENESIS-Online style: no time column, "Jahr" above the year row, a breakdown
	// code that looks like a number, the series named and united by the title.
	name: "GENESIS-Online finance", csv: "GENESIS-Tabelle: Temporär\nAuszahlungen nach Produktgruppen;;;;\n" +
		"Auszahlungen (EUR);;;;\n;;;;Jahr\n;;;;2009\n05;Nordrhein-Westfalen;111;Verwaltungssteuerung;7950660525\n" +
		"05978040;Werne, Stadt;611;Steuern;18525219\n",
	series: []string{"Auszahlungen [EUR]"}, obs: []string{"Auszahlungen@2009", "Auszahlungen@2009"},
	breakdownNames: []string{"", ""}, breakdown: []string{"111", "Verwaltungssteuerung"},
}, {
	name: "scaled and per-unit units", csv: "GENESIS-Tabelle: 71231\nSteuern;;;\n;;;Steuereinnahmen;Steuerkraft\n" +
		";;;Tsd. EUR;EUR je Einwohner\n2016;DG;Deutschland;1;2\n",
	series: []string{"Steuereinnahmen [Tsd. EUR]", "Steuerkraft [EUR je Einwohner]"},
	obs:    []string{"Steuereinnahmen@2016", "Steuerkraft@2016"},
}, {
	name: "quoted header and data cells", csv: "GENESIS-Tabelle: Q\nT;;;\n;;;\"Arbeitslose\";\"Quote; in \"\"%\"\"\"\n" +
		";;;Anzahl;Prozent\n\"2016\";\"DG\";\"Deutschland\";1;\"2,5\"\n",
	series: []string{"Arbeitslose [Anzahl]", `Quote; in "%" [Prozent]`}, obs: []string{"Arbeitslose@2016", `Quote; in "%"@2016`},
}, {
	name: "blank lines", csv: "GENESIS-Tabelle: B\n\nT;;;\n;;;\n;;;A\n\n;;;Anzahl\n;;;;\n2016;DG;Deutschland;1\n\n2016;01;SH;2\n",
	series: []string{"A [Anzahl]"}, obs: []string{"A@2016", "A@2016"},
}}

func TestReadGenesisLayouts(t *testing.T) {
	for _, tt := range genesisLayoutCases {
		t.Run(tt.name, func(t *testing.T) {
			sum, sink := readGenesisString(t, tt.csv)
			series, obs := seriesNames(sink)
			if !reflect.DeepEqual(series, tt.series) || !reflect.DeepEqual(obs, tt.obs) {
				t.Errorf("series = %q\nobs = %q", series, obs)
			}
			if !reflect.DeepEqual(sink.table.BreakdownNames, tt.breakdownNames) || !reflect.DeepEqual(sink.obs[0].Breakdown, tt.breakdown) {
				t.Errorf("breakdown names %q, breakdown %q", sink.table.BreakdownNames, sink.obs[0].Breakdown)
			}
			if len(sum.Warnings) > 0 {
				t.Errorf("warnings %q", sum.Warnings)
			}
		})
	}
}

// TestReadGenesisFirstLines reads the sample with line 1 as each download format
// writes it: the table is the same.
func TestReadGenesisFirstLines(t *testing.T) {
	_, classic := readGenesisString(t, genesisSample)
	for _, first := range []string{"Tabelle: 99999-01-01-4", "Tabelle: 99999-01-01-4;;;;;", "GENESIS-Tabelle:99999-01-01-4"} {
		_, sink := readGenesisString(t, withLine(genesisSample, 1, first))
		if !reflect.DeepEqual(sink.table, classic.table) || !reflect.DeepEqual(sink.series, classic.series) || !reflect.DeepEqual(sink.obs, classic.obs) {
			t.Errorf("%q: table %+v, %d observations; classic %+v, %d", first, sink.table, len(sink.obs), classic.table, len(classic.obs))
		}
	}
}

func TestReadGenesisNoUnit(t *testing.T) {
	sum, sink := readGenesisString(t, "GENESIS-Tabelle: 1\nIrgendwas;;;\n;;;A;B\n2016;DG;Deutschland;1;2\n")
	if sink.series[0].Unit != "" || sink.series[1].Unit != "" || len(sum.Warnings) != 1 ||
		bundle.For("de").Message(sum.Warnings[0]) != "Keine Einheit für Spalte 4, 5: weder eine Einheitenzeile noch ein Titel wie „Bevölkerungsstand (Anzahl)“ nennt sie." {
		t.Errorf("series %+v, warnings %q", sink.series, sum.Warnings)
	}
}

func TestReadGenesisSinkErrors(t *testing.T) {
	for _, sink := range []*recordSink{{failBegin: true}, {failObs: 3}, {failEnd: true}} {
		_, err := ReadGenesis(strings.NewReader(genesisSample), "test.csv", sink)
		if !errors.Is(err, errSink) {
			t.Errorf("%+v: err = %v", sink, err)
		}
	}
}
