package reportpdf

import (
	"strings"
	"unicode"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// Fonts: the report uses fpdf's core font Helvetica, whose encoding is cp1252
// (WinAnsiEncoding), rather than an embedded TTF. cp1252 holds everything German text
// needs – ä ö ü Ä Ö Ü ß, „ “ ‚ ‘ » «, – —, …, € and the no-break space – so no font file
// has to ship with the binary, files stay small (no font program embedded), and the
// text stays searchable and extractable as plain bytes (the tests rely on it).
//
// fpdf's own UnicodeTranslatorFromDescriptor("") maps the same code page, but turns
// every other character into "."; latin uses golang.org/x/text's cp1252 table instead
// and degrades more gently: names such as "Ağrı" or "Łódź" keep their base letters
// (Agri, Lodz), typographic variants become their cp1252 look-alikes, and only what
// has no look-alike (Arabic, Cyrillic, emoji) becomes "?". Should whole contributions
// in other scripts have to appear, embed a Unicode TTF (DejaVu) with AddUTF8Font.
var cp1252 = charmap.Windows1252

var lookAlike = map[rune]string{
	'→': "->", '←': "<-", '⇒': "=>",
	'−': "-", '‐': "-", '‑': "-", '‒': "-", '―': "—",
	'≤': "<=", '≥': ">=", '≠': "!=",
	'ł': "l", 'Ł': "L", 'đ': "d", 'Đ': "D", 'ı': "i", 'ħ': "h",
	'\u2009': " ", '\u200a': " ", '\u2002': " ", '\u2003': " ",
	'\u202f': "\u00a0", '\u2007': "\u00a0", '\u2060': "",
	'\u200b': "", '\u200c': "", '\u200d': "", '\ufeff': "",
	'\u00ad': "", // soft hyphen: core fonts would print it
	'\t':     " ",
	'\u2028': "\n", '\u2029': "\n\n",
}

// latin converts UTF-8 text to cp1252 bytes for the core fonts.
func latin(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if rep, ok := lookAlike[r]; ok {
			latinString(&b, rep)
			continue
		}
		if r == '\n' {
			b.WriteByte('\n')
			continue
		}
		if unicode.IsControl(r) {
			continue
		}
		if c, ok := cp1252.EncodeRune(r); ok {
			b.WriteByte(c)
			continue
		}
		// A letter with a diacritic cp1252 lacks keeps its base letter.
		n := b.Len()
		for _, d := range norm.NFKD.String(string(r)) {
			if c, ok := cp1252.EncodeRune(d); ok && !unicode.Is(unicode.Mn, d) {
				b.WriteByte(c)
			}
		}
		if b.Len() == n {
			b.WriteByte('?')
		}
	}
	return b.String()
}

func latinString(b *strings.Builder, s string) {
	for _, r := range s {
		if c, ok := cp1252.EncodeRune(r); ok {
			b.WriteByte(c)
		}
	}
}

// utf16 encodes s as a PDF text string in UTF-16BE with byte order mark, for
// bookmarks: fpdf passes bookmark titles on unconverted when a core font is in use,
// and PDFDocEncoding (not cp1252) would garble „ “ – and €.
func utf16(s string) string {
	var b strings.Builder
	b.WriteString("\xfe\xff")
	for _, r := range s {
		if r >= 0x10000 {
			r -= 0x10000
			hi, lo := 0xD800+(r>>10), 0xDC00+(r&0x3FF)
			b.Write([]byte{byte(hi >> 8), byte(hi), byte(lo >> 8), byte(lo)})
			continue
		}
		b.Write([]byte{byte(r >> 8), byte(r)})
	}
	return b.String()
}
