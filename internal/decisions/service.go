package decisions

import (
	"context"
	"slices"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Service holds the use cases of decisions. Only the staff of the programme's
// funder may see or do any of it (and the system, for the command line): to
// everybody else an application answers like applications.ErrNotFound, a call like
// ErrCallNotFound, word for word as one that does not exist. The funder's
// reviewers neither: they score, the staff decide.
type Service struct {
	store Store
}

// NewService returns the use cases on s.
func NewService(s Store) *Service { return &Service{store: s} }

// ErrCallNotFound is the answer for a call that does not exist and for one whose
// decisions the caller may not see.
var ErrCallNotFound = teilhabe.E(teilhabe.ENOTFOUND, "decisions.error.call_unknown")

// Pending are the statuses of applications the ranking lists: submitted and not yet
// decided.
var Pending = []applications.Status{applications.StatusSubmitted, applications.StatusStatementsRequested,
	applications.StatusStatementsReceived, applications.StatusInReview}

// decides reports whether p works for the programme's funder as its staff: the
// funder's reviewers score applications but do not decide on them.
func decides(p *accounts.Principal, prog *programmes.Programme) bool {
	if p.IsSystem() {
		return true
	}
	if !programmes.InFunder(p, prog) {
		return false
	}
	return slices.ContainsFunc(p.Memberships, func(m accounts.Membership) bool {
		return m.Role == accounts.RoleFunderStaff && m.Organisation.ID == prog.FunderID
	})
}

// call loads a call with its programme for its funder.
func call(ctx context.Context, r Reader, p *accounts.Principal, callID int64) (programmes.Programme, programmes.Call, error) {
	prog, err := r.CallProgramme(ctx, callID)
	if teilhabe.ErrorCode(err) == teilhabe.ENOTFOUND || (err == nil && !decides(p, &prog)) {
		return programmes.Programme{}, programmes.Call{}, ErrCallNotFound
	} else if err != nil {
		return prog, programmes.Call{}, err
	}
	i := slices.IndexFunc(prog.Calls, func(c programmes.Call) bool { return c.ID == callID })
	if i < 0 {
		return programmes.Programme{}, programmes.Call{}, ErrCallNotFound
	}
	return prog, prog.Calls[i], nil
}

// application loads an application for the funder of its programme.
func application(ctx context.Context, r Reader, p *accounts.Principal, id int64) (applications.Application, programmes.Programme, error) {
	a, err := r.Application(ctx, id)
	if teilhabe.ErrorCode(err) == teilhabe.ENOTFOUND {
		return a, programmes.Programme{}, applications.ErrNotFound
	} else if err != nil {
		return a, programmes.Programme{}, err
	}
	prog, err := r.CallProgramme(ctx, a.CallID)
	if err != nil {
		return a, prog, err
	}
	// A draft is the provider's alone, also for the funder.
	if !decides(p, &prog) || !a.Status.Submitted() {
		return applications.Application{}, programmes.Programme{}, applications.ErrNotFound
	}
	return a, prog, nil
}

// pipeline reads the counts and the budget of a call.
func pipeline(ctx context.Context, r Reader, prog programmes.Programme, c programmes.Call) (Pipeline, error) {
	pl := Pipeline{Programme: prog, Call: c}
	settings, err := r.CallSettings(ctx, c.ID)
	if err != nil {
		return pl, err
	}
	counts, err := r.StatusCounts(ctx, c.ID)
	if err != nil {
		return pl, err
	}
	for _, s := range applications.Statuses {
		sc := StatusCount{Status: s}
		if i := slices.IndexFunc(counts, func(x StatusCount) bool { return x.Status == s }); i >= 0 {
			sc = counts[i]
		}
		pl.Counts = append(pl.Counts, sc)
	}
	if pl.Approved, err = r.Approved(ctx, c.ID); err != nil {
		return pl, err
	}
	pl.Budget = Budget(settings, &prog, c)
	pl.Remaining = pl.Budget - pl.Approved
	return pl, nil
}

// Pipeline returns the call's applications counted by status, with the sums
// requested against the budget. Errors: ENOTFOUND.
func (s *Service) Pipeline(ctx context.Context, callID int64) (Pipeline, error) {
	prog, c, err := call(ctx, s.store, accounts.PrincipalFrom(ctx), callID)
	if err != nil {
		return Pipeline{}, err
	}
	return pipeline(ctx, s.store, prog, c)
}

// Ranking returns the pipeline and the call's undecided full applications ranked by
// their mean weighted score, with the running total of the requested sums against
// the remaining budget. Errors: ENOTFOUND.
func (s *Service) Ranking(ctx context.Context, callID int64) (Ranking, error) {
	prog, c, err := call(ctx, s.store, accounts.PrincipalFrom(ctx), callID)
	if err != nil {
		return Ranking{}, err
	}
	pl, err := pipeline(ctx, s.store, prog, c)
	if err != nil {
		return Ranking{}, err
	}
	cands, err := s.store.Candidates(ctx, callID, Pending, s.store.Now())
	if err != nil {
		return Ranking{}, err
	}
	return Ranking{Pipeline: pl, Rows: Rank(cands, pl.Budget, pl.Remaining)}, nil
}

// Summary returns the decision summary of one application: its reviews with the
// mean weighted score, the statements, the finance plan, the decision if made, and
// the call's budget. Errors: ENOTFOUND (also for anyone but the programme's funder,
// and for a draft).
func (s *Service) Summary(ctx context.Context, id int64) (Summary, error) {
	a, prog, err := application(ctx, s.store, accounts.PrincipalFrom(ctx), id)
	if err != nil {
		return Summary{}, err
	}
	sum := Summary{App: a, Programme: prog, Now: s.store.Now()}
	if sum.Reviews, err = s.store.Reviews(ctx, id); err != nil {
		return sum, err
	}
	if sum.Criteria, err = s.store.Criteria(ctx, a.CallID); err != nil {
		return sum, err
	}
	if sum.Statements, err = s.store.Statements(ctx, id); err != nil {
		return sum, err
	}
	d, err := s.store.Decision(ctx, id)
	switch teilhabe.ErrorCode(err) {
	case "":
		sum.Decision = &d
	case teilhabe.ENOTFOUND:
	default:
		return sum, err
	}
	c := programmes.Call{ID: a.CallID}
	if i := slices.IndexFunc(prog.Calls, func(x programmes.Call) bool { return x.ID == a.CallID }); i >= 0 {
		c = prog.Calls[i]
	}
	pl, err := pipeline(ctx, s.store, prog, c)
	sum.Budget, sum.Remaining = pl.Budget, pl.Remaining
	return sum, err
}

// Committee returns what the funding committee gets: the ranking of the call and
// the summary of every ranked application. Errors: ENOTFOUND.
func (s *Service) Committee(ctx context.Context, callID int64) (Ranking, []Summary, error) {
	r, err := s.Ranking(ctx, callID)
	if err != nil {
		return r, nil, err
	}
	var out []Summary
	for _, row := range r.Rows {
		sum, err := s.Summary(ctx, row.ApplicationID)
		if err != nil {
			return r, nil, err
		}
		out = append(out, sum)
	}
	return r, out, nil
}
