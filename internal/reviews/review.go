// Package reviews is the Begutachtung of applications: the funder sets up a call's
// criteria with their weights and assigns reviewers (Gutachter/innen); a reviewer
// declares a conflict of interest or confirms there is none, then scores each
// criterion from 0 to 5 with a comment and gives a recommendation.
package reviews

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Criterion is one of a call's review criteria. Its weight counts relative to the
// others: weights 2 and 1 make the first count twice.
type Criterion struct {
	ID          int64  `json:"id"`
	CallID      int64  `json:"call_id"`
	Position    int    `json:"position"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Weight      int    `json:"weight"`
}

// Limits of what the funder and the reviewers write.
const (
	MaxCriteria       = 20
	MaxWeight         = 100
	maxNameLen        = 200
	maxDescriptionLen = 2000
	maxCommentLen     = 5000  // per criterion
	maxOverallLen     = 20000 // the review's overall comment
	maxReasonLen      = 2000  // of a conflict of interest
	MaxScore          = 5
)

// Share is the criterion's weight in percent of all weights, in basis points
// (1/3 is 3333: 33,33 %), rounded half up.
func Share(c Criterion, all []Criterion) int {
	total := 0
	for _, o := range all {
		total += o.Weight
	}
	if total == 0 {
		return 0
	}
	return (2*c.Weight*10000 + total) / (2 * total)
}

// Recommendation is the reviewer's advice to the funder.
type Recommendation string

const (
	RecommendApprove           Recommendation = "approve"            // Förderung empfohlen
	RecommendApproveConditions Recommendation = "approve_conditions" // Förderung mit Auflagen empfohlen
	RecommendReject            Recommendation = "reject"             // Ablehnung empfohlen
)

// Recommendations in the order forms offer them.
var Recommendations = []Recommendation{RecommendApprove, RecommendApproveConditions, RecommendReject}

// Valid reports whether r is a known recommendation.
func (r Recommendation) Valid() bool { return slices.Contains(Recommendations, r) }

// Score is a reviewer's judgement of one criterion. A draft may hold a comment
// without a score yet (Score nil); a submitted review scores every criterion.
type Score struct {
	Criterion int64  `json:"criterion"`
	Score     *int   `json:"score,omitempty"`
	Comment   string `json:"comment"`
}

// Review is one reviewer's review of one application, or their declared
// conflict of interest instead. A review exists from the moment the reviewer
// confirms they have no conflict; it is a draft until submitted, and frozen after.
type Review struct {
	ID             int64
	ApplicationID  int64
	ReviewerID     int64
	ReviewerName   string
	Conflict       bool
	ConflictReason string
	Scores         []Score
	Recommendation Recommendation
	Comment        string
	Weighted       int  // hundredths of a point, 0..500; set on submission
	HasWeighted    bool // false for drafts and conflicts
	SubmittedAt    time.Time
	Revision       int
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Submitted reports whether the review is final: submitted, or a declared conflict.
func (r *Review) Submitted() bool { return !r.SubmittedAt.IsZero() }

// State is how far a reviewer is with one application.
type State string

const (
	StateOpen      State = "open"      // neither conflict nor confirmation declared
	StateDraft     State = "draft"     // confirmed no conflict, review not submitted
	StateSubmitted State = "submitted" // review submitted
	StateConflict  State = "conflict"  // Befangenheit erklärt
)

// StateOf is the state of a reviewer's review (nil: none yet).
func StateOf(r *Review) State {
	switch {
	case r == nil:
		return StateOpen
	case r.Conflict:
		return StateConflict
	case r.Submitted():
		return StateSubmitted
	}
	return StateDraft
}

// ScoreOf returns the score entry for a criterion, if any.
func (r *Review) ScoreOf(criterion int64) (Score, bool) {
	if r == nil {
		return Score{}, false
	}
	i := slices.IndexFunc(r.Scores, func(s Score) bool { return s.Criterion == criterion })
	if i < 0 {
		return Score{}, false
	}
	return r.Scores[i], true
}

// Weighted is the weighted mean of the scores in hundredths of a point (0..500):
// Σ score×weight / Σ weight, in exact integers, rounded half up. Criteria without
// a score count as not there; with no score at all it is 0.
func Weighted(scores []Score, criteria []Criterion) int {
	sum, weights := 0, 0
	for _, c := range criteria {
		i := slices.IndexFunc(scores, func(s Score) bool { return s.Criterion == c.ID && s.Score != nil })
		if i < 0 {
			continue
		}
		sum += *scores[i].Score * c.Weight
		weights += c.Weight
	}
	if weights == 0 {
		return 0
	}
	return (2*sum*100 + weights) / (2 * weights)
}

// tooLong reports whether s has more than n characters.
func tooLong(s string, n int) bool { return utf8.RuneCountInString(s) > n }

// clean trims what people type around their words.
func clean(s string) string { return strings.TrimSpace(s) }
