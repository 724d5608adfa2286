package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Attachments of applications live in application_files, content included, so that
// every instance of the app serves every file.

var _ applications.FileStore = (*ApplicationStore)(nil)

// UpdateFiles runs fn in one write transaction.
func (s *ApplicationStore) UpdateFiles(ctx context.Context, fn func(applications.FileTx) error) error {
	return s.db.Update(ctx, func(tx *Tx) error { return fn(fileTx{tx}) })
}

type fileTx struct{ tx *Tx }

var _ applications.FileTx = fileTx{}

func (t fileTx) Now() time.Time { return t.tx.now }

func (t fileTx) Audit(ctx context.Context, entity string, id int64, action string, before, after any) error {
	return t.tx.Audit(ctx, entity, strconv.FormatInt(id, 10), action, before, after)
}

// LockApplication writes the row without changing it: PostgreSQL holds the row lock
// until the end of the transaction (a concurrent submission waits, or this waits for
// it); SQLite's single writer serialises anyway.
func (t fileTx) LockApplication(ctx context.Context, id int64) error {
	res, err := t.tx.ExecContext(ctx, `UPDATE applications SET revision = revision WHERE id = $1`, id)
	if ok, err := oneRow(res, err); err != nil {
		return err
	} else if !ok {
		return teilhabe.E(teilhabe.ENOTFOUND, "")
	}
	return nil
}

func (t fileTx) Application(ctx context.Context, id int64) (applications.Application, error) {
	return readApplication(ctx, t.tx, id)
}

func (t fileTx) CallSettings(ctx context.Context, callID int64) (programmes.CallSettings, error) {
	return callSettings(ctx, t.tx, callID)
}

func (t fileTx) Attachments(ctx context.Context, applicationID int64) ([]applications.Attachment, error) {
	return attachments(ctx, t.tx, applicationID)
}

func (s *ApplicationStore) Attachments(ctx context.Context, applicationID int64) ([]applications.Attachment, error) {
	return attachments(ctx, s.db.read, applicationID)
}

const attachmentColumns = `id, application_id, question_id, name, media_type, size, sha256, COALESCE(uploaded_by, 0), created_at`

func scanAttachment(row interface{ Scan(...any) error }, extra ...any) (applications.Attachment, error) {
	var f applications.Attachment
	err := row.Scan(append([]any{&f.ID, &f.ApplicationID, &f.QuestionID, &f.Name, &f.MediaType, &f.Size, &f.SHA256, &f.UploadedBy, &f.CreatedAt}, extra...)...)
	f.CreatedAt = f.CreatedAt.UTC()
	return f, err
}

func attachments(ctx context.Context, q queryer, applicationID int64) ([]applications.Attachment, error) {
	return collect(ctx, q, func(rows *sql.Rows) (applications.Attachment, error) { return scanAttachment(rows) },
		`SELECT `+attachmentColumns+` FROM application_files WHERE application_id = $1 ORDER BY id`, applicationID)
}

func (s *ApplicationStore) AttachmentContent(ctx context.Context, applicationID, id int64) (applications.Attachment, []byte, error) {
	var content []byte
	f, err := scanAttachment(s.db.read.QueryRowContext(ctx, `SELECT `+attachmentColumns+`, content FROM application_files
		WHERE application_id = $1 AND id = $2`, applicationID, id), &content)
	if errors.Is(err, sql.ErrNoRows) {
		return f, nil, teilhabe.E(teilhabe.ENOTFOUND, "")
	}
	return f, content, err
}

func (t fileTx) CreateAttachment(ctx context.Context, f *applications.Attachment, content []byte) error {
	var by any
	if f.UploadedBy != 0 {
		by = f.UploadedBy
	}
	return t.tx.QueryRowContext(ctx, `INSERT INTO application_files (application_id, question_id, name, media_type, size, sha256,
		content, uploaded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		f.ApplicationID, f.QuestionID, f.Name, f.MediaType, f.Size, f.SHA256, content, by, f.CreatedAt).Scan(&f.ID)
}

func (t fileTx) DeleteAttachment(ctx context.Context, applicationID, id int64) error {
	res, err := t.tx.ExecContext(ctx, `DELETE FROM application_files WHERE application_id = $1 AND id = $2`, applicationID, id)
	if ok, err := oneRow(res, err); err != nil {
		return err
	} else if !ok {
		return teilhabe.E(teilhabe.ENOTFOUND, "")
	}
	return nil
}
