package statements

import (
	"context"
	"time"

	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/programmes"
)

// Store is what the use cases need from storage; the store's Statements view
// implements it. Its errors are faults (EINTERNAL), except ENOTFOUND from the reads
// of one thing.
type Store interface {
	Reader
	Now() time.Time
	// Update runs fn in one write transaction; any error rolls back all of it.
	Update(ctx context.Context, fn func(Tx) error) error
	// Asked returns the statements asked of the administrations, with their
	// applications, the latest deadline first.
	Asked(ctx context.Context, municipalityIDs []int64) ([]Item, error)
	// List returns applications in scope that match f, as the applications' own
	// list does.
	List(ctx context.Context, scope applications.Scope, f applications.Filter) ([]applications.Application, int, error)
	// RegionNames names the regions with these keys; unknown keys are missing.
	RegionNames(ctx context.Context, keys []string) (map[string]string, error)
	// CallStatements returns the statements on the applications of a call.
	CallStatements(ctx context.Context, callID int64) ([]Statement, error)
}

// Reader reads outside or inside a transaction.
type Reader interface {
	// Application returns one application; ENOTFOUND if none.
	Application(ctx context.Context, id int64) (applications.Application, error)
	// CallProgramme returns the programme that holds the call; ENOTFOUND if none.
	CallProgramme(ctx context.Context, callID int64) (programmes.Programme, error)
	// Statements returns the statements asked on an application, by the
	// administration's name.
	Statements(ctx context.Context, applicationID int64) ([]Statement, error)
}

// Tx is one write transaction.
type Tx interface {
	Reader
	Now() time.Time
	// UpdateStatement writes the statement's answer if its row is still at
	// revision; false, writing nothing, when someone changed it since. On success
	// s.Revision is the new one.
	UpdateStatement(ctx context.Context, s *Statement, revision int) (bool, error)
	// UpdateApplication writes the application (its status) as the applications'
	// own view does, on its revision.
	UpdateApplication(ctx context.Context, a *applications.Application, revision int) (bool, error)
	// Audit records who changed what, in this transaction.
	Audit(ctx context.Context, entity string, id int64, action string, before, after any) error
}
