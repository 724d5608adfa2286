package reviews

import (
	"context"
	"time"

	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/programmes"
)

// Store is what the use cases need from storage; the store's Reviews view
// implements it. Its errors are faults (EINTERNAL), except ENOTFOUND from the reads
// of one thing.
type Store interface {
	Reader
	Now() time.Time
	// Update runs fn in one write transaction; any error rolls back all of it.
	Update(ctx context.Context, fn func(Tx) error) error
	// Assigned returns the submitted, not withdrawn applications of the calls the
	// reviewer is assigned to, with the reviewer's own review, newest submission
	// first.
	Assigned(ctx context.Context, reviewerID int64) ([]Assignment, error)
	// RegionNames names the regions with these keys; unknown keys are missing.
	RegionNames(ctx context.Context, keys []string) (map[string]string, error)
	// Candidates returns the active users who hold the reviewer role in some
	// organisation, by name.
	Candidates(ctx context.Context) ([]Reviewer, error)
}

// Reader reads outside or inside a transaction.
type Reader interface {
	// Application returns one application; ENOTFOUND if none.
	Application(ctx context.Context, id int64) (applications.Application, error)
	// CallProgramme returns the programme that holds the call; ENOTFOUND if none.
	CallProgramme(ctx context.Context, callID int64) (programmes.Programme, error)
	// Criteria returns the call's criteria in their order.
	Criteria(ctx context.Context, callID int64) ([]Criterion, error)
	// Reviewers returns the reviewers assigned to the call, by name.
	Reviewers(ctx context.Context, callID int64) ([]Reviewer, error)
	// Review returns a reviewer's review of an application; ENOTFOUND if none.
	Review(ctx context.Context, applicationID, reviewerID int64) (Review, error)
	// Reviews returns every review of an application, by reviewer name.
	Reviews(ctx context.Context, applicationID int64) ([]Review, error)
	// CallReviews returns every review of the call's applications.
	CallReviews(ctx context.Context, callID int64) ([]Review, error)
}

// Tx is one write transaction.
type Tx interface {
	Reader
	Now() time.Time
	// ReviewerByEmail returns the active user with this address who holds the
	// reviewer role; ENOTFOUND otherwise. ReviewerByID likewise by id.
	ReviewerByEmail(ctx context.Context, email string) (Reviewer, error)
	ReviewerByID(ctx context.Context, id int64) (Reviewer, error)
	// Assign adds the reviewer to the call; false if they were assigned already.
	Assign(ctx context.Context, callID, userID, by int64) (bool, error)
	// Unassign removes the reviewer from the call and deletes their unsubmitted
	// drafts of its applications.
	Unassign(ctx context.Context, callID, userID int64) error
	// SaveCriteria makes list the call's criteria: those with an ID are updated,
	// those without inserted (their IDs set), the call's others deleted.
	SaveCriteria(ctx context.Context, callID int64, list []Criterion) error
	// CreateReview inserts r and sets its ID and revision.
	CreateReview(ctx context.Context, r *Review) error
	// UpdateReview writes r if its row is still at revision; false, writing
	// nothing, when someone changed it since. On success r.Revision is the new one.
	UpdateReview(ctx context.Context, r *Review, revision int) (bool, error)
	// Audit records who changed what, in this transaction.
	Audit(ctx context.Context, entity string, id int64, action string, before, after any) error
}

// Reviewer is a user who may be assigned to review.
type Reviewer struct {
	UserID        int64
	Name          string
	Email         string
	Organisations string // the names of the organisations they review for
}

// Assignment is one application a reviewer is to review, with their review.
type Assignment struct {
	ApplicationID  int64
	Title          string
	ProviderName   string
	ProgrammeTitle string
	CallTitle      string
	Status         applications.Status
	Stage          applications.Stage
	SubmittedAt    time.Time
	Review         *Review // nil: not begun
}

// State is how far the reviewer is with it.
func (a Assignment) State() State { return StateOf(a.Review) }
