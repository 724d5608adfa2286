package applications

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Service holds the use cases of applications. Every method takes the caller from
// the context (accounts.PrincipalFrom) and decides itself what the caller may do.
type Service struct {
	store Store
}

// NewService returns the use cases on s.
func NewService(s Store) *Service { return &Service{store: s} }

// Content is what an applicant writes: everything of an application but its place
// in the procedure.
type Content struct {
	Title        string
	Description  string
	RegionKeys   []string
	ActionFields []string
	TargetGroups []string
	PeriodStart  time.Time // a date; the time of day is dropped
	PeriodEnd    time.Time
	Outputs      []Output
	Contact      Contact
	Plan         FinancePlan
	// Answers to the call's own questions, by question id.
	Answers map[string]string
	// Stage asks for a sketch or a full application on Create; "" takes what the
	// call starts with. Save keeps the stage.
	Stage Stage
}

func (c Content) applyTo(a *Application) {
	a.Title, a.Description = c.Title, c.Description
	a.RegionKeys, a.ActionFields, a.TargetGroups = c.RegionKeys, c.ActionFields, c.TargetGroups
	a.PeriodStart, a.PeriodEnd = dateOf(c.PeriodStart), dateOf(c.PeriodEnd)
	a.Outputs, a.Contact, a.Plan = c.Outputs, c.Contact, c.Plan
	a.Answers = c.Answers
}

// Get returns one application the caller may see. Errors: ENOTFOUND (also for one
// the caller may not see).
func (s *Service) Get(ctx context.Context, id int64) (Application, error) {
	p := accounts.PrincipalFrom(ctx)
	a, err := s.store.Application(ctx, id)
	if teilhabe.ErrorCode(err) == teilhabe.ENOTFOUND || (err == nil && !CanView(p, &a)) {
		return Application{}, ErrNotFound
	}
	return a, err
}

// List returns a page of the applications the caller may see, and how many there
// are in all: a provider's own, the submitted ones to a funder's programmes, and
// the submitted ones in a commissioner's regions. Nobody else sees any.
func (s *Service) List(ctx context.Context, f Filter) ([]Application, int, error) {
	scope := ScopeOf(accounts.PrincipalFrom(ctx))
	if scope.Empty() {
		return nil, 0, nil
	}
	if f.Limit <= 0 {
		f.Limit = DefaultPage
	}
	f.Limit, f.Offset = min(f.Limit, MaxPage), max(f.Offset, 0)
	if f.Status != "" && !f.Status.Valid() {
		return nil, 0, teilhabe.Invalid("applications.error.invalid", teilhabe.FieldMsg("status", "invalid", "applications.fielderror.status"))
	}
	return s.store.List(ctx, scope, f)
}

// Create starts a draft for a call, for the provider the caller works for
// (providerID, or 0 when the caller works for exactly one). The call must belong
// to a programme that accepts applications and must not have closed; the provider
// must be of a type the programme funds. Errors: EUNAUTHORIZED, EFORBIDDEN (not a
// provider's staff), ENOTFOUND (no such call, or a programme the caller may not
// see), ECONFLICT (programme not accepting, call closed), EINVALID (also a finance
// plan that has been begun and does not balance or breaks the programme's terms).
func (s *Service) Create(ctx context.Context, callID, providerID int64, c Content) (Application, error) {
	p := accounts.PrincipalFrom(ctx)
	if p == nil {
		return Application{}, teilhabe.E(teilhabe.EUNAUTHORIZED, "")
	}
	provider, err := chooseProvider(p, providerID)
	if err != nil {
		return Application{}, err
	}
	var a Application
	err = s.store.Update(ctx, func(tx Tx) error {
		stage, err := createStage(ctx, tx, callID, c.Stage)
		if err != nil {
			return err
		}
		prog, call, _, err := openCall(ctx, tx, p, callID, stage, tx.Now(), false)
		if err != nil {
			return err
		}
		org, err := tx.Organisation(ctx, provider)
		if err != nil {
			return err
		}
		if len(prog.ProviderTypes) > 0 && !slices.Contains(prog.ProviderTypes, org.ProviderType) {
			return teilhabe.E(teilhabe.EFORBIDDEN, "applications.error.not_eligible", "Type", teilhabe.Msg("providertype."+string(org.ProviderType)))
		}
		a = Application{CallID: call.ID, ProgrammeID: prog.ID, ProviderID: provider, CreatedBy: p.User.ID, Status: StatusDraft,
			FunderID: prog.FunderID, ProviderName: org.Name, ProgrammeTitle: prog.Title, CallTitle: call.Title, Stage: stage}
		c.applyTo(&a)
		if err := validate(ctx, tx, &a, &prog); err != nil {
			return err
		}
		a.CreatedAt, a.UpdatedAt = tx.Now(), tx.Now()
		if err := tx.CreateApplication(ctx, &a); err != nil {
			return err
		}
		return tx.Audit(ctx, "application", a.ID, "create", nil, a)
	})
	return a, err
}

// Save replaces a draft's content. revision is the one the form showed (0: no
// check). Errors: ENOTFOUND, ECONFLICT (submitted, changed since), EINVALID.
func (s *Service) Save(ctx context.Context, id int64, revision int, c Content) (Application, error) {
	var a Application
	err := s.change(ctx, id, revision, "update", func(tx Tx, cur *Application) error {
		if cur.Status != StatusDraft {
			return teilhabe.E(teilhabe.ECONFLICT, "applications.error.frozen")
		}
		prog, err := tx.CallProgramme(ctx, cur.CallID)
		if err != nil {
			return err
		}
		c.applyTo(cur)
		cur.UpdatedAt = tx.Now()
		return validate(ctx, tx, cur, &prog)
	}, &a)
	return a, err
}

// Submit hands the draft in. The call must be open at the server's time (judged as
// an instant; messages show it in Europe/Berlin), and the application complete
// against the programme, every gap reported at once. A submitted application is
// frozen; a full application asks the municipal administrations of its regions
// for their statements. Errors: ENOTFOUND, ECONFLICT (not a draft, call closed or not open yet,
// changed since), EINVALID (incomplete).
func (s *Service) Submit(ctx context.Context, id int64, revision int) (Application, error) {
	var a Application
	err := s.change(ctx, id, revision, "submit", func(tx Tx, cur *Application) error {
		if err := CheckTransition(cur.Status, StatusSubmitted); err != nil {
			return err
		}
		prog, _, settings, err := openCall(ctx, tx, accounts.PrincipalFrom(ctx), cur.CallID, cur.Stage, tx.Now(), true)
		if err != nil {
			return err
		}
		if err := validate(ctx, tx, cur, nil); err != nil {
			return err
		}
		files, err := tx.QuestionFiles(ctx, cur.ID)
		if err != nil {
			return err
		}
		f := cur.Complete(&prog)
		if cur.Stage == StageSketch {
			f = cur.CompleteSketch(&prog)
		}
		f = append(f, MissingAnswers(settings.QuestionsAt(string(cur.Stage)), cur.Answers, files)...)
		if len(f) > 0 {
			return teilhabe.Invalid("applications.error.incomplete", f...)
		}
		cur.Status, cur.SubmittedAt, cur.UpdatedAt = StatusSubmitted, tx.Now(), tx.Now()
		return requestStatements(ctx, tx, cur, &prog, settings)
	}, &a)
	return a, err
}

// Withdraw takes the application back, from any status before the decision.
// Errors: ENOTFOUND, ECONFLICT (decided, withdrawn, changed since).
func (s *Service) Withdraw(ctx context.Context, id int64, revision int) (Application, error) {
	var a Application
	err := s.change(ctx, id, revision, "withdraw", func(tx Tx, cur *Application) error {
		if err := CheckTransition(cur.Status, StatusWithdrawn); err != nil {
			return err
		}
		cur.Status, cur.UpdatedAt = StatusWithdrawn, tx.Now()
		return nil
	}, &a)
	return a, err
}

// change runs one change of the applicant's in a transaction: load, check that the
// caller writes for the provider (else ENOTFOUND, or the application stays
// unchanged for a reader), apply fn, write on the revision, audit.
func (s *Service) change(ctx context.Context, id int64, revision int, action string, fn func(Tx, *Application) error, out *Application) error {
	p := accounts.PrincipalFrom(ctx)
	return s.store.Update(ctx, func(tx Tx) error {
		cur, err := tx.Application(ctx, id)
		if teilhabe.ErrorCode(err) == teilhabe.ENOTFOUND || (err == nil && !CanView(p, &cur)) {
			return ErrNotFound
		} else if err != nil {
			return err
		}
		if !CanEdit(p, &cur) {
			return teilhabe.E(teilhabe.EFORBIDDEN, "")
		}
		if revision != 0 && revision != cur.Revision {
			return teilhabe.E(teilhabe.ECONFLICT, "applications.error.changed")
		}
		before := cur
		if err := fn(tx, &cur); err != nil {
			return err
		}
		ok, err := tx.UpdateApplication(ctx, &cur, before.Revision)
		if err != nil {
			return err
		} else if !ok {
			return teilhabe.E(teilhabe.ECONFLICT, "applications.error.changed")
		}
		*out = cur
		return tx.Audit(ctx, "application", cur.ID, action, before, cur)
	})
}

// chooseProvider picks the provider p applies for.
func chooseProvider(p *accounts.Principal, providerID int64) (int64, error) {
	ms := ProviderMemberships(p)
	switch {
	case len(ms) == 0:
		return 0, teilhabe.E(teilhabe.EFORBIDDEN, "applications.error.not_provider")
	case providerID == 0 && len(ms) == 1:
		return ms[0].Organisation.ID, nil
	case providerID == 0:
		return 0, teilhabe.Invalid("applications.error.provider_choice", teilhabe.FieldMsg("provider_id", "required", "applications.error.provider_choice"))
	}
	for _, m := range ms {
		if m.Organisation.ID == providerID {
			return providerID, nil
		}
	}
	return 0, teilhabe.E(teilhabe.EFORBIDDEN, "applications.error.not_provider")
}

// openCall loads the call's programme and settings and checks that it takes
// applications of the stage now: a public programme in publication or its
// application phase, and a call that has not closed (and, to submit, has opened).
// The full applications of a two-stage call have their own deadline. A call of a
// programme the caller may not see does not exist for them.
func openCall(ctx context.Context, tx Tx, p *accounts.Principal, callID int64, stage Stage, now time.Time, submit bool) (programmes.Programme, programmes.Call, programmes.CallSettings, error) {
	prog, call, err := visibleCall(ctx, tx, p, callID)
	if err != nil {
		return prog, call, programmes.CallSettings{}, err
	}
	settings, err := tx.CallSettings(ctx, callID)
	if err != nil {
		return prog, call, settings, err
	}
	closes := settings.Deadline(call, string(stage))
	switch {
	case prog.Status != programmes.StatusPublished && prog.Status != programmes.StatusApplications:
		return prog, call, settings, teilhabe.E(teilhabe.ECONFLICT, "applications.error.programme_not_accepting")
	case !now.Before(closes):
		return prog, call, settings, teilhabe.E(teilhabe.ECONFLICT, "applications.error.call_closed", "Call", call.Title, "ClosesAt", closes)
	case submit && now.Before(call.OpensAt):
		return prog, call, settings, teilhabe.E(teilhabe.ECONFLICT, "applications.error.call_not_open", "Call", call.Title, "OpensAt", call.OpensAt)
	}
	return prog, call, settings, nil
}

// validate checks the content and that every region exists, and, given the
// programme, a finance plan that has been begun: a draft may leave the plan empty,
// but a plan it holds balances and keeps the programme's terms. All is reported
// together.
func validate(ctx context.Context, tx Tx, a *Application, prog *programmes.Programme) error {
	err := a.Validate()
	var fields []teilhabe.FieldError
	if e := teilhabe.AsError(err); e != nil {
		fields = e.Fields
	} else if err != nil {
		return err
	}
	if len(a.RegionKeys) > 0 && len(a.RegionKeys) <= maxRegions {
		unknown, err := tx.UnknownRegions(ctx, a.RegionKeys)
		if err != nil {
			return err
		}
		if len(unknown) > 0 {
			fields = append(fields, teilhabe.FieldMsg("regions", "unknown", "applications.fielderror.regions_unknown", "Keys", strings.Join(unknown, ", ")))
		}
	}
	if prog != nil && !a.Plan.Empty() && a.Stage != StageSketch {
		fields = append(fields, a.Plan.Check(TermsOf(prog))...)
	}
	settings, err := tx.CallSettings(ctx, a.CallID)
	if err != nil {
		return err
	}
	answers, bad := CheckAnswers(settings.QuestionsAt(string(a.Stage)), a.Answers)
	a.Answers, fields = answers, append(fields, bad...)
	if len(fields) > 0 {
		return teilhabe.Invalid("applications.error.invalid", fields...)
	}
	return nil
}

// Call returns a call with its programme, for the form of a new application:
// ENOTFOUND for an unknown call or one of a programme the caller may not see.
// Whether it still takes applications, Create decides.
func (s *Service) Call(ctx context.Context, callID int64) (programmes.Programme, programmes.Call, error) {
	return visibleCall(ctx, s.store, accounts.PrincipalFrom(ctx), callID)
}

// visibleCall loads a call with its programme; a call of a programme the caller
// may not see does not exist for them.
func visibleCall(ctx context.Context, r Reader, p *accounts.Principal, callID int64) (programmes.Programme, programmes.Call, error) {
	unknown := teilhabe.E(teilhabe.ENOTFOUND, "applications.error.call_unknown")
	prog, err := r.CallProgramme(ctx, callID)
	if teilhabe.ErrorCode(err) == teilhabe.ENOTFOUND || (err == nil && !prog.Status.Public() && !programmes.InFunder(p, &prog)) {
		return programmes.Programme{}, programmes.Call{}, unknown
	} else if err != nil {
		return prog, programmes.Call{}, err
	}
	i := slices.IndexFunc(prog.Calls, func(c programmes.Call) bool { return c.ID == callID })
	if i < 0 {
		return programmes.Programme{}, programmes.Call{}, unknown
	}
	return prog, prog.Calls[i], nil
}

// RegionNames names the regions an application serves, for its page: a name for
// every key that names a region.
func (s *Service) RegionNames(ctx context.Context, keys []string) (map[string]string, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	return s.store.RegionNames(ctx, keys)
}

// Programme returns the programme an application belongs to, for its page and
// form: the terms its finance plan is judged by. The caller must see the
// application. Errors: ENOTFOUND.
func (s *Service) Programme(ctx context.Context, a *Application) (programmes.Programme, error) {
	if !CanView(accounts.PrincipalFrom(ctx), a) {
		return programmes.Programme{}, ErrNotFound
	}
	return s.store.CallProgramme(ctx, a.CallID)
}
