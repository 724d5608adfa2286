package monitoring

import "testing"

func TestPeriodBounds(t *testing.T) {
	for _, c := range []struct{ in, start, next string }{
		{"2020", "2020", "2021"},
		{"2020-12", "2020-12", "2021"},
		{"2020-06", "2020-06", "2020-07"},
		{"2020-01-01", "2020", "2020-01-02"},
		{"2020-12-31", "2020-12-31", "2021"},
		{"2020-02-29", "2020-02-29", "2020-03"},
		{"9999", "9999", ""},
	} {
		start, next, ok := periodBounds(c.in)
		if !ok || start != c.start || next != c.next {
			t.Errorf("periodBounds(%q) = %q, %q, %v; want %q, %q", c.in, start, next, ok, c.start, c.next)
		}
	}
	for _, bad := range []string{"", "20", "2020-13", "2021-02-29", "2020-1-1", "abcd", "2020/06"} {
		if _, _, ok := periodBounds(bad); ok {
			t.Errorf("periodBounds(%q) accepted", bad)
		}
	}
}

func TestCursorRoundTrip(t *testing.T) {
	k := ObservationKey{Table: "13211-02-05-4", SeriesID: 42, Region: "08111", Period: "2019-12-31", Breakdown: "männlich | 15 bis unter 25"}
	if got, ok := decodeCursor(encodeCursor(k)); !ok || got != k {
		t.Errorf("decode(encode(%+v)) = %+v, %v", k, got, ok)
	}
	for _, bad := range []string{"zzz", "W10", "WyJhIl0", encodeCursor(ObservationKey{Table: "x"})} {
		if _, ok := decodeCursor(bad); ok {
			t.Errorf("cursor %q accepted", bad)
		}
	}
}

func TestSameSeriesName(t *testing.T) {
	for _, c := range []struct {
		stored, typed string
		same          bool
	}{
		{"Arbeitslose | Ausländer", "arbeitslose|AUSLÄNDER", true},
		{"Arbeitslose | Ausländer", "  Arbeitslose  |  Ausländer ", true},
		{"Arbeitslose | Ausländer", "Arbeitslose", false},
		{"Arbeitslose", "Arbeitslose | Ausländer", false},
	} {
		if got := sameSeriesName(c.stored, c.typed); got != c.same {
			t.Errorf("sameSeriesName(%q, %q) = %v", c.stored, c.typed, got)
		}
	}
}
