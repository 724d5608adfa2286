package teilhabe

import (
	"encoding/json"
	"testing"
)

func TestParseEuro(t *testing.T) {
	for _, c := range []struct {
		in   string
		lang string
		want Cents
		bad  bool
	}{
		{"", "de", 0, false},
		{"1.250.000,50", "de", 125000050, false},
		{"1250000,5", "de", 125000050, false},
		{"12.50", "de", 1250, false},   // pasted decimal point
		{"1.250", "de", 125000, false}, // German grouping
		{"1,250,000.50", "en", 125000050, false},
		{"1,250", "en", 125000, false},
		{"12,5", "en", 1250, false},
		{"€ 99", "en", 9900, false},
		{"99 €", "de", 9900, false},
		{"0,01", "de", 1, false},
		{"1,234", "de", 0, true},   // three decimals: not rounded
		{"12.34.5", "de", 0, true}, // bad grouping
		{"-5", "de", 0, true},
		{"1e5", "de", 0, true},
		{"abc", "de", 0, true},
		{"99999999999999", "de", 0, true}, // beyond MaxCents
		{",5", "de", 0, true},
	} {
		got, err := ParseEuro(c.in, c.lang)
		if c.bad != (err != nil) || got != c.want {
			t.Errorf("ParseEuro(%q, %s) = %d, %v; want %d, bad %v", c.in, c.lang, got, err, c.want, c.bad)
		}
	}
}

func TestDecimalRoundTrip(t *testing.T) {
	for _, s := range []string{"0.00", "0.01", "1234.56", "10000000000.00"} {
		c, err := ParseDecimal(s)
		if err != nil || c.String() != s {
			t.Errorf("ParseDecimal(%q) = %v, %v; String %q", s, c, err, c.String())
		}
	}
	for _, s := range []string{"", "1.234", "1,5", "+1", "1.2.3", "0x10", " 1"} {
		if _, err := ParseDecimal(s); err == nil {
			t.Errorf("ParseDecimal(%q) accepted", s)
		}
	}
	var v struct{ A Cents }
	if err := json.Unmarshal([]byte(`{"A":"12.3"}`), &v); err != nil || v.A != 1230 {
		t.Fatalf("unmarshal: %v %v", v.A, err)
	}
	b, _ := json.Marshal(v)
	if string(b) != `{"A":"12.30"}` {
		t.Fatalf("marshal: %s", b)
	}
}

func TestPercentRoundsHalfUp(t *testing.T) {
	for _, c := range []struct {
		c    Cents
		bp   int
		want Cents
	}{{10000, 700, 700}, {333, 5000, 167}, {1, 5000, 1}, {1, 4999, 0}, {123456789, 1250, 15432099}} {
		if got := c.c.Percent(c.bp); got != c.want {
			t.Errorf("%d × %d bp = %d, want %d", c.c, c.bp, got, c.want)
		}
	}
	if r := Cents(8000).Rate(10000); r != 8000 {
		t.Errorf("rate %d", r)
	}
}
