package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

//go:embed templates
var templateFiles embed.FS

// pageSet holds one template per page, each parsed together with the layout.
type pageSet struct{ pages map[string]*template.Template }

// funcs are the template helpers. Translation and formatting go through the page's
// localizer (.L), so templates never format numbers or dates themselves.
var funcs = template.FuncMap{
	"hasField": func(errs []i18n.FieldMessage, field string) bool {
		for _, e := range errs {
			if e.Field == field {
				return true
			}
		}
		return false
	},
	"fieldError": func(errs []i18n.FieldMessage, field string) string {
		for _, e := range errs {
			if e.Field == field {
				return e.Message
			}
		}
		return ""
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
	"sectionHeading": func(t programmes.Text, i int) string {
		if i >= 0 && i < len(t.Sections) {
			return t.Sections[i].Heading
		}
		return ""
	},
	"stringsOf": func(v any) []string {
		rv := reflect.ValueOf(v)
		out := make([]string, rv.Len())
		for i := range out {
			out[i] = rv.Index(i).String()
		}
		return out
	},
	"int64v": func(n int) int64 { return int64(n) },
	"join":   strings.Join,
	"list":   func(s ...string) []string { return s },
	"dict": func(kv ...any) map[string]any {
		m := make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			m[fmt.Sprint(kv[i])] = kv[i+1]
		}
		return m
	},
}

func parsePages() (*pageSet, error) {
	entries, err := fs.Glob(templateFiles, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	ps := &pageSet{pages: map[string]*template.Template{}}
	for _, e := range entries {
		name := strings.TrimSuffix(strings.TrimPrefix(e, "templates/pages/"), ".html")
		t, err := template.New(name).Funcs(funcs).ParseFS(templateFiles, "templates/layout/*.html", e)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		ps.pages[name] = t
	}
	return ps, nil
}

// Page is what every page template gets; page handlers embed it in their own struct.
type Page struct {
	L         *i18n.Localizer
	Principal *accounts.Principal
	Title     string
	Path      string // the current path with query, for the language switch and login "next"
	Demo      bool
	Flash     string
	Error     string // the message of the error summary
	Fields    []i18n.FieldMessage
	RequestID string
	Unread    int // the logged-in user's unread notifications, for the header
	// The desks the header links to: a funder's programmes, a commissioner's
	// consultations.
	FunderDesk, CommissionerDesk bool
}

// page builds the common part of a page for the request.
func (w *Web) page(r *http.Request, titleID string) Page {
	l := w.i18n.For(Lang(r))
	p := Page{L: l, Principal: accounts.PrincipalFrom(r.Context()), Path: r.URL.RequestURI(), Demo: w.demo, RequestID: httpx.RequestID(r.Context())}
	if titleID != "" {
		p.Title = l.T(titleID)
	}
	if w.sessions != nil {
		p.Flash = w.sessions.PopString(r.Context(), "flash")
	}
	if p.Principal != nil && w.store != nil {
		p.Unread = w.unreadCount(r)
		p.FunderDesk = p.Principal.HasRole(accounts.RoleFunderStaff)
		p.CommissionerDesk = p.Principal.HasRole(accounts.RoleCommissioner)
	}
	return p
}

// withError fills the error summary from an error, in the page's language. An
// internal error shows the generic message; the page shows the request id, and the
// log has the detail.
func (p *Page) withError(err error) {
	p.Error, p.Fields = p.L.Error(err)
}

// render writes a page; a template error is logged, and the user gets the error page.
func (w *Web) render(rw http.ResponseWriter, r *http.Request, status int, name string, data any) {
	t, ok := w.pages.pages[name]
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

type errorPage struct {
	Page
	Status int
}

// RenderError answers an error as an HTML page. Nobody logged in and a login would
// help: redirect to the login page, which brings the user back afterwards.
func (w *Web) RenderError(rw http.ResponseWriter, r *http.Request, err error) {
	status := httpx.Status(err)
	if status == http.StatusUnauthorized && r.Method == http.MethodGet {
		http.Redirect(rw, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	if status == http.StatusInternalServerError {
		slog.ErrorContext(r.Context(), "request failed", "err", err, "path", r.URL.Path, "request_id", httpx.RequestID(r.Context()))
	}
	p := w.page(r, "")
	p.Title = p.L.T(fmt.Sprintf("status.%d", status))
	p.withError(err)
	w.render(rw, r, status, "error", errorPage{Page: p, Status: status})
}

// NotFound renders the 404 page for paths no route matches.
func (w *Web) NotFound(rw http.ResponseWriter, r *http.Request) {
	w.RenderError(rw, r, teilhabe.Errorf(teilhabe.ENOTFOUND, "Diese Seite gibt es nicht."))
}

// Lang returns the UI language of the request: the "lang" cookie, else Accept-Language.
func Lang(r *http.Request) string {
	choice := ""
	if c, err := r.Cookie("lang"); err == nil {
		choice = c.Value
	}
	return i18n.Negotiate(choice, r.Header.Get("Accept-Language"))
}

// redirect answers a successful POST (Post/Redirect/Get) with a flash message.
func (w *Web) redirect(rw http.ResponseWriter, r *http.Request, to, flashID string, args ...any) {
	if flashID != "" && w.sessions != nil {
		w.sessions.Put(r.Context(), "flash", w.i18n.For(Lang(r)).T(flashID, args...))
	}
	http.Redirect(rw, r, to, http.StatusSeeOther)
}

func httpxPrincipal(r *http.Request) *accounts.Principal { return accounts.PrincipalFrom(r.Context()) }
