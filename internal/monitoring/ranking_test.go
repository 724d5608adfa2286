package monitoring

import (
	"testing"
)

func TestChangeOf(t *testing.T) {
	col := SeriesColumn{Cells: map[string]Cell{
		"2018": {Value: 9}, "2019": {Value: 5.1}, "2021": {Value: 4.0}, "2022": {Symbol: "."},
	}}
	years := []string{"2018", "2019", "2021", "2022"}
	// The latest year with a number counts, not the latest year: 2022 is secret.
	c := ChangeOf(col, years, LowerIsBetter)
	if !c.Has || c.LatestYear != "2021" || c.Diff != -1.1 || c.Verdict != VerdictBetter {
		t.Errorf("lower is better: %+v", c)
	}
	if c = ChangeOf(col, years, HigherIsBetter); c.Verdict != VerdictWorse {
		t.Errorf("higher is better: %+v", c)
	}
	if c = ChangeOf(col, years, Neutral); c.Verdict != VerdictDown {
		t.Errorf("neutral: %+v", c)
	}
	col.Cells["2019"] = Cell{Symbol: "-"}
	if c = ChangeOf(col, years, LowerIsBetter); c.Has {
		t.Errorf("no number in 2019, yet %+v", c)
	}
}

func TestRank(t *testing.T) {
	v := func(key string, val float64, sym string) IndicatorValue {
		return IndicatorValue{RegionKey: key, Cell: Cell{Value: val, Symbol: sym}}
	}
	vals := []IndicatorValue{v("a", 8.1-5.1, ""), v("b", 1, ""), v("c", 0, "."), v("d", 6.9-3.9, ""), v("e", 7, "")}
	got := ""
	for _, it := range Rank(vals, LowerIsBetter) {
		got += it.RegionKey + string(rune('0'+it.Rank)) + " "
	}
	if want := "b1 a2 d2 e4 c0 "; got != want {
		t.Errorf("lower is better: %q, want %q", got, want)
	}
	got = ""
	for _, it := range Rank(vals, Neutral) {
		got += it.RegionKey + " "
	}
	if want := "e a d b c "; got != want {
		t.Errorf("neutral (descending): %q, want %q", got, want)
	}
}

func TestRankingYearsAndChooseYear(t *testing.T) {
	vals := []IndicatorValue{
		{RegionKey: "08111", Period: "2018-12-31", Cell: Cell{Value: 1}},
		{RegionKey: "08111", Period: "2019", Cell: Cell{Symbol: "."}}, // only signs: no ranking for 2019
		{RegionKey: "08118", Period: "2020", Cell: Cell{Value: 2}},
	}
	years, byYear := RankingYears(vals)
	if len(years) != 2 || years[0] != "2018" || years[1] != "2020" || len(byYear["2019"]) != 1 {
		t.Fatalf("years %v, by year %v", years, byYear)
	}
	for _, tc := range []struct {
		in, want, id string
	}{
		{"", "2020", ""},
		{"2018", "2018", ""},
		{"2019", "2020", "monitoring.fielderror.year.none"},
		{"abc", "2020", "monitoring.fielderror.year.format"},
	} {
		got, f := ChooseYear(tc.in, years)
		if got != tc.want || (f == nil) != (tc.id == "") || (f != nil && (f.ID != tc.id || f.Field != "year" || f.Args["Last"] != "2020")) {
			t.Errorf("ChooseYear(%q) = %q, %+v; want %q %s", tc.in, got, f, tc.want, tc.id)
		}
	}
	_, f := ChooseYear("abc", years)
	if got := bundle.For("de").FieldError(*f); got != "Das Jahr „abc“ ist keine vierstellige Jahreszahl. Werte gibt es für 2018 bis 2020; gezeigt wird 2020." {
		t.Errorf("German: %q", got)
	}
	if got := bundle.For("en").FieldError(*f); got != "The year “abc” is not a four-digit year. There are values for 2018 to 2020; 2020 is shown." {
		t.Errorf("English: %q", got)
	}
	if _, f = ChooseYear("2021", nil); bundle.For("de").FieldError(*f) != "Für das Jahr 2021 gibt es keine Werte der Kreise." {
		t.Errorf("no years at all: %q", bundle.For("de").FieldError(*f))
	}
}

func TestFirstEffectOf(t *testing.T) {
	col := SeriesColumn{Cells: map[string]Cell{"2019": {Value: 7.4}, "2020": {Value: 9.7}, "2021": {Value: 8}}}
	if c := FirstEffectOf(col, LowerIsBetter); !c.Has || c.LatestYear != "2020" || c.Diff != 2.3 || c.Verdict != VerdictWorse {
		t.Errorf("lower is better: %+v", c)
	}
	if c := FirstEffectOf(col, HigherIsBetter); c.Verdict != VerdictBetter {
		t.Errorf("higher is better: %+v", c)
	}
	// A secret 2020 is no first effect, even with a number in 2021.
	col.Cells["2020"] = Cell{Symbol: "."}
	if c := FirstEffectOf(col, LowerIsBetter); c.Has {
		t.Errorf("secret 2020, yet %+v", c)
	}
}
