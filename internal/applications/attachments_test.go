package applications_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/clamav"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
	"github.com/teilhabe/teilhabe/internal/testenv"
)

// eicar is the EICAR anti-virus test file: harmless, and reported by every scanner.
const eicar = `X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*`

// setQuestions gives the world's call its own questions: two asking for a file (one
// of them for sketches only) and one asking for text.
func (w *world) setQuestions() {
	w.t.Helper()
	const questions = `[{"id":"satzung","label":"Satzung des Trägers","kind":"file","required":true},
		{"id":"skizze","label":"Skizze als PDF","kind":"file","required":false,"stage":"sketch"},
		{"id":"ziel","label":"Ziel","kind":"text","required":false}]`
	err := w.db.Update(context.Background(), func(tx *store.Tx) error {
		_, err := tx.ExecContext(context.Background(), `INSERT INTO call_settings (call_id, questions, updated_at) VALUES ($1, $2, $3)`,
			w.call.ID, questions, time.Now().UTC())
		return err
	})
	if err != nil {
		w.t.Fatal(err)
	}
}

func fieldCode(t *testing.T, what string, err error, field, code string) {
	t.Helper()
	e := teilhabe.AsError(err)
	if e == nil || e.Code != teilhabe.EINVALID || len(e.Fields) != 1 || e.Fields[0].Field != field || e.Fields[0].Code != code {
		t.Fatalf("%s: %v; want %s %s", what, err, field, code)
	}
}

func TestAttachmentsOfADraft(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		w.setQuestions()
		files := applications.NewFiles(db.Applications(), nil)
		ctx := w.as(w.staff)
		a, err := w.svc.Create(ctx, w.call.ID, 0, complete())
		if err != nil {
			t.Fatal(err)
		}
		content := pdf("Satzung")
		f, err := files.AddAttachment(ctx, a.ID, applications.Upload{Name: `C:\Daten\Satzung "2026".PDF`, QuestionID: "satzung", Content: content})
		sum := sha256.Sum256(content)
		if err != nil || f.ID == 0 || f.Name != "Satzung 2026.pdf" || f.Size != int64(len(content)) || f.SHA256 != hex.EncodeToString(sum[:]) ||
			f.MediaType != "application/pdf" || f.QuestionID != "satzung" || f.UploadedBy != w.staff.ID {
			t.Fatalf("added %+v, %v", f, err)
		}
		if _, err := files.AddAttachment(ctx, a.ID, applications.Upload{Name: "Anhang.pdf", Content: pdf("Anhang")}); err != nil {
			t.Fatal(err)
		}

		// The type is judged by the bytes: a PNG called .pdf is refused, and so
		// is whatever does not answer one of the call's file questions.
		png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR%%EOF")
		_, err = files.AddAttachment(ctx, a.ID, applications.Upload{Name: "Foto.pdf", Content: png})
		fieldCode(t, "PNG named .pdf", err, "file", "not_pdf")
		if msg := say("de", err); msg != "Die Datei wurde nicht gespeichert." {
			t.Errorf("German summary: %q", msg)
		}
		if _, fields := bundle.For("en").Error(err); len(fields) != 1 || !strings.Contains(fields[0].Message, "not a PDF") {
			t.Errorf("English field message: %+v", fields)
		}
		_, err = files.AddAttachment(ctx, a.ID, applications.Upload{Name: "leer.pdf"})
		fieldCode(t, "empty", err, "file", "empty")
		for _, q := range []string{"ziel", "skizze", "gibt-es-nicht", strings.Repeat("x", 100)} {
			_, err = files.AddAttachment(ctx, a.ID, applications.Upload{Name: "x.pdf", QuestionID: q, Content: pdf("x")})
			fieldCode(t, "question "+q[:min(len(q), 20)], err, "question_id", "unknown")
		}

		// Only the applicant's staff write; others do not even see the draft.
		for _, u := range []struct {
			name string
			ctx  context.Context
		}{{"another provider", w.as(w.otherStaff)}, {"the funder", w.as(w.funderStaff)}, {"a commissioner", w.as(w.stuttgart)}, {"an admin", w.as(w.admin)}} {
			_, err = files.AddAttachment(u.ctx, a.ID, applications.Upload{Name: "x.pdf", Content: pdf("x")})
			wantErr(t, u.name+" adds to a draft", err, teilhabe.ENOTFOUND, "applications.error.not_found")
			_, err = files.Attachments(u.ctx, a.ID)
			wantErr(t, u.name+" lists a draft's files", err, teilhabe.ENOTFOUND, "applications.error.not_found")
			_, _, err = files.Attachment(u.ctx, a.ID, f.ID)
			wantErr(t, u.name+" downloads from a draft", err, teilhabe.ENOTFOUND, "applications.error.not_found")
		}

		list, err := files.Attachments(ctx, a.ID)
		if err != nil || len(list) != 2 || list[0].ID != f.ID || list[1].Name != "Anhang.pdf" || list[1].QuestionID != "" {
			t.Fatalf("list %+v, %v", list, err)
		}
		got, body, err := files.Attachment(ctx, a.ID, f.ID)
		if err != nil || got.Name != f.Name || string(body) != string(content) {
			t.Fatalf("download %+v (%d bytes), %v", got, len(body), err)
		}
		qs, err := files.FileQuestions(ctx, a.ID)
		if err != nil || len(qs) != 1 || qs[0].ID != "satzung" {
			t.Fatalf("file questions of a full application: %+v, %v", qs, err)
		}

		// Removed by its author's colleague; gone for good.
		if err := files.RemoveAttachment(ctx, a.ID, list[1].ID); err != nil {
			t.Fatal(err)
		}
		err = files.RemoveAttachment(ctx, a.ID, list[1].ID)
		wantErr(t, "second removal", err, teilhabe.ENOTFOUND, "attachments.error.not_found")
		_, _, err = files.Attachment(ctx, a.ID, list[1].ID)
		wantErr(t, "download of a removed file", err, teilhabe.ENOTFOUND, "attachments.error.not_found")

		// Submitted, the files are frozen and the funder and the region's
		// commissioner read them; others still find nothing.
		if _, err := w.svc.Submit(ctx, a.ID, 0); err != nil {
			t.Fatal(err)
		}
		_, err = files.AddAttachment(ctx, a.ID, applications.Upload{Name: "spät.pdf", Content: pdf("spät")})
		wantErr(t, "add after submission", err, teilhabe.ECONFLICT, "attachments.error.frozen")
		err = files.RemoveAttachment(ctx, a.ID, f.ID)
		wantErr(t, "remove after submission", err, teilhabe.ECONFLICT, "attachments.error.frozen")
		for _, u := range []struct {
			name string
			ctx  context.Context
		}{{"the funder", w.as(w.funderStaff)}, {"Stuttgart's commissioner", w.as(w.stuttgart)}} {
			if _, body, err := files.Attachment(u.ctx, a.ID, f.ID); err != nil || string(body) != string(content) {
				t.Errorf("%s downloads: %d bytes, %v", u.name, len(body), err)
			}
			_, err = files.AddAttachment(u.ctx, a.ID, applications.Upload{Name: "x.pdf", Content: pdf("x")})
			wantErr(t, u.name+" adds", err, teilhabe.EFORBIDDEN, "")
			err = files.RemoveAttachment(u.ctx, a.ID, f.ID)
			wantErr(t, u.name+" removes", err, teilhabe.EFORBIDDEN, "")
		}
		for _, u := range []struct {
			name string
			ctx  context.Context
		}{{"München's commissioner", w.as(w.muenchen)}, {"another provider", w.as(w.otherStaff)}, {"an admin", w.as(w.admin)}} {
			_, _, err = files.Attachment(u.ctx, a.ID, f.ID)
			wantErr(t, u.name+" downloads", err, teilhabe.ENOTFOUND, "applications.error.not_found")
		}
		// A file id of another application is no file of this one.
		b, err := w.svc.Create(ctx, w.call.ID, 0, applications.Content{Title: "Zweiter Antrag"})
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = files.Attachment(ctx, b.ID, f.ID)
		wantErr(t, "file of another application", err, teilhabe.ENOTFOUND, "attachments.error.not_found")
		err = files.RemoveAttachment(ctx, b.ID, f.ID)
		wantErr(t, "removal through another application", err, teilhabe.ENOTFOUND, "attachments.error.not_found")
	})
}

func TestAttachmentLimit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		files := applications.NewFiles(db.Applications(), nil)
		ctx := w.as(w.staff)
		a, err := w.svc.Create(ctx, w.call.ID, 0, applications.Content{Title: "Viele Anlagen"})
		if err != nil {
			t.Fatal(err)
		}
		for i := range applications.MaxAttachments {
			if _, err := files.AddAttachment(ctx, a.ID, applications.Upload{Name: fmt.Sprintf("Anlage %d.pdf", i+1), Content: pdf(fmt.Sprint(i))}); err != nil {
				t.Fatal(i, err)
			}
		}
		_, err = files.AddAttachment(ctx, a.ID, applications.Upload{Name: "eine zu viel.pdf", Content: pdf("x")})
		fieldCode(t, "one too many", err, "file", "too_many")
		if msg := say("de", err); msg != "Die Datei wurde nicht gespeichert." {
			t.Errorf("German: %q", msg)
		}
		if _, fields := bundle.For("de").Error(err); len(fields) != 1 || !strings.Contains(fields[0].Message, "höchstens 20 Anlagen") {
			t.Errorf("German field message: %+v", fields)
		}
	})
}

// scanner is a stand-in for clamd that reports what it is told to.
type scanner struct {
	infected bool
	err      error
	scanned  int
}

func (s *scanner) Scan(_ context.Context, r io.Reader) (bool, string, error) {
	s.scanned++
	_, _ = io.Copy(io.Discard, r)
	if s.infected {
		return true, "Test.Signature", nil
	}
	return false, "", s.err
}

func TestAttachmentsAreScanned(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		ctx := w.as(w.staff)
		a, err := w.svc.Create(ctx, w.call.ID, 0, applications.Content{Title: "Gescannt"})
		if err != nil {
			t.Fatal(err)
		}
		sc := &scanner{infected: true}
		files := applications.NewFiles(db.Applications(), sc)
		_, err = files.AddAttachment(ctx, a.ID, applications.Upload{Name: "x.pdf", Content: pdf("x")})
		fieldCode(t, "infected", err, "file", "infected")
		if _, fields := bundle.For("de").Error(err); len(fields) != 1 || !strings.Contains(fields[0].Message, "Schadsoftware gefunden (Test.Signature)") {
			t.Errorf("German field message: %+v", fields)
		}
		// A scanner that cannot answer refuses the upload: nothing unscanned is kept.
		sc.infected, sc.err = false, errors.New("connection refused")
		_, err = files.AddAttachment(ctx, a.ID, applications.Upload{Name: "x.pdf", Content: pdf("x")})
		fieldCode(t, "scanner down", err, "file", "scan_failed")
		// What is no PDF is refused before it costs a scan.
		before := sc.scanned
		_, err = files.AddAttachment(ctx, a.ID, applications.Upload{Name: "x.pdf", Content: []byte("<html>")})
		fieldCode(t, "HTML", err, "file", "not_pdf")
		if sc.scanned != before {
			t.Error("a file that is no PDF was scanned")
		}
		if list, err := files.Attachments(ctx, a.ID); err != nil || len(list) != 0 {
			t.Fatalf("stored %d files, %v", len(list), err)
		}
		sc.err = nil
		if _, err := files.AddAttachment(ctx, a.ID, applications.Upload{Name: "x.pdf", Content: pdf("x")}); err != nil {
			t.Fatal(err)
		}
	})
}

// TestEICARIsRefusedByClamd streams uploads to a real clamd (scripts/test starts
// one whose database knows the EICAR test file): a PDF carrying the EICAR string is
// refused as infected and nothing is stored; a clean PDF passes the same scanner.
func TestEICARIsRefusedByClamd(t *testing.T) {
	addr := testenv.Clamd(t)
	c, err := clamav.New(addr)
	if err != nil {
		t.Fatal(err)
	}
	db := storetest.SQLite(t)
	w := newWorld(t, db)
	ctx := w.as(w.staff)
	a, err := w.svc.Create(ctx, w.call.ID, 0, applications.Content{Title: "Mit Virenscan"})
	if err != nil {
		t.Fatal(err)
	}
	files := applications.NewFiles(db.Applications(), c)
	_, err = files.AddAttachment(ctx, a.ID, applications.Upload{Name: "eicar.pdf", Content: pdf(eicar)})
	fieldCode(t, "EICAR", err, "file", "infected")
	if _, fields := bundle.For("en").Error(err); len(fields) != 1 || !strings.Contains(fields[0].Message, "found malware") {
		t.Errorf("English field message: %+v", fields)
	}
	if list, err := files.Attachments(ctx, a.ID); err != nil || len(list) != 0 {
		t.Fatalf("after EICAR: %d files, %v", len(list), err)
	}
	if _, err := files.AddAttachment(ctx, a.ID, applications.Upload{Name: "sauber.pdf", Content: pdf("Kursplan")}); err != nil {
		t.Fatalf("clean PDF: %v", err)
	}
}
