package reviews

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Service holds the use cases of reviews. Every method takes the caller from the
// context (accounts.PrincipalFrom) and decides itself what the caller may do.
type Service struct {
	store Store
}

// NewService returns the use cases on s.
func NewService(s Store) *Service { return &Service{store: s} }

// Setup is a call's review set-up as its funder sees it.
type Setup struct {
	Programme  programmes.Programme
	Call       programmes.Call
	Criteria   []Criterion
	Scored     map[int64]bool // criteria some review has scored: they cannot be removed
	Submitted  int            // submitted reviews (not conflicts) of the call's applications
	Reviewers  []Reviewer
	Reviewed   map[int64]bool // reviewers with a submitted review or declared conflict
	Candidates []Reviewer     // reviewers who could still be assigned
}

// Setup returns the call's criteria and reviewers. Only the funder's staff.
// Errors: ENOTFOUND (no such call, or one the caller may not see), EFORBIDDEN.
func (s *Service) Setup(ctx context.Context, callID int64) (Setup, error) {
	p := accounts.PrincipalFrom(ctx)
	prog, call, err := managedCall(ctx, s.store, p, callID)
	if err != nil {
		return Setup{}, err
	}
	out := Setup{Programme: prog, Call: call}
	if out.Criteria, err = s.store.Criteria(ctx, callID); err != nil {
		return out, err
	}
	if out.Reviewers, err = s.store.Reviewers(ctx, callID); err != nil {
		return out, err
	}
	all, err := s.store.CallReviews(ctx, callID)
	if err != nil {
		return out, err
	}
	out.Scored, out.Reviewed, out.Submitted = scoredCriteria(all), map[int64]bool{}, submittedScores(all)
	for _, r := range all {
		if r.Submitted() {
			out.Reviewed[r.ReviewerID] = true
		}
	}
	cands, err := s.store.Candidates(ctx)
	for _, c := range cands {
		if !slices.ContainsFunc(out.Reviewers, func(r Reviewer) bool { return r.UserID == c.UserID }) {
			out.Candidates = append(out.Candidates, c)
		}
	}
	return out, err
}

func scoredCriteria(all []Review) map[int64]bool {
	out := map[int64]bool{}
	for _, r := range all {
		for _, sc := range r.Scores {
			if sc.Score != nil {
				out[sc.Criterion] = true
			}
		}
	}
	return out
}

func submittedScores(all []Review) int {
	n := 0
	for _, r := range all {
		if r.Submitted() && !r.Conflict {
			n++
		}
	}
	return n
}

// CriterionInput is one row of the criteria form: an existing criterion (ID) or
// a new one, possibly marked for removal.
type CriterionInput struct {
	ID          int64
	Name        string
	Description string
	Weight      int // 0 when the form's text was no whole number
	Remove      bool
}

// SaveCriteria makes the rows the call's criteria, in their order. A criterion
// that a review has scored cannot be removed; once a review is submitted, the
// weights and the set of criteria stay as they were, so that the weighted scores
// stored on submission keep their meaning (names and descriptions may still be
// corrected). Errors: ENOTFOUND, EFORBIDDEN, EINVALID (each row's errors under
// criteria.N.name, .description, .weight, .remove).
func (s *Service) SaveCriteria(ctx context.Context, callID int64, rows []CriterionInput) ([]Criterion, error) {
	p := accounts.PrincipalFrom(ctx)
	var saved []Criterion
	err := s.store.Update(ctx, func(tx Tx) error {
		if _, _, err := managedCall(ctx, tx, p, callID); err != nil {
			return err
		}
		before, err := tx.Criteria(ctx, callID)
		if err != nil {
			return err
		}
		all, err := tx.CallReviews(ctx, callID)
		if err != nil {
			return err
		}
		scored, fixed := scoredCriteria(all), submittedScores(all) > 0
		var fields []teilhabe.FieldError
		field := func(i int, name, code, id string, args ...any) {
			fields = append(fields, teilhabe.FieldMsg("criteria."+strconv.Itoa(i)+"."+name, code, id, args...))
		}
		for i, row := range rows {
			var old *Criterion
			if row.ID != 0 {
				j := slices.IndexFunc(before, func(c Criterion) bool { return c.ID == row.ID })
				if j < 0 {
					return teilhabe.E(teilhabe.ECONFLICT, "reviews.error.criteria_changed")
				}
				old = &before[j]
			}
			switch {
			case row.Remove && old != nil && scored[old.ID]:
				field(i, "remove", "scored", "reviews.fielderror.criterion_scored", "Name", old.Name)
				continue
			case row.Remove:
				continue
			}
			c := Criterion{ID: row.ID, CallID: callID, Position: len(saved) + 1, Name: clean(row.Name), Description: clean(row.Description), Weight: row.Weight}
			if c.Name == "" {
				field(i, "name", "required", "reviews.fielderror.criterion_name")
			} else if tooLong(c.Name, maxNameLen) {
				field(i, "name", "too_long", "reviews.fielderror.too_long", "Max", maxNameLen)
			}
			if tooLong(c.Description, maxDescriptionLen) {
				field(i, "description", "too_long", "reviews.fielderror.too_long", "Max", maxDescriptionLen)
			}
			if c.Weight < 1 || c.Weight > MaxWeight {
				field(i, "weight", "range", "reviews.fielderror.weight", "Max", MaxWeight)
			} else if fixed && old != nil && old.Weight != c.Weight {
				field(i, "weight", "fixed", "reviews.fielderror.weight_fixed")
			}
			if fixed && old == nil {
				field(i, "name", "fixed", "reviews.fielderror.criteria_fixed")
			}
			saved = append(saved, c)
		}
		for _, old := range before {
			// A criterion missing from the form entirely counts as removed.
			if !slices.ContainsFunc(rows, func(r CriterionInput) bool { return r.ID == old.ID }) && scored[old.ID] {
				fields = append(fields, teilhabe.FieldMsg("criteria", "scored", "reviews.fielderror.criterion_scored", "Name", old.Name))
			}
		}
		if fixed && len(fields) == 0 && !sameSet(before, saved) {
			fields = append(fields, teilhabe.FieldMsg("criteria", "fixed", "reviews.fielderror.criteria_fixed"))
		}
		if len(saved) > MaxCriteria {
			fields = append(fields, teilhabe.FieldMsg("criteria", "too_many", "reviews.fielderror.too_many_criteria", "Max", MaxCriteria))
		}
		if len(fields) > 0 {
			return teilhabe.Invalid("reviews.error.criteria_invalid", fields...)
		}
		if err := tx.SaveCriteria(ctx, callID, saved); err != nil {
			return err
		}
		return tx.Audit(ctx, "call_criteria", callID, "update", before, saved)
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// sameSet reports whether after holds exactly the criteria of before.
func sameSet(before, after []Criterion) bool {
	if len(before) != len(after) {
		return false
	}
	for _, c := range after {
		if c.ID == 0 || !slices.ContainsFunc(before, func(b Criterion) bool { return b.ID == c.ID }) {
			return false
		}
	}
	return true
}

// Assign makes a user who holds the reviewer role a reviewer of the call, given
// by e-mail address (if not empty) or by id. Errors: ENOTFOUND (call), EFORBIDDEN,
// EINVALID (no such reviewer), ECONFLICT (assigned already).
func (s *Service) Assign(ctx context.Context, callID, userID int64, email string) (Reviewer, error) {
	p := accounts.PrincipalFrom(ctx)
	var rev Reviewer
	err := s.store.Update(ctx, func(tx Tx) error {
		if _, _, err := managedCall(ctx, tx, p, callID); err != nil {
			return err
		}
		var err error
		email = strings.ToLower(clean(email))
		switch {
		case email != "" && (tooLong(email, 254) || !strings.Contains(email, "@")):
			return teilhabe.Invalid("reviews.error.assign_invalid", teilhabe.FieldMsg("email", "invalid", "reviews.fielderror.email"))
		case email != "":
			rev, err = tx.ReviewerByEmail(ctx, email)
		case userID > 0:
			rev, err = tx.ReviewerByID(ctx, userID)
		default:
			return teilhabe.Invalid("reviews.error.assign_invalid", teilhabe.FieldMsg("email", "required", "reviews.fielderror.reviewer_required"))
		}
		if teilhabe.ErrorCode(err) == teilhabe.ENOTFOUND {
			return teilhabe.Invalid("reviews.error.assign_invalid", teilhabe.FieldMsg("email", "unknown", "reviews.fielderror.no_reviewer"))
		} else if err != nil {
			return err
		}
		var by int64
		if !p.IsSystem() {
			by = p.User.ID
		}
		added, err := tx.Assign(ctx, callID, rev.UserID, by)
		if err != nil {
			return err
		} else if !added {
			return teilhabe.E(teilhabe.ECONFLICT, "reviews.error.assigned_already", "Name", rev.Name)
		}
		return tx.Audit(ctx, "call_reviewer", callID, "assign", nil, map[string]any{"user_id": rev.UserID})
	})
	return rev, err
}

// Unassign removes a reviewer from the call. A reviewer who has submitted a
// review or declared a conflict for one of its applications stays: the review is
// part of the procedure's record. Their unsubmitted drafts go with them.
// Errors: ENOTFOUND (call, or a user not assigned), EFORBIDDEN, ECONFLICT.
func (s *Service) Unassign(ctx context.Context, callID, userID int64) error {
	p := accounts.PrincipalFrom(ctx)
	return s.store.Update(ctx, func(tx Tx) error {
		if _, _, err := managedCall(ctx, tx, p, callID); err != nil {
			return err
		}
		list, err := tx.Reviewers(ctx, callID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(list, func(r Reviewer) bool { return r.UserID == userID })
		if i < 0 {
			return teilhabe.E(teilhabe.ENOTFOUND, "reviews.error.not_assigned")
		}
		all, err := tx.CallReviews(ctx, callID)
		if err != nil {
			return err
		}
		if slices.ContainsFunc(all, func(r Review) bool { return r.ReviewerID == userID && r.Submitted() }) {
			return teilhabe.E(teilhabe.ECONFLICT, "reviews.error.reviewer_has_reviews", "Name", list[i].Name)
		}
		if err := tx.Unassign(ctx, callID, userID); err != nil {
			return err
		}
		return tx.Audit(ctx, "call_reviewer", callID, "unassign", map[string]any{"user_id": userID}, nil)
	})
}
