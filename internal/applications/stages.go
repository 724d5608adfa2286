package applications

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/notify"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Two-stage calls: while the call is open, providers hand in short sketches
// (Projektskizzen); the funder invites the authors of the good ones to a full
// application, which starts as a draft with the sketch's content and has the
// deadline of the full applications, or declines the sketch with a reason. A full
// application of such a call comes only from an invitation.

// maxReason bounds the reason of a declined sketch.
const maxReason = 4000

// Decision is the funder's decision on an application or sketch, as the table
// decisions keeps it. For a sketch, approved means invited.
type Decision struct {
	ApplicationID int64
	Outcome       Status // StatusApproved or StatusRejected
	Reason        string
	DecidedBy     int64
	DecidedAt     time.Time
}

// createStage is the stage of a new application to the call: a sketch in a
// two-stage call, else a full application; asking for the other is refused.
func createStage(ctx context.Context, tx Tx, callID int64, want Stage) (Stage, error) {
	settings, err := tx.CallSettings(ctx, callID)
	if err != nil {
		return "", err
	}
	switch {
	case settings.TwoStage() && want == StageFull:
		return "", teilhabe.E(teilhabe.ECONFLICT, "calls.error.full_by_invitation")
	case settings.TwoStage():
		return StageSketch, nil
	case want == StageSketch:
		return "", teilhabe.E(teilhabe.ECONFLICT, "calls.error.no_sketches")
	case want != "" && want != StageFull:
		return "", teilhabe.Invalid("applications.error.invalid", teilhabe.FieldMsg("stage", "invalid", "calls.fielderror.stage_unknown"))
	}
	return StageFull, nil
}

// CompleteSketch checks what a sketch needs to be submitted: a description, regions
// inside the programme's funding area, a project period inside the programme's and
// the sum it roughly asks for. Every gap at once.
func (a *Application) CompleteSketch(p *programmes.Programme) []teilhabe.FieldError {
	var f []teilhabe.FieldError
	for _, e := range a.Complete(p) {
		if slices.Contains([]string{"description", "regions", "period_start"}, e.Field) {
			f = append(f, e)
		}
	}
	if a.Plan.Requested <= 0 {
		f = append(f, teilhabe.FieldMsg("finance_plan.requested", "required", "calls.fielderror.sketch_requested"))
	}
	return f
}

// Invite asks the authors of a submitted sketch for the full application: the
// sketch is approved (through the review, by the steps of the state machine), the
// decision recorded, and a draft of the full application created for the same
// provider with the sketch's content and answers, which the provider's staff are
// told of. Only the staff of the programme's funder may. Errors: ENOTFOUND,
// EFORBIDDEN (not the funder), ECONFLICT (no sketch, not submitted or already
// decided, changed since).
func (s *Service) Invite(ctx context.Context, id int64, revision int) (sketch, full Application, err error) {
	err = s.decide(ctx, id, revision, StatusApproved, "", func(tx Tx, cur *Application, prog programmes.Programme, settings programmes.CallSettings) error {
		full = Application{CallID: cur.CallID, ProgrammeID: cur.ProgrammeID, ProviderID: cur.ProviderID, CreatedBy: cur.CreatedBy,
			Stage: StageFull, SketchID: cur.ID, Status: StatusDraft, Title: cur.Title, Description: cur.Description,
			RegionKeys: cur.RegionKeys, ActionFields: cur.ActionFields, TargetGroups: cur.TargetGroups,
			PeriodStart: cur.PeriodStart, PeriodEnd: cur.PeriodEnd, Outputs: cur.Outputs, Contact: cur.Contact, Plan: cur.Plan,
			FunderID: cur.FunderID, ProviderName: cur.ProviderName, ProgrammeTitle: cur.ProgrammeTitle, CallTitle: cur.CallTitle}
		full.Answers, _ = CheckAnswers(settings.QuestionsAt(string(StageFull)), cur.Answers)
		full.CreatedAt, full.UpdatedAt = tx.Now(), tx.Now()
		if err := tx.CreateApplication(ctx, &full); err != nil {
			return err
		}
		if err := tx.Audit(ctx, "application", full.ID, "create", nil, full); err != nil {
			return err
		}
		return s.tell(ctx, tx, cur.ProviderID, notify.SketchInvited{ApplicationID: full.ID, Title: cur.Title,
			Programme: prog.Title, Deadline: settings.FullClosesAt})
	}, &sketch)
	return sketch, full, err
}

// Decline rejects a submitted sketch with a reason, which the provider's staff are
// told. Only the staff of the programme's funder may. Errors: ENOTFOUND,
// EFORBIDDEN, ECONFLICT (as Invite), EINVALID (no reason, or one too long).
func (s *Service) Decline(ctx context.Context, id int64, revision int, reason string) (Application, error) {
	reason = strings.TrimSpace(reason)
	var sketch Application
	err := s.decide(ctx, id, revision, StatusRejected, reason, func(tx Tx, cur *Application, prog programmes.Programme, _ programmes.CallSettings) error {
		// Checked once the caller may decide, so that nobody learns of a sketch by a
		// missing reason; the error rolls the decision back.
		switch {
		case reason == "":
			return teilhabe.Invalid("applications.error.invalid", teilhabe.FieldMsg("reason", "required", "calls.fielderror.reason_required"))
		case len([]rune(reason)) > maxReason:
			return teilhabe.Invalid("applications.error.invalid", teilhabe.FieldMsg("reason", "too_long", "calls.fielderror.too_long", "Max", maxReason))
		}
		return s.tell(ctx, tx, cur.ProviderID, notify.SketchDeclined{ApplicationID: cur.ID, Title: cur.Title, Programme: prog.Title, Reason: reason})
	}, &sketch)
	return sketch, err
}

// decide moves a submitted sketch to the outcome by the legal steps, records the
// decision, runs then (the invitation's draft, the notice) and audits, in one
// transaction.
func (s *Service) decide(ctx context.Context, id int64, revision int, outcome Status, reason string,
	then func(Tx, *Application, programmes.Programme, programmes.CallSettings) error, out *Application) error {
	p := accounts.PrincipalFrom(ctx)
	return s.store.Update(ctx, func(tx Tx) error {
		cur, err := tx.Application(ctx, id)
		if teilhabe.ErrorCode(err) == teilhabe.ENOTFOUND || (err == nil && !CanView(p, &cur)) {
			return ErrNotFound
		} else if err != nil {
			return err
		}
		if !slices.Contains(fundersOf(p), cur.FunderID) {
			return teilhabe.E(teilhabe.EFORBIDDEN, "calls.error.funder_only")
		}
		if cur.Stage != StageSketch {
			return teilhabe.E(teilhabe.ECONFLICT, "calls.error.not_sketch")
		}
		if revision != 0 && revision != cur.Revision {
			return teilhabe.E(teilhabe.ECONFLICT, "applications.error.changed")
		}
		before := cur
		for _, step := range []Status{StatusInReview, outcome} {
			if cur.Status == StatusInReview && step == StatusInReview {
				continue
			}
			if err := CheckTransition(cur.Status, step); err != nil {
				return err
			}
			cur.Status = step
		}
		cur.UpdatedAt = tx.Now()
		ok, err := tx.UpdateApplication(ctx, &cur, before.Revision)
		if err != nil {
			return err
		} else if !ok {
			return teilhabe.E(teilhabe.ECONFLICT, "applications.error.changed")
		}
		if err := tx.RecordDecision(ctx, Decision{ApplicationID: cur.ID, Outcome: outcome, Reason: reason, DecidedBy: p.User.ID, DecidedAt: tx.Now()}); err != nil {
			return err
		}
		action := "invite"
		if outcome == StatusRejected {
			action = "decline"
		}
		if err := tx.Audit(ctx, "application", cur.ID, action, before, cur); err != nil {
			return err
		}
		prog, err := tx.CallProgramme(ctx, cur.CallID)
		if err != nil {
			return err
		}
		settings, err := tx.CallSettings(ctx, cur.CallID)
		if err != nil {
			return err
		}
		*out = cur
		return then(tx, &cur, prog, settings)
	})
}

// tell gives the provider's staff the notice, also by mail: they must not miss it.
func (s *Service) tell(ctx context.Context, tx Tx, providerID int64, n notify.Notice) error {
	staff, err := tx.ProviderStaff(ctx, providerID)
	if err != nil {
		return err
	}
	return tx.Notify(ctx, staff, n, true)
}

// SketchDecision returns the funder's decision on a sketch the caller may see, for
// its page: the reason of a declined one is the provider's to read. nil while
// undecided, and for full applications (their decisions are the funder's own
// capability). Errors: ENOTFOUND.
func (s *Service) SketchDecision(ctx context.Context, a *Application) (*Decision, error) {
	if !CanView(accounts.PrincipalFrom(ctx), a) {
		return nil, ErrNotFound
	}
	if a.Stage != StageSketch || !a.Status.Decided() {
		return nil, nil
	}
	return s.store.SketchDecision(ctx, a.ID)
}

// CallSettings returns how a call the caller may see is run, for the forms: its
// stages, deadlines and questions. Errors: ENOTFOUND.
func (s *Service) CallSettings(ctx context.Context, callID int64) (programmes.CallSettings, error) {
	if _, _, err := visibleCall(ctx, s.store, accounts.PrincipalFrom(ctx), callID); err != nil {
		return programmes.CallSettings{}, err
	}
	return s.store.CallSettings(ctx, callID)
}

// QuestionFiles lists the attachments to the file questions of an application the
// caller may see. Errors: ENOTFOUND.
func (s *Service) QuestionFiles(ctx context.Context, a *Application) ([]QuestionFile, error) {
	if !CanView(accounts.PrincipalFrom(ctx), a) {
		return nil, ErrNotFound
	}
	return s.store.QuestionFiles(ctx, a.ID)
}

// StageOf is the stage a new application to a call with these settings has.
func StageOf(s programmes.CallSettings) Stage {
	if s.TwoStage() {
		return StageSketch
	}
	return StageFull
}
