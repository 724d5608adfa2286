package applications

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// The Anlagen of an application: listed on its page and its edit form, uploaded
// there as PDF (multipart, no JavaScript needed), downloaded by whoever may read
// the application, removed while it is a draft.

// FileService is what the pages ask of the attachment use cases.
type FileService interface {
	AddAttachment(ctx context.Context, applicationID int64, up applications.Upload) (applications.Attachment, error)
	Attachments(ctx context.Context, applicationID int64) ([]applications.Attachment, error)
	Attachment(ctx context.Context, applicationID, id int64) (applications.Attachment, []byte, error)
	RemoveAttachment(ctx context.Context, applicationID, id int64) error
	FileQuestions(ctx context.Context, applicationID int64) ([]programmes.Question, error)
}

var _ FileService = (*applications.Files)(nil)

// WithFiles gives the pages the attachment use cases; without them the pages show
// no Anlagen and the file routes answer "not found".
func (w *Web) WithFiles(files FileService) *Web {
	w.files = files
	return w
}

func (w *Web) attachmentRoutes() []httpx.Route {
	acc := accounts.ActAccount
	return []httpx.Route{
		{Method: "POST", Path: "/applications/{id}/files", Action: acc, Handler: w.upload},
		{Method: "GET", Path: "/applications/{id}/files/{fileID}", Action: acc, Handler: w.download},
		{Method: "POST", Path: "/applications/{id}/files/{fileID}/delete", Action: acc, Handler: w.removeFile},
	}
}

// attachmentsView is the Anlagen section of a page.
type attachmentsView struct {
	AppID     int64
	Items     []attachmentRow
	Questions []programmes.Question // the call's file questions, for the upload's choice
	CanChange bool                  // the caller writes for the applicant and it is a draft
	Frozen    bool                  // submitted: the files stay as they are
	Back      string                // "edit" when shown on the edit form
	MaxMiB    int
	Max       int
}

type attachmentRow struct {
	applications.Attachment
	SizeText string
	Question string // the question's label, "" for a general attachment
}

// attachments builds the section for an application the caller sees; nil, and so
// no section, when the files cannot be read (the page itself still shows).
func (w *Web) attachments(r *http.Request, l *i18n.Localizer, a *applications.Application, back string) *attachmentsView {
	if w.files == nil {
		return nil
	}
	list, err := w.files.Attachments(r.Context(), a.ID)
	if err != nil {
		slog.ErrorContext(r.Context(), "attachments", "err", err, "request_id", httpx.RequestID(r.Context()))
		return nil
	}
	qs, err := w.files.FileQuestions(r.Context(), a.ID)
	if err != nil {
		slog.ErrorContext(r.Context(), "attachments", "err", err, "request_id", httpx.RequestID(r.Context()))
		return nil
	}
	v := &attachmentsView{AppID: a.ID, Questions: qs, Back: back, MaxMiB: applications.MaxAttachmentSize >> 20, Max: applications.MaxAttachments,
		CanChange: applications.CanEdit(accounts.PrincipalFrom(r.Context()), a) && a.Status == applications.StatusDraft,
		Frozen:    a.Status.Submitted()}
	labels := map[string]string{}
	for _, q := range qs {
		labels[q.ID] = q.Label
	}
	for _, f := range list {
		row := attachmentRow{Attachment: f, SizeText: sizeText(l, f.Size), Question: labels[f.QuestionID]}
		if f.QuestionID != "" && row.Question == "" {
			row.Question = f.QuestionID // a question removed from the call since
		}
		v.Items = append(v.Items, row)
	}
	return v
}

// sizeText writes a file size as people read it: "840 KB", "2,4 MB".
func sizeText(l *i18n.Localizer, n int64) string {
	if n < 1<<20 {
		return l.T("attachments.size.kb", "N", l.Int(max(1, (n+512)>>10)))
	}
	return l.T("attachments.size.mb", "N", l.Decimal(float64(n)/(1<<20), 1))
}

// drainLimit bounds an upload's body: a file over the limit is read and dropped up
// to here, so that the browser gets to see "too large" rather than a reset.
const drainLimit = 64 << 20

var errTooLarge = teilhabe.Invalid("attachments.error.too_large",
	teilhabe.FieldMsg("file", "too_large", "attachments.fielderror.too_large", "MaxMiB", applications.MaxAttachmentSize>>20))

var errNoFile = teilhabe.Invalid("attachments.error.refused", teilhabe.FieldMsg("file", "required", "attachments.fielderror.required"))

// readUpload reads the upload form; the browser's name for the file is only a name.
func readUpload(rw http.ResponseWriter, r *http.Request) (applications.Upload, url.Values, error) {
	up, err := httpx.ReadUpload(rw, r, "file", applications.MaxAttachmentSize, drainLimit)
	switch {
	case errors.Is(err, httpx.ErrUploadTooLarge):
		return applications.Upload{}, up.Fields, errTooLarge
	case err != nil:
		return applications.Upload{}, up.Fields, errNoFile
	}
	return applications.Upload{Name: up.Name, Content: up.Content, QuestionID: strings.TrimSpace(up.Fields.Get("question_id"))}, up.Fields, nil
}

func (w *Web) upload(rw http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 || w.files == nil {
		w.ui.Error(rw, r, applications.ErrNotFound)
		return
	}
	up, fields, err := readUpload(rw, r)
	back := fields.Get("back")
	if err == nil {
		_, err = w.files.AddAttachment(r.Context(), id, up)
	}
	if err != nil {
		w.filesFailed(rw, r, id, back, err)
		return
	}
	w.ui.Redirect(rw, r, backTo(id, back), "flash.attachment_added")
}

func (w *Web) removeFile(rw http.ResponseWriter, r *http.Request) {
	id, err1 := strconv.ParseInt(r.PathValue("id"), 10, 64)
	fileID, err2 := strconv.ParseInt(r.PathValue("fileID"), 10, 64)
	if err1 != nil || err2 != nil || id <= 0 || w.files == nil {
		w.ui.Error(rw, r, applications.ErrNotFound)
		return
	}
	r.Body = http.MaxBytesReader(rw, r.Body, 4<<10)
	back := r.PostFormValue("back")
	if err := w.files.RemoveAttachment(r.Context(), id, fileID); err != nil {
		w.filesFailed(rw, r, id, back, err)
		return
	}
	w.ui.Redirect(rw, r, backTo(id, back), "flash.attachment_removed")
}

// filesFailed shows a refused upload or removal on the page it came from, with the
// reason at the upload field; what the user may not do is an error page.
func (w *Web) filesFailed(rw http.ResponseWriter, r *http.Request, id int64, back string, err error) {
	switch teilhabe.ErrorCode(err) {
	case teilhabe.EINVALID, teilhabe.ECONFLICT:
	default:
		w.ui.Error(rw, r, err)
		return
	}
	a, gerr := w.svc.Get(r.Context(), id)
	var prog programmes.Programme
	if gerr == nil {
		prog, gerr = w.svc.Programme(r.Context(), &a)
	}
	if gerr != nil {
		w.ui.Error(rw, r, gerr)
		return
	}
	status := httpx.Status(err)
	// The page shown is the application's (or its form's): the language switch and
	// the login link lead there, not to the POST-only upload address.
	r = r.Clone(r.Context())
	r.URL.Path, r.URL.RawQuery = strings.TrimSuffix(backTo(id, back), "#anlagen"), ""
	if back == "edit" && a.Status == applications.StatusDraft && applications.CanEdit(accounts.PrincipalFrom(r.Context()), &a) {
		w.renderForm(rw, r, status, formPage{Page: w.ui.Page(r, "applications.edit.title"), Form: formOf(&a, w.ui.Localizer(r).Lang), App: &a,
			Programme: prog, Call: callOf(prog, a.CallID)}, err)
		return
	}
	w.renderShow(rw, r, status, a, prog, err)
}

func backTo(id int64, back string) string {
	if back == "edit" {
		return "/applications/" + strconv.FormatInt(id, 10) + "/edit#anlagen"
	}
	return "/applications/" + strconv.FormatInt(id, 10) + "#anlagen"
}

// download serves a file as an attachment, never for display in the page's origin:
// its type fixed to PDF, no sniffing, a sandbox for any viewer that opens it.
func (w *Web) download(rw http.ResponseWriter, r *http.Request) {
	id, err1 := strconv.ParseInt(r.PathValue("id"), 10, 64)
	fileID, err2 := strconv.ParseInt(r.PathValue("fileID"), 10, 64)
	if err1 != nil || err2 != nil || id <= 0 || fileID <= 0 || w.files == nil {
		w.ui.Error(rw, r, applications.ErrFileNotFound)
		return
	}
	f, content, err := w.files.Attachment(r.Context(), id, fileID)
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	ServeAttachment(rw, r, f, content)
}

// ServeAttachment writes a stored file with the headers of a safe download.
func ServeAttachment(rw http.ResponseWriter, r *http.Request, f applications.Attachment, content []byte) {
	httpx.ServeDownload(rw, r, f.Name, applications.MediaTypePDF, f.SHA256, f.CreatedAt, content)
}
