package programmes

import (
	"context"
	"slices"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// CallStore is what the call set-up needs from storage; the store's Calls view
// implements it. Its errors are faults, except ENOTFOUND from CallProgramme.
type CallStore interface {
	CallReader
	Now() time.Time
	// UpdateCall runs fn in one write transaction; any error rolls back all of it.
	UpdateCall(ctx context.Context, fn func(CallTx) error) error
}

// CallReader reads a call's programme and settings, outside or inside a transaction.
type CallReader interface {
	// CallProgramme returns the programme, with its calls, that holds the call;
	// ENOTFOUND if there is no such call.
	CallProgramme(ctx context.Context, callID int64) (Programme, error)
	// CallSettings returns how the call is run; the defaults for one never set up.
	CallSettings(ctx context.Context, callID int64) (CallSettings, error)
}

// CallTx is one write transaction of the call set-up.
type CallTx interface {
	CallReader
	Now() time.Time
	// CallApplications counts the applications (and sketches) to the call, and
	// those of them that have left the draft.
	CallApplications(ctx context.Context, callID int64) (all, submitted int, err error)
	// WriteCallSettings inserts the settings (revision 0: never set up) or replaces
	// them if they are still at revision, and reports false, writing nothing, when
	// someone changed them since. On success s.Revision is the new revision.
	WriteCallSettings(ctx context.Context, s *CallSettings, revision int) (bool, error)
	Audit(ctx context.Context, entity string, id int64, action string, before, after any) error
}

// CallService is how a funder sets up the calls of its programmes.
type CallService struct{ store CallStore }

// NewCallService returns the call set-up use cases over s.
func NewCallService(s CallStore) *CallService { return &CallService{store: s} }

// CallSetup is a call with its programme and settings, for the settings page.
type CallSetup struct {
	Programme Programme
	Call      Call
	Settings  CallSettings
}

// ErrCallNotFound answers for a call that does not exist and for one whose settings
// the caller may not see, word for word the same.
var ErrCallNotFound = teilhabe.E(teilhabe.ENOTFOUND, "calls.error.not_found")

// Settings returns a call's settings to the staff of the programme's funder.
// Errors: ENOTFOUND (no such call, or the caller is not the funder's staff).
func (s *CallService) Settings(ctx context.Context, callID int64) (CallSetup, error) {
	return managedCall(ctx, s.store, accounts.PrincipalFrom(ctx), callID)
}

// SaveSettings replaces a call's settings: the staff of the programme's funder, on
// the revision they saw (0 for a call never set up). Questions keep their ids; new
// ones get one. The stages are fixed once applications were made to the call, and a
// question may only be removed while none has been submitted, because their answers
// hang on it. Errors: ENOTFOUND, ECONFLICT (changed since, stages fixed, question in
// use), EINVALID (every field at once).
func (s *CallService) SaveSettings(ctx context.Context, callID int64, revision int, in CallSettings) (CallSettings, error) {
	p := accounts.PrincipalFrom(ctx)
	var out CallSettings
	err := s.store.UpdateCall(ctx, func(tx CallTx) error {
		cur, err := managedCall(ctx, tx, p, callID)
		if err != nil {
			return err
		}
		if revision != cur.Settings.Revision {
			return teilhabe.E(teilhabe.ECONFLICT, "calls.error.changed")
		}
		next := in
		next.CallID, next.Questions = callID, slices.Clone(in.Questions)
		if err := next.Validate(cur.Call); err != nil {
			return err
		}
		removed := keepIDs(cur.Settings.Questions, next.Questions)
		all, submitted, err := tx.CallApplications(ctx, callID)
		if err != nil {
			return err
		}
		if all > 0 && next.Stages != cur.Settings.Stages {
			return teilhabe.E(teilhabe.ECONFLICT, "calls.error.stages_fixed", "Count", all)
		}
		if submitted > 0 && len(removed) > 0 {
			return teilhabe.E(teilhabe.ECONFLICT, "calls.error.question_in_use", "Count", submitted)
		}
		next.UpdatedAt = tx.Now()
		ok, err := tx.WriteCallSettings(ctx, &next, cur.Settings.Revision)
		if err != nil {
			return err
		} else if !ok {
			return teilhabe.E(teilhabe.ECONFLICT, "calls.error.changed")
		}
		out = next
		return tx.Audit(ctx, "call_settings", callID, "update", cur.Settings, next)
	})
	return out, err
}

// managedCall loads a call with its programme and settings if p manages the
// programme; anyone else learns nothing of it.
func managedCall(ctx context.Context, r CallReader, p *accounts.Principal, callID int64) (CallSetup, error) {
	prog, err := r.CallProgramme(ctx, callID)
	if teilhabe.ErrorCode(err) == teilhabe.ENOTFOUND || (err == nil && !CanManage(p, &prog)) {
		return CallSetup{}, ErrCallNotFound
	} else if err != nil {
		return CallSetup{}, err
	}
	i := slices.IndexFunc(prog.Calls, func(c Call) bool { return c.ID == callID })
	if i < 0 {
		return CallSetup{}, ErrCallNotFound
	}
	settings, err := r.CallSettings(ctx, callID)
	return CallSetup{Programme: prog, Call: prog.Calls[i], Settings: settings}, err
}
