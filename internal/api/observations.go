package api

import (
	"log/slog"
	"net/http"
	"strings"

	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/store"
)

// listObservations streams observations in long format, the same rows as
// "teilhabe export observations": JSON by default, CSV with format=csv or
// Accept: text/csv. It streams, so a whole table needs no memory on the server.
func (a *API) listObservations(w http.ResponseWriter, r *http.Request) {
	q := query{r: r}
	params := r.URL.Query()
	f := store.ObservationFilter{Table: strings.TrimSpace(params.Get("table"))}
	if s := params.Get("region"); s != "" {
		key, valid := regions.NormalizeKey(s)
		if !valid {
			q.fail("region", "api.fielderror.region_key", "Value", s)
		}
		f.Region = key
	}
	format := params.Get("format")
	if format == "" {
		format = "json"
		if strings.Contains(r.Header.Get("Accept"), "text/csv") {
			format = "csv"
		}
	}
	if format != "json" && format != "csv" {
		q.fail("format", "api.fielderror.format", "Value", format, "Allowed", "json, csv")
	}
	if err := q.err(); err != nil {
		a.RenderError(w, r, err)
		return
	}
	if format == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="observations.csv"`)
	} else {
		w.Header().Set("Content-Type", "application/json")
	}
	out, err := monitoring.NewExportWriter(w, format)
	if err == nil {
		err = a.store.EachObservation(r.Context(), f, out.Write)
	}
	if err == nil {
		err = out.Close()
	}
	if err != nil {
		// The status line is gone once rows are out; the log has the fault, and the
		// truncated body tells the client that something broke.
		slog.ErrorContext(r.Context(), "api: observations", "err", err, "request_id", httpx.RequestID(r.Context()))
	}
}
