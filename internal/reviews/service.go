package reviews

import (
	"context"
	"strconv"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Assigned returns what the caller is to review: the submitted, not withdrawn
// applications of the calls they are assigned to, with their review's state.
// Nobody but a reviewer has any.
func (s *Service) Assigned(ctx context.Context) ([]Assignment, error) {
	p := accounts.PrincipalFrom(ctx)
	if !active(p) || !p.HasRole(accounts.RoleReviewer) {
		return nil, nil
	}
	return s.store.Assigned(ctx, p.User.ID)
}

// Workspace is what a reviewer sees of one application: before they declared
// that they have no conflict of interest, only its title, provider and call
// (enough to know whether they are biased); after, all of it, the call's
// criteria and their review.
type Workspace struct {
	App       applications.Application
	Confirmed bool // no conflict declared: App holds the content
	Criteria  []Criterion
	Review    *Review           // nil before the declaration
	CanWrite  bool              // a draft, in a status that takes reviews
	Regions   map[string]string // names of the regions the application serves
}

// Open returns the caller's workspace of an application they review. Errors:
// ENOTFOUND (also: not assigned, declared a conflict, not submitted, withdrawn).
func (s *Service) Open(ctx context.Context, applicationID int64) (Workspace, error) {
	app, rev, err := forReviewer(ctx, s.store, accounts.PrincipalFrom(ctx), applicationID)
	if err != nil {
		return Workspace{}, err
	}
	w := Workspace{App: app, Review: rev, Confirmed: rev != nil}
	if !w.Confirmed {
		// The content stays hidden until the reviewer says they are not biased.
		w.App = applications.Application{ID: app.ID, CallID: app.CallID, ProgrammeID: app.ProgrammeID, Title: app.Title,
			ProviderName: app.ProviderName, ProgrammeTitle: app.ProgrammeTitle, CallTitle: app.CallTitle, Status: app.Status,
			Stage: app.Stage, SubmittedAt: app.SubmittedAt}
	}
	w.CanWrite = reviewable(app.Status) && (rev == nil || !rev.Submitted())
	if w.Confirmed && len(app.RegionKeys) > 0 {
		if w.Regions, err = s.store.RegionNames(ctx, app.RegionKeys); err != nil {
			return w, err
		}
	}
	w.Criteria, err = s.store.Criteria(ctx, app.CallID)
	return w, err
}

// Declare records the reviewer's declaration before they see the application:
// a conflict of interest with its reason (final: the application is then hidden
// from them, and their review counts as "Befangenheit erklärt"), or that they
// have none, which begins their draft. Errors: ENOTFOUND, ECONFLICT (declared
// already, decided or withdrawn), EINVALID (a conflict without a reason).
func (s *Service) Declare(ctx context.Context, applicationID int64, conflict bool, reason string) (Review, error) {
	p := accounts.PrincipalFrom(ctx)
	var out Review
	err := s.store.Update(ctx, func(tx Tx) error {
		app, rev, err := forReviewer(ctx, tx, p, applicationID)
		if err != nil {
			return err
		}
		if rev != nil {
			return teilhabe.E(teilhabe.ECONFLICT, "reviews.error.declared")
		}
		out, err = declare(ctx, tx, p, &app, conflict, reason)
		return err
	})
	return out, err
}

func declare(ctx context.Context, tx Tx, p *accounts.Principal, app *applications.Application, conflict bool, reason string) (Review, error) {
	if !reviewable(app.Status) {
		return Review{}, errClosed(app.Status)
	}
	r := Review{ApplicationID: app.ID, ReviewerID: p.User.ID, ReviewerName: p.User.Name, Conflict: conflict, CreatedAt: tx.Now(), UpdatedAt: tx.Now()}
	if conflict {
		r.ConflictReason, r.SubmittedAt = clean(reason), tx.Now()
		switch {
		case r.ConflictReason == "":
			return r, teilhabe.Invalid("reviews.error.invalid", teilhabe.FieldMsg("conflict_reason", "required", "reviews.fielderror.reason_required"))
		case tooLong(r.ConflictReason, maxReasonLen):
			return r, teilhabe.Invalid("reviews.error.invalid", teilhabe.FieldMsg("conflict_reason", "too_long", "reviews.fielderror.too_long", "Max", maxReasonLen))
		}
	}
	if err := tx.CreateReview(ctx, &r); err != nil {
		return r, err
	}
	action := "confirm_no_conflict"
	if conflict {
		action = "declare_conflict"
	}
	return r, tx.Audit(ctx, "review", r.ID, action, nil, r)
}

func errClosed(s applications.Status) error {
	return teilhabe.E(teilhabe.ECONFLICT, "reviews.error.closed", "Status", teilhabe.Msg("applications.status."+string(s)))
}

// Input is a reviewer's step: a declared conflict, or the review's content, to
// keep as a draft or to submit. Scores holds the criteria the reviewer has
// judged; a draft may leave some out.
type Input struct {
	Conflict       bool
	ConflictReason string
	Scores         []Score
	Recommendation Recommendation
	Comment        string
	Submit         bool
	Revision       int // of the review as last seen; 0: no check
}

// Give records a reviewer's step on an application. A conflict is declared as by
// Declare. Otherwise the review is written (confirming no conflict, if that was
// not done yet): as a draft, or submitted, when every criterion has a score of
// 0 to 5 and there is a recommendation; the weighted score is then stored and the
// review frozen. Errors: ENOTFOUND, ECONFLICT (submitted already, decided,
// withdrawn, changed since, no criteria yet), EINVALID (every problem at once).
func (s *Service) Give(ctx context.Context, applicationID int64, in Input) (Review, error) {
	p := accounts.PrincipalFrom(ctx)
	var out Review
	err := s.store.Update(ctx, func(tx Tx) error {
		app, rev, err := forReviewer(ctx, tx, p, applicationID)
		if err != nil {
			return err
		}
		if in.Conflict {
			if rev != nil {
				return teilhabe.E(teilhabe.ECONFLICT, "reviews.error.declared")
			}
			out, err = declare(ctx, tx, p, &app, true, in.ConflictReason)
			return err
		}
		if !reviewable(app.Status) {
			return errClosed(app.Status)
		}
		if rev == nil {
			r, err := declare(ctx, tx, p, &app, false, "")
			if err != nil {
				return err
			}
			rev = &r
		} else if rev.Submitted() {
			return teilhabe.E(teilhabe.ECONFLICT, "reviews.error.frozen")
		} else if in.Revision != 0 && in.Revision != rev.Revision {
			return teilhabe.E(teilhabe.ECONFLICT, "reviews.error.changed")
		}
		criteria, err := tx.Criteria(ctx, app.CallID)
		if err != nil {
			return err
		}
		before := *rev
		cur := *rev
		cur.Scores, cur.Recommendation, cur.Comment, cur.UpdatedAt = cleanScores(in.Scores), in.Recommendation, clean(in.Comment), tx.Now()
		if err := check(&cur, criteria, in.Submit); err != nil {
			return err
		}
		action := "update"
		if in.Submit {
			cur.SubmittedAt, cur.Weighted, cur.HasWeighted, action = tx.Now(), Weighted(cur.Scores, criteria), true, "submit"
		}
		if ok, err := tx.UpdateReview(ctx, &cur, before.Revision); err != nil {
			return err
		} else if !ok {
			return teilhabe.E(teilhabe.ECONFLICT, "reviews.error.changed")
		}
		out = cur
		return tx.Audit(ctx, "review", cur.ID, action, before, cur)
	})
	return out, err
}

func cleanScores(in []Score) []Score {
	out := make([]Score, 0, len(in))
	for _, s := range in {
		s.Comment = clean(s.Comment)
		if s.Score == nil && s.Comment == "" {
			continue
		}
		out = append(out, s)
	}
	return out
}

// check validates a review's content; to submit, it must be complete.
func check(r *Review, criteria []Criterion, submit bool) error {
	if submit && len(criteria) == 0 {
		return teilhabe.E(teilhabe.ECONFLICT, "reviews.error.no_criteria")
	}
	var fields []teilhabe.FieldError
	seen := map[int64]bool{}
	known := map[int64]bool{}
	for _, c := range criteria {
		known[c.ID] = true
	}
	for _, s := range r.Scores {
		id := strconv.FormatInt(s.Criterion, 10)
		switch {
		case !known[s.Criterion]:
			fields = append(fields, teilhabe.FieldMsg("score."+id, "unknown", "reviews.fielderror.criterion_unknown", "ID", s.Criterion))
			continue
		case seen[s.Criterion]:
			fields = append(fields, teilhabe.FieldMsg("score."+id, "twice", "reviews.fielderror.criterion_twice"))
			continue
		}
		seen[s.Criterion] = true
		if s.Score != nil && (*s.Score < 0 || *s.Score > MaxScore) {
			fields = append(fields, teilhabe.FieldMsg("score."+id, "range", "reviews.fielderror.score_range", "Max", MaxScore))
		}
		if tooLong(s.Comment, maxCommentLen) {
			fields = append(fields, teilhabe.FieldMsg("comment."+id, "too_long", "reviews.fielderror.too_long", "Max", maxCommentLen))
		}
	}
	if submit {
		for _, c := range criteria {
			if sc, ok := r.ScoreOf(c.ID); !ok || sc.Score == nil {
				fields = append(fields, teilhabe.FieldMsg("score."+strconv.FormatInt(c.ID, 10), "required", "reviews.fielderror.score_required", "Name", c.Name))
			}
		}
	}
	switch {
	case r.Recommendation != "" && !r.Recommendation.Valid():
		fields = append(fields, teilhabe.FieldMsg("recommendation", "invalid", "reviews.fielderror.recommendation"))
	case submit && r.Recommendation == "":
		fields = append(fields, teilhabe.FieldMsg("recommendation", "required", "reviews.fielderror.recommendation"))
	}
	if tooLong(r.Comment, maxOverallLen) {
		fields = append(fields, teilhabe.FieldMsg("comment", "too_long", "reviews.fielderror.too_long", "Max", maxOverallLen))
	}
	if len(fields) > 0 {
		summary := "reviews.error.invalid"
		if submit {
			summary = "reviews.error.incomplete"
		}
		return teilhabe.Invalid(summary, fields...)
	}
	return nil
}

// Board is what the caller may see of an application's reviews.
type Board struct {
	Criteria []Criterion
	Reviews  []Review
}

// Reviews returns the reviews of an application the caller may read: the
// funder's staff read every submitted review and declared conflict (drafts stay
// the reviewer's), a reviewer their own. Anyone else, a provider and a
// commissioner included, gets ENOTFOUND, as for an application that does not exist.
func (s *Service) Reviews(ctx context.Context, applicationID int64) (Board, error) {
	p := accounts.PrincipalFrom(ctx)
	app, err := s.store.Application(ctx, applicationID)
	if teilhabe.ErrorCode(err) == teilhabe.ENOTFOUND {
		return Board{}, applications.ErrNotFound
	} else if err != nil {
		return Board{}, err
	}
	prog, err := s.store.CallProgramme(ctx, app.CallID)
	if err != nil {
		return Board{}, err
	}
	var b Board
	if app.Status.Submitted() && Manages(p, &prog) {
		all, err := s.store.Reviews(ctx, applicationID)
		if err != nil {
			return b, err
		}
		for _, r := range all {
			if r.Submitted() {
				b.Reviews = append(b.Reviews, r)
			}
		}
	} else {
		_, rev, err := forReviewer(ctx, s.store, p, applicationID)
		if err != nil {
			return b, err
		}
		if rev != nil {
			b.Reviews = []Review{*rev}
		}
	}
	b.Criteria, err = s.store.Criteria(ctx, app.CallID)
	return b, err
}
