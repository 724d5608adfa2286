package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"

	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/i18n"
)

//go:embed templates
var templateFiles embed.FS

// Pages are one capability's page templates, each parsed together with the shared
// layout and partials at start-up: a broken template fails the boot, not a request.
type Pages struct{ pages map[string]*template.Template }

// Funcs are the template helpers every page has. Translation and formatting go
// through the page's localizer (.L), so templates never format numbers or dates
// themselves.
var Funcs = template.FuncMap{
	"hasField": func(errs []i18n.FieldMessage, field string) bool {
		return slices.ContainsFunc(errs, func(e i18n.FieldMessage) bool { return e.Field == field })
	},
	"fieldError": func(errs []i18n.FieldMessage, field string) string {
		var msgs []string
		for _, e := range errs {
			if e.Field == field && !slices.Contains(msgs, e.Message) {
				msgs = append(msgs, e.Message)
			}
		}
		return strings.Join(msgs, " ")
	},
	"query": func(base string, kv ...any) string {
		u, _ := url.Parse(base)
		q := u.Query()
		for i := 0; i+1 < len(kv); i += 2 {
			if v := fmt.Sprint(kv[i+1]); v != "" && v != "0" {
				q.Set(fmt.Sprint(kv[i]), v)
			} else {
				q.Del(fmt.Sprint(kv[i]))
			}
		}
		u.RawQuery = q.Encode()
		return u.String()
	},
	"add":     func(a, b int) int { return a + b },
	"percent": func(basisPoints int) float64 { return float64(basisPoints) / 100 },
	"has":     slices.Contains[[]string],
	"stringsOf": func(v any) []string {
		rv := reflect.ValueOf(v)
		out := make([]string, rv.Len())
		for i := range out {
			out[i] = rv.Index(i).String()
		}
		return out
	},
	"int64v": func(n int) int64 { return int64(n) },
	// signed writes a difference with its sign (one decimal), so that a fall is not
	// misread as a level.
	"signed": func(l *i18n.Localizer, f float64) string {
		switch {
		case f > 0:
			return "+" + l.Decimal(f, 1)
		case f < 0:
			return "−" + l.Decimal(-f, 1)
		}
		return l.Decimal(0, 1)
	},
	// changeUnit is the unit of a change in the reader's language: a rate in %
	// changes by percentage points.
	"changeUnit": func(l *i18n.Localizer, unit string) string {
		if unit == "%" || unit == "Prozentpunkte" {
			return l.T("mviews.unit.points")
		}
		return unit
	},
	// verdictTone is the badge colour of a change's verdict ("better", "worse", ...);
	// the badge's text says the same, so colour is never the only sign.
	"verdictTone": func(verdict string) string {
		switch verdict {
		case "better":
			return "success"
		case "worse":
			return "danger"
		}
		return "info"
	},
	"join": strings.Join,
	"list": func(s ...string) []string { return s },
	"dict": func(kv ...any) map[string]any {
		m := make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			m[fmt.Sprint(kv[i])] = kv[i+1]
		}
		return m
	},
}

// ParsePages parses every templates/pages/*.html of fsys (a package's embedded
// templates directory) with the shared layout and partials, the package's own
// partials (templates/partials/*.html, if any) and extra template helpers.
func ParsePages(fsys fs.FS, extra template.FuncMap) (*Pages, error) {
	fsys, err := fs.Sub(fsys, "templates")
	if err != nil {
		return nil, err
	}
	entries, err := fs.Glob(fsys, "pages/*.html")
	if err != nil {
		return nil, err
	}
	partials, err := fs.Glob(fsys, "partials/*.html")
	if err != nil {
		return nil, err
	}
	funcs := maps.Clone(Funcs)
	maps.Copy(funcs, extra)
	ps := &Pages{pages: map[string]*template.Template{}}
	for _, e := range entries {
		name := strings.TrimSuffix(strings.TrimPrefix(e, "pages/"), ".html")
		t, err := template.New(name).Funcs(funcs).ParseFS(templateFiles, "templates/layout/*.html")
		if err == nil && len(partials) > 0 {
			t, err = t.ParseFS(fsys, partials...)
		}
		if err == nil {
			t, err = t.ParseFS(fsys, e)
		}
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		ps.pages[name] = t
	}
	return ps, nil
}

// Render writes a page of ps; a template error is logged, and the user gets a plain
// error, since the page itself cannot be trusted to render.
func (ps *Pages) Render(rw http.ResponseWriter, r *http.Request, status int, name string, data any) {
	t, ok := ps.pages[name]
	if !ok {
		panic("web: no page template " + name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		slog.ErrorContext(r.Context(), "render", "page", name, "err", err, "request_id", httpx.RequestID(r.Context()))
		http.Error(rw, "Interner Fehler / internal error", http.StatusInternalServerError)
		return
	}
	rw.Header().Set("Content-Type", "text/html; charset=utf-8")
	rw.WriteHeader(status)
	_, _ = buf.WriteTo(rw)
}
