package applications

import (
	"context"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/notify"
	"github.com/teilhabe/teilhabe/internal/programmes"
)

// Store is what the use cases need from storage; the store's Applications view
// implements it. Its errors are faults (EINTERNAL), except ENOTFOUND from the reads
// of one thing.
type Store interface {
	Reader
	// Now is the clock every deadline is judged by.
	Now() time.Time
	// Update runs fn in one write transaction; any error rolls back all of it.
	Update(ctx context.Context, fn func(Tx) error) error
	// List returns one page of the applications in scope that match f, newest change
	// first, and how many match in all.
	List(ctx context.Context, scope Scope, f Filter) ([]Application, int, error)
	// SketchDecision returns the funder's decision on a sketch, or nil.
	SketchDecision(ctx context.Context, applicationID int64) (*Decision, error)
}

// Reader reads outside or inside a transaction.
type Reader interface {
	// Application returns one application with its regions; ENOTFOUND if none.
	Application(ctx context.Context, id int64) (Application, error)
	// CallProgramme returns the programme, with its calls, that holds the call;
	// ENOTFOUND if there is no such call.
	CallProgramme(ctx context.Context, callID int64) (programmes.Programme, error)
	// CallSettings returns how the call is run; the defaults for a call never set up.
	CallSettings(ctx context.Context, callID int64) (programmes.CallSettings, error)
	// Organisation returns an organisation; ENOTFOUND if none.
	Organisation(ctx context.Context, id int64) (accounts.Organisation, error)
	// UnknownRegions returns those of keys that name no region.
	UnknownRegions(ctx context.Context, keys []string) ([]string, error)
	// RegionNames names the regions with these keys; unknown keys are missing.
	RegionNames(ctx context.Context, keys []string) (map[string]string, error)
	// QuestionFiles lists the application's attachments to the call's file
	// questions, in upload order.
	QuestionFiles(ctx context.Context, applicationID int64) ([]QuestionFile, error)
}

// Tx is one write transaction.
type Tx interface {
	Reader
	Now() time.Time
	// CreateApplication inserts a and sets its ID and revision.
	CreateApplication(ctx context.Context, a *Application) error
	// UpdateApplication writes a's content and status if its row is still at
	// revision, and reports false, writing nothing, when someone changed it since.
	// On success a.Revision is the new revision.
	UpdateApplication(ctx context.Context, a *Application, revision int) (bool, error)
	// FindProviders returns the organisations that ref names: by number, or by
	// name ignoring case.
	FindProviders(ctx context.Context, ref string) ([]accounts.Organisation, error)
	// AddPartner and RemovePartner write the application's partner organisations.
	AddPartner(ctx context.Context, applicationID, orgID, invitedBy int64) error
	RemovePartner(ctx context.Context, applicationID, orgID int64) error
	// ProviderStaff returns the active provider staff of an organisation.
	ProviderStaff(ctx context.Context, orgID int64) ([]int64, error)
	// Audit records who changed what, in this transaction.
	Audit(ctx context.Context, entity string, id int64, action string, before, after any) error
	// Notify gives each active user among userIDs the notice, with mail also by mail.
	Notify(ctx context.Context, userIDs []int64, n notify.Notice, mail bool) error
	// RecordDecision writes the funder's decision on a sketch.
	RecordDecision(ctx context.Context, d Decision) error
	// Administrations returns the municipal administrations whose region holds one
	// of keys (a key or one of its prefixes), with their active commissioners.
	Administrations(ctx context.Context, keys []string) ([]Administration, error)
	// RequestStatement inserts the request of one statement and returns its id.
	RequestStatement(ctx context.Context, r StatementRequest) (int64, error)
}

// Filter narrows a list of applications.
type Filter struct {
	CallID      int64
	ProgrammeID int64
	Status      Status
	Limit       int // at most MaxPage; 0 means DefaultPage
	Offset      int
}

// Page sizes of lists.
const (
	DefaultPage = 50
	MaxPage     = 500
)
