package programmes

import (
	"time"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// CallSettings is how a funder runs one call: in one stage or two (first a short
// Projektskizze, then full applications from the invited sketches, with their own
// deadline), how long the municipalities have for their statements, the call's
// budget, and the call's own questions. A call that was never set up runs with
// DefaultCallSettings.
type CallSettings struct {
	CallID int64
	// Stages is 1 (applications directly) or 2 (sketches first).
	Stages int
	// FullClosesAt is the deadline of the full applications of a two-stage call.
	FullClosesAt time.Time
	// StatementDays is how many days after submission the integration
	// commissioners have for their statements.
	StatementDays int
	// Budget is what the call may grant; 0 means the programme's budget.
	Budget    teilhabe.Cents
	Questions []Question
	Revision  int // 0 while the call was never set up
	UpdatedAt time.Time
}

// DefaultStatementDays is the period for statements of a call not set up: four weeks.
const DefaultStatementDays = 28

// DefaultCallSettings are the settings of a call that was never set up.
func DefaultCallSettings(callID int64) CallSettings {
	return CallSettings{CallID: callID, Stages: 1, StatementDays: DefaultStatementDays}
}

// TwoStage reports whether the call starts with sketches.
func (s CallSettings) TwoStage() bool { return s.Stages == 2 }

// QuestionKind is what a call's question asks for.
type QuestionKind string

const (
	QuestionText   QuestionKind = "text"
	QuestionNumber QuestionKind = "number"
	QuestionChoice QuestionKind = "choice"
	QuestionDate   QuestionKind = "date"
	QuestionFile   QuestionKind = "file"
)

// Question is one of the call's own questions on the application form. Its ID is
// stable across edits, so that answers keep their question.
type Question struct {
	ID       string       `json:"id"`
	Label    string       `json:"label"`
	Help     string       `json:"help,omitempty"`
	Kind     QuestionKind `json:"kind"`
	Choices  []string     `json:"choices,omitempty"`
	Required bool         `json:"required"`
	// Stage limits the question to sketches ("sketch") or full applications
	// ("full"); "" asks it at every stage.
	Stage string `json:"stage,omitempty"`
}
