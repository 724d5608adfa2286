package applications

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"slices"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Scanner looks for malware in an upload (ClamAV's clamd, internal/clamav). A
// scanner that cannot answer returns an error, and the upload is refused: nothing
// unscanned is stored while scanning is configured.
type Scanner interface {
	Scan(ctx context.Context, r io.Reader) (infected bool, signature string, err error)
}

// FileStore is what the attachment use cases need from storage; the store's
// Applications view implements it. Contents are read only for a download.
type FileStore interface {
	Application(ctx context.Context, id int64) (Application, error)
	CallSettings(ctx context.Context, callID int64) (programmes.CallSettings, error)
	// Attachments lists an application's files without their content, oldest first.
	Attachments(ctx context.Context, applicationID int64) ([]Attachment, error)
	// AttachmentContent returns one file of the application with its content;
	// ENOTFOUND if the application has no such file.
	AttachmentContent(ctx context.Context, applicationID, id int64) (Attachment, []byte, error)
	// UpdateFiles runs fn in one write transaction.
	UpdateFiles(ctx context.Context, fn func(FileTx) error) error
}

// FileTx is one write transaction on attachments.
type FileTx interface {
	// LockApplication holds the application's row until the transaction ends, so
	// that a submission cannot slip between the check for a draft and the write.
	// ENOTFOUND if there is none.
	LockApplication(ctx context.Context, id int64) error
	Application(ctx context.Context, id int64) (Application, error)
	CallSettings(ctx context.Context, callID int64) (programmes.CallSettings, error)
	Attachments(ctx context.Context, applicationID int64) ([]Attachment, error)
	// CreateAttachment inserts f with its content and sets its ID.
	CreateAttachment(ctx context.Context, f *Attachment, content []byte) error
	// DeleteAttachment removes one file of the application; ENOTFOUND if none.
	DeleteAttachment(ctx context.Context, applicationID, id int64) error
	Now() time.Time
	Audit(ctx context.Context, entity string, id int64, action string, before, after any) error
}

// Files holds the use cases of attachments. Without a scanner (no --clamd) uploads
// are taken unscanned.
type Files struct {
	store   FileStore
	scanner Scanner
}

// NewFiles returns the attachment use cases on s; scanner may be nil.
func NewFiles(s FileStore, scanner Scanner) *Files { return &Files{store: s, scanner: scanner} }

// Upload is one file as sent: the name the client gave and the bytes, read up to
// one byte past MaxAttachmentSize so that a larger one is recognised as such.
type Upload struct {
	QuestionID string
	Name       string
	Content    []byte
}

// AddAttachment stores a PDF with a draft. Only those who write for the applicant
// may, only while it is a draft, up to MaxAttachments files; a question id must name
// one of the call's questions of kind file for the application's stage. The content
// must be a PDF by its bytes, at most MaxAttachmentSize, and, with a scanner, clean.
// Errors: ENOTFOUND, EFORBIDDEN (a reader), ECONFLICT (submitted), EINVALID
// (field "file": empty, too_large, not_pdf, infected, scan_failed, too_many; field
// "question_id": unknown).
func (s *Files) AddAttachment(ctx context.Context, applicationID int64, up Upload) (Attachment, error) {
	p := accounts.PrincipalFrom(ctx)
	// The cheap checks first, outside the transaction, so that a refused upload
	// costs no scan; the write transaction checks again what may have changed.
	a, err := s.editable(ctx, s.store, p, applicationID)
	if err != nil {
		return Attachment{}, err
	}
	if len(up.QuestionID) > maxQuestionID {
		return Attachment{}, teilhabe.Invalid("attachments.error.refused", teilhabe.FieldMsg("question_id", "unknown", "attachments.fielderror.question"))
	}
	if f := CheckPDF(up.Content); f != nil {
		return Attachment{}, teilhabe.Invalid("attachments.error.refused", *f)
	}
	if err := s.scan(ctx, &a, up.Content); err != nil {
		return Attachment{}, err
	}
	sum := sha256.Sum256(up.Content)
	f := Attachment{ApplicationID: a.ID, QuestionID: up.QuestionID, Name: CleanAttachmentName(up.Name), MediaType: MediaTypePDF,
		Size: int64(len(up.Content)), SHA256: hex.EncodeToString(sum[:]), UploadedBy: p.User.ID}
	err = s.store.UpdateFiles(ctx, func(tx FileTx) error {
		if err := tx.LockApplication(ctx, applicationID); teilhabe.ErrorCode(err) == teilhabe.ENOTFOUND {
			return ErrNotFound
		} else if err != nil {
			return err
		}
		cur, err := s.editable(ctx, tx, p, applicationID)
		if err != nil {
			return err
		}
		if err := checkQuestion(ctx, tx, &cur, up.QuestionID); err != nil {
			return err
		}
		have, err := tx.Attachments(ctx, applicationID)
		if err != nil {
			return err
		}
		if len(have) >= MaxAttachments {
			return teilhabe.Invalid("attachments.error.refused", teilhabe.FieldMsg("file", "too_many", "attachments.fielderror.too_many", "Max", MaxAttachments))
		}
		f.CreatedAt = tx.Now()
		if err := tx.CreateAttachment(ctx, &f, up.Content); err != nil {
			return err
		}
		return tx.Audit(ctx, "application_file", f.ID, "create", nil, f)
	})
	if err != nil {
		return Attachment{}, err
	}
	return f, nil
}

// scan asks the scanner, if there is one. A scanner that fails refuses the upload
// and leaves the cause in the log, for the operators.
func (s *Files) scan(ctx context.Context, a *Application, content []byte) error {
	if s.scanner == nil {
		return nil
	}
	infected, signature, err := s.scanner.Scan(ctx, bytes.NewReader(content))
	if err != nil {
		slog.ErrorContext(ctx, "virus scan failed; upload refused", "application", a.ID, "err", err)
		return teilhabe.Invalid("attachments.error.refused", teilhabe.FieldMsg("file", "scan_failed", "attachments.fielderror.scan_failed"))
	}
	if infected {
		slog.WarnContext(ctx, "infected upload refused", "application", a.ID, "signature", signature)
		return teilhabe.Invalid("attachments.error.refused", teilhabe.FieldMsg("file", "infected", "attachments.fielderror.infected", "Signature", signature))
	}
	return nil
}

// RemoveAttachment deletes a file of a draft, for those who write for the
// applicant. Errors: ENOTFOUND (also a file of another application), EFORBIDDEN,
// ECONFLICT (submitted).
func (s *Files) RemoveAttachment(ctx context.Context, applicationID, id int64) error {
	p := accounts.PrincipalFrom(ctx)
	return s.store.UpdateFiles(ctx, func(tx FileTx) error {
		if err := tx.LockApplication(ctx, applicationID); teilhabe.ErrorCode(err) == teilhabe.ENOTFOUND {
			return ErrNotFound
		} else if err != nil {
			return err
		}
		if _, err := s.editable(ctx, tx, p, applicationID); err != nil {
			return err
		}
		have, err := tx.Attachments(ctx, applicationID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(have, func(f Attachment) bool { return f.ID == id })
		if i < 0 {
			return ErrFileNotFound
		}
		if err := tx.DeleteAttachment(ctx, applicationID, id); err != nil {
			return err
		}
		return tx.Audit(ctx, "application_file", id, "delete", have[i], nil)
	})
}

// ErrFileNotFound answers for a file that is not one of the application's.
var ErrFileNotFound = teilhabe.E(teilhabe.ENOTFOUND, "attachments.error.not_found")

// Attachments lists the files of an application the caller may see, without
// their content. Errors: ENOTFOUND.
func (s *Files) Attachments(ctx context.Context, applicationID int64) ([]Attachment, error) {
	if _, err := s.visible(ctx, applicationID); err != nil {
		return nil, err
	}
	return s.store.Attachments(ctx, applicationID)
}

// Attachment returns one file with its content, for a download, to whoever may see
// the application. Errors: ENOTFOUND (also for an application the caller may not
// see, and a file of another application).
func (s *Files) Attachment(ctx context.Context, applicationID, id int64) (Attachment, []byte, error) {
	if _, err := s.visible(ctx, applicationID); err != nil {
		return Attachment{}, nil, err
	}
	f, content, err := s.store.AttachmentContent(ctx, applicationID, id)
	if teilhabe.ErrorCode(err) == teilhabe.ENOTFOUND {
		return Attachment{}, nil, ErrFileNotFound
	}
	return f, content, err
}

// FileQuestions returns the call's questions of kind file that the application's
// stage asks, for the upload form's choice. Errors: ENOTFOUND.
func (s *Files) FileQuestions(ctx context.Context, applicationID int64) ([]programmes.Question, error) {
	a, err := s.visible(ctx, applicationID)
	if err != nil {
		return nil, err
	}
	settings, err := s.store.CallSettings(ctx, a.CallID)
	if err != nil {
		return nil, err
	}
	return fileQuestions(settings, &a), nil
}

func (s *Files) visible(ctx context.Context, id int64) (Application, error) {
	a, err := s.store.Application(ctx, id)
	if teilhabe.ErrorCode(err) == teilhabe.ENOTFOUND || (err == nil && !CanView(accounts.PrincipalFrom(ctx), &a)) {
		return Application{}, ErrNotFound
	}
	return a, err
}

// editable loads an application the caller writes for, while it is a draft.
func (s *Files) editable(ctx context.Context, r interface {
	Application(context.Context, int64) (Application, error)
}, p *accounts.Principal, id int64) (Application, error) {
	a, err := r.Application(ctx, id)
	switch {
	case teilhabe.ErrorCode(err) == teilhabe.ENOTFOUND || (err == nil && !CanView(p, &a)):
		return Application{}, ErrNotFound
	case err != nil:
		return Application{}, err
	case !CanEdit(p, &a):
		return Application{}, teilhabe.E(teilhabe.EFORBIDDEN, "")
	case a.Status != StatusDraft:
		return Application{}, teilhabe.E(teilhabe.ECONFLICT, "attachments.error.frozen")
	}
	return a, nil
}

// checkQuestion accepts "" (a general attachment) and the id of one of the call's
// file questions for the application's stage.
func checkQuestion(ctx context.Context, tx FileTx, a *Application, questionID string) error {
	if questionID == "" {
		return nil
	}
	settings, err := tx.CallSettings(ctx, a.CallID)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(fileQuestions(settings, a), func(q programmes.Question) bool { return q.ID == questionID }) {
		return teilhabe.Invalid("attachments.error.refused", teilhabe.FieldMsg("question_id", "unknown", "attachments.fielderror.question"))
	}
	return nil
}

func fileQuestions(s programmes.CallSettings, a *Application) []programmes.Question {
	var out []programmes.Question
	for _, q := range s.Questions {
		if q.Kind == programmes.QuestionFile && (q.Stage == "" || q.Stage == string(a.Stage)) {
			out = append(out, q)
		}
	}
	return out
}
