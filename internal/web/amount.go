package web

import (
	"strings"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// AmountValue writes cents as a form field shows them, for the reader to change
// and send back: 1250,50 in German, 1250.50 in English, without grouping and
// without a trailing ",00", as teilhabe.ParseEuro reads it again.
func AmountValue(c teilhabe.Cents, lang string) string {
	s := strings.TrimSuffix(c.String(), ".00")
	if lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}
