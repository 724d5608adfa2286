package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/teilhabe/teilhabe/internal/applications"
)

// The applications' reads and writes of two-stage calls and the call's questions:
// the attachments to file questions (the table application_files belongs to the
// attachments; this only lists them) and the decision on a sketch.

func (s *ApplicationStore) QuestionFiles(ctx context.Context, applicationID int64) ([]applications.QuestionFile, error) {
	return questionFiles(ctx, s.db.read, applicationID)
}

func (t applicationTx) QuestionFiles(ctx context.Context, applicationID int64) ([]applications.QuestionFile, error) {
	return questionFiles(ctx, t.tx, applicationID)
}

func questionFiles(ctx context.Context, q queryer, applicationID int64) ([]applications.QuestionFile, error) {
	return collect(ctx, q, func(rows *sql.Rows) (applications.QuestionFile, error) {
		var f applications.QuestionFile
		return f, rows.Scan(&f.ID, &f.QuestionID, &f.Name)
	}, `SELECT id, question_id, name FROM application_files WHERE application_id = $1 AND question_id <> '' ORDER BY id`, applicationID)
}

func (t applicationTx) RecordDecision(ctx context.Context, d applications.Decision) error {
	var by any
	if d.DecidedBy != 0 {
		by = d.DecidedBy
	}
	_, err := t.tx.ExecContext(ctx, `INSERT INTO decisions (application_id, outcome, reason, decided_by, decided_at) VALUES ($1, $2, $3, $4, $5)`,
		d.ApplicationID, string(d.Outcome), d.Reason, by, d.DecidedAt)
	return err
}

func (s *ApplicationStore) SketchDecision(ctx context.Context, applicationID int64) (*applications.Decision, error) {
	d := applications.Decision{ApplicationID: applicationID}
	var outcome string
	var by sql.NullInt64
	err := s.db.read.QueryRowContext(ctx, `SELECT outcome, reason, decided_by, decided_at FROM decisions WHERE application_id = $1`, applicationID).
		Scan(&outcome, &d.Reason, &by, &d.DecidedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	d.Outcome, d.DecidedBy, d.DecidedAt = applications.Status(outcome), by.Int64, d.DecidedAt.UTC()
	return &d, nil
}
