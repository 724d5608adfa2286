package textsearch

import (
	"slices"
	"strings"
	"testing"
)

// finds reports whether the query finds a document with the given text: every
// query term is a prefix of one of the document's terms.
func finds(query, text string) bool {
	terms := Index(Field{Text: text, Weight: WeightBody})
	q := Query(query)
	if len(q) == 0 {
		return false
	}
	for _, qt := range q {
		if !slices.ContainsFunc(terms, func(t Term) bool { return strings.HasPrefix(t.Term, qt) }) {
			return false
		}
	}
	return true
}

func TestGermanFormsFindEachOther(t *testing.T) {
	for _, tc := range []struct {
		query, text string
	}{
		// Inflection: singular, plural, dative plural.
		{"Sprachkurse", "Wir fördern einen Sprachkurs für Eltern."},
		{"Sprachkurs", "Angebote: Sprachkursen für Eltern"},
		{"Sprachkursen", "Sprachkurse am Abend"},
		{"Integrationskurs", "Integrationskurse des BAMF"},
		{"Integrationskurse", "Begleitung zum Integrationskurs"},
		{"Gemeinschaftsunterkünfte", "Beratung in der Gemeinschaftsunterkunft"},
		{"Gemeinschaftsunterkunft", "WLAN in Gemeinschaftsunterkünften"},
		{"Geflüchtete", "Angebote für Geflüchteten und ihre Familien"},
		{"Flüchtling", "Lotsen für Flüchtlinge"},
		// Missing umlauts and their transcription, in the query and in the text.
		{"Fluchtlinge", "Lotsen für Flüchtlinge"},
		{"Fluechtlinge", "Lotsen für Flüchtlinge"},
		{"Flüchtlinge", "Lotsen fuer Fluechtlinge"},
		{"Flüchtlinge", "Lotsen fur Fluchtlinge"},
		{"Gefluechtete", "für Geflüchtete"},
		{"Foerderung", "Förderung der Teilhabe"},
		{"Traeger", "antragsberechtigt sind freie Träger"},
		{"Uebersetzung", "Übersetzungen in Leichte Sprache"},
		{"Strasse", "Sozialarbeit auf der Straße"},
		// Prefixes: the start of a word finds the whole word, compounds included.
		{"Sprach", "Sprachkurse und Sprachförderung"},
		{"Beratung", "Beratungsangebote für Neuzugewanderte"},
		{"Beratungen", "Beratungsangebot für Neuzugewanderte"},
		{"Integration", "Integrationskurs"},
		{"Kita", "Sprachförderung in Kitas"},
		// Acronyms and case.
		{"wlan", "WLAN für Gemeinschaftsunterkünfte"},
		{"WLAN", "Ausstattung mit wlan"},
		// Several words: all must be found, in any order.
		{"Sprachkurs Frauen", "Kurse für Frauen: Sprachkurse mit Kinderbetreuung"},
		{"Frauen Kinderbetreuung", "Sprachkurse mit Kinderbetreuung für Frauen"},
	} {
		if !finds(tc.query, tc.text) {
			t.Errorf("%q does not find %q (query %v, text %v)", tc.query, tc.text, Query(tc.query), Index(Field{Text: tc.text, Weight: 1}))
		}
	}
}

func TestDifferentWordsDoNotMatch(t *testing.T) {
	for _, tc := range []struct {
		query, text string
	}{
		{"Sprachkurs", "Integrationskurse"},
		{"Beratungsangebote", "Beratung vor Ort"}, // the longer word is not in the text
		{"Frauen", "Franken"},
		{"Sprachkurs Frauen", "Sprachkurse für Männer"}, // every query word must match
		{"Flüchtlinge", "Fluchtursachen"},
	} {
		if finds(tc.query, tc.text) {
			t.Errorf("%q finds %q (query %v)", tc.query, tc.text, Query(tc.query))
		}
	}
}

// The transcription ae/oe/ue must not be read where the e starts a syllable: after
// a vowel ("Frauen", "betreuen") and in "qu" ("Quelle").
func TestTranscriptionOnlyWhereItStandsForAnUmlaut(t *testing.T) {
	for _, tc := range []struct {
		query, text string
	}{
		{"Frauen", "Frau"},
		{"Frau", "Frauen"},
		{"betreuen", "Betreuung von Kindern"},
		{"Betreuer", "betreuen"},
		{"neue", "neuen Angeboten"},
		{"Quellen", "Quelle: Mikrozensus"},
		{"aktuell", "aktuelle Zahlen"},
	} {
		if !finds(tc.query, tc.text) {
			t.Errorf("%q does not find %q (query %v, text %v)", tc.query, tc.text, Query(tc.query), Index(Field{Text: tc.text, Weight: 1}))
		}
	}
}

func TestQueryDropsStopWordsAndRepeats(t *testing.T) {
	got := Query("Sprachkurse für die Frauen und für Sprachkurs-Teilnehmerinnen")
	want := []string{"sprachkur", "frau", "teilnehmerinn"}
	if !slices.Equal(got, want) {
		t.Errorf("Query = %q, want %q", got, want)
	}
	if got := Query("für die und der"); len(got) != 0 {
		t.Errorf("stop words only: %q", got)
	}
	if got := Query("fuer fur über ueber"); len(got) != 0 {
		t.Errorf("stop words without umlaut: %q", got)
	}
	if got := Query("  "); len(got) != 0 {
		t.Errorf("blank: %q", got)
	}
}

func TestIndexWeightsByPlaceAndFrequency(t *testing.T) {
	terms := Index(
		Field{Text: "Sprachkurse für Frauen", Weight: WeightTitle},
		Field{Text: "Wir fördern Sprachkurse.", Weight: WeightSummary},
		Field{Text: "Kinderbetreuung", Weight: WeightHeading},
		Field{Text: "Während des Sprachkurses gibt es Kinderbetreuung. Kinderbetreuung ist kostenlos.", Weight: WeightBody},
	)
	weight := func(term string) float64 {
		i := slices.IndexFunc(terms, func(t Term) bool { return t.Term == term })
		if i < 0 {
			t.Fatalf("no term %q in %v", term, terms)
		}
		return terms[i].Weight
	}
	if w := weight("sprachkur"); w != WeightTitle+WeightSummary+WeightBody {
		t.Errorf("sprachkur = %v", w)
	}
	if w := weight("kinderbetreu"); w != WeightHeading+2*WeightBody {
		t.Errorf("kinderbetreu = %v", w)
	}
	if w := weight("frau"); w != WeightTitle {
		t.Errorf("frau = %v", w)
	}
	if !slices.IsSortedFunc(terms, func(a, b Term) int { return strings.Compare(a.Term, b.Term) }) {
		t.Errorf("terms not sorted: %v", terms)
	}
	for _, term := range terms {
		if term.Term == "fur" || term.Term == "wir" || term.Term == "des" {
			t.Errorf("stop word indexed: %v", term)
		}
	}
}

func TestTextIsNormalisedBeforeAnalysis(t *testing.T) {
	// "ü" as u + combining diaeresis, as macOS writes file names and some PDFs text.
	if !finds("Flüchtlinge", "Flu\u0308chtlinge") {
		t.Error("decomposed umlaut not folded")
	}
	if !finds("Sprachcafe", "Sprachcafé für Eltern") {
		t.Error("accent not dropped")
	}
	if got := Query("Sprachkurs-Angebote/Beratung"); !slices.Equal(got, []string{"sprachkur", "angebot", "berat"}) {
		t.Errorf("punctuation does not split: %q", got)
	}
	long := strings.Repeat("x", 80)
	if got := Query("https://example.org/" + long); slices.Contains(got, long) {
		t.Errorf("overlong word kept: %q", got)
	}
}

func TestSortKey(t *testing.T) {
	titles := []string{"Zukunft", "Ärztliche Versorgung", "Beratung", "Österreich", "arbeit", "Straße"}
	slices.SortFunc(titles, func(a, b string) int { return strings.Compare(SortKey(a), SortKey(b)) })
	want := []string{"arbeit", "Ärztliche Versorgung", "Beratung", "Österreich", "Straße", "Zukunft"}
	if !slices.Equal(titles, want) {
		t.Errorf("sorted = %q, want %q", titles, want)
	}
}

// The store hands weights over as integers (see store.termMatches), so every
// weight, and hence every sum of them, must be a whole number.
func TestWeightsAreWholeNumbers(t *testing.T) {
	for _, w := range []float64{WeightTitle, WeightSummary, WeightHeading, WeightBody} {
		if w != float64(int64(w)) || w <= 0 {
			t.Errorf("weight %v is not a positive whole number", w)
		}
	}
	if !(WeightTitle > WeightSummary && WeightSummary > WeightHeading && WeightHeading > WeightBody) {
		t.Error("weights must fall from title to body")
	}
}
