package decisions

import (
	"context"
	"time"

	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/grants"
	"github.com/teilhabe/teilhabe/internal/notify"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Store is what the use cases need from storage; the store's Decisions view
// implements it. Its errors are faults (EINTERNAL), except ENOTFOUND from the reads
// of one thing.
type Store interface {
	Reader
	Now() time.Time
	// Update runs fn in one write transaction; any error rolls back all of it.
	Update(ctx context.Context, fn func(Tx) error) error
}

// Reader reads outside or inside a transaction.
type Reader interface {
	// Application returns one application with its regions; ENOTFOUND if none.
	Application(ctx context.Context, id int64) (applications.Application, error)
	// CallProgramme returns the programme, with its calls, that holds the call;
	// ENOTFOUND if there is no such call.
	CallProgramme(ctx context.Context, callID int64) (programmes.Programme, error)
	// CallSettings returns how the call is run.
	CallSettings(ctx context.Context, callID int64) (programmes.CallSettings, error)
	// StatusCounts counts the call's full applications by status with their
	// requested sums: one aggregate over the index of (call, status).
	StatusCounts(ctx context.Context, callID int64) ([]StatusCount, error)
	// Approved sums the approved amounts of the call's full applications.
	Approved(ctx context.Context, callID int64) (teilhabe.Cents, error)
	// Candidates returns the call's full applications in the given statuses with
	// their review scores, statements (judged at now) and recommendations.
	Candidates(ctx context.Context, callID int64, statuses []applications.Status, now time.Time) ([]Candidate, error)
	// Reviews returns the reviews of an application, by reviewer name.
	Reviews(ctx context.Context, applicationID int64) ([]ReviewLine, error)
	// Criteria returns the call's review criteria in their order.
	Criteria(ctx context.Context, callID int64) ([]Criterion, error)
	// Statements returns the statements on an application, by municipality.
	Statements(ctx context.Context, applicationID int64) ([]StatementLine, error)
	// Decision returns the decision on an application; ENOTFOUND while undecided.
	Decision(ctx context.Context, applicationID int64) (Decision, error)
}

// Tx is one write transaction.
type Tx interface {
	Reader
	Now() time.Time
	// LockCall makes concurrent decisions on one call wait for each other, so that
	// two approvals cannot both spend the same remaining budget.
	LockCall(ctx context.Context, callID int64) error
	// UpdateApplication writes a's status if its row is still at revision, and
	// reports false, writing nothing, when someone changed it since.
	UpdateApplication(ctx context.Context, a *applications.Application, revision int) (bool, error)
	// CreateDecision inserts the decision; an application has at most one.
	CreateDecision(ctx context.Context, d *Decision) error
	// CreateGrant inserts the grant of an approval with its regions and sets its ID.
	CreateGrant(ctx context.Context, g *grants.Grant) error
	// ProviderStaff returns the users who work for the organisation as provider staff.
	ProviderStaff(ctx context.Context, organisationID int64) ([]int64, error)
	Audit(ctx context.Context, entity string, id int64, action string, before, after any) error
	Notify(ctx context.Context, userIDs []int64, n notify.Notice, mail bool) error
}
