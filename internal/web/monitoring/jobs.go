package monitoring

import (
	"errors"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
	"github.com/teilhabe/teilhabe/internal/web"
)

// An upload may take longer than the server's ReadTimeout, which bounds a whole
// request (60 s would cut 200 MB on a line of less than 27 Mbit/s). Its deadline
// moves on while data arrives instead: a stalled upload still ends after uploadIdle,
// and none lasts longer than uploadMax. Only admins reach this handler (the route's
// action is checked before), so nobody else gets the longer deadline.
const (
	uploadIdle   = 60 * time.Second
	uploadMax    = 30 * time.Minute
	responseTime = 2 * time.Minute // to answer once the upload is in (the server's WriteTimeout began with the request)
)

// uploadBody is a request body whose read deadline follows the upload.
type uploadBody struct {
	io.ReadCloser
	rc        *http.ResponseController
	last, end time.Time
}

func newUploadBody(rw http.ResponseWriter, r *http.Request) *uploadBody {
	b := &uploadBody{ReadCloser: r.Body, rc: http.NewResponseController(rw), end: time.Now().Add(uploadMax)}
	b.extend(time.Now())
	return b
}

func (b *uploadBody) Read(p []byte) (int, error) {
	if now := time.Now(); now.Sub(b.last) >= time.Second {
		b.extend(now)
	}
	return b.ReadCloser.Read(p)
}

func (b *uploadBody) extend(now time.Time) {
	b.last = now
	d := now.Add(uploadIdle)
	if d.After(b.end) {
		d = b.end
	}
	if err := b.rc.SetReadDeadline(d); err != nil && !errors.Is(err, http.ErrNotSupported) {
		slog.Debug("upload read deadline", "err", err)
	}
}

// multipartUpload hands the files of a multipart form to the use case as they
// arrive; empty file inputs are skipped, and of the other fields only the
// "replace the table" checkbox counts.
type multipartUpload struct {
	r       *multipart.Reader
	part    *multipart.Part
	replace bool
}

// Options says whether the admin ticked "replace the table": known once every
// part is read, which the use case does before it starts the job.
func (u *multipartUpload) Options() monitoring.ImportOptions {
	return monitoring.ImportOptions{ReplaceTable: u.replace}
}

func (u *multipartUpload) Next() (string, io.Reader, error) {
	for {
		if u.part != nil {
			u.part.Close()
		}
		p, err := u.r.NextPart()
		if err != nil {
			return "", nil, err
		}
		u.part = p
		if p.FormName() == "files" && p.FileName() != "" {
			return p.FileName(), p, nil
		}
		if p.FormName() == "replace_table" {
			v, _ := io.ReadAll(io.LimitReader(p, 8))
			u.replace = string(v) == "1"
		}
	}
}

// adminImportStatistics receives uploaded GENESIS tables and starts their import as a
// job, then sends the admin to the job's page; the import runs on when the browser
// goes away.
func (w *Web) adminImportStatistics(rw http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(rw, newUploadBody(rw, r), maxUpload)
	job, err := w.startImport(r)
	if err := http.NewResponseController(rw).SetWriteDeadline(time.Now().Add(responseTime)); err != nil && !errors.Is(err, http.ErrNotSupported) {
		slog.DebugContext(r.Context(), "upload write deadline", "err", err)
	}
	switch teilhabe.ErrorCode(err) {
	case "":
		http.Redirect(rw, r, "/admin/statistics/jobs/"+strconv.FormatInt(job.ID, 10), http.StatusSeeOther)
	case teilhabe.EINVALID:
		w.renderStatistics(rw, r, http.StatusUnprocessableEntity, err)
	case teilhabe.ECONFLICT:
		w.renderStatistics(rw, r, http.StatusConflict, err)
	default:
		w.ui.Error(rw, r, err)
	}
}

func (w *Web) startImport(r *http.Request) (monitoring.ImportJob, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return monitoring.ImportJob{}, teilhabe.Invalid("monitoring.error.upload", teilhabe.FieldMsg("files", "invalid", "monitoring.fielderror.files_upload"))
	}
	up := &multipartUpload{r: mr}
	job, err := w.svc.StartImport(r.Context(), up)
	if up.part != nil {
		up.part.Close()
	}
	return job, err
}

type jobPage struct {
	web.Page
	Job monitoring.ImportJob
}

// adminImportJob shows a job: its progress while it runs (htmx asks for the page
// again every two seconds and swaps the job's part; without JavaScript a link
// reloads it), then its summary or why it failed.
func (w *Web) adminImportJob(rw http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		w.ui.Error(rw, r, teilhabe.E(teilhabe.ENOTFOUND, "monitoring.job.error.not_found", "Job", r.PathValue("id")))
		return
	}
	job, err := w.svc.ImportJob(r.Context(), id)
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	p := jobPage{Page: w.ui.Page(r, ""), Job: job}
	p.Title = p.L.T("monitoring.job.title", "Job", job.ID)
	// A running job's page is a snapshot; no cache keeps an old one.
	rw.Header().Set("Cache-Control", "no-store")
	w.render(rw, r, http.StatusOK, "admin_import_job", p)
}

// fileSize writes a byte count as a reader of l reads file sizes: "28 kB" below a
// megabyte, "12,3 MB" above.
func fileSize(l *i18n.Localizer, n int64) string {
	if n < 1e6 {
		return l.T("monitoring.job.kb", "KB", l.Int((n+999)/1000))
	}
	return l.T("monitoring.job.mb", "MB", l.Decimal(float64(n)/1e6, 1))
}

// FailureText is why the job failed, in the reader's language.
func (p jobPage) FailureText() string {
	if p.Job.Failure == nil {
		return ""
	}
	msg, _ := p.L.Error(p.Job.Failure)
	return msg
}

// FailureFields are the failure's field messages that say more than its summary.
func (p jobPage) FailureFields() []string {
	if p.Job.Failure == nil {
		return nil
	}
	msg, fields := p.L.Error(p.Job.Failure)
	var out []string
	for _, f := range fields {
		if f.Message != msg && !slices.Contains(out, f.Message) {
			out = append(out, f.Message)
		}
	}
	return out
}
