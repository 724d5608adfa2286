package reviews

import (
	"context"
	"slices"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Who may see and do what. The funder's staff (role funder_staff in the
// programme's funder) set a call's review up and read every submitted review of
// its applications. A reviewer assigned to the call reads the applications of the
// call that have been submitted and not withdrawn, and their own review, unless
// they declared a conflict of interest: then the application does not exist for
// them. Providers and commissioners see the application, never its reviews.
// applications.CanView does not know reviewers; this package decides their access.

func active(p *accounts.Principal) bool { return p != nil && !p.User.Disabled() }

// Manages reports whether p sets up reviews of the programme's calls and reads
// their reviews: the funder's staff, not its reviewers.
func Manages(p *accounts.Principal, prog *programmes.Programme) bool {
	if p.IsSystem() {
		return true
	}
	return active(p) && slices.ContainsFunc(p.Memberships, func(m accounts.Membership) bool {
		return m.Role == accounts.RoleFunderStaff && m.Organisation.ID == prog.FunderID
	})
}

// reviewable reports whether reviews may be given in this status: after the
// submission and before the decision or a withdrawal.
func reviewable(s applications.Status) bool {
	switch s {
	case applications.StatusSubmitted, applications.StatusStatementsRequested, applications.StatusStatementsReceived, applications.StatusInReview:
		return true
	}
	return false
}

// isReviewer reports whether p holds the reviewer role and is assigned to the call.
func isReviewer(ctx context.Context, r Reader, p *accounts.Principal, callID int64) (bool, error) {
	if !active(p) || !p.HasRole(accounts.RoleReviewer) {
		return false, nil
	}
	list, err := r.Reviewers(ctx, callID)
	return slices.ContainsFunc(list, func(x Reviewer) bool { return x.UserID == p.User.ID }), err
}

// forReviewer loads an application the caller reviews, with their review (nil
// before they declared anything). An application they may not review, one not
// submitted or withdrawn, and one they declared a conflict for answer like one
// that does not exist.
func forReviewer(ctx context.Context, r Reader, p *accounts.Principal, id int64) (applications.Application, *Review, error) {
	app, err := r.Application(ctx, id)
	if teilhabe.ErrorCode(err) == teilhabe.ENOTFOUND {
		return app, nil, applications.ErrNotFound
	} else if err != nil {
		return app, nil, err
	}
	if !app.Status.Submitted() || app.Status == applications.StatusWithdrawn {
		return applications.Application{}, nil, applications.ErrNotFound
	}
	if ok, err := isReviewer(ctx, r, p, app.CallID); err != nil {
		return app, nil, err
	} else if !ok {
		return applications.Application{}, nil, applications.ErrNotFound
	}
	rev, err := r.Review(ctx, id, p.User.ID)
	switch {
	case teilhabe.ErrorCode(err) == teilhabe.ENOTFOUND:
		return app, nil, nil
	case err != nil:
		return app, nil, err
	case rev.Conflict:
		return applications.Application{}, nil, applications.ErrNotFound
	}
	return app, &rev, nil
}

// visibleCall loads a call with its programme: one of a programme the caller may
// not see does not exist for them.
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

// managedCall loads a call the caller sets up: ENOTFOUND as visibleCall, and
// EFORBIDDEN for a visible call of another funder's programme.
func managedCall(ctx context.Context, r Reader, p *accounts.Principal, callID int64) (programmes.Programme, programmes.Call, error) {
	prog, call, err := visibleCall(ctx, r, p, callID)
	if err == nil && !Manages(p, &prog) {
		err = teilhabe.E(teilhabe.EFORBIDDEN, "reviews.error.not_funder")
	}
	return prog, call, err
}
