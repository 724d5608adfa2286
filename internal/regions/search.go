package regions

import (
	"strings"
	"unicode"
)

// Name search works on two normalised forms of every name, both kept by the store:
//
//   - SearchName spells umlauts out the German way (ä→ae, ö→oe, ü→ue, ß→ss), so
//     "Lübeck" and "Luebeck" find the same Gemeinde;
//   - FoldName drops the umlaut dots (ä→a, ö→o, ü→u, ß→ss), so "Lubeck", typed
//     on a keyboard without umlauts, finds it too.
//
// A query is normalised once with SearchQuery and matched as a prefix against
// both forms (name_search LIKE q||'%' OR name_fold LIKE q||'%', or the same with
// ' '||q for a word prefix). One query form is enough: a query with umlauts
// expands them and so can only match the SearchName form, a query without umlauts
// is its own FoldName. Both forms use single spaces between words, so word
// prefixes are found by matching after a space.

// SearchName returns the form of name used for search with umlauts spelt out:
// lower case, other diacritics removed ("Budyšin" → "budysin"), punctuation such
// as ",()-/." turned into spaces, apostrophes dropped, spaces collapsed and
// trimmed. SearchName("Frankfurt am Main, Stadt") == "frankfurt am main stadt".
func SearchName(name string) string { return normalize(name, true) }

// SearchQuery normalises what a user typed in the same way as SearchName, so that
// it can be matched as a prefix against both SearchName and FoldName.
func SearchQuery(q string) string { return normalize(q, true) }

// FoldName is SearchName with umlauts reduced to their base letter
// (FoldName("Lübeck, Hansestadt") == "lubeck hansestadt"); ß still becomes ss,
// because nobody types "Gieen" for "Gießen".
func FoldName(name string) string { return normalize(name, false) }

const combiningDiaeresis = '\u0308'

func normalize(s string, expandUmlauts bool) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	space := false // a separator is pending; written only before the next letter
	for _, r := range strings.ToLower(s) {
		var rep string
		switch {
		case r == '\'' || r == '’' || r == '`' || r == '´':
			// "Löwenstein'scher" is one word; splitting it would break prefixes.
			continue
		case r == combiningDiaeresis:
			// Decomposed input (u + U+0308), as some systems send it.
			if expandUmlauts {
				if t := b.String(); t != "" && strings.ContainsRune("aou", rune(t[len(t)-1])) {
					b.WriteByte('e')
				}
			}
			continue
		case unicode.Is(unicode.Mn, r):
			continue
		case expandUmlauts && (r == 'ä' || r == 'ö' || r == 'ü'):
			rep = umlautTable[r]
		case r < 0x80:
			if ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') {
				rep = string(r)
			}
		default:
			if t, ok := foldTable[r]; ok {
				rep = t
			} else if unicode.IsLetter(r) || unicode.IsDigit(r) {
				rep = string(r) // other scripts are kept as they are
			}
		}
		if rep == "" {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteString(rep)
	}
	return b.String()
}

var umlautTable = map[rune]string{'ä': "ae", 'ö': "oe", 'ü': "ue"}

// foldTable maps lower-case Latin letters with diacritics to plain ASCII. The
// stdlib has no Unicode decomposition, and the Gemeindeverzeichnis needs more
// than Latin-1: Sorbian names such as "Lubin (Błota)" or "Budyšin" carry ł, ě, š.
var foldTable = map[rune]string{
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ĳ': "ij", 'þ': "th", 'ð': "d",
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'ā': "a", 'ă': "a", 'ą': "a",
	'ç': "c", 'ć': "c", 'ĉ': "c", 'ċ': "c", 'č': "c",
	'ď': "d", 'đ': "d",
	'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ē': "e", 'ĕ': "e", 'ė': "e", 'ę': "e", 'ě': "e",
	'ĝ': "g", 'ğ': "g", 'ġ': "g", 'ģ': "g",
	'ĥ': "h", 'ħ': "h",
	'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ĩ': "i", 'ī': "i", 'ĭ': "i", 'į': "i", 'ı': "i",
	'ĵ': "j", 'ķ': "k",
	'ĺ': "l", 'ļ': "l", 'ľ': "l", 'ŀ': "l", 'ł': "l",
	'ñ': "n", 'ń': "n", 'ņ': "n", 'ň': "n",
	'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "o", 'ø': "o", 'ō': "o", 'ŏ': "o", 'ő': "o",
	'ŕ': "r", 'ŗ': "r", 'ř': "r",
	'ś': "s", 'ŝ': "s", 'ş': "s", 'š': "s", 'ș': "s",
	'ţ': "t", 'ť': "t", 'ŧ': "t", 'ț': "t",
	'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ũ': "u", 'ū': "u", 'ŭ': "u", 'ů': "u", 'ű': "u", 'ų': "u",
	'ŵ': "w", 'ý': "y", 'ÿ': "y", 'ŷ': "y",
	'ź': "z", 'ż': "z", 'ž': "z",
}
