package monitoring

import (
	"strings"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// ActionFields are the Handlungsfelder of integration work (PRODUCT.md); their
// display names are in the i18n catalogues as "actionfield.<code>".
var ActionFields = []string{"sprache", "bildung", "arbeit", "gesundheit", "wohnen", "digitale_teilhabe", "teilhabe", "antidiskriminierung"}

// Direction says which way an indicator gets better.
type Direction string

const (
	HigherIsBetter Direction = "higher"
	LowerIsBetter  Direction = "lower"
	Neutral        Direction = "neutral" // a share that describes, e.g. foreigners among the unemployed
)

// FormulaKind is how an indicator is computed from one or two series.
type FormulaKind string

const (
	KindValue      FormulaKind = "value"      // A × Factor
	KindRatio      FormulaKind = "ratio"      // A ÷ B × Factor: a share (Factor 100) or "per 1,000 inhabitants" (Factor 1000)
	KindDifference FormulaKind = "difference" // A − B, e.g. percentage points between two rates
)

// SeriesRef names a series by what it is, not by a database id, so that an indicator
// keeps working when its table is imported again.
type SeriesRef struct {
	Table     string // "13211-02-04-4"
	Series    string // the stacked labels joined with " | "
	Unit      string
	Breakdown string // the breakdown values joined with " | ", "" for none
}

// Indicator is an integration indicator as the Integrationsmonitoring der Länder
// defines them: a formula over official series, with its meaning.
type Indicator struct {
	Code        string
	Name        string
	ActionField string
	Unit        string // of the result: "%", "Prozentpunkte", "je 1.000 Einwohner"
	Better      Direction
	Definition  string
	Source      string
	Kind        FormulaKind
	A, B        SeriesRef // B is unused for KindValue
	Factor      float64
}

// Validate checks and normalises an indicator definition.
func (i *Indicator) Validate() error {
	i.Code = strings.ToUpper(strings.TrimSpace(i.Code))
	i.Name = strings.TrimSpace(i.Name)
	var f []teilhabe.FieldError
	add := func(field, code, id string) {
		f = append(f, teilhabe.FieldMsg(field, code, id))
	}
	if i.Code == "" || strings.ContainsAny(i.Code, " /?#&") {
		add("code", "invalid", "monitoring.fielderror.code")
	}
	if i.Name == "" {
		add("name", "invalid", "monitoring.fielderror.name")
	}
	if !contains(ActionFields, i.ActionField) {
		add("action_field", "invalid", "monitoring.fielderror.action_field")
	}
	if i.Better != HigherIsBetter && i.Better != LowerIsBetter && i.Better != Neutral {
		add("better", "invalid", "monitoring.fielderror.better")
	}
	if i.A.Table == "" || i.A.Series == "" {
		add("a_series", "invalid", "monitoring.fielderror.a_series")
	}
	switch i.Kind {
	case KindValue:
		i.B = SeriesRef{}
	case KindRatio, KindDifference:
		if i.B.Table == "" || i.B.Series == "" {
			add("b_series", "invalid", "monitoring.fielderror.b_series")
		}
	default:
		add("kind", "invalid", "monitoring.fielderror.kind")
	}
	if i.Factor == 0 {
		i.Factor = 1
	}
	if len(f) > 0 {
		return teilhabe.Invalid("monitoring.error.indicator_incomplete", f...)
	}
	return nil
}

// Cell is one observation as a formula reads it.
type Cell struct {
	Value  float64
	Symbol string // an official special sign, or "" for a number
}

// Compute applies the formula. A special sign in an input passes to the result, so
// that a secret or missing figure never turns into a number; dividing by zero gives
// "x" (not sensible).
func (i Indicator) Compute(a, b Cell) Cell {
	if a.Symbol != "" {
		return Cell{Symbol: a.Symbol}
	}
	if i.Kind != KindValue && b.Symbol != "" {
		return Cell{Symbol: b.Symbol}
	}
	switch i.Kind {
	case KindRatio:
		if b.Value == 0 {
			return Cell{Symbol: "x"}
		}
		return Cell{Value: a.Value / b.Value * i.Factor}
	case KindDifference:
		return Cell{Value: (a.Value - b.Value) * i.Factor}
	}
	return Cell{Value: a.Value * i.Factor}
}

// Year is the year of a period ("2015-12-31" or "2015"): two series are combined
// for the same year, since stocks are counted at 31 December and flows per year.
func Year(period string) string {
	if len(period) >= 4 {
		return period[:4]
	}
	return period
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
