package monitoring

import (
	"net/http"

	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/web"
)

// maxUpload caps one upload of statistics tables. A Kreis table with 25 years and
// 100 columns is about 10 MB; 200 MB leaves room without inviting abuse.
const maxUpload = 200 << 20

type statisticsPage struct {
	web.Page
	Tables []monitoring.StatTable
	Jobs   []monitoring.ImportJob
}

func (w *Web) adminStatistics(rw http.ResponseWriter, r *http.Request) {
	w.renderStatistics(rw, r, http.StatusOK, nil)
}

// renderStatistics shows the imported tables and the latest import jobs, with the
// upload form (and why an upload was refused, if err says so).
func (w *Web) renderStatistics(rw http.ResponseWriter, r *http.Request, status int, err error) {
	page := statisticsPage{Page: w.ui.Page(r, "admin.statistics.title")}
	if err != nil {
		page.WithError(r, err)
	}
	tables, lerr := w.svc.Tables(r.Context())
	if lerr == nil {
		page.Jobs, lerr = w.svc.ImportJobs(r.Context())
	}
	if lerr != nil {
		w.ui.Error(rw, r, lerr)
		return
	}
	page.Tables = tables
	w.render(rw, r, status, "admin_statistics", page)
}
