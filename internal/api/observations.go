package api

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/monitoring"
)

// observationPage is a page of observations as JSON; next is null on the last page.
type observationPage struct {
	Items []monitoring.ExportRow `json:"items"`
	Total int                    `json:"total"`
	Next  *string                `json:"next"`
}

// listObservations answers observations in long format, the same rows as
// "teilhabe export observations". JSON comes in pages (limit, cursor). CSV (format=csv
// or Accept: text/csv) streams every matching row, so that a whole table needs no
// memory on the server; with limit or cursor it comes in pages too, the next one
// named in the Link header.
func (a *API) listObservations(w http.ResponseWriter, r *http.Request) {
	params := r.URL.Query()
	f := monitoring.ObservationFilter{Table: params.Get("table"), Series: params["series"], Regions: params["region"],
		Level: params.Get("level"), From: params.Get("from"), To: params.Get("to"), Breakdowns: params["breakdown"]}
	format := params.Get("format")
	if format == "" {
		format = "json"
		if strings.Contains(r.Header.Get("Accept"), "text/csv") {
			format = "csv"
		}
	}
	if format == "csv" && !params.Has("limit") && !params.Has("cursor") {
		a.streamObservations(w, r, f)
		return
	}
	q := query{r: r}
	if !slices.Contains(monitoring.ExportFormats, format) {
		q.fail("format", "monitoring.fielderror.format")
	}
	limit := q.int("limit", monitoring.DefaultPageSize)
	page, err := a.monitoring.Observations(r.Context(), f, monitoring.Paging{Limit: limit, Cursor: params.Get("cursor")})
	q.addError("", err)
	if err := q.err(); err != nil {
		a.RenderError(w, r, err)
		return
	}
	var next *string
	if page.Next != "" {
		params.Set("cursor", page.Next)
		params.Set("limit", strconv.Itoa(limit))
		link := Prefix + "/observations?" + params.Encode()
		next = &link
		w.Header().Set("Link", "<"+link+`>; rel="next"`)
	}
	w.Header().Set("X-Total-Count", strconv.Itoa(page.Total))
	if format == "json" {
		ok(w, observationPage{Items: append([]monitoring.ExportRow{}, page.Items...), Total: page.Total, Next: next})
		return
	}
	var buf bytes.Buffer
	out, err := monitoring.NewExportWriter(&buf, "csv")
	for _, row := range page.Items {
		if err == nil {
			err = out.Write(row)
		}
	}
	if err == nil {
		err = out.Close()
	}
	if err != nil {
		a.RenderError(w, r, err)
		return
	}
	setCSVHeaders(w)
	_, _ = w.Write(buf.Bytes())
}

// streamObservations writes every row f selects as CSV while it reads them.
func (a *API) streamObservations(w http.ResponseWriter, r *http.Request, f monitoring.ObservationFilter) {
	started := false
	err := a.monitoring.Export(r.Context(), f, "csv", func() io.Writer {
		started = true
		setCSVHeaders(w)
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

func setCSVHeaders(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="observations.csv"`)
}

// observationsURL is the address of the observations of one table, for links.
func observationsURL(base, table string) string {
	return base + Prefix + "/observations?" + url.Values{"table": {table}}.Encode()
}
