package api

import (
	"io"
	"log/slog"
	"net/http"
	"strings"

	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/monitoring"
)

// listObservations streams observations in long format, the same rows as
// "teilhabe export observations": JSON by default, CSV with format=csv or
// Accept: text/csv. It streams, so a whole table needs no memory on the server.
func (a *API) listObservations(w http.ResponseWriter, r *http.Request) {
	params := r.URL.Query()
	f := monitoring.ObservationFilter{Table: params.Get("table"), Region: params.Get("region")}
	format := params.Get("format")
	if format == "" {
		format = "json"
		if strings.Contains(r.Header.Get("Accept"), "text/csv") {
			format = "csv"
		}
	}
	started := false
	err := a.monitoring.Export(r.Context(), f, format, func() io.Writer {
		started = true
		if format == "csv" {
			w.Header().Set("Content-Type", "text/csv; charset=utf-8")
			w.Header().Set("Content-Disposition", `attachment; filename="observations.csv"`)
		} else {
			w.Header().Set("Content-Type", "application/json")
		}
		return w
	})
	switch {
	case err == nil:
	case !started: // bad parameters: nothing is written yet
		a.RenderError(w, r, err)
	default:
		// The status line is gone once rows are out; the log has the fault, and the
		// truncated body tells the client that something broke.
		slog.ErrorContext(r.Context(), "api: observations", "err", err, "request_id", httpx.RequestID(r.Context()))
	}
}
