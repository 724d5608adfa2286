package grants

import (
	"context"
	"time"

	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/notify"
	"github.com/teilhabe/teilhabe/internal/programmes"
)

// Store is what the use cases need from storage; the store's Grants view
// implements it. Its errors are faults (EINTERNAL), except ENOTFOUND from the reads
// of one thing.
type Store interface {
	Reader
	Now() time.Time
	// Update runs fn in one write transaction; any error rolls back all of it.
	Update(ctx context.Context, fn func(Tx) error) error
	// List returns a page of the grants in scope, newest approval first, and
	// their total.
	List(ctx context.Context, scope applications.Scope, f Filter) ([]Grant, int, error)
}

// Reader reads outside or inside a transaction.
type Reader interface {
	// Grant returns one grant with its regions and names; ENOTFOUND if none.
	Grant(ctx context.Context, id int64) (Grant, error)
	// Payments returns the grant's payments in the order they were requested.
	Payments(ctx context.Context, grantID int64) ([]Payment, error)
	// Rules returns the programme's grant rules; ENOTFOUND when it has none of
	// its own (the defaults apply).
	Rules(ctx context.Context, programmeID int64) (Rules, error)
}

// Tx is one write transaction.
type Tx interface {
	Reader
	Now() time.Time
	// LockGrant makes concurrent changes to one grant's ledger wait for each
	// other, so that two requests cannot both take what is left.
	LockGrant(ctx context.Context, grantID int64) error
	// CreateGrant inserts g with its regions and sets its ID; an application has
	// at most one.
	CreateGrant(ctx context.Context, g *Grant) error
	// CreatePayment inserts p and sets its ID.
	CreatePayment(ctx context.Context, p *Payment) error
	// UpdatePayment writes p's decision or payout if its row is still at revision,
	// reports false when someone changed it since, and keeps the grant's paid sum.
	UpdatePayment(ctx context.Context, p *Payment, revision int) (bool, error)
	// CallProgramme returns the programme that holds the call.
	CallProgramme(ctx context.Context, callID int64) (programmes.Programme, error)
	// Staff returns the users who work for the organisation in the role.
	Staff(ctx context.Context, organisationID int64, role string) ([]int64, error)
	Audit(ctx context.Context, entity string, id int64, action string, before, after any) error
	Notify(ctx context.Context, userIDs []int64, n notify.Notice, mail bool) error
}

// Filter narrows a list of grants.
type Filter struct {
	ProgrammeID int64
	Limit       int
	Offset      int
}

// MaxPage is the longest page of a list.
const MaxPage = 200
