package programmes

import (
	"crypto/rand"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Limits of a call's settings: many more questions than any real call asks, small
// enough that no form fills the database.
const (
	MaxStatementDays = 180
	MaxQuestions     = 40
	MaxChoices       = 30
	maxLabel         = 300
	maxHelp          = 1000
	maxChoice        = 200
)

// QuestionKinds in the order the settings form offers them.
var QuestionKinds = []QuestionKind{QuestionText, QuestionNumber, QuestionChoice, QuestionDate, QuestionFile}

// QuestionStages are where a question of a two-stage call is asked: "" at both.
var QuestionStages = []string{"", "sketch", "full"}

// Validate normalises the settings and checks them against the call: one or two
// stages, for two a deadline of the full applications after the call's closing, a
// period for statements of 1 to 180 days, a budget that is an amount, and questions
// with a label, a known kind, choices for a choice. Every error at once, by field
// ("questions.2.label" for the third question).
func (s *CallSettings) Validate(call Call) error {
	var f []teilhabe.FieldError
	add := func(field, id string, args ...any) { f = append(f, teilhabe.FieldMsg(field, "invalid", id, args...)) }
	switch s.Stages {
	case 1:
		s.FullClosesAt = time.Time{} // one stage: the call's closing is the deadline
	case 2:
		if s.FullClosesAt.IsZero() {
			add("full_closes_at", "calls.fielderror.full_closes_required")
		} else if !s.FullClosesAt.After(call.ClosesAt) {
			add("full_closes_at", "calls.fielderror.full_closes_order", "ClosesAt", call.ClosesAt)
		}
	default:
		add("stages", "calls.fielderror.stages")
	}
	if s.StatementDays < 1 || s.StatementDays > MaxStatementDays {
		add("statement_days", "calls.fielderror.statement_days", "Max", MaxStatementDays)
	}
	if s.Budget < 0 || s.Budget > teilhabe.MaxCents {
		add("budget", "calls.fielderror.budget")
	}
	if len(s.Questions) > MaxQuestions {
		add("questions", "calls.fielderror.too_many_questions", "Max", MaxQuestions)
	}
	for i := range s.Questions {
		f = append(f, s.Questions[i].check("questions."+strconv.Itoa(i), s.Stages)...)
	}
	if len(f) > 0 {
		return teilhabe.Invalid("calls.error.invalid", f...)
	}
	return nil
}

// check normalises one question and reports its errors under the prefix.
func (q *Question) check(prefix string, stages int) []teilhabe.FieldError {
	var f []teilhabe.FieldError
	add := func(field, id string, args ...any) {
		f = append(f, teilhabe.FieldMsg(prefix+"."+field, "invalid", id, args...))
	}
	q.Label, q.Help = strings.TrimSpace(q.Label), strings.TrimSpace(q.Help)
	switch {
	case q.Label == "":
		add("label", "calls.fielderror.label_required")
	case len([]rune(q.Label)) > maxLabel:
		add("label", "calls.fielderror.too_long", "Max", maxLabel)
	}
	if len([]rune(q.Help)) > maxHelp {
		add("help", "calls.fielderror.too_long", "Max", maxHelp)
	}
	if !slices.Contains(QuestionKinds, q.Kind) {
		add("kind", "calls.fielderror.kind")
	}
	var choices []string
	for _, c := range q.Choices {
		if c = strings.TrimSpace(c); c != "" && !slices.Contains(choices, c) {
			choices = append(choices, c)
		}
	}
	q.Choices = nil
	if q.Kind == QuestionChoice {
		q.Choices = choices
		switch {
		case len(choices) < 2:
			add("choices", "calls.fielderror.choices_few")
		case len(choices) > MaxChoices:
			add("choices", "calls.fielderror.choices_many", "Max", MaxChoices)
		case slices.ContainsFunc(choices, func(c string) bool { return len([]rune(c)) > maxChoice }):
			add("choices", "calls.fielderror.too_long", "Max", maxChoice)
		}
	}
	if stages != 2 {
		q.Stage = "" // a one-stage call asks everything of its applications
	} else if !slices.Contains(QuestionStages, q.Stage) {
		add("stage", "calls.fielderror.stage")
	}
	return f
}

// AskedAt reports whether the question is asked of an application of the stage
// ("sketch" or "full").
func (q Question) AskedAt(stage string) bool { return q.Stage == "" || q.Stage == stage }

// QuestionsAt returns the call's questions asked at the stage, in their order.
func (s CallSettings) QuestionsAt(stage string) []Question {
	var out []Question
	for _, q := range s.Questions {
		if q.AskedAt(stage) {
			out = append(out, q)
		}
	}
	return out
}

// Deadline is until when applications of the stage are submitted: the call's
// closing, or for the full applications of a two-stage call their own deadline.
func (s CallSettings) Deadline(call Call, stage string) (deadline time.Time) {
	if s.TwoStage() && stage == "full" {
		return s.FullClosesAt
	}
	return call.ClosesAt
}

// keepIDs gives every question a stable id: the one it had, when the call's current
// settings know it, else a new one; removed lists the ids of current questions that
// are gone.
func keepIDs(cur []Question, next []Question) (removed []string) {
	known := map[string]bool{}
	for _, q := range cur {
		known[q.ID] = true
	}
	seen := map[string]bool{}
	for i := range next {
		if id := next[i].ID; id == "" || !known[id] || seen[id] {
			next[i].ID = newQuestionID()
		}
		seen[next[i].ID] = true
	}
	for _, q := range cur {
		if !seen[q.ID] {
			removed = append(removed, q.ID)
		}
	}
	return removed
}

// newQuestionID is a short random id: answers and attachments name their question by
// it, and the API shows it.
func newQuestionID() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return "q" + hex.EncodeToString(b)
}
