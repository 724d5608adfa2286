package store

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

	"github.com/teilhabe/teilhabe/internal/programmes"
)

// CallStore is the call set-up's view of the database: call_settings.
type CallStore struct{ db *DB }

// Calls returns the view that implements programmes.CallStore.
func (db *DB) Calls() *CallStore { return &CallStore{db: db} }

var _ programmes.CallStore = (*CallStore)(nil)

func (s *CallStore) Now() time.Time { return s.db.Now().UTC() }

func (s *CallStore) UpdateCall(ctx context.Context, fn func(programmes.CallTx) error) error {
	return s.db.Update(ctx, func(tx *Tx) error { return fn(callTx{tx}) })
}

func (s *CallStore) CallProgramme(ctx context.Context, callID int64) (programmes.Programme, error) {
	return callProgramme(ctx, s.db.read, callID)
}

func (s *CallStore) CallSettings(ctx context.Context, callID int64) (programmes.CallSettings, error) {
	return callSettings(ctx, s.db.read, callID)
}

type callTx struct{ tx *Tx }

var _ programmes.CallTx = callTx{}

func (t callTx) Now() time.Time { return t.tx.now }

func (t callTx) CallProgramme(ctx context.Context, callID int64) (programmes.Programme, error) {
	return callProgramme(ctx, t.tx, callID)
}

func (t callTx) CallSettings(ctx context.Context, callID int64) (programmes.CallSettings, error) {
	return callSettings(ctx, t.tx, callID)
}

func (t callTx) Audit(ctx context.Context, entity string, id int64, action string, before, after any) error {
	return t.tx.Audit(ctx, entity, strconv.FormatInt(id, 10), action, before, after)
}

func (t callTx) CallApplications(ctx context.Context, callID int64) (all, submitted int, err error) {
	err = t.tx.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN status <> 'draft' THEN 1 ELSE 0 END), 0)
		FROM applications WHERE call_id = $1`, callID).Scan(&all, &submitted)
	return all, submitted, err
}

func (t callTx) WriteCallSettings(ctx context.Context, s *programmes.CallSettings, revision int) (bool, error) {
	questions := s.Questions
	if questions == nil {
		questions = []programmes.Question{}
	}
	qs, err := json.Marshal(questions)
	if err != nil {
		return false, err
	}
	args := []any{s.Stages, nullTime(s.FullClosesAt), s.StatementDays, int64(s.Budget), string(qs), s.UpdatedAt, s.CallID}
	if revision == 0 {
		// Two funders setting up the same call at once: the second insert finds the
		// row, and is told that someone changed it.
		_, err := t.tx.ExecContext(ctx, `INSERT INTO call_settings (stages, full_closes_at, statement_days, budget, questions, updated_at, call_id, revision)
			VALUES ($1, $2, $3, $4, $5, $6, $7, 1)`, args...)
		if t.tx.db.Dialect.isUniqueViolation(err) {
			return false, nil
		} else if err != nil {
			return false, err
		}
		s.Revision = 1
		return true, nil
	}
	res, err := t.tx.ExecContext(ctx, `UPDATE call_settings SET stages = $1, full_closes_at = $2, statement_days = $3, budget = $4,
		questions = $5, updated_at = $6, revision = revision + 1 WHERE call_id = $7 AND revision = $8`, append(args, revision)...)
	if ok, err := oneRow(res, err); !ok || err != nil {
		return false, err
	}
	s.Revision = revision + 1
	return true, nil
}
