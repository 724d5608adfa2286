package monitoring

import (
	"math"
	"testing"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

func TestIndicatorCompute(t *testing.T) {
	ratio := Indicator{Kind: KindRatio, Factor: 100}
	diff := Indicator{Kind: KindDifference, Factor: 1}
	per1000 := Indicator{Kind: KindRatio, Factor: 1000}
	value := Indicator{Kind: KindValue, Factor: 1}
	cases := []struct {
		name string
		ind  Indicator
		a, b Cell
		want Cell
	}{
		{"share", ratio, Cell{Value: 6123}, Cell{Value: 15568}, Cell{Value: 6123.0 / 15568 * 100}},
		{"per 1,000", per1000, Cell{Value: 15568}, Cell{Value: 623738}, Cell{Value: 15568.0 / 623738 * 1000}},
		{"percentage points", diff, Cell{Value: 14.2}, Cell{Value: 7.8}, Cell{Value: 14.2 - 7.8}},
		{"plain value", value, Cell{Value: 5.9}, Cell{}, Cell{Value: 5.9}},
		{"secret numerator stays secret", ratio, Cell{Symbol: "."}, Cell{Value: 10}, Cell{Symbol: "."}},
		{"missing denominator", ratio, Cell{Value: 3}, Cell{Symbol: "-"}, Cell{Symbol: "-"}},
		{"division by zero is not sensible", ratio, Cell{Value: 3}, Cell{Value: 0}, Cell{Symbol: "x"}},
	}
	for _, c := range cases {
		if got := c.ind.Compute(c.a, c.b); got.Symbol != c.want.Symbol || math.Abs(got.Value-c.want.Value) > 1e-9 {
			t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
		}
	}
}

func TestIndicatorValidate(t *testing.T) {
	ok := Indicator{Code: " alq-ausl ", Name: "Arbeitslosenquote der Ausländer", ActionField: "arbeit", Better: LowerIsBetter,
		Kind: KindValue, A: SeriesRef{Table: "13211-02-04-4", Series: "Arbeitslosenquote | Ausländer", Unit: "Prozent"}, B: SeriesRef{Table: "x", Series: "y"}}
	if err := ok.Validate(); err != nil || ok.Code != "ALQ-AUSL" || ok.Factor != 1 || ok.B != (SeriesRef{}) {
		t.Fatalf("valid indicator: %v %+v", err, ok)
	}
	bad := Indicator{Kind: KindRatio, A: SeriesRef{Table: "t", Series: "s"}}
	err := bad.Validate()
	e := teilhabe.AsError(err)
	if e == nil || len(e.Fields) != 5 {
		t.Fatalf("invalid indicator: %v", err)
	}
	for i, want := range []string{"code", "name", "action_field", "better", "b_series"} {
		if e.Fields[i].Field != want || e.Fields[i].ID != "monitoring.fielderror."+want {
			t.Errorf("field %d = %s (%s), want %s", i, e.Fields[i].Field, e.Fields[i].ID, want)
		}
	}
	if msg, field := rendered("de", err); msg != "Der Indikator ist nicht vollständig." || field != "Bitte ein Kürzel ohne Leerzeichen angeben, z. B. ALQ-AUSL-DIFF." {
		t.Errorf("German: %q, %q", msg, field)
	}
	wantRendered(t, err)
	if _, err := NewExportWriter(nil, "xml"); german(err) != "Unbekanntes Format." {
		t.Errorf("export format: %q", german(err))
	}
	if Year("2015-12-31") != "2015" || Year("2008") != "2008" {
		t.Error("Year")
	}
}
