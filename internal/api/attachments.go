package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Attachments (Anlagen) of applications: a provider's software uploads PDFs to a
// draft (multipart/form-data, like a browser), whoever may read the application
// lists and downloads them. The use cases decide who may do what.

func (a *API) attachmentRoutes() []httpx.Route {
	p := Prefix + "/applications/{id}/files"
	return []httpx.Route{
		{Method: http.MethodGet, Path: p, Action: accounts.ActAccount, Handler: a.listAttachments},
		{Method: http.MethodPost, Path: p, Action: accounts.ActAccount, Handler: a.addAttachment},
		{Method: http.MethodGet, Path: p + "/{fileID}", Action: accounts.ActAccount, Handler: a.downloadAttachment},
		{Method: http.MethodDelete, Path: p + "/{fileID}", Action: accounts.ActAccount, Handler: a.removeAttachment},
	}
}

// AttachmentService is what the API asks of the attachment use cases.
type AttachmentService interface {
	AddAttachment(ctx context.Context, applicationID int64, up applications.Upload) (applications.Attachment, error)
	Attachments(ctx context.Context, applicationID int64) ([]applications.Attachment, error)
	Attachment(ctx context.Context, applicationID, id int64) (applications.Attachment, []byte, error)
	RemoveAttachment(ctx context.Context, applicationID, id int64) error
}

var _ AttachmentService = (*applications.Files)(nil)

// maxAttachmentBody bounds an upload's body: the file at its limit with room for
// the form's framing; a larger one is 422 too_large, read to this bound.
const maxAttachmentBody = 64 << 20

type attachmentJSON struct {
	ID         int64     `json:"id"`
	Name       string    `json:"name"`
	MediaType  string    `json:"media_type"`
	Size       int64     `json:"size"`
	SHA256     string    `json:"sha256"`
	QuestionID string    `json:"question_id"`
	CreatedAt  time.Time `json:"created_at"`
}

func toAttachmentJSON(f *applications.Attachment) attachmentJSON {
	return attachmentJSON{ID: f.ID, Name: f.Name, MediaType: f.MediaType, Size: f.Size, SHA256: f.SHA256, QuestionID: f.QuestionID, CreatedAt: f.CreatedAt}
}

func fileIDs(r *http.Request) (int64, int64, error) {
	id, err := applicationID(r)
	if err != nil {
		return 0, 0, err
	}
	fileID, err := strconv.ParseInt(r.PathValue("fileID"), 10, 64)
	if err != nil || fileID <= 0 {
		return 0, 0, applications.ErrFileNotFound
	}
	return id, fileID, nil
}

func (a *API) listAttachments(w http.ResponseWriter, r *http.Request) {
	id, err := applicationID(r)
	var list []applications.Attachment
	if err == nil {
		list, err = a.attachments.Attachments(r.Context(), id)
	}
	if err != nil {
		a.RenderError(w, r, err)
		return
	}
	out := struct {
		Items []attachmentJSON `json:"items"`
	}{Items: make([]attachmentJSON, 0, len(list))}
	for i := range list {
		out.Items = append(out.Items, toAttachmentJSON(&list[i]))
	}
	w.Header().Set("Cache-Control", "private, no-store")
	ok(w, out)
}

func (a *API) addAttachment(w http.ResponseWriter, r *http.Request) {
	id, err := applicationID(r)
	var f applications.Attachment
	if err == nil {
		var up httpx.Upload
		up, err = httpx.ReadUpload(w, r, "file", applications.MaxAttachmentSize, maxAttachmentBody)
		switch {
		case errors.Is(err, httpx.ErrUploadTooLarge):
			err = teilhabe.Invalid("attachments.error.too_large",
				teilhabe.FieldMsg("file", "too_large", "attachments.fielderror.too_large", "MaxMiB", applications.MaxAttachmentSize>>20))
		case err != nil:
			err = teilhabe.Invalid("attachments.error.refused", teilhabe.FieldMsg("file", "required", "attachments.fielderror.required"))
		default:
			f, err = a.attachments.AddAttachment(r.Context(), id, applications.Upload{Name: up.Name, Content: up.Content,
				QuestionID: strings.TrimSpace(up.Fields.Get("question_id"))})
		}
	}
	if err != nil {
		a.RenderError(w, r, err)
		return
	}
	w.Header().Set("Location", Prefix+"/applications/"+strconv.FormatInt(id, 10)+"/files/"+strconv.FormatInt(f.ID, 10))
	w.Header().Set("Cache-Control", "private, no-store")
	writeJSON(w, "application/json", http.StatusCreated, toAttachmentJSON(&f))
}

func (a *API) downloadAttachment(w http.ResponseWriter, r *http.Request) {
	id, fileID, err := fileIDs(r)
	var f applications.Attachment
	var content []byte
	if err == nil {
		f, content, err = a.attachments.Attachment(r.Context(), id, fileID)
	}
	if err != nil {
		a.RenderError(w, r, err)
		return
	}
	httpx.ServeDownload(w, r, f.Name, applications.MediaTypePDF, f.SHA256, f.CreatedAt, content)
}

func (a *API) removeAttachment(w http.ResponseWriter, r *http.Request) {
	id, fileID, err := fileIDs(r)
	if err == nil {
		err = a.attachments.RemoveAttachment(r.Context(), id, fileID)
	}
	if err != nil {
		a.RenderError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
