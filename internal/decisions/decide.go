package decisions

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"slices"
	"strings"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/grants"
	"github.com/teilhabe/teilhabe/internal/notify"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// errChanged answers a decision or a step on an application that someone changed
// since the form showed it: the other decision won.
var errChanged = teilhabe.E(teilhabe.ECONFLICT, "decisions.error.changed")

// StartReview moves one submitted application into the review (Prüfung), from
// submitted or either statement status. revision is the one the page showed (0: no
// check). Errors: ENOTFOUND, ECONFLICT (another status, changed since).
func (s *Service) StartReview(ctx context.Context, id int64, revision int) (applications.Application, error) {
	p := accounts.PrincipalFrom(ctx)
	var out applications.Application
	err := s.store.Update(ctx, func(tx Tx) error {
		a, _, err := application(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if err := startReview(ctx, tx, &a, revision, ""); err != nil {
			return err
		}
		out = a
		return nil
	})
	return out, err
}

// StartReviewBatch moves the listed applications of a call into the review, all or
// none: one that is no longer submitted or awaiting statements, or that changed
// since the list showed it (revisions by id, optional), refuses the whole batch and
// is named. Errors: ENOTFOUND, ECONFLICT, EINVALID (nothing chosen, too many).
func (s *Service) StartReviewBatch(ctx context.Context, callID int64, ids []int64, revisions map[int64]int) ([]applications.Application, error) {
	p := accounts.PrincipalFrom(ctx)
	batch := newBatchID()
	var out []applications.Application
	err := s.store.Update(ctx, func(tx Tx) error {
		if _, _, err := call(ctx, tx, p, callID); err != nil {
			return err
		}
		if err := checkBatchSize(ids); err != nil {
			return err
		}
		apps, err := batchApplications(ctx, tx, p, callID, ids)
		if err != nil {
			return err
		}
		var refused []string
		for _, a := range apps {
			if !applications.CanMove(a.Status, applications.StatusInReview) {
				refused = append(refused, a.Title)
			}
		}
		if len(refused) > 0 {
			return teilhabe.E(teilhabe.ECONFLICT, "decisions.error.batch_not_reviewable", "Titles", strings.Join(refused, "; "))
		}
		for i := range apps {
			if err := startReview(ctx, tx, &apps[i], revisions[apps[i].ID], batch); err != nil {
				return err
			}
		}
		out = apps
		return nil
	})
	return out, err
}

func startReview(ctx context.Context, tx Tx, a *applications.Application, revision int, batch string) error {
	if err := applications.CheckTransition(a.Status, applications.StatusInReview); err != nil {
		return err
	}
	if revision != 0 && revision != a.Revision {
		return errChanged
	}
	before := *a
	a.Status, a.UpdatedAt = applications.StatusInReview, tx.Now()
	if ok, err := tx.UpdateApplication(ctx, a, before.Revision); err != nil {
		return err
	} else if !ok {
		return errChanged
	}
	var detail any
	if batch != "" {
		detail = map[string]string{"batch": batch}
	}
	return tx.Audit(ctx, "application", a.ID, "start_review", before.Status, detail)
}

// Decide approves or rejects one application in review, on the revision the form
// showed: of two funder staff deciding at once one wins, the other gets ECONFLICT
// and nothing of theirs is written. An approval may not take the call beyond its
// budget. The provider's staff are told, in-app and by mail. Errors: ENOTFOUND,
// ECONFLICT (not in review, a sketch, changed since, over budget), EINVALID.
func (s *Service) Decide(ctx context.Context, id int64, in Input) (Decision, error) {
	p := accounts.PrincipalFrom(ctx)
	var d Decision
	err := s.store.Update(ctx, func(tx Tx) error {
		a, prog, err := application(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if err := tx.LockCall(ctx, a.CallID); err != nil {
			return err
		}
		if d, err = decide(ctx, tx, p, &a, &prog, in, ""); err != nil {
			return err
		}
		return withinBudget(ctx, tx, &prog, a.CallID)
	})
	return d, err
}

// BatchInput decides several applications of one call alike.
type BatchInput struct {
	Outcome    Outcome
	IDs        []int64
	Revisions  map[int64]int // the revisions the list showed, by id; missing: no check
	Conditions string        // of every approval
	Reason     string        // of every rejection
}

// DecideBatch approves (each with its requested sum) or rejects the listed
// applications of a call, all or none, in one transaction: one that is not in
// review refuses the batch and is named, and so does an approved total beyond the
// call's remaining budget. A lower amount needs a reduced finance plan and is
// decided one at a time. Errors: ENOTFOUND, ECONFLICT, EINVALID.
func (s *Service) DecideBatch(ctx context.Context, callID int64, in BatchInput) ([]Decision, error) {
	p := accounts.PrincipalFrom(ctx)
	batch := newBatchID()
	var out []Decision
	err := s.store.Update(ctx, func(tx Tx) error {
		prog, _, err := call(ctx, tx, p, callID)
		if err != nil {
			return err
		}
		if err := checkBatchSize(in.IDs); err != nil {
			return err
		}
		if err := tx.LockCall(ctx, callID); err != nil {
			return err
		}
		apps, err := batchApplications(ctx, tx, p, callID, in.IDs)
		if err != nil {
			return err
		}
		var refused []string
		for _, a := range apps {
			if a.Status != applications.StatusInReview {
				refused = append(refused, a.Title)
			}
		}
		if len(refused) > 0 {
			return teilhabe.E(teilhabe.ECONFLICT, "decisions.error.batch_not_in_review", "Titles", strings.Join(refused, "; "))
		}
		for i := range apps {
			d, err := decide(ctx, tx, p, &apps[i], &prog, Input{Outcome: in.Outcome, Conditions: in.Conditions, Reason: in.Reason,
				Revision: in.Revisions[apps[i].ID]}, batch)
			if err != nil {
				return err
			}
			out = append(out, d)
		}
		return withinBudget(ctx, tx, &prog, callID)
	})
	return out, err
}

// decide checks and writes one decision with its audit event and notice.
func decide(ctx context.Context, tx Tx, p *accounts.Principal, a *applications.Application, prog *programmes.Programme, in Input, batch string) (Decision, error) {
	if a.Stage == applications.StageSketch {
		return Decision{}, teilhabe.E(teilhabe.ECONFLICT, "decisions.error.sketch")
	}
	// A stale form first: whoever lost the race learns that someone else decided,
	// rather than that a decided application cannot be decided.
	if in.Revision != 0 && in.Revision != a.Revision {
		return Decision{}, errChanged
	}
	if in.Outcome == Approved || in.Outcome == Rejected {
		if err := applications.CheckTransition(a.Status, in.Outcome.Status()); err != nil {
			return Decision{}, err
		}
	}
	d, err := in.decision(a, applications.TermsOf(prog))
	if err != nil {
		return d, err
	}
	before := *a
	a.Status, a.UpdatedAt = d.Outcome.Status(), tx.Now()
	if ok, err := tx.UpdateApplication(ctx, a, before.Revision); err != nil {
		return d, err
	} else if !ok {
		return d, errChanged
	}
	d.Batch, d.DecidedAt = batch, tx.Now()
	if p != nil && p.User.ID != 0 {
		d.DecidedBy = p.User.ID
	}
	if err := tx.CreateDecision(ctx, &d); err != nil {
		return d, err
	}
	if err := tx.Audit(ctx, "decision", a.ID, string(d.Outcome), before.Status, d); err != nil {
		return d, err
	}
	if d.Outcome == Approved && a.Stage == applications.StageFull {
		// The approval is the grant's start: both or neither.
		g := grants.New(grants.Approval{Application: a, Programme: prog, Amount: d.Amount, Plan: d.Plan, Conditions: d.Conditions, At: d.DecidedAt})
		if err := tx.CreateGrant(ctx, &g); err != nil {
			return d, err
		}
		if err := tx.Audit(ctx, "grant", g.ID, "create", nil, g); err != nil {
			return d, err
		}
	}
	staff, err := tx.ProviderStaff(ctx, a.ProviderID)
	if err != nil {
		return d, err
	}
	n := notify.ApplicationDecided{ApplicationID: a.ID, Application: a.Title, Programme: prog.Title, Funder: prog.FunderName,
		Approved: d.Outcome == Approved, Amount: int64(d.Amount), Requested: int64(before.Plan.Requested), Conditions: d.Conditions, Reason: d.Reason}
	return d, tx.Notify(ctx, staff, n, true)
}

// withinBudget refuses what the transaction approved when the call's approvals now
// exceed its budget (a budget of 0 is unknown and refuses nothing).
func withinBudget(ctx context.Context, tx Tx, prog *programmes.Programme, callID int64) error {
	settings, err := tx.CallSettings(ctx, callID)
	if err != nil {
		return err
	}
	c := programmes.Call{ID: callID}
	if i := slices.IndexFunc(prog.Calls, func(x programmes.Call) bool { return x.ID == callID }); i >= 0 {
		c = prog.Calls[i]
	}
	budget := Budget(settings, prog, c)
	if budget == 0 {
		return nil
	}
	approved, err := tx.Approved(ctx, callID)
	if err != nil {
		return err
	}
	if approved > budget {
		return teilhabe.E(teilhabe.ECONFLICT, "decisions.error.over_budget", "Budget", budget, "Approved", approved, "Over", approved-budget)
	}
	return nil
}

// batchApplications loads the batch's applications, each of them the call's and a
// full application; an unknown id, or one of another call, refuses the batch.
func batchApplications(ctx context.Context, tx Tx, p *accounts.Principal, callID int64, ids []int64) ([]applications.Application, error) {
	var out []applications.Application
	for _, id := range ids {
		if slices.ContainsFunc(out, func(a applications.Application) bool { return a.ID == id }) {
			continue
		}
		a, _, err := application(ctx, tx, p, id)
		if err != nil {
			return nil, err
		}
		if a.CallID != callID {
			return nil, applications.ErrNotFound
		}
		if a.Stage == applications.StageSketch {
			return nil, teilhabe.E(teilhabe.ECONFLICT, "decisions.error.sketch")
		}
		out = append(out, a)
	}
	return out, nil
}

func checkBatchSize(ids []int64) error {
	switch {
	case len(ids) == 0:
		return teilhabe.Invalid("decisions.error.invalid", teilhabe.FieldMsg("ids", "required", "decisions.fielderror.none_chosen"))
	case len(ids) > MaxBatch:
		return teilhabe.Invalid("decisions.error.invalid", teilhabe.FieldMsg("ids", "too_many", "decisions.fielderror.too_many", "Max", MaxBatch))
	}
	return nil
}

// newBatchID names a batch in the audit log and on its decisions.
func newBatchID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
