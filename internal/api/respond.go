package api

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// writeJSON encodes v before writing anything, so that an encoding failure can
// still become a clean 500 instead of half a body.
func writeJSON(w http.ResponseWriter, contentType string, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // "„Stuttgart“ & Co." stays readable; the body is never HTML
	if err := enc.Encode(v); err != nil {
		slog.Error("api: encode response", "err", err)
		http.Error(w, `{"code":"internal","status":500}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

func ok(w http.ResponseWriter, v any) { writeJSON(w, "application/json", http.StatusOK, v) }

// query collects the field errors of one request's query parameters, so that a
// client learns about every bad parameter at once rather than one per round trip.
type query struct {
	r        *http.Request
	fields   []teilhabe.FieldError
	internal error
}

// int returns a non-negative integer parameter, or def when it is absent.
func (q *query) int(name string, def int) int {
	s := q.r.URL.Query().Get(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		q.fail(name, "api.fielderror.count", "Value", s)
		return def
	}
	return n
}

// fail records that a parameter is wrong: id names the message, args fill it in.
func (q *query) fail(field, id string, args ...any) {
	q.fields = append(q.fields, teilhabe.FieldMsg(field, teilhabe.EINVALID, id, args...))
}

// addError keeps the field errors of a domain validation error; a domain error
// without fields becomes an error of field. Any other error is a fault on our side
// and is what err returns, however many fields are wrong.
func (q *query) addError(field string, err error) {
	e := teilhabe.AsError(err)
	switch {
	case err == nil:
	case e == nil:
		q.internal = err
	case len(e.Fields) > 0:
		q.fields = append(q.fields, e.Fields...)
	default:
		q.fields = append(q.fields, teilhabe.FieldError{Field: field, Code: e.Code, ID: e.ID, Args: e.Args})
	}
}

// err returns the collected field errors as one EINVALID error, or nil.
func (q *query) err() error {
	if q.internal != nil {
		return q.internal
	}
	if len(q.fields) == 0 {
		return nil
	}
	return teilhabe.Invalid("error.query", q.fields...)
}

// date formats a day as YYYY-MM-DD, or null when unknown.
func date(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.Format(time.DateOnly)
	return &s
}

// nullable turns the store's "" for "not set" into JSON null.
func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
