package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/reviews"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// ReviewStore is the reviews' view of the database: call_criteria,
// call_reviewers and reviews.
type ReviewStore struct{ db *DB }

// Reviews returns the view that implements reviews.Store.
func (db *DB) Reviews() *ReviewStore { return &ReviewStore{db: db} }

var _ reviews.Store = (*ReviewStore)(nil)

// Now is the database's clock.
func (s *ReviewStore) Now() time.Time { return s.db.Now().UTC() }

// Update runs fn in one write transaction.
func (s *ReviewStore) Update(ctx context.Context, fn func(reviews.Tx) error) error {
	return s.db.Update(ctx, func(tx *Tx) error { return fn(reviewTx{tx}) })
}

type reviewTx struct{ tx *Tx }

var _ reviews.Tx = reviewTx{}

func (t reviewTx) Now() time.Time { return t.tx.now }

func (t reviewTx) Audit(ctx context.Context, entity string, id int64, action string, before, after any) error {
	return t.tx.Audit(ctx, entity, strconv.FormatInt(id, 10), action, before, after)
}

func (s *ReviewStore) Application(ctx context.Context, id int64) (applications.Application, error) {
	return readApplication(ctx, s.db.read, id)
}

func (t reviewTx) Application(ctx context.Context, id int64) (applications.Application, error) {
	return readApplication(ctx, t.tx, id)
}

func (s *ReviewStore) CallProgramme(ctx context.Context, callID int64) (programmes.Programme, error) {
	return callProgramme(ctx, s.db.read, callID)
}

func (t reviewTx) CallProgramme(ctx context.Context, callID int64) (programmes.Programme, error) {
	return callProgramme(ctx, t.tx, callID)
}

func (s *ReviewStore) Criteria(ctx context.Context, callID int64) ([]reviews.Criterion, error) {
	return readCriteria(ctx, s.db.read, callID)
}

func (t reviewTx) Criteria(ctx context.Context, callID int64) ([]reviews.Criterion, error) {
	return readCriteria(ctx, t.tx, callID)
}

func readCriteria(ctx context.Context, q queryer, callID int64) ([]reviews.Criterion, error) {
	return collect(ctx, q, func(rows *sql.Rows) (reviews.Criterion, error) {
		var c reviews.Criterion
		err := rows.Scan(&c.ID, &c.CallID, &c.Position, &c.Name, &c.Description, &c.Weight)
		return c, err
	}, `SELECT id, call_id, position, name, description, weight FROM call_criteria WHERE call_id = $1 ORDER BY position, id`, callID)
}

// roleReviewer is the role as the memberships table spells it.
const roleReviewer = `'` + string(accounts.RoleReviewer) + `'`

// reviewerColumns name a user with (the first of) the organisations they review for.
const reviewerColumns = `u.id, u.name, u.email, COALESCE((SELECT MIN(o.name) FROM memberships m JOIN organisations o ON o.id = m.organisation_id
	WHERE m.user_id = u.id AND m.role = ` + roleReviewer + `), '')`

func scanReviewer(rows interface{ Scan(...any) error }) (reviews.Reviewer, error) {
	var r reviews.Reviewer
	err := rows.Scan(&r.UserID, &r.Name, &r.Email, &r.Organisations)
	return r, err
}

func (s *ReviewStore) Reviewers(ctx context.Context, callID int64) ([]reviews.Reviewer, error) {
	return readReviewers(ctx, s.db.read, callID)
}

func (t reviewTx) Reviewers(ctx context.Context, callID int64) ([]reviews.Reviewer, error) {
	return readReviewers(ctx, t.tx, callID)
}

func readReviewers(ctx context.Context, q queryer, callID int64) ([]reviews.Reviewer, error) {
	return collect(ctx, q, func(rows *sql.Rows) (reviews.Reviewer, error) { return scanReviewer(rows) },
		`SELECT `+reviewerColumns+` FROM call_reviewers cr JOIN users u ON u.id = cr.user_id WHERE cr.call_id = $1 ORDER BY u.name, u.id`, callID)
}

func (s *ReviewStore) RegionNames(ctx context.Context, keys []string) (map[string]string, error) {
	return s.db.regionNames(ctx, keys)
}

// Candidates returns the active users with the reviewer role.
func (s *ReviewStore) Candidates(ctx context.Context) ([]reviews.Reviewer, error) {
	return collect(ctx, s.db.read, func(rows *sql.Rows) (reviews.Reviewer, error) { return scanReviewer(rows) },
		`SELECT `+reviewerColumns+` FROM users u WHERE u.disabled_at IS NULL
		AND EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND m.role = `+roleReviewer+`) ORDER BY u.name, u.id`)
}

func (t reviewTx) ReviewerByEmail(ctx context.Context, email string) (reviews.Reviewer, error) {
	return t.reviewer(ctx, `LOWER(u.email) = $1`, strings.ToLower(email))
}

func (t reviewTx) ReviewerByID(ctx context.Context, id int64) (reviews.Reviewer, error) {
	return t.reviewer(ctx, `u.id = $1`, id)
}

func (t reviewTx) reviewer(ctx context.Context, cond string, arg any) (reviews.Reviewer, error) {
	r, err := scanReviewer(t.tx.QueryRowContext(ctx, `SELECT `+reviewerColumns+` FROM users u WHERE `+cond+` AND u.disabled_at IS NULL
		AND EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND m.role = `+roleReviewer+`)`, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return r, teilhabe.E(teilhabe.ENOTFOUND, "")
	}
	return r, err
}

func (t reviewTx) Assign(ctx context.Context, callID, userID, by int64) (bool, error) {
	var exists int
	err := t.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM call_reviewers WHERE call_id = $1 AND user_id = $2`, callID, userID).Scan(&exists)
	if err != nil || exists > 0 {
		return false, err
	}
	var assignedBy any
	if by != 0 {
		assignedBy = by
	}
	_, err = t.tx.ExecContext(ctx, `INSERT INTO call_reviewers (call_id, user_id, assigned_by, assigned_at) VALUES ($1, $2, $3, $4)`,
		callID, userID, assignedBy, t.tx.now)
	return err == nil, err
}

func (t reviewTx) Unassign(ctx context.Context, callID, userID int64) error {
	if _, err := t.tx.ExecContext(ctx, `DELETE FROM reviews WHERE reviewer_id = $1 AND submitted_at IS NULL
		AND application_id IN (SELECT id FROM applications WHERE call_id = $2)`, userID, callID); err != nil {
		return err
	}
	_, err := t.tx.ExecContext(ctx, `DELETE FROM call_reviewers WHERE call_id = $1 AND user_id = $2`, callID, userID)
	return err
}

func (t reviewTx) SaveCriteria(ctx context.Context, callID int64, list []reviews.Criterion) error {
	var keep []int64
	for _, c := range list {
		if c.ID != 0 {
			keep = append(keep, c.ID)
		}
	}
	args := []any{callID}
	del := `DELETE FROM call_criteria WHERE call_id = $1`
	if len(keep) > 0 {
		del += ` AND id NOT IN (` + inList(&args, keep...) + `)`
	}
	if _, err := t.tx.ExecContext(ctx, del, args...); err != nil {
		return err
	}
	for i := range list {
		c := &list[i]
		if c.ID != 0 {
			if _, err := t.tx.ExecContext(ctx, `UPDATE call_criteria SET position = $1, name = $2, description = $3, weight = $4 WHERE id = $5 AND call_id = $6`,
				c.Position, c.Name, c.Description, c.Weight, c.ID, callID); err != nil {
				return err
			}
			continue
		}
		if err := t.tx.QueryRowContext(ctx, `INSERT INTO call_criteria (call_id, position, name, description, weight) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			callID, c.Position, c.Name, c.Description, c.Weight).Scan(&c.ID); err != nil {
			return err
		}
	}
	return nil
}

const reviewColumns = `r.id, r.application_id, r.reviewer_id, u.name, r.conflict, r.conflict_reason, CAST(r.scores AS TEXT), r.recommendation,
	r.comment, r.weighted, r.submitted_at, r.revision, r.created_at, r.updated_at`

const reviewFrom = ` FROM reviews r JOIN users u ON u.id = r.reviewer_id`

func scanReview(row interface{ Scan(...any) error }) (reviews.Review, error) {
	var r reviews.Review
	var scores, rec string
	var weighted sql.NullInt64
	var submitted sql.NullTime
	err := row.Scan(&r.ID, &r.ApplicationID, &r.ReviewerID, &r.ReviewerName, &r.Conflict, &r.ConflictReason, &scores, &rec,
		&r.Comment, &weighted, &submitted, &r.Revision, &r.CreatedAt, &r.UpdatedAt)
	if err != nil {
		return r, err
	}
	r.Recommendation = reviews.Recommendation(rec)
	r.Weighted, r.HasWeighted = int(weighted.Int64), weighted.Valid
	if submitted.Valid {
		r.SubmittedAt = submitted.Time.UTC()
	}
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	if err := json.Unmarshal([]byte(scores), &r.Scores); err != nil {
		return r, fmt.Errorf("reviews.scores of %d: %w", r.ID, err)
	}
	return r, nil
}

func (s *ReviewStore) Review(ctx context.Context, applicationID, reviewerID int64) (reviews.Review, error) {
	return readReview(ctx, s.db.read, applicationID, reviewerID)
}

func (t reviewTx) Review(ctx context.Context, applicationID, reviewerID int64) (reviews.Review, error) {
	return readReview(ctx, t.tx, applicationID, reviewerID)
}

func readReview(ctx context.Context, q queryer, applicationID, reviewerID int64) (reviews.Review, error) {
	r, err := scanReview(q.QueryRowContext(ctx, `SELECT `+reviewColumns+reviewFrom+` WHERE r.application_id = $1 AND r.reviewer_id = $2`, applicationID, reviewerID))
	if errors.Is(err, sql.ErrNoRows) {
		return r, teilhabe.E(teilhabe.ENOTFOUND, "")
	}
	return r, err
}

func (s *ReviewStore) Reviews(ctx context.Context, applicationID int64) ([]reviews.Review, error) {
	return readReviews(ctx, s.db.read, `r.application_id = $1`, applicationID)
}

func (t reviewTx) Reviews(ctx context.Context, applicationID int64) ([]reviews.Review, error) {
	return readReviews(ctx, t.tx, `r.application_id = $1`, applicationID)
}

func (s *ReviewStore) CallReviews(ctx context.Context, callID int64) ([]reviews.Review, error) {
	return readReviews(ctx, s.db.read, `r.application_id IN (SELECT id FROM applications WHERE call_id = $1)`, callID)
}

func (t reviewTx) CallReviews(ctx context.Context, callID int64) ([]reviews.Review, error) {
	return readReviews(ctx, t.tx, `r.application_id IN (SELECT id FROM applications WHERE call_id = $1)`, callID)
}

func readReviews(ctx context.Context, q queryer, cond string, arg any) ([]reviews.Review, error) {
	return collect(ctx, q, func(rows *sql.Rows) (reviews.Review, error) { return scanReview(rows) },
		`SELECT `+reviewColumns+reviewFrom+` WHERE `+cond+` ORDER BY u.name, r.id`, arg)
}

// reviewValues are the columns a review's change writes, in the order below.
func reviewValues(r *reviews.Review) []any {
	scores := r.Scores
	if scores == nil {
		scores = []reviews.Score{}
	}
	b, _ := json.Marshal(scores)
	var weighted any
	if r.HasWeighted {
		weighted = r.Weighted
	}
	return []any{r.Conflict, r.ConflictReason, string(b), string(r.Recommendation), r.Comment, weighted, nullTime(r.SubmittedAt), r.UpdatedAt}
}

func (t reviewTx) CreateReview(ctx context.Context, r *reviews.Review) error {
	r.Revision = 1
	return t.tx.QueryRowContext(ctx, `INSERT INTO reviews (conflict, conflict_reason, scores, recommendation, comment, weighted, submitted_at,
		updated_at, application_id, reviewer_id, revision, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
		append(reviewValues(r), r.ApplicationID, r.ReviewerID, r.Revision, r.CreatedAt)...).Scan(&r.ID)
}

func (t reviewTx) UpdateReview(ctx context.Context, r *reviews.Review, revision int) (bool, error) {
	res, err := t.tx.ExecContext(ctx, `UPDATE reviews SET conflict = $1, conflict_reason = $2, scores = $3, recommendation = $4, comment = $5,
		weighted = $6, submitted_at = $7, updated_at = $8, revision = revision + 1 WHERE id = $9 AND revision = $10`,
		append(reviewValues(r), r.ID, revision)...)
	if ok, err := oneRow(res, err); !ok || err != nil {
		return false, err
	}
	r.Revision = revision + 1
	return true, nil
}

// Assigned returns the applications a reviewer is to review with their review.
func (s *ReviewStore) Assigned(ctx context.Context, reviewerID int64) ([]reviews.Assignment, error) {
	list, err := collect(ctx, s.db.read, func(rows *sql.Rows) (reviews.Assignment, error) {
		var a reviews.Assignment
		var status, stage string
		var submitted sql.NullTime
		err := rows.Scan(&a.ApplicationID, &a.Title, &a.ProviderName, &a.ProgrammeTitle, &a.CallTitle, &status, &stage, &submitted)
		a.Status, a.Stage, a.SubmittedAt = applications.Status(status), applications.Stage(stage), submitted.Time.UTC()
		return a, err
	}, `SELECT a.id, a.title, o.name, p.title, c.title, a.status, a.stage, a.submitted_at`+applicationFrom+`
		JOIN call_reviewers cr ON cr.call_id = a.call_id AND cr.user_id = $1
		WHERE a.status NOT IN ('draft', 'withdrawn') ORDER BY a.submitted_at DESC, a.id DESC`, reviewerID)
	if err != nil || len(list) == 0 {
		return list, err
	}
	own, err := readReviews(ctx, s.db.read, `r.reviewer_id = $1`, reviewerID)
	byApp := map[int64]*reviews.Review{}
	for i := range own {
		byApp[own[i].ApplicationID] = &own[i]
	}
	for i := range list {
		list[i].Review = byApp[list[i].ApplicationID]
	}
	return list, err
}
