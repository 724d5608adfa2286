// Package i18n translates the UI (German by default, English available) with
// go-i18n catalogues, and formats numbers and dates the way each language writes them.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/teilhabe"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

//go:embed locales/*.json
var locales embed.FS

// Languages the UI speaks, the default first.
var Languages = []string{"de", "en"}

// Bundle holds the parsed catalogues.
type Bundle struct{ b *goi18n.Bundle }

// New parses the embedded catalogues; a broken catalogue fails the start.
func New() (*Bundle, error) {
	b := goi18n.NewBundle(language.German)
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	// Each capability may keep its messages in a file of its own:
	// locales/de.json, locales/monitoring.de.json, ...
	for _, lang := range Languages {
		files, _ := fs.Glob(locales, "locales/*"+lang+".json")
		for _, f := range files {
			if _, err := b.LoadMessageFileFS(locales, f); err != nil {
				return nil, fmt.Errorf("i18n: %w", err)
			}
		}
	}
	return &Bundle{b: b}, nil
}

// Localizer translates and formats for one language.
type Localizer struct {
	Lang    string
	l       *goi18n.Localizer
	printer *message.Printer
}

// For returns the localizer of lang ("de" or "en"; anything else is German).
func (b *Bundle) For(lang string) *Localizer {
	if lang != "en" {
		lang = "de"
	}
	tag := language.Make(lang)
	return &Localizer{Lang: lang, l: goi18n.NewLocalizer(b.b, lang), printer: message.NewPrinter(tag)}
}

// T translates a message id. args are key/value pairs for the message's template,
// e.g. T("regions.count", "Count", 12). A missing id shows the id itself, so that a
// gap is visible instead of an empty label; a test checks both catalogues are complete.
func (l *Localizer) T(id string, args ...any) string {
	cfg := &goi18n.LocalizeConfig{MessageID: id}
	if len(args) > 0 {
		data := map[string]any{}
		for i := 0; i+1 < len(args); i += 2 {
			k, v := fmt.Sprint(args[i]), args[i+1]
			if k == "Count" {
				cfg.PluralCount = v
			}
			// Instants are written as readers of the language write them, in
			// German local time.
			switch a := v.(type) {
			case time.Time:
				v = l.DateTime(a)
			case teilhabe.Msg:
				v = l.T(string(a))
			case teilhabe.FieldError:
				// A summary that repeats its one field's message, such as "file:line:
				// field: problem" of a file import.
				v = l.FieldError(a)
			case teilhabe.Message:
				v = l.Message(a)
			case teilhabe.Cents:
				v = l.Euro(int64(a))
			case teilhabe.Date:
				v = l.Date(time.Time(a))
			case teilhabe.BasisPoints:
				v = l.Percent(int(a))
			}
			data[k] = v
		}
		cfg.TemplateData = data
	}
	s, err := l.l.Localize(cfg)
	if err != nil && cfg.PluralCount != nil {
		// A message without plural forms has only "other"; a count of 1 asks for
		// "one" and would fail.
		cfg.PluralCount = nil
		s, err = l.l.Localize(cfg)
	}
	if err != nil {
		return id
	}
	return s
}

// Message renders a message with its arguments.
func (l *Localizer) Message(m teilhabe.Message) string { return l.message(m.ID, m.Args) }

// Has reports whether the catalogue has a message for id.
func (l *Localizer) Has(id string) bool {
	_, err := l.l.Localize(&goi18n.LocalizeConfig{MessageID: id})
	return err == nil
}

// Int formats an integer with the language's grouping: 83.166.711 or 83,166,711.
func (l *Localizer) Int(n int64) string { return l.printer.Sprintf("%d", n) }

// Decimal formats a number with prec decimals: 1.234,57 or 1,234.57.
func (l *Localizer) Decimal(f float64, prec int) string {
	return l.printer.Sprintf("%.*f", prec, f)
}

// Percent formats basis points as a percentage figure without the sign, with as
// many decimals as it needs: 12,5 or 12.5; 7; 0,25.
func (l *Localizer) Percent(bp int) string {
	s := l.printer.Sprintf("%d", bp/100)
	if rest := bp % 100; rest != 0 {
		dec := ","
		if l.Lang == "en" {
			dec = "."
		}
		s += dec + strings.TrimSuffix(fmt.Sprintf("%02d", rest), "0")
	}
	return s
}

// Money formats an exact amount: 1.250.000,00 € or €1,250,000.00.
func (l *Localizer) Money(c teilhabe.Cents) string { return l.Euro(int64(c)) }

// Euro formats an amount in cents: 1.250.000,00 € or €1,250,000.00.
func (l *Localizer) Euro(cents int64) string {
	// Whole euros through the printer for its grouping, cents by hand: exact for
	// every amount, where a float would round beyond 2^53 cents.
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	dec := ","
	if l.Lang == "en" {
		dec = "."
	}
	amount := sign + l.printer.Sprintf("%d", cents/100) + dec + fmt.Sprintf("%02d", cents%100)
	if l.Lang == "en" {
		return "€" + amount
	}
	return amount + " €"
}

// Date formats a date: 31.12.2019 or 31 Dec 2019.
func (l *Localizer) Date(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	if l.Lang == "en" {
		return t.Format("2 Jan 2006")
	}
	return t.Format("02.01.2006")
}

// DateTime formats a moment in Europe/Berlin, where the users are.
func (l *Localizer) DateTime(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	t = t.In(berlin)
	if l.Lang == "en" {
		// English readers may be anywhere: say that it is German time.
		return t.Format("2 Jan 2006, 15:04 MST")
	}
	return t.Format("02.01.2006, 15:04") + " Uhr"
}

var berlin = teilhabe.Berlin

// Negotiate picks the UI language: an explicit choice (cookie) wins, then the
// browser's Accept-Language, then German.
func Negotiate(choice, acceptLanguage string) string {
	if choice == "de" || choice == "en" {
		return choice
	}
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil {
		return "de"
	}
	for _, t := range tags {
		base, _ := t.Base()
		switch strings.ToLower(base.String()) {
		case "de":
			return "de"
		case "en":
			return "en"
		}
	}
	return "de"
}
