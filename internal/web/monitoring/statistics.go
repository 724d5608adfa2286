package monitoring

import (
	"net/http"
	"path/filepath"

	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
	"github.com/teilhabe/teilhabe/internal/web"
)

// maxUpload caps one upload of statistics tables. A Kreis table with 25 years and
// 100 columns is about 10 MB; 200 MB leaves room without inviting abuse.
const maxUpload = 200 << 20

type statisticsPage struct {
	web.Page
	Tables   []monitoring.StatTable
	Imported []monitoring.ImportResult
}

func (w *Web) adminStatistics(rw http.ResponseWriter, r *http.Request) {
	w.renderStatistics(rw, r, http.StatusOK, nil, nil)
}

func (w *Web) renderStatistics(rw http.ResponseWriter, r *http.Request, status int, imported []monitoring.ImportResult, err error) {
	page := statisticsPage{Page: w.ui.Page(r, "admin.statistics.title"), Imported: imported}
	if err != nil {
		page.WithError(r, err)
	}
	tables, lerr := w.svc.Tables(r.Context())
	if lerr != nil {
		w.ui.Error(rw, r, lerr)
		return
	}
	page.Tables = tables
	w.render(rw, r, status, "admin_statistics", page)
}

// adminImportStatistics imports the uploaded GENESIS tables, all in one transaction:
// one broken file leaves every table as it was. Files merge into their tables unless
// the admin ticks "replace the table".
func (w *Web) adminImportStatistics(rw http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(rw, r.Body, maxUpload)
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		w.renderStatistics(rw, r, http.StatusUnprocessableEntity, nil,
			teilhabe.Invalid("monitoring.error.upload", teilhabe.FieldMsg("files", "invalid", "monitoring.fielderror.files_upload")))
		return
	}
	defer r.MultipartForm.RemoveAll()
	var files []monitoring.TableFile
	for _, h := range r.MultipartForm.File["files"] {
		name := filepath.Base(h.Filename)
		files = append(files, monitoring.TableFile{Name: name, Read: func(sink monitoring.Sink) (monitoring.Summary, error) {
			f, err := h.Open()
			if err != nil {
				return monitoring.Summary{}, err
			}
			defer f.Close()
			return monitoring.ReadGenesis(f, name, sink)
		}})
	}
	opt := monitoring.ImportOptions{ReplaceTable: r.PostFormValue("replace_table") == "1"}
	imported, err := w.svc.ImportTables(r.Context(), files, opt)
	if err != nil {
		w.ui.FormFailed(rw, r, err, func(status int) { w.renderStatistics(rw, r, status, nil, err) })
		return
	}
	w.renderStatistics(rw, r, http.StatusOK, imported, nil)
}
