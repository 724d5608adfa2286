package decisions

import (
	"time"

	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Criterion is one of the call's review criteria with its weight.
type Criterion struct {
	ID     int64
	Name   string
	Weight int
}

// CriterionScore is a reviewer's score (0..5) of one criterion with a comment.
type CriterionScore struct {
	Criterion int64  `json:"criterion"`
	Score     int    `json:"score"`
	Comment   string `json:"comment"`
}

// ReviewLine is one reviewer's review as the decision summary shows it. A declared
// conflict of interest counts for nothing; an unsubmitted review neither.
type ReviewLine struct {
	Reviewer       string
	Conflict       bool
	Submitted      bool
	Scores         []CriterionScore
	Recommendation string // approve, approve_conditions, reject; "" while not given
	Comment        string
	Weighted       int // hundredths, 0..500; valid when Submitted
}

// Counts reports whether the review enters the mean score.
func (r ReviewLine) Counts() bool { return r.Submitted && !r.Conflict }

// StatementLine is one municipal statement (Stellungnahme) as the summary shows it.
type StatementLine struct {
	Municipality   string
	RegionKey      string
	DueAt          time.Time
	GivenAt        time.Time // zero while not given
	Recommendation string    // supported, conditional, not_supported; "" while not given
	StrategyFit    string
	Overlap        string
	Conditions     string
	Text           string
}

// Missing reports whether the statement was not given in time (keine Stellungnahme).
func (s StatementLine) Missing(now time.Time) bool {
	return s.Recommendation == "" && now.After(s.DueAt)
}

// Summary is everything the funder weighs before deciding on one application.
type Summary struct {
	App        applications.Application
	Programme  programmes.Programme
	Criteria   []Criterion
	Reviews    []ReviewLine
	Statements []StatementLine
	Decision   *Decision // nil while undecided
	Budget     teilhabe.Cents
	Remaining  teilhabe.Cents
	Now        time.Time // the instant "keine Stellungnahme" was judged at
}

// Score is the mean weighted score of the reviews that count, in hundredths rounded
// half up, and how many counted.
func (s Summary) Score() (score, n int) {
	var sum int64
	for _, r := range s.Reviews {
		if r.Counts() {
			sum += int64(r.Weighted)
			n++
		}
	}
	if n == 0 {
		return 0, 0
	}
	return int((2*sum + int64(n)) / (2 * int64(n))), n
}

// StatementCounts counts the statements by recommendation.
func (s Summary) StatementCounts() StatementCounts {
	var c StatementCounts
	for _, st := range s.Statements {
		c.Add(st.Recommendation, st.DueAt, s.Now)
	}
	return c
}

// Recommendations counts the reviewers' recommendations of the reviews that count.
func (s Summary) Recommendations() RecommendationCounts {
	var c RecommendationCounts
	for _, r := range s.Reviews {
		if r.Counts() {
			c.add(r.Recommendation)
		}
	}
	return c
}

func (c *RecommendationCounts) add(rec string) {
	switch rec {
	case "approve":
		c.Approve++
	case "approve_conditions":
		c.Conditions++
	case "reject":
		c.Reject++
	}
}

// CriterionName names a criterion of the call by its id.
func (s Summary) CriterionName(id int64) string {
	for _, c := range s.Criteria {
		if c.ID == id {
			return c.Name
		}
	}
	return ""
}

// Decidable reports whether the application awaits the decision now.
func (s Summary) Decidable() bool {
	return s.App.Status == applications.StatusInReview && s.App.Stage != applications.StageSketch
}

// Reviewable reports whether the review can begin.
func (s Summary) Reviewable() bool {
	return applications.CanMove(s.App.Status, applications.StatusInReview)
}

// MeanScore is Score's mean alone, for templates.
func (s Summary) MeanScore() int { v, _ := s.Score(); return v }

// Counted is how many reviews Score counts, for templates.
func (s Summary) Counted() int { _, n := s.Score(); return n }
