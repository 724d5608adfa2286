// Package textsearch analyses German text for the programme finder: it splits text
// into words, drops stop words, folds umlauts and their transcriptions and reduces
// each word to its stem, so that "Sprachkursen", "Sprachkurse" and "Sprachkurs", or
// "Flüchtlinge", "Fluechtlinge" and "Fluchtlinge", become the same term. The same
// analysis runs when a programme is indexed and when a query is read; a term found
// in both is a match.
package textsearch

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/german"
	"golang.org/x/text/unicode/norm"
)

// Weights of one occurrence of a word by where it stands: a word in the title says
// more about a programme than the same word deep in a section. They are whole
// numbers, which the store relies on to hand sums of them over as integers.
const (
	WeightTitle   = 10
	WeightSummary = 5
	WeightHeading = 3
	WeightBody    = 1
)

// Words shorter than minRunes carry no meaning alone ("a", "z" of "z. B."); words
// longer than maxRunes are pasted links or garbage and would only bloat the index.
const (
	minRunes = 2
	maxRunes = 60
)

// Field is a piece of text and the weight of each word in it.
type Field struct {
	Text   string
	Weight float64
}

// Term is an analysed word with its weight in a document: the sum of the weights of
// its occurrences, so a word repeated in the body counts more than a word said once.
type Term struct {
	Term   string
	Weight float64
}

// Index analyses a document's fields and returns its terms sorted by term.
func Index(fields ...Field) []Term {
	weights := map[string]float64{}
	stems := map[string]string{} // a text repeats its words; stem each once
	for _, f := range fields {
		eachWord(f.Text, func(w string) {
			t, ok := stems[w]
			if !ok {
				t = analyse(w)
				stems[w] = t
			}
			if t != "" {
				weights[t] += f.Weight
			}
		})
	}
	out := make([]Term, 0, len(weights))
	for t, w := range weights {
		out = append(out, Term{Term: t, Weight: w})
	}
	slices.SortFunc(out, func(a, b Term) int { return strings.Compare(a.Term, b.Term) })
	return out
}

// Query analyses what a user typed and returns its distinct terms in the order
// typed. Each term is meant as a prefix of indexed terms: "Sprach" finds
// "Sprachkurs", and "Beratung" (stem "berat") finds "Beratungsangebote". A query of
// stop words only has no terms.
func Query(text string) []string {
	var out []string
	eachWord(text, func(w string) {
		if t := analyse(w); t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	})
	return out
}

// SortKey returns s as German dictionaries sort it (DIN 5007-1): lower-cased,
// umlauts as their base letter, ß as ss, other accents dropped. "Ärztliche
// Versorgung" sorts among the A, not after Z as it would byte by byte.
func SortKey(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case 'A' <= r && r <= 'Z':
			b.WriteByte(byte(r) + 'a' - 'A')
		case r < utf8.RuneSelf:
			b.WriteByte(byte(r))
		case r == 'ß' || r == 'ẞ':
			b.WriteString("ss")
		case r == 'ä' || r == 'Ä':
			b.WriteByte('a') // the umlauts without the cost of decomposing
		case r == 'ö' || r == 'Ö':
			b.WriteByte('o')
		case r == 'ü' || r == 'Ü':
			b.WriteByte('u')
		default:
			// Decompose to drop the accent: Ä → A + ◌̈ → a.
			for _, d := range norm.NFD.String(string(r)) {
				if !unicode.Is(unicode.Mn, d) {
					b.WriteRune(unicode.ToLower(d))
				}
			}
		}
	}
	return b.String()
}

// analyse turns one lower-cased word into its term, or "" for a stop word or a word
// too short or too long to be worth indexing.
func analyse(w string) string {
	n := utf8.RuneCountInString(w)
	if n < minRunes || n > maxRunes {
		return ""
	}
	w = foldWord(w)
	if stopWords[plain.Replace(w)] {
		return ""
	}
	env := snowballstem.NewEnv(w)
	german.Stem(env)
	// The stemmer maps ß to ss and, at its end, ä ö ü to a o u; what it leaves
	// is plain.
	t := env.Current()
	// The stemmer takes an "s" off some endings but not others: "Sprachkurs"
	// becomes "sprachkur", "Sprachkurse" "sprachkurs", "Ergebnis" "ergebnis" and
	// "Ergebnisse" "ergebniss". A query term is a prefix of the indexed ones, so
	// "Sprachkurse" would not find "Sprachkurs". Dropping every final s makes the
	// forms agree; it also joins "Kita" and "Kitas", which the stemmer keeps apart.
	if trimmed := strings.TrimRight(t, "s"); utf8.RuneCountInString(trimmed) >= minRunes {
		t = trimmed
	}
	return t
}

// foldWord brings a lower-cased word to the form the stemmer expects: accents other
// than the umlauts are dropped (é → e, ç → c, ş → s), decomposed umlauts are
// composed, and the transcriptions ae, oe, ue become ä, ö, ü, which the stemmer
// then folds to a, o, u.
//
// A transcription is only read as an umlaut at the start of a word or after a
// consonant, and ue never after q. After a vowel the "e" starts a new syllable and
// must stay: "Frauen", "neue", "Betreuer", "Bauer" keep their u, so that "Frauen"
// still finds "Frau" and "betreuen" still finds "Betreuung". Words like "aktuell"
// or "Michael" get folded too ("aktüll"), but index and query fold them alike, so
// they match each other as before; only a foreign word that differs from a German
// word just by ue against ü could collide, a price worth "Fluechtlinge".
func foldWord(w string) string {
	rs := []rune(norm.NFD.String(w))
	out := make([]rune, 0, len(rs))
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if unicode.Is(unicode.Mn, r) {
			// A diaeresis on a, o, u makes an umlaut; other marks are dropped.
			if r == '\u0308' && len(out) > 0 {
				if u, ok := umlaut[out[len(out)-1]]; ok {
					out[len(out)-1] = u
				}
			}
			continue
		}
		if r == 'e' && len(out) > 0 {
			prev := out[len(out)-1]
			if u, ok := umlaut[prev]; ok {
				var before rune // the rune before the vowel; 0 at the start of the word
				if len(out) > 1 {
					before = out[len(out)-2]
				}
				if (before == 0 || !isVowel(before)) && !(prev == 'u' && before == 'q') {
					out[len(out)-1] = u
					continue
				}
			}
		}
		out = append(out, r)
	}
	return string(out)
}

// plain folds what foldWord leaves to ASCII letters, as the stemmer does at its end.
var plain = strings.NewReplacer("ä", "a", "ö", "o", "ü", "u", "ß", "ss")

var umlaut = map[rune]rune{'a': 'ä', 'o': 'ö', 'u': 'ü'}

func isVowel(r rune) bool {
	switch r {
	case 'a', 'e', 'i', 'o', 'u', 'y', 'ä', 'ö', 'ü':
		return true
	}
	return false
}

// eachWord calls fn with every lower-cased word of s: a run of letters, digits and
// combining marks. Everything else separates words, so "Sprach- und
// Integrationskurse" gives "sprach", "und", "integrationskurse".
func eachWord(s string, fn func(string)) {
	start := -1
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			fn(strings.ToLower(s[start:i]))
			start = -1
		}
	}
	if start >= 0 {
		fn(strings.ToLower(s[start:]))
	}
}
