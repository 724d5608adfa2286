package statements_test

import (
	"strings"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/statements"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

func TestAStatementNotGivenByItsDeadlineIsMissing(t *testing.T) {
	due := time.Date(2026, 3, 16, 22, 59, 59, 0, time.UTC)
	open := statements.Statement{DueAt: due}
	given := statements.Statement{DueAt: due, Recommendation: statements.NotSupported}
	for _, c := range []struct {
		s    statements.Statement
		at   time.Time
		want statements.State
	}{
		{open, due, statements.StateOpen}, // the last second still counts
		{open, due.Add(time.Second), statements.StateMissing},
		{given, due.Add(30 * 24 * time.Hour), statements.StateGiven},
	} {
		if got := c.s.StateAt(c.at); got != c.want {
			t.Errorf("%+v at %s: %s, want %s", c.s, c.at, got, c.want)
		}
	}
}

func TestStatementInputIsCheckedAllAtOnce(t *testing.T) {
	long := strings.Repeat("ä", 10001)
	for _, c := range []struct {
		name string
		in   statements.Input
		want map[string]string // field → code
	}{
		{"complete", good(statements.Supported), nil},
		{"conditional with conditions", good(statements.Conditional), nil},
		{"empty", statements.Input{}, map[string]string{"strategy_fit": "required", "overlap": "required", "recommendation": "required", "text": "required"}},
		{"unknown recommendation", func() statements.Input { in := good(statements.Supported); in.Recommendation = "maybe"; return in }(),
			map[string]string{"recommendation": "required"}},
		{"conditional without conditions", func() statements.Input { in := good(statements.Conditional); in.Conditions = " "; return in }(),
			map[string]string{"conditions": "required"}},
		{"too long", func() statements.Input { in := good(statements.Supported); in.Overlap = long; return in }(),
			map[string]string{"overlap": "too_long"}},
		{"long text is fine up to its own limit", func() statements.Input { in := good(statements.Supported); in.Text = long; return in }(), nil},
	} {
		in := c.in
		in.Normalize()
		err := in.Validate()
		got := map[string]string{}
		if e := teilhabe.AsError(err); e != nil {
			for _, f := range e.Fields {
				got[f.Field] = f.Code
			}
		} else if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if len(got) != len(c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
		for f, code := range c.want {
			if got[f] != code {
				t.Errorf("%s: %s is %q, want %q", c.name, f, got[f], code)
			}
		}
	}
}

func TestConditionsBelongToAConditionalRecommendation(t *testing.T) {
	in := good(statements.Supported)
	in.Conditions = "Räume nachweisen."
	in.Normalize()
	if in.Conditions != "" {
		t.Errorf("supported keeps conditions %q", in.Conditions)
	}
	in = good(statements.Conditional)
	in.Conditions = "  Räume nachweisen. "
	in.Normalize()
	if in.Conditions != "Räume nachweisen." {
		t.Errorf("conditional: %q", in.Conditions)
	}
}
