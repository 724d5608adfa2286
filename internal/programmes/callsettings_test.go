package programmes

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

func TestCallSettingsValidation(t *testing.T) {
	call := Call{ID: 1, Title: "Aufruf", OpensAt: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), ClosesAt: time.Date(2026, 3, 31, 22, 0, 0, 0, time.UTC)}
	ok := func() CallSettings {
		return CallSettings{Stages: 2, FullClosesAt: call.ClosesAt.Add(30 * 24 * time.Hour), StatementDays: 28, Budget: 25_000_000,
			Questions: []Question{{Label: " Wie viele Eltern erreichen Sie? ", Kind: QuestionNumber, Required: true, Stage: "sketch"},
				{Label: "Kooperation", Kind: QuestionChoice, Choices: []string{" Schule ", "", "Kita", "Schule"}}}}
	}
	cases := []struct {
		name   string
		change func(*CallSettings)
		fields []string // the fields refused; none: valid
	}{
		{"two stages with questions", func(*CallSettings) {}, nil},
		{"one stage forgets the full deadline and the stages of questions", func(s *CallSettings) { s.Stages = 1 }, nil},
		{"three stages", func(s *CallSettings) { s.Stages = 3 }, []string{"stages"}},
		{"two stages without a full deadline", func(s *CallSettings) { s.FullClosesAt = time.Time{} }, []string{"full_closes_at"}},
		{"full deadline before the call closes", func(s *CallSettings) { s.FullClosesAt = call.ClosesAt }, []string{"full_closes_at"}},
		{"no days for statements", func(s *CallSettings) { s.StatementDays = 0 }, []string{"statement_days"}},
		{"half a year and a day for statements", func(s *CallSettings) { s.StatementDays = 181 }, []string{"statement_days"}},
		{"negative budget", func(s *CallSettings) { s.Budget = -1 }, []string{"budget"}},
		{"every question wrong at once", func(s *CallSettings) {
			s.Questions = append(s.Questions, Question{Label: " ", Kind: "essay", Stage: "later"},
				Question{Label: "Träger", Kind: QuestionChoice, Choices: []string{"nur eine"}},
				Question{Label: strings.Repeat("x", 301), Kind: QuestionText, Help: strings.Repeat("y", 1001)})
		}, []string{"questions.2.label", "questions.2.kind", "questions.2.stage", "questions.3.choices", "questions.4.label", "questions.4.help"}},
		{"too many questions", func(s *CallSettings) {
			for range MaxQuestions {
				s.Questions = append(s.Questions, Question{Label: "Frage", Kind: QuestionText})
			}
		}, []string{"questions"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := ok()
			c.change(&s)
			err := s.Validate(call)
			var got []string
			if e := teilhabe.AsError(err); e != nil {
				for _, f := range e.Fields {
					got = append(got, f.Field)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, c.fields) {
				t.Fatalf("refused fields %v, want %v", got, c.fields)
			}
			if c.fields == nil {
				q := s.Questions
				if q[0].Label != "Wie viele Eltern erreichen Sie?" || !slices.Equal(q[1].Choices, []string{"Schule", "Kita"}) {
					t.Errorf("not normalised: %+v", q)
				}
				if s.Stages == 1 && (!s.FullClosesAt.IsZero() || q[0].Stage != "") {
					t.Errorf("one stage keeps %v, %q", s.FullClosesAt, q[0].Stage)
				}
			}
		})
	}
}

func TestQuestionsKeepTheirIDs(t *testing.T) {
	cur := []Question{{ID: "qa", Label: "A"}, {ID: "qb", Label: "B"}}
	next := []Question{{ID: "qb", Label: "B, anders"}, {Label: "Neu"}, {ID: "erfunden", Label: "C"}, {ID: "qb", Label: "doppelt"}}
	removed := keepIDs(cur, next)
	if next[0].ID != "qb" || next[1].ID == "" || next[2].ID == "erfunden" || next[3].ID == "qb" || next[1].ID == next[2].ID {
		t.Fatalf("ids: %+v", next)
	}
	if !slices.Equal(removed, []string{"qa"}) {
		t.Fatalf("removed %v", removed)
	}
}

func TestDeadlineByStage(t *testing.T) {
	call := Call{ClosesAt: time.Date(2026, 3, 31, 22, 0, 0, 0, time.UTC)}
	full := call.ClosesAt.AddDate(0, 1, 0)
	two := CallSettings{Stages: 2, FullClosesAt: full}
	if two.Deadline(call, "sketch") != call.ClosesAt || two.Deadline(call, "full") != full {
		t.Error("two stages: sketches until the call closes, applications until their own deadline")
	}
	if one := DefaultCallSettings(1); one.Deadline(call, "full") != call.ClosesAt {
		t.Error("one stage: the call's closing")
	}
}
