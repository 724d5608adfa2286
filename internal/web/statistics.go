package web

import (
	"net/http"
	"path/filepath"

	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// maxUpload caps one upload of statistics tables. A Kreis table with 25 years and
// 100 columns is about 10 MB; 200 MB leaves room without inviting abuse.
const maxUpload = 200 << 20

type importedTable struct {
	Result  store.TableImport
	Summary monitoring.Summary
}

type statisticsPage struct {
	Page
	Tables   []store.StatTable
	Imported []importedTable
}

func (w *Web) adminStatistics(rw http.ResponseWriter, r *http.Request) {
	w.renderStatistics(rw, r, http.StatusOK, nil, nil)
}

func (w *Web) renderStatistics(rw http.ResponseWriter, r *http.Request, status int, imported []importedTable, err error) {
	page := statisticsPage{Page: w.page(r, "admin.statistics.title"), Imported: imported}
	if err != nil {
		page.withError(err)
	}
	tables, lerr := w.store.StatTables(r.Context())
	if lerr != nil {
		w.RenderError(rw, r, lerr)
		return
	}
	page.Tables = tables
	w.render(rw, r, status, "admin_statistics", page)
}

// adminImportStatistics imports the uploaded GENESIS tables, all in one transaction:
// one broken file leaves every table as it was.
func (w *Web) adminImportStatistics(rw http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(rw, r.Body, maxUpload)
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		w.renderStatistics(rw, r, http.StatusUnprocessableEntity, nil, teilhabe.Invalid("Die Dateien ließen sich nicht hochladen (höchstens 200 MB).",
			teilhabe.FieldError{Field: "files", Code: "invalid", Message: "Bitte eine oder mehrere CSV-Dateien wählen, zusammen höchstens 200 MB."}))
		return
	}
	defer r.MultipartForm.RemoveAll()
	headers := r.MultipartForm.File["files"]
	if len(headers) == 0 {
		w.renderStatistics(rw, r, http.StatusUnprocessableEntity, nil, teilhabe.Invalid("Bitte mindestens eine Datei wählen.",
			teilhabe.FieldError{Field: "files", Code: "required", Message: "Bitte mindestens eine GENESIS-Tabelle (CSV) wählen."}))
		return
	}
	var files []store.TableFile
	for _, h := range headers {
		name := filepath.Base(h.Filename)
		files = append(files, store.TableFile{Name: name, Read: func(sink monitoring.Sink) (monitoring.Summary, error) {
			f, err := h.Open()
			if err != nil {
				return monitoring.Summary{}, err
			}
			defer f.Close()
			return monitoring.ReadGenesis(f, name, sink)
		}})
	}
	results, sums, err := w.store.ImportTables(r.Context(), files)
	if err != nil {
		w.renderStatistics(rw, r, http.StatusUnprocessableEntity, nil, err)
		return
	}
	imported := make([]importedTable, len(results))
	for i := range results {
		imported[i] = importedTable{Result: results[i], Summary: sums[i]}
	}
	w.renderStatistics(rw, r, http.StatusOK, imported, nil)
}
