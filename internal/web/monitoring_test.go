package web

import (
	"testing"

	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/store"
)

func TestChangeOf(t *testing.T) {
	col := seriesColumn{Cells: map[string]monitoring.Cell{
		"2018": {Value: 9}, "2019": {Value: 5.1}, "2021": {Value: 4.0}, "2022": {Symbol: "."},
	}}
	years := []string{"2018", "2019", "2021", "2022"}
	// The latest year with a number counts, not the latest year: 2022 is secret.
	c := changeOf(col, years, monitoring.LowerIsBetter)
	if !c.Has || c.LatestYear != "2021" || c.Diff != -1.1 || c.Verdict != "better" {
		t.Errorf("lower is better: %+v", c)
	}
	if c = changeOf(col, years, monitoring.HigherIsBetter); c.Verdict != "worse" {
		t.Errorf("higher is better: %+v", c)
	}
	if c = changeOf(col, years, monitoring.Neutral); c.Verdict != "down" {
		t.Errorf("neutral: %+v", c)
	}
	col.Cells["2019"] = monitoring.Cell{Symbol: "-"}
	if c = changeOf(col, years, monitoring.LowerIsBetter); c.Has {
		t.Errorf("no number in 2019, yet %+v", c)
	}
}

func TestRank(t *testing.T) {
	v := func(key string, val float64, sym string) store.IndicatorValue {
		return store.IndicatorValue{RegionKey: key, Cell: monitoring.Cell{Value: val, Symbol: sym}}
	}
	vals := []store.IndicatorValue{v("a", 8.1-5.1, ""), v("b", 1, ""), v("c", 0, "."), v("d", 6.9-3.9, ""), v("e", 7, "")}
	got := ""
	for _, it := range rank(vals, monitoring.LowerIsBetter) {
		got += it.RegionKey + string(rune('0'+it.Rank)) + " "
	}
	if want := "b1 a2 d2 e4 c0 "; got != want {
		t.Errorf("lower is better: %q, want %q", got, want)
	}
	got = ""
	for _, it := range rank(vals, monitoring.Neutral) {
		got += it.RegionKey + " "
	}
	if want := "e a d b c "; got != want {
		t.Errorf("neutral (descending): %q, want %q", got, want)
	}
}
