package monitoring

import (
	"strings"
	"testing"

	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/regions"
)

// view is a monitoring view as the use case returns it: Stuttgart, the median of its
// Kreis type, and a ranking with a special sign.
func view() monitoring.MonitoringView {
	v := monitoring.MonitoringView{Year: "2022"}
	v.Indicator = monitoring.Indicator{Code: "ALQ-AUSL-DIFF", Name: "Abstand", Unit: "Prozentpunkte", Better: monitoring.LowerIsBetter}
	v.Region = regions.Region{Key: "08111", Name: "Stuttgart"}
	v.Peers = monitoring.PeerGroup{Choice: monitoring.PeersCustom, Selected: monitoring.PeersCustom,
		Members: []regions.Region{{Key: "08118"}, {Key: "09162"}}}
	v.Series = monitoring.TimeSeries{Years: []string{"2022"}, Columns: []monitoring.SeriesColumn{
		{Key: "08111", Name: "Stuttgart", Role: monitoring.RoleRegion, Cells: map[string]monitoring.Cell{"2022": {Value: 7.3 - 4.1}}},
		{Key: "median:kind", Role: monitoring.RoleMedian, Group: monitoring.PeersKind, Kind: "Stadtkreis", Size: 9,
			Cells: map[string]monitoring.Cell{"2022": {Value: 3}}, Counts: map[string]int{"2022": 8}},
	}}
	v.Ranking = []monitoring.RankItem{
		{Rank: 1, IndicatorValue: monitoring.IndicatorValue{RegionKey: "08111", RegionName: "Stuttgart; Stadt", Cell: monitoring.Cell{Value: 7.3 - 4.1}},
			Change: monitoring.Change{Has: true, From: 4.7, To: 3.2, LatestYear: "2022", Diff: -1.5, Verdict: monitoring.VerdictBetter}},
		{IndicatorValue: monitoring.IndicatorValue{RegionKey: "08118", RegionName: "Ludwigsburg", Cell: monitoring.Cell{Symbol: "."}}},
	}
	return v
}

func TestExports(t *testing.T) {
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	v := view()
	nameColumns(b.For("en"), v.Series.Columns)
	if got := v.Series.Columns[1].Name; got != "Median: Kreise of the same type (Stadtkreis, n = 9)" {
		t.Errorf("median name %q", got)
	}
	if got := peerLabel(b.For("de"), v.Peers); got != "eigene Auswahl" {
		t.Errorf("peer label %q", got)
	}
	if got := exportBase(v); got != "/monitoring/ALQ-AUSL-DIFF/export?peer_keys=08118%2C09162&peers=custom&region=08111&year=2022" {
		t.Errorf("export link %q", got)
	}
	// German Excel: BOM, ";", decimal comma, keys quoted, float noise rounded away.
	csv := string(exportCSV(v))
	// A Kreis without numbers for the changes has empty cells there.
	want := "\ufeffRang;Regionalschlüssel;Kreis;Jahr;Wert;Einheit;Indikator;Veränderung seit 2019;bis;Veränderung 2019–2020\r\n" +
		"1;\"08111\";\"Stuttgart; Stadt\";2022;3,2;Prozentpunkte;ALQ-AUSL-DIFF;-1,5;2022;\r\n" +
		";\"08118\";Ludwigsburg;2022;.;Prozentpunkte;ALQ-AUSL-DIFF;;;\r\n"
	if csv != want {
		t.Errorf("csv:\n%q\nwant\n%q", csv, want)
	}
	doc := exportJSON(v)
	ranking := doc["ranking"].([]jsonValue)
	if c := ranking[0].Change; c == nil || c.From != "2019" || c.To != "2022" || c.Diff != -1.5 || c.Verdict != "better" || ranking[0].FirstEffect != nil || ranking[1].Change != nil {
		t.Errorf("json ranking changes %+v %+v", ranking[0], ranking[1])
	}
	series := doc["time_series"].([]jsonValue)
	if len(series) != 2 || *series[0].Value != 3.2 || !series[1].Median || series[1].N != 8 || !strings.HasPrefix(series[1].RegionName, "Median") {
		t.Errorf("json time series %+v", series)
	}
}
