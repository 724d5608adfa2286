package monitoring

import (
	"strings"
	"testing"

	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

var bundle = func() *i18n.Bundle {
	b, err := i18n.New()
	if err != nil {
		panic(err)
	}
	return b
}()

// rendered is an error as a reader of lang sees it: the summary and the first field's
// message.
func rendered(lang string, err error) (msg, field string) {
	msg, fields := bundle.For(lang).Error(err)
	if len(fields) > 0 {
		field = fields[0].Message
	}
	return msg, field
}

// german is the summary of an error as a German reader sees it.
func german(err error) string {
	msg, _ := rendered("de", err)
	return msg
}

// wantRendered fails unless err renders in both languages: no raw message id, no
// missing argument.
func wantRendered(t *testing.T, err error) {
	t.Helper()
	e := teilhabe.AsError(err)
	if e == nil {
		t.Fatalf("not a domain error: %v", err)
	}
	for _, lang := range i18n.Languages {
		msg, fields := bundle.For(lang).Error(err)
		texts := []string{msg}
		for _, f := range fields {
			texts = append(texts, f.Message)
		}
		for _, s := range texts {
			if strings.Contains(s, "<no value>") || strings.HasPrefix(s, "monitoring.") || strings.Contains(s, " monitoring.") {
				t.Errorf("%s: %q", lang, s)
			}
		}
	}
}

func TestWarningsRender(t *testing.T) {
	for _, w := range []teilhabe.Message{
		teilhabe.M("monitoring.genesis.warning.no_unit", "Columns", "4, 5"),
		teilhabe.M("monitoring.genesis.warning.footer_long", "Max", 1024),
		teilhabe.M("monitoring.genesis.warning.footer_quote"),
	} {
		for _, lang := range i18n.Languages {
			if s := bundle.For(lang).Message(w); s == w.ID || strings.Contains(s, "<no value>") {
				t.Errorf("%s %s: %q", lang, w.ID, s)
			}
		}
	}
}
