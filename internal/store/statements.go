package store

import (
	"context"
	"database/sql"

	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/statements"
)

// StatementStore is the statements' view of the database: the statements table,
// and the applications as their own view reads them.
type StatementStore struct{ *ApplicationStore }

// MunicipalStatements returns the view that implements statements.Store (DB.Statements
// counts SQL statements).
func (db *DB) MunicipalStatements() *StatementStore { return &StatementStore{db.Applications()} }

var _ statements.Store = (*StatementStore)(nil)

// Update runs fn in one write transaction.
func (s *StatementStore) Update(ctx context.Context, fn func(statements.Tx) error) error {
	return s.db.Update(ctx, func(tx *Tx) error { return fn(statementTx{applicationTx{tx}}) })
}

type statementTx struct{ applicationTx }

var _ statements.Tx = statementTx{}

const statementColumns = `s.id, s.application_id, s.municipality_id, o.name, s.region_key, s.requested_at, s.due_at, s.strategy_fit,
	s.overlap, s.recommendation, s.conditions, s.text, COALESCE(s.given_by, 0), COALESCE(u.name, ''), s.given_at, s.revision`

const statementFrom = ` FROM statements s JOIN organisations o ON o.id = s.municipality_id LEFT JOIN users u ON u.id = s.given_by`

func scanStatement(rows interface{ Scan(...any) error }, s *statements.Statement, extra ...any) error {
	var rec string
	var given sql.NullTime
	err := rows.Scan(append([]any{&s.ID, &s.ApplicationID, &s.MunicipalityID, &s.Municipality, &s.RegionKey, &s.RequestedAt, &s.DueAt,
		&s.StrategyFit, &s.Overlap, &rec, &s.Conditions, &s.Text, &s.GivenBy, &s.GivenByName, &given, &s.Revision}, extra...)...)
	s.Recommendation = statements.Recommendation(rec)
	s.RequestedAt, s.DueAt = s.RequestedAt.UTC(), s.DueAt.UTC()
	if given.Valid {
		s.GivenAt = given.Time.UTC()
	}
	return err
}

func readStatements(ctx context.Context, q queryer, where string, args ...any) ([]statements.Statement, error) {
	return collect(ctx, q, func(rows *sql.Rows) (statements.Statement, error) {
		var s statements.Statement
		return s, scanStatement(rows, &s)
	}, `SELECT `+statementColumns+statementFrom+` WHERE `+where+` ORDER BY o.name, s.id`, args...)
}

func (s *StatementStore) Statements(ctx context.Context, applicationID int64) ([]statements.Statement, error) {
	return readStatements(ctx, s.db.read, `s.application_id = $1`, applicationID)
}

func (t statementTx) Statements(ctx context.Context, applicationID int64) ([]statements.Statement, error) {
	return readStatements(ctx, t.tx, `s.application_id = $1`, applicationID)
}

// CallStatements reads the statements of a call's applications through the
// applications_call index.
func (s *StatementStore) CallStatements(ctx context.Context, callID int64) ([]statements.Statement, error) {
	return readStatements(ctx, s.db.read, `s.application_id IN (SELECT id FROM applications WHERE call_id = $1)`, callID)
}

// Asked reads the statements asked of the administrations, with their
// applications, through statements_municipality.
func (s *StatementStore) Asked(ctx context.Context, municipalityIDs []int64) ([]statements.Item, error) {
	var args []any
	in := inList(&args, municipalityIDs...)
	return collect(ctx, s.db.read, func(rows *sql.Rows) (statements.Item, error) {
		var it statements.Item
		var status string
		err := scanStatement(rows, &it.Statement, &it.Title, &it.Provider, &it.ProgrammeTitle, &it.CallID, &it.CallTitle, &status)
		it.Status = applications.Status(status)
		return it, err
	}, `SELECT `+statementColumns+`, a.title, p.name, g.title, c.id, c.title, a.status`+statementFrom+`
		JOIN applications a ON a.id = s.application_id JOIN organisations p ON p.id = a.provider_id
		JOIN programme_calls c ON c.id = a.call_id JOIN programmes g ON g.id = a.programme_id
		WHERE s.municipality_id IN (`+in+`) ORDER BY s.due_at DESC, s.id DESC LIMIT 1000`, args...)
}

func (t statementTx) UpdateStatement(ctx context.Context, s *statements.Statement, revision int) (bool, error) {
	var by any
	if s.GivenBy != 0 {
		by = s.GivenBy
	}
	res, err := t.tx.ExecContext(ctx, `UPDATE statements SET strategy_fit = $1, overlap = $2, recommendation = $3, conditions = $4,
		text = $5, given_by = $6, given_at = $7, revision = revision + 1 WHERE id = $8 AND revision = $9`,
		s.StrategyFit, s.Overlap, string(s.Recommendation), s.Conditions, s.Text, by, nullTime(s.GivenAt), s.ID, revision)
	if ok, err := oneRow(res, err); !ok || err != nil {
		return false, err
	}
	s.Revision = revision + 1
	return true, nil
}
