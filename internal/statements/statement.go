// Package statements holds the municipal statements (Stellungnahmen) on
// applications: the integration commissioner of each region an application serves
// is asked on its submission (package applications does the asking, as a step of
// the procedure) and answers by the call's deadline with the project's fit to the
// local strategy, its overlap with existing offers, and a recommendation. A
// statement not given by the deadline is "keine Stellungnahme", never consent. It
// knows nothing of HTTP or SQL.
package statements

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Recommendation is the administration's verdict on the project.
type Recommendation string

const (
	Supported    Recommendation = "supported"     // befürwortet
	Conditional  Recommendation = "conditional"   // befürwortet mit Auflagen
	NotSupported Recommendation = "not_supported" // nicht befürwortet
)

// Recommendations in the order forms offer them.
var Recommendations = []Recommendation{Supported, Conditional, NotSupported}

// Valid reports whether r is one of the three recommendations.
func (r Recommendation) Valid() bool {
	return r == Supported || r == Conditional || r == NotSupported
}

// Limits on one statement's texts: room for a careful page or two each.
const (
	maxField = 10000
	maxText  = 20000
)

// Statement is one administration's statement on one application; while
// Recommendation is empty it has been asked for and not given.
type Statement struct {
	ID             int64
	ApplicationID  int64
	MunicipalityID int64
	Municipality   string // the administration's name
	RegionKey      string // the region it is responsible for
	RequestedAt    time.Time
	DueAt          time.Time // the end of the last day, in Europe/Berlin

	StrategyFit    string // Passung zur kommunalen Integrationsstrategie
	Overlap        string // Überschneidung mit bestehenden Angeboten
	Recommendation Recommendation
	Conditions     string // the Auflagen of a conditional recommendation
	Text           string

	GivenBy     int64
	GivenByName string
	GivenAt     time.Time
	Revision    int
}

// Given reports whether the administration has given its statement.
func (s Statement) Given() bool { return s.Recommendation != "" }

// State is where a statement stands at a moment.
type State string

const (
	StateOpen    State = "open"    // asked, the deadline not passed
	StateGiven   State = "given"   // given
	StateMissing State = "missing" // keine Stellungnahme: the deadline passed without one
)

// StateAt judges the statement at now: one not given by its deadline is missing.
func (s Statement) StateAt(now time.Time) State {
	switch {
	case s.Given():
		return StateGiven
	case now.After(s.DueAt):
		return StateMissing
	}
	return StateOpen
}

// Input is a statement as the commissioner writes it. Revision is the one the form
// showed (0: no check).
type Input struct {
	StrategyFit    string
	Overlap        string
	Recommendation Recommendation
	Conditions     string
	Text           string
	Revision       int
}

// Normalize trims the texts; conditions belong to a conditional recommendation
// only, so another drops them.
func (in *Input) Normalize() {
	in.StrategyFit, in.Overlap = strings.TrimSpace(in.StrategyFit), strings.TrimSpace(in.Overlap)
	in.Conditions, in.Text = strings.TrimSpace(in.Conditions), strings.TrimSpace(in.Text)
	if in.Recommendation != Conditional {
		in.Conditions = ""
	}
}

// Validate reports every missing or too long part at once.
func (in Input) Validate() error {
	var f []teilhabe.FieldError
	text := func(field, v string, max int) {
		switch {
		case v == "":
			f = append(f, teilhabe.FieldMsg(field, "required", "statements.fielderror."+field+".required"))
		case utf8.RuneCountInString(v) > max:
			f = append(f, teilhabe.FieldMsg(field, "too_long", "statements.fielderror.too_long", "Max", max))
		}
	}
	text("strategy_fit", in.StrategyFit, maxField)
	text("overlap", in.Overlap, maxField)
	if !in.Recommendation.Valid() {
		f = append(f, teilhabe.FieldMsg("recommendation", "required", "statements.fielderror.recommendation.required"))
	}
	if in.Recommendation == Conditional {
		text("conditions", in.Conditions, maxField)
	}
	text("text", in.Text, maxText)
	if len(f) > 0 {
		return teilhabe.Invalid("statements.error.invalid", f...)
	}
	return nil
}

// Item is a statement with the application it is on, for the commissioner's list.
type Item struct {
	Statement
	Title          string
	Provider       string
	ProgrammeTitle string
	CallID         int64
	CallTitle      string
	Status         applications.Status
}

// open reports whether the application still takes statements: submitted, not
// decided and not withdrawn.
func open(s applications.Status) bool { return s.Submitted() && !s.Final() }
