package decisions

import (
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

func eur(e int64) teilhabe.Cents { return teilhabe.Cents(e * 100) }

func TestRankOrdersByScoreAndMarksWhereTheBudgetRunsOut(t *testing.T) {
	cands := []Candidate{
		{ApplicationID: 1, Title: "unbewertet", Requested: eur(10000)},
		{ApplicationID: 2, Title: "mittel", Requested: eur(30000), ScoreSum: 350 + 300, Scored: 2}, // 3,25
		{ApplicationID: 3, Title: "gut", Requested: eur(40000), ScoreSum: 420, Scored: 1},          // 4,20
		{ApplicationID: 4, Title: "gleich gut, später", Requested: eur(20000), ScoreSum: 420, Scored: 1},
		{ApplicationID: 5, Title: "schwach", Requested: eur(5000), ScoreSum: 101 + 100, Scored: 2}, // 1,005 → 1,01 half up
	}
	rows := Rank(cands, eur(100000), eur(90000))
	var order []int64
	for _, r := range rows {
		order = append(order, r.ApplicationID)
	}
	if want := []int64{3, 4, 2, 5, 1}; !equal(order, want) {
		t.Fatalf("order %v, want %v", order, want)
	}
	if rows[3].Score() != 101 || rows[2].Score() != 325 || rows[4].Score() != 0 {
		t.Errorf("scores %d %d %d", rows[3].Score(), rows[2].Score(), rows[4].Score())
	}
	// Running totals 40, 60, 90, 95, 105 thousand against 90 thousand remaining:
	// the third row still fits exactly, the fourth is where it runs out.
	wantRunning := []int64{40000, 60000, 90000, 95000, 105000}
	for i, r := range rows {
		if r.Running != eur(wantRunning[i]) || r.Rank != i+1 {
			t.Errorf("row %d: running %v rank %d", i, r.Running, r.Rank)
		}
		if r.Within != (i < 3) || r.Cut != (i == 3) {
			t.Errorf("row %d: within %v cut %v", i, r.Within, r.Cut)
		}
	}
	// No budget known: nothing runs out.
	for _, r := range Rank(cands, 0, 0) {
		if !r.Within || r.Cut {
			t.Errorf("without budget row %d is cut", r.ApplicationID)
		}
	}
}

func equal(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestBudgetOfACall(t *testing.T) {
	prog := &programmes.Programme{Budgets: []programmes.Budget{{Year: 2026, Amount: 500_000_00}, {Year: 2027, Amount: 300_000_00}}}
	// Closes on New Year's Eve at 23:30 in Berlin: that is still 2026 there.
	call := programmes.Call{ClosesAt: time.Date(2026, 12, 31, 22, 30, 0, 0, time.UTC)}
	if b := Budget(programmes.CallSettings{Budget: eur(80000)}, prog, call); b != eur(80000) {
		t.Errorf("call's own budget: %v", b)
	}
	if b := Budget(programmes.CallSettings{}, prog, call); b != eur(500000) {
		t.Errorf("programme's budget of the closing year: %v", b)
	}
	call.ClosesAt = time.Date(2029, 3, 1, 0, 0, 0, 0, time.UTC)
	if b := Budget(programmes.CallSettings{}, prog, call); b != eur(800000) {
		t.Errorf("no budget for the closing year, the total: %v", b)
	}
	if b := Budget(programmes.CallSettings{}, &programmes.Programme{}, call); b != 0 {
		t.Errorf("no budget at all: %v", b)
	}
}

func TestStatementCountsJudgeMissingAtTheDeadline(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	var c StatementCounts
	c.Add("supported", now.Add(-time.Hour), now)
	c.Add("conditional", now.Add(time.Hour), now)
	c.Add("not_supported", now, now)
	c.Add("", now.Add(-time.Minute), now) // due passed: keine Stellungnahme
	c.Add("", now.Add(time.Minute), now)  // still open
	if c != (StatementCounts{Supported: 1, Conditional: 1, NotSupported: 1, Missing: 1, Pending: 1}) {
		t.Errorf("counts %+v", c)
	}
}
