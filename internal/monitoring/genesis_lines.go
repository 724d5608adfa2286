package monitoring

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// genesisMaxLine bounds one physical line; a real GENESIS line is a few KiB.
const genesisMaxLine = 16 << 20

// Encodings as the Summary names them.
const (
	encUTF8    = "UTF-8"
	encLatin1  = "ISO-8859-1"
	encWin1252 = "Windows-1252"
)

// genesisLines reads physical lines and decodes them to UTF-8.
//
// The encoding is decided by the first line that is not pure ASCII, and then kept for
// the rest of the file: valid UTF-8 there means UTF-8 (a Latin-1 German text is
// practically never valid UTF-8, since that needs a byte 0xC2–0xF4 followed by one of
// 0x80–0xBF, e.g. "Ã¤"), anything else means Latin-1. This streams (no sniffing window
// that a file with its first umlaut in the footer would outrun) and never decodes one
// file two ways. A UTF-8 BOM decides at once. Latin-1 bytes are decoded as
// Windows-1252, its superset: the C1 range 0x80–0x9F holds no characters in
// ISO-8859-1, so a file using it was written as Windows-1252 (€, „, “, –).
type genesisLines struct {
	sc   *bufio.Scanner
	file string
	n    int    // number of the line last returned, 1-based
	enc  string // "" while every line so far was ASCII
	c1   bool   // a byte 0x80–0x9F was decoded as Windows-1252
	buf  []byte
}

func newGenesisLines(r io.Reader, file string) *genesisLines {
	sc := bufio.NewScanner(r)
	// ScanLines drops "\n" and a "\r" before it, and returns a last line without newline.
	sc.Buffer(make([]byte, 0, 64<<10), genesisMaxLine)
	return &genesisLines{sc: sc, file: file}
}

// encoding is the detected encoding; pure ASCII is reported as UTF-8, of which it is
// a subset.
func (l *genesisLines) encoding() string {
	switch {
	case l.enc == encLatin1 && l.c1:
		return encWin1252
	case l.enc == "":
		return encUTF8
	}
	return l.enc
}

// next returns the next line decoded, or ok == false at the end of the input.
func (l *genesisLines) next() (line string, ok bool, err error) {
	if !l.sc.Scan() {
		err := l.sc.Err()
		if errors.Is(err, bufio.ErrTooLong) {
			return "", false, genesisFail(l.file, l.n+1, 0, GenesisCodeFormat, "monitoring.genesis.line_too_long", "Max", genesisMaxLine>>20)
		} else if err != nil {
			return "", false, fmt.Errorf("%s: read line %d: %w", l.file, l.n+1, err)
		}
		return "", false, nil
	}
	l.n++
	b := l.sc.Bytes()
	if l.n == 1 {
		if rest, bom := bytes.CutPrefix(b, []byte("\xEF\xBB\xBF")); bom {
			b, l.enc = rest, encUTF8
		}
	}
	ascii := true
	for _, c := range b {
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return string(b), true, nil
	}
	if l.enc == "" {
		l.enc = encLatin1
		if utf8.Valid(b) {
			l.enc = encUTF8
		}
	}
	if l.enc == encUTF8 {
		if !utf8.Valid(b) {
			i := 0
			for i < len(b) {
				r, size := utf8.DecodeRune(b[i:])
				if r == utf8.RuneError && size <= 1 {
					break
				}
				i += size
			}
			col := 1 + bytes.Count(b[:i], []byte(";"))
			return "", false, genesisFail(l.file, l.n, col, GenesisCodeEncoding, "monitoring.genesis.encoding",
				"Column", col, "Byte", fmt.Sprintf("0x%02X", b[i]), "Position", i+1)
		}
		return string(b), true, nil
	}
	l.buf = l.buf[:0]
	for _, c := range b {
		switch {
		case c < utf8.RuneSelf:
			l.buf = append(l.buf, c)
		case c < 0xA0:
			l.c1 = true
			l.buf = utf8.AppendRune(l.buf, charmap.Windows1252.DecodeByte(c))
		default:
			l.buf = utf8.AppendRune(l.buf, rune(c)) // ISO-8859-1 is the first 256 code points
		}
	}
	return string(l.buf), true, nil
}

// splitGenesisFields splits a title, header or data line on ';' into dst. These lines
// carry no quotes in practice; a field that starts with '"' is read as a quoted CSV
// field anyway ("" for a quote, ';' kept), cheaply. It returns the 1-based column of a
// quote that is not closed on the line, else 0.
func splitGenesisFields(s string, dst []string) ([]string, int) {
	dst = dst[:0]
	for {
		if !strings.HasPrefix(s, `"`) {
			i := strings.IndexByte(s, ';')
			if i < 0 {
				return append(dst, s), 0
			}
			dst = append(dst, s[:i])
			s = s[i+1:]
			continue
		}
		var b strings.Builder
		i := 1
		for {
			j := strings.IndexByte(s[i:], '"')
			if j < 0 {
				return dst, len(dst) + 1
			}
			b.WriteString(s[i : i+j])
			i += j + 1
			if i < len(s) && s[i] == '"' {
				b.WriteByte('"')
				i++
				continue
			}
			break
		}
		// Text after the closing quote is kept (lenient, like most spreadsheet tools).
		rest := s[i:]
		k := strings.IndexByte(rest, ';')
		if k < 0 {
			b.WriteString(rest)
			return append(dst, b.String()), 0
		}
		b.WriteString(rest[:k])
		dst = append(dst, b.String())
		s = rest[k+1:]
	}
}

// usedGenesisFields is the number of fields up to the last one that is not blank.
func usedGenesisFields(f []string) int {
	for i := len(f) - 1; i >= 0; i-- {
		if strings.TrimSpace(f[i]) != "" {
			return i + 1
		}
	}
	return 0
}

// isGenesisFooterStart reports the "__________" line that ends the data.
func isGenesisFooterStart(line string) bool {
	s := strings.TrimRight(line, "; \t")
	return len(s) >= 3 && strings.Trim(s, "_") == ""
}

// genesisFooter collects the lines after "__________": notes as quoted CSV fields that
// span lines and contain doubled quotes and ';', the © line, "Stand: ...". Quotes that
// open a field are removed and "" is unescaped; bare quotes inside text stay.
type genesisFooter struct {
	lines    []string
	size     int
	inQuote  bool
	overflow bool
}

func (f *genesisFooter) add(line string) {
	if f.size+len(line) > genesisMaxFooterBytes {
		f.overflow = true
		return
	}
	f.size += len(line) + 1
	var b strings.Builder
	fieldStart := !f.inQuote
	keep := 0 // output up to here is quoted text, which trailing-';' trimming must not touch
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case f.inQuote && c == '"' && i+1 < len(line) && line[i+1] == '"':
			b.WriteByte('"')
			i++
		case f.inQuote && c == '"':
			f.inQuote = false
			keep = b.Len()
		case f.inQuote:
			b.WriteByte(c)
		case c == '"' && fieldStart:
			f.inQuote = true
		default:
			b.WriteByte(c)
			fieldStart = c == ';'
		}
	}
	s := b.String()
	if f.inQuote {
		keep = len(s)
	}
	f.lines = append(f.lines, strings.TrimRight(s[:keep]+strings.TrimRight(s[keep:], ";"), " \t"))
}

// text is the footer joined with "\n" without leading and trailing blank lines, and a
// warning for what was odd about it (ID "" for none).
func (f *genesisFooter) text() (note string, warning teilhabe.Message) {
	lines := f.lines
	for len(lines) > 0 && lines[0] == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	switch {
	case f.overflow:
		warning = teilhabe.M("monitoring.genesis.warning.footer_long", "Max", genesisMaxFooterBytes>>10)
	case f.inQuote:
		warning = teilhabe.M("monitoring.genesis.warning.footer_quote")
	}
	return strings.Join(lines, "\n"), warning
}
