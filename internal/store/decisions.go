package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/decisions"
	"github.com/teilhabe/teilhabe/internal/grants"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// DecisionStore is the decisions' view of the database. It reads the applications
// as their own view does, and the statements and reviews tables of the capabilities
// that write them, for the decision summary and the ranking.
type DecisionStore struct{ *ApplicationStore }

// Decisions returns the view that implements decisions.Store.
func (db *DB) Decisions() *DecisionStore { return &DecisionStore{db.Applications()} }

var _ decisions.Store = (*DecisionStore)(nil)

// Update runs fn in one write transaction.
func (s *DecisionStore) Update(ctx context.Context, fn func(decisions.Tx) error) error {
	return s.db.Update(ctx, func(tx *Tx) error { return fn(decisionTx{applicationTx{tx}}) })
}

type decisionTx struct{ applicationTx }

var _ decisions.Tx = decisionTx{}

func (s *DecisionStore) StatusCounts(ctx context.Context, callID int64) ([]decisions.StatusCount, error) {
	return statusCounts(ctx, s.db.read, callID)
}
func (t decisionTx) StatusCounts(ctx context.Context, callID int64) ([]decisions.StatusCount, error) {
	return statusCounts(ctx, t.tx, callID)
}

// statusCounts is one aggregate over applications_call (call_id, status).
func statusCounts(ctx context.Context, q queryer, callID int64) ([]decisions.StatusCount, error) {
	return collect(ctx, q, func(rows *sql.Rows) (decisions.StatusCount, error) {
		var c decisions.StatusCount
		var status string
		var sum int64
		err := rows.Scan(&status, &c.Count, &sum)
		c.Status, c.Requested = applications.Status(status), teilhabe.Cents(sum)
		return c, err
	}, `SELECT status, COUNT(*), COALESCE(SUM(requested), 0) FROM applications
		WHERE call_id = $1 AND stage = 'full' GROUP BY status`, callID)
}

func (s *DecisionStore) Approved(ctx context.Context, callID int64) (teilhabe.Cents, error) {
	return approvedSum(ctx, s.db.read, callID)
}
func (t decisionTx) Approved(ctx context.Context, callID int64) (teilhabe.Cents, error) {
	return approvedSum(ctx, t.tx, callID)
}

func approvedSum(ctx context.Context, q queryer, callID int64) (teilhabe.Cents, error) {
	var sum int64
	err := q.QueryRowContext(ctx, `SELECT COALESCE(SUM(d.amount), 0) FROM applications a JOIN decisions d ON d.application_id = a.id
		WHERE a.call_id = $1 AND a.status = 'approved' AND a.stage = 'full' AND d.outcome = 'approved'`, callID).Scan(&sum)
	return teilhabe.Cents(sum), err
}

func (s *DecisionStore) Candidates(ctx context.Context, callID int64, statuses []applications.Status, now time.Time) ([]decisions.Candidate, error) {
	return candidates(ctx, s.db.read, callID, statuses, now)
}
func (t decisionTx) Candidates(ctx context.Context, callID int64, statuses []applications.Status, now time.Time) ([]decisions.Candidate, error) {
	return candidates(ctx, t.tx, callID, statuses, now)
}

// candidates reads the applications, then their reviews and statements in one query
// each, and joins them here.
func candidates(ctx context.Context, q queryer, callID int64, statuses []applications.Status, now time.Time) ([]decisions.Candidate, error) {
	args := []any{callID}
	ss := make([]string, len(statuses))
	for i, s := range statuses {
		ss[i] = string(s)
	}
	in := inList(&args, ss...)
	list, err := collect(ctx, q, func(rows *sql.Rows) (decisions.Candidate, error) {
		var c decisions.Candidate
		var status string
		var requested int64
		err := rows.Scan(&c.ApplicationID, &c.Title, &c.Provider, &status, &c.Revision, &requested)
		c.Status, c.Requested = applications.Status(status), teilhabe.Cents(requested)
		return c, err
	}, `SELECT a.id, a.title, o.name, a.status, a.revision, a.requested FROM applications a JOIN organisations o ON o.id = a.provider_id
		WHERE a.call_id = $1 AND a.stage = 'full' AND a.status IN (`+in+`) ORDER BY a.id`, args...)
	if err != nil || len(list) == 0 {
		return list, err
	}
	byID := make(map[int64]*decisions.Candidate, len(list))
	for i := range list {
		byID[list[i].ApplicationID] = &list[i]
	}
	type review struct {
		id       int64
		weighted int64
		rec      string
	}
	reviews, err := collect(ctx, q, func(rows *sql.Rows) (review, error) {
		var r review
		return r, rows.Scan(&r.id, &r.weighted, &r.rec)
	}, `SELECT r.application_id, COALESCE(r.weighted, 0), r.recommendation FROM reviews r JOIN applications a ON a.id = r.application_id
		WHERE a.call_id = $1 AND a.stage = 'full' AND r.submitted_at IS NOT NULL AND NOT r.conflict`, callID)
	if err != nil {
		return nil, err
	}
	for _, r := range reviews {
		if c := byID[r.id]; c != nil {
			c.ScoreSum += r.weighted
			c.Scored++
			switch r.rec {
			case "approve":
				c.Recommendations.Approve++
			case "approve_conditions":
				c.Recommendations.Conditions++
			case "reject":
				c.Recommendations.Reject++
			}
		}
	}
	type statement struct {
		id  int64
		rec string
		due time.Time
	}
	statements, err := collect(ctx, q, func(rows *sql.Rows) (statement, error) {
		var s statement
		return s, rows.Scan(&s.id, &s.rec, &s.due)
	}, `SELECT s.application_id, s.recommendation, s.due_at FROM statements s JOIN applications a ON a.id = s.application_id
		WHERE a.call_id = $1 AND a.stage = 'full'`, callID)
	if err != nil {
		return nil, err
	}
	for _, s := range statements {
		if c := byID[s.id]; c != nil {
			c.Statements.Add(s.rec, s.due, now)
		}
	}
	return list, nil
}

func (s *DecisionStore) Reviews(ctx context.Context, applicationID int64) ([]decisions.ReviewLine, error) {
	return reviewLines(ctx, s.db.read, applicationID)
}
func (t decisionTx) Reviews(ctx context.Context, applicationID int64) ([]decisions.ReviewLine, error) {
	return reviewLines(ctx, t.tx, applicationID)
}

func reviewLines(ctx context.Context, q queryer, applicationID int64) ([]decisions.ReviewLine, error) {
	return collect(ctx, q, func(rows *sql.Rows) (decisions.ReviewLine, error) {
		var r decisions.ReviewLine
		var scores string
		var weighted sql.NullInt64
		var submitted sql.NullTime
		if err := rows.Scan(&r.Reviewer, &r.Conflict, &scores, &r.Recommendation, &r.Comment, &weighted, &submitted); err != nil {
			return r, err
		}
		r.Weighted, r.Submitted = int(weighted.Int64), submitted.Valid && weighted.Valid
		if err := json.Unmarshal([]byte(scores), &r.Scores); err != nil {
			return r, fmt.Errorf("reviews.scores of application %d: %w", applicationID, err)
		}
		return r, nil
	}, `SELECT u.name, r.conflict, CAST(r.scores AS TEXT), r.recommendation, r.comment, r.weighted, r.submitted_at
		FROM reviews r JOIN users u ON u.id = r.reviewer_id WHERE r.application_id = $1 ORDER BY u.name, r.id`, applicationID)
}

func (s *DecisionStore) Criteria(ctx context.Context, callID int64) ([]decisions.Criterion, error) {
	return criteria(ctx, s.db.read, callID)
}
func (t decisionTx) Criteria(ctx context.Context, callID int64) ([]decisions.Criterion, error) {
	return criteria(ctx, t.tx, callID)
}

func criteria(ctx context.Context, q queryer, callID int64) ([]decisions.Criterion, error) {
	return collect(ctx, q, func(rows *sql.Rows) (decisions.Criterion, error) {
		var c decisions.Criterion
		return c, rows.Scan(&c.ID, &c.Name, &c.Weight)
	}, `SELECT id, name, weight FROM call_criteria WHERE call_id = $1 ORDER BY position, id`, callID)
}

func (s *DecisionStore) Statements(ctx context.Context, applicationID int64) ([]decisions.StatementLine, error) {
	return statementLines(ctx, s.db.read, applicationID)
}
func (t decisionTx) Statements(ctx context.Context, applicationID int64) ([]decisions.StatementLine, error) {
	return statementLines(ctx, t.tx, applicationID)
}

func statementLines(ctx context.Context, q queryer, applicationID int64) ([]decisions.StatementLine, error) {
	return collect(ctx, q, func(rows *sql.Rows) (decisions.StatementLine, error) {
		var s decisions.StatementLine
		var given sql.NullTime
		err := rows.Scan(&s.Municipality, &s.RegionKey, &s.DueAt, &given, &s.Recommendation, &s.StrategyFit, &s.Overlap, &s.Conditions, &s.Text)
		s.DueAt, s.GivenAt = s.DueAt.UTC(), given.Time.UTC()
		if !given.Valid {
			s.GivenAt = time.Time{}
		}
		return s, err
	}, `SELECT o.name, s.region_key, s.due_at, s.given_at, s.recommendation, s.strategy_fit, s.overlap, s.conditions, s.text
		FROM statements s JOIN organisations o ON o.id = s.municipality_id WHERE s.application_id = $1 ORDER BY o.name, s.id`, applicationID)
}

func (s *DecisionStore) Decision(ctx context.Context, applicationID int64) (decisions.Decision, error) {
	return readDecision(ctx, s.db.read, applicationID)
}
func (t decisionTx) Decision(ctx context.Context, applicationID int64) (decisions.Decision, error) {
	return readDecision(ctx, t.tx, applicationID)
}

func readDecision(ctx context.Context, q queryer, applicationID int64) (decisions.Decision, error) {
	d := decisions.Decision{ApplicationID: applicationID}
	var outcome string
	var amount int64
	var plan sql.NullString
	err := q.QueryRowContext(ctx, `SELECT d.outcome, d.amount, CAST(d.finance_plan AS TEXT), d.conditions, d.reason, d.batch,
		COALESCE(d.decided_by, 0), d.decided_at, COALESCE(u.name, '') FROM decisions d LEFT JOIN users u ON u.id = d.decided_by
		WHERE d.application_id = $1`, applicationID).Scan(&outcome, &amount, &plan, &d.Conditions, &d.Reason, &d.Batch, &d.DecidedBy, &d.DecidedAt, &d.DecidedByName)
	if errors.Is(err, sql.ErrNoRows) {
		return d, teilhabe.E(teilhabe.ENOTFOUND, "")
	} else if err != nil {
		return d, err
	}
	d.Outcome, d.Amount, d.DecidedAt = decisions.Outcome(outcome), teilhabe.Cents(amount), d.DecidedAt.UTC()
	if plan.Valid && plan.String != "" && plan.String != "null" {
		var p applications.FinancePlan
		if err := json.Unmarshal([]byte(plan.String), &p); err != nil {
			return d, fmt.Errorf("decisions.finance_plan of %d: %w", applicationID, err)
		}
		d.Plan = &p
	}
	return d, nil
}

// LockCall takes the call's row lock with an update that changes nothing: on
// PostgreSQL a second transaction deciding on the same call waits here until the
// first commits, and then sees its approvals; SQLite has one writer anyway.
func (t decisionTx) LockCall(ctx context.Context, callID int64) error {
	_, err := t.tx.ExecContext(ctx, `UPDATE programme_calls SET id = id WHERE id = $1`, callID)
	return err
}

func (t decisionTx) CreateDecision(ctx context.Context, d *decisions.Decision) error {
	var plan, by any
	if d.Plan != nil {
		b, err := json.Marshal(d.Plan)
		if err != nil {
			return err
		}
		plan = string(b)
	}
	if d.DecidedBy != 0 {
		by = d.DecidedBy
	}
	_, err := t.tx.ExecContext(ctx, `INSERT INTO decisions (application_id, outcome, amount, finance_plan, conditions, reason, batch, decided_by, decided_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, d.ApplicationID, string(d.Outcome), int64(d.Amount), plan, d.Conditions, d.Reason, d.Batch, by, d.DecidedAt)
	return err
}

func (t decisionTx) ProviderStaff(ctx context.Context, organisationID int64) ([]int64, error) {
	return collect(ctx, t.tx, func(rows *sql.Rows) (int64, error) {
		var id int64
		return id, rows.Scan(&id)
	}, `SELECT user_id FROM memberships WHERE organisation_id = $1 AND role = 'provider_staff' ORDER BY user_id`, organisationID)
}

func (t decisionTx) CreateGrant(ctx context.Context, g *grants.Grant) error {
	return createGrant(ctx, t.tx, g)
}
