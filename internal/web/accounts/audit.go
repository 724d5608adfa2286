package accounts

import (
	"net/http"

	"github.com/teilhabe/teilhabe/internal/audit"
	"github.com/teilhabe/teilhabe/internal/web"
)

type adminAuditPage struct {
	web.Page
	Events []audit.Event
}

// auditPageSize is how many events the page lists, newest first.
const auditPageSize = 200

func (w *Web) adminAudit(rw http.ResponseWriter, r *http.Request) {
	events, err := w.audit.List(r.Context(), audit.Filter{Entity: r.URL.Query().Get("entity"), Limit: auditPageSize})
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	w.render(rw, r, http.StatusOK, "admin_audit", adminAuditPage{Page: w.ui.Page(r, "admin.audit.title"), Events: events})
}
