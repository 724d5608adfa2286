package programmes

import (
	"reflect"
	"strings"
	"testing"
)

func TestWordDiffKeepsWholeWords(t *testing.T) {
	got := wordDiff(
		"Gefördert wird WLAN in Gemeinschaftsunterkünften des Landes.",
		"Gefördert wird WLAN in Gemeinschaftsunterkünften und Wohnheimen der Kommunen.")
	want := []DiffPart{
		{"=", "Gefördert wird WLAN in Gemeinschaftsunterkünften "},
		{"-", "des Landes"},
		{"+", "und Wohnheimen der Kommunen"},
		{"=", "."},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q\nwant %q", got, want)
	}
}

func TestWordDiffNeverSplitsAWord(t *testing.T) {
	// A character diff would keep "unterkünfte" and insert "Gemeinschafts".
	got := wordDiff("für Unterkünfte", "für Gemeinschaftsunterkünfte")
	want := []DiffPart{{"=", "für "}, {"-", "Unterkünfte"}, {"+", "Gemeinschaftsunterkünfte"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	for _, p := range wordDiff("Höchstbetrag 12.500,00 € je WLAN-Zugang", "Höchstbetrag 15.000,00 € je WLAN-Router") {
		if p.Op != "=" && strings.ContainsAny(p.Text, " ") {
			t.Errorf("edit %q spans several words", p.Text)
		}
		if p.Op != "=" && p.Text != "12.500,00" && p.Text != "15.000,00" && p.Text != "WLAN-Zugang" && p.Text != "WLAN-Router" {
			t.Errorf("edit %q is not a whole token", p.Text)
		}
	}
}

func TestWordDiffRebuildsBothTexts(t *testing.T) {
	a := "Die Kommune stellt den Antrag.\n\nEin Eigenanteil von 10 % ist nachzuweisen."
	b := "Die Kommune oder ein freier Träger stellt den Antrag.\n\nEin Eigenanteil ist nicht nötig.\n\nNeu: Beratung."
	var da, db strings.Builder
	for _, p := range wordDiff(a, b) {
		if p.Op != "+" {
			da.WriteString(p.Text)
		}
		if p.Op != "-" {
			db.WriteString(p.Text)
		}
	}
	if da.String() != a || db.String() != b {
		t.Fatalf("texts not rebuilt:\n%q\n%q", da.String(), db.String())
	}
}

func TestTokenize(t *testing.T) {
	got := tokenize("„WLAN-Zugang“ z.B. für 1.234,50 €,  2026/27")
	want := []string{"„", "WLAN-Zugang", "“", " ", "z.B", ".", " ", "für", " ", "1.234,50", " ", "€", ",", "  ", "2026/27"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q\nwant %q", got, want)
	}
}

func TestCompareTexts(t *testing.T) {
	draft := Text{
		Title:   "Digitale Teilhabe in Gemeinschaftsunterkünften",
		Summary: "WLAN für Geflüchtete.",
		Sections: []Section{
			{Heading: "Ziel", Body: "Alle Bewohnerinnen und Bewohner erhalten Zugang zum Internet."},
			{Heading: "Gegenstand der Förderung", Body: "Gefördert werden Router, Verkabelung und der Betrieb für zwei Jahre.\n\nNicht gefördert werden Endgeräte."},
			{Heading: "Übergangsregelung", Body: "Bis Ende 2026 gelten die bisherigen Verträge weiter."},
			{Heading: "Antragsverfahren", Body: "Anträge stellt die Kommune   bis zum 31. März."},
		},
	}
	final := Text{
		Title:   "Digitale Teilhabe in Gemeinschaftsunterkünften",
		Summary: "WLAN und digitale Beratung für Geflüchtete.",
		Sections: []Section{
			{Heading: "Ziel", Body: "Alle Bewohnerinnen und Bewohner erhalten Zugang zum Internet."},
			{Heading: "Fördergegenstand", Body: "Gefördert werden Router, Verkabelung und der Betrieb für drei Jahre.\n\nNicht gefördert werden Endgeräte."},
			{Heading: "Antragsverfahren", Body: "Anträge stellt die Kommune bis zum 31. März."},
			{Heading: "Evaluation", Body: "Das Land lässt die Wirkung begleitend untersuchen."},
		},
	}
	got := CompareTexts(draft, final)
	var summary []string
	for _, c := range got {
		summary = append(summary, c.Status+" "+c.Heading)
	}
	want := []string{
		"changed Kurzbeschreibung",
		"unchanged Ziel",
		"changed Gegenstand der Förderung → Fördergegenstand",
		"removed Übergangsregelung",
		"unchanged Antragsverfahren", // whitespace only
		"added Evaluation",
	}
	if !reflect.DeepEqual(summary, want) {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(summary, "\n"), strings.Join(want, "\n"))
	}
	if d := got[2].Diff; len(d) != 4 || d[1] != (DiffPart{"-", "zwei"}) || d[2] != (DiffPart{"+", "drei"}) {
		t.Errorf("renamed section diff: %q", d)
	}
	if d := got[3].Diff; len(d) != 1 || d[0].Op != "-" {
		t.Errorf("removed section diff: %q", d)
	}
	if d := got[5].Diff; len(d) != 1 || d[0] != (DiffPart{"+", "Das Land lässt die Wirkung begleitend untersuchen."}) {
		t.Errorf("added section diff: %q", d)
	}
	if d := got[1].Diff; len(d) != 1 || d[0].Op != "=" {
		t.Errorf("unchanged section diff: %q", d)
	}
}

func TestCompareTextsPairing(t *testing.T) {
	s := func(h, b string) Section { return Section{Heading: h, Body: b} }
	cases := []struct {
		name         string
		draft, final []Section
		want         []string
	}{
		{
			"reordered sections pair by heading",
			[]Section{s("A", "eins"), s("B", "zwei")},
			[]Section{s("B", "zwei"), s("A", "eins")},
			[]string{"unchanged B", "unchanged A"},
		},
		{
			"a different section at the same place is not a rename",
			[]Section{s("A", "eins"), s("Alt", "ganz andere Worte hier"), s("C", "drei")},
			[]Section{s("A", "eins"), s("Neu", "völlig neuer Inhalt dort"), s("C", "drei")},
			[]string{"unchanged A", "removed Alt", "added Neu", "unchanged C"},
		},
		{
			"rename found behind an inserted section",
			[]Section{s("A", "eins"), s("Alt", "Router und Betrieb")},
			[]Section{s("A", "eins"), s("Neu", "ganz neu"), s("Umbenannt", "Router und Betrieb")},
			[]string{"unchanged A", "added Neu", "changed Alt → Umbenannt"},
		},
		{
			"removed first section comes first",
			[]Section{s("X", "weg"), s("A", "eins")},
			[]Section{s("A", "eins")},
			[]string{"removed X", "unchanged A"},
		},
		{
			"duplicate headings pair in order",
			[]Section{s("Hinweis", "eins"), s("Hinweis", "zwei")},
			[]Section{s("Hinweis", "eins"), s("Hinweis", "zwei plus")},
			[]string{"unchanged Hinweis", "changed Hinweis"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, c := range CompareTexts(Text{Title: "T", Sections: tc.draft}, Text{Title: "T", Sections: tc.final}) {
				got = append(got, c.Status+" "+c.Heading)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestCompareTextsTitle(t *testing.T) {
	got := CompareTexts(Text{Title: "WLAN in Unterkünften"}, Text{Title: "WLAN in Gemeinschaftsunterkünften"})
	if len(got) != 1 || got[0].Heading != HeadingTitle || got[0].Status != ChangeChanged {
		t.Fatalf("got %+v", got)
	}
}
