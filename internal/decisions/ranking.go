package decisions

import (
	"cmp"
	"slices"
	"time"

	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// StatusCount is how many full applications of a call are in one status, and what
// they request together.
type StatusCount struct {
	Status    applications.Status
	Count     int
	Requested teilhabe.Cents
}

// Pipeline is a call at a glance: every status with its count and requested sum,
// the budget, what has been approved, and what remains. Sketches are not counted:
// they request nothing yet.
type Pipeline struct {
	Programme programmes.Programme
	Call      programmes.Call
	Counts    []StatusCount // one per applications.Statuses, in their order
	Budget    teilhabe.Cents
	Approved  teilhabe.Cents // the sum of the approved amounts
	Remaining teilhabe.Cents // Budget less Approved; may be negative after a budget cut
}

// Total is the number of applications in the pipeline.
func (p Pipeline) Total() int {
	n := 0
	for _, c := range p.Counts {
		n += c.Count
	}
	return n
}

// Budget of a call: the call's own budget (programmes.CallSettings.Budget), or, when
// it has none, the programme's budget for the year in which the call closes (in
// Europe/Berlin), or, when the programme has no budget for that year, the sum of all
// its yearly budgets. 0 means no budget is known: nothing is refused for it.
func Budget(s programmes.CallSettings, prog *programmes.Programme, call programmes.Call) teilhabe.Cents {
	if s.Budget > 0 {
		return s.Budget
	}
	year := call.ClosesAt.In(teilhabe.Berlin).Year()
	var total int64
	for _, b := range prog.Budgets {
		if b.Year == year {
			return teilhabe.Cents(b.Amount)
		}
		total += b.Amount
	}
	return teilhabe.Cents(total)
}

// StatementCounts counts the municipal statements of an application by their
// recommendation; Missing are those not given when their time was up (keine
// Stellungnahme), Pending those still open.
type StatementCounts struct {
	Supported, Conditional, NotSupported, Missing, Pending int
}

// Add counts one statement, judged at now.
func (c *StatementCounts) Add(recommendation string, due, now time.Time) {
	switch recommendation {
	case "supported":
		c.Supported++
	case "conditional":
		c.Conditional++
	case "not_supported":
		c.NotSupported++
	default:
		if now.After(due) {
			c.Missing++
		} else {
			c.Pending++
		}
	}
}

// RecommendationCounts counts the reviewers' recommendations.
type RecommendationCounts struct {
	Approve, Conditions, Reject int
}

// Candidate is an application of a call that awaits the decision, with what the
// ranking needs to know of it.
type Candidate struct {
	ApplicationID int64
	Title         string
	Provider      string
	Status        applications.Status
	Revision      int
	Requested     teilhabe.Cents
	// ScoreSum and Scored are the weighted scores (hundredths, 0..500) of the
	// submitted reviews without a conflict of interest, summed, and how many.
	ScoreSum        int64
	Scored          int
	Statements      StatementCounts
	Recommendations RecommendationCounts
}

// Score is the mean weighted score in hundredths, rounded half up; 0 when unreviewed.
func (c Candidate) Score() int {
	if c.Scored == 0 {
		return 0
	}
	n := int64(c.Scored)
	return int((2*c.ScoreSum + n) / (2 * n))
}

// RankRow is one line of the ranking.
type RankRow struct {
	Candidate
	Rank int
	// Running is the requested sum of this and every row above it.
	Running teilhabe.Cents
	// Within reports whether the remaining budget covers the running total.
	Within bool
	// Cut marks the first row the remaining budget no longer covers: where the
	// budget runs out.
	Cut bool
}

// Ranking is the list the funding committee decides on.
type Ranking struct {
	Pipeline
	Rows []RankRow
}

// Rank orders the candidates by mean weighted score, best first, the unreviewed last
// (ties: the earlier application first), adds up their requested sums and marks
// where remaining runs out. A budget of 0 is unknown: every row is within.
func Rank(cands []Candidate, budget, remaining teilhabe.Cents) []RankRow {
	cands = slices.Clone(cands)
	slices.SortStableFunc(cands, func(a, b Candidate) int {
		if (a.Scored > 0) != (b.Scored > 0) {
			if a.Scored > 0 {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(b.Score(), a.Score()), cmp.Compare(a.ApplicationID, b.ApplicationID))
	})
	rows := make([]RankRow, len(cands))
	var running teilhabe.Cents
	cut := false
	for i, c := range cands {
		running += c.Requested
		within := budget == 0 || running <= remaining
		rows[i] = RankRow{Candidate: c, Rank: i + 1, Running: running, Within: within}
		if !within && !cut {
			rows[i].Cut, cut = true, true
		}
	}
	return rows
}
