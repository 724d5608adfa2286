package monitoring

import (
	"reflect"
	"testing"
)

func TestNormalizeLabel(t *testing.T) {
	for in, want := range map[string]string{
		"Ausländer":                      "auslaendisch",
		"ausländisch":                    "auslaendisch",
		"Auslaender":                     "auslaendisch",
		"Ausländerinnen und  Ausländer ": "auslaendisch",
		"Deutsche":                       "deutsch",
		"15 bis unter 25 Jahre":          "15 bis unter 25 jahre",
		"Männer":                         "maenner", // no synonym: männlich stays apart
		"STRASSE":                        "strasse",
		"Straße":                         "strasse",
	} {
		if got := NormalizeLabel(in); got != want {
			t.Errorf("NormalizeLabel(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMatchSeries(t *testing.T) {
	stored := []SeriesInfo{
		{ID: 1, Name: "Arbeitslose", Unit: "Anzahl"},
		{ID: 2, Name: "Arbeitslose | Ausländer", Unit: "Anzahl"},
		{ID: 3, Name: "Quote | Ausländer", Unit: "Prozent"},
		{ID: 4, Name: "Quote | Frauen", Unit: "Prozent"},
	}
	s := func(unit string, labels ...string) Series { return Series{Labels: labels, Unit: unit} }
	file := []Series{
		s("Anzahl", "Arbeitslose"),                            // exact
		s("Anzahl", "Arbeitslose", "ausländisch"),             // the synonym
		s("Prozent", "Quote", "ausländisch"),                  // the synonym, the other unit
		s("Anzahl", "Quote", "ausländisch"),                   // same labels, a unit no stored series has
		s("Prozent", "Quote", "weiblich"),                     // an admin's alias
		s("Prozent", "Quote", "Nichtdeutsche"),                // nothing known: new
		s("Prozent", "Quote", "Ausländerinnen und Ausländer"), // the synonym again, but 3 is taken
	}
	aliases := []SeriesAlias{{Table: "T", Alias: "Quote | weiblich", Series: "Quote | Frauen"}}
	got := MatchSeries(stored, file, aliases)
	want := []SeriesMatch{{0, MatchExact}, {1, MatchNormalised}, {2, MatchNormalised}, {-1, MatchNew},
		{3, MatchAlias}, {-1, MatchNew}, {-1, MatchNew}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("MatchSeries = %v\nwant %v", got, want)
	}
	// An indicator on the classic label finds a table first imported as "ausländisch".
	today := []SeriesInfo{{ID: 9, Name: "Quote | ausländisch", Unit: "Prozent"}}
	if si, ok := ResolveSeries(SeriesRef{Table: "T", Series: "Quote | Ausländer", Unit: "Prozent"}, today, nil); !ok || si.ID != 9 {
		t.Errorf("ResolveSeries = %+v, %v", si, ok)
	}
	if _, ok := ResolveSeries(SeriesRef{Table: "T", Series: "Quote | Ausländer", Unit: "Anzahl"}, today, nil); ok {
		t.Error("ResolveSeries ignored the unit")
	}
}
