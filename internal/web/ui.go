package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/alexedwards/scs/v2"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// UI is the shared core of the web interface that every capability's pages use: the
// page frame, rendering, error pages, flash messages and the UI language. A
// capability package keeps its own routes, handlers and templates, and calls its
// use cases; it reaches the core only through UI.
type UI struct {
	i18n     *i18n.Bundle
	sessions *scs.SessionManager
	demo     bool
	pages    *Pages // the core's own: the error page
	// Unread counts the logged-in user's unread notifications for the header; nil
	// shows none.
	Unread func(ctx context.Context) (int, error)
	// SetLocale stores the language a logged-in user switches to as theirs, so that
	// mail reaches them in it too; nil stores none.
	SetLocale func(ctx context.Context, lang string) error
}

// NewUI parses the core's templates; a broken one fails the start.
func NewUI(bundle *i18n.Bundle, sessions *scs.SessionManager, demo bool) (*UI, error) {
	pages, err := ParsePages(templateFiles, nil)
	if err != nil {
		return nil, err
	}
	return &UI{i18n: bundle, sessions: sessions, demo: demo, pages: pages}, nil
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
	// ProviderDesk: a provider's staff, who apply for funding.
	ProviderDesk bool
	// ReviewerDesk: a reviewer (Gutachter/in), who reviews applications.
	ReviewerDesk bool
}

// Page builds the common part of a page for the request; titleID names its title.
func (u *UI) Page(r *http.Request, titleID string) Page {
	l := u.Localizer(r)
	p := Page{L: l, Principal: accounts.PrincipalFrom(r.Context()), Path: r.URL.RequestURI(), Demo: u.demo, RequestID: httpx.RequestID(r.Context())}
	if titleID != "" {
		p.Title = l.T(titleID)
	}
	if u.sessions != nil {
		p.Flash = u.sessions.PopString(r.Context(), "flash")
	}
	if p.Principal != nil {
		p.Unread = u.unread(r)
		p.FunderDesk = p.Principal.HasRole(accounts.RoleFunderStaff)
		p.CommissionerDesk = p.Principal.HasRole(accounts.RoleCommissioner)
		p.ProviderDesk = p.Principal.HasRole(accounts.RoleProviderStaff)
		p.ReviewerDesk = p.Principal.HasRole(accounts.RoleReviewer)
	}
	return p
}

// unread is the badge in the header. A failing count is logged and shows as 0: the
// header must not break every page.
func (u *UI) unread(r *http.Request) int {
	if u.Unread == nil {
		return 0
	}
	n, err := u.Unread(r.Context())
	if err != nil {
		slog.ErrorContext(r.Context(), "unread notifications", "err", err, "request_id", httpx.RequestID(r.Context()))
		return 0
	}
	return n
}

// WithError fills the error summary from an error, in the page's language. An
// internal error shows the generic message (the page shows the request id) and is
// logged with the detail.
func (p *Page) WithError(r *http.Request, err error) {
	if teilhabe.ErrorCode(err) == teilhabe.EINTERNAL {
		// Also a fault the code names (a database that is away) is for the log
		// only: the user reads the generic message.
		logFailure(r, err)
		p.Error, p.Fields = p.L.T("error.internal"), nil
		return
	}
	p.Error, p.Fields = p.L.Error(err)
}

func logFailure(r *http.Request, err error) {
	slog.ErrorContext(r.Context(), "request failed", "err", err, "method", r.Method, "path", r.URL.Path, "request_id", httpx.RequestID(r.Context()))
}

type errorPage struct {
	Page
	Status int
}

// Error answers an error as an HTML page with the status its code maps to. Nobody
// logged in and a login would help: redirect to the login page, which brings the
// user back afterwards.
func (u *UI) Error(rw http.ResponseWriter, r *http.Request, err error) {
	status := httpx.Status(err)
	if status == http.StatusUnauthorized && r.Method == http.MethodGet {
		http.Redirect(rw, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	p := u.Page(r, "")
	p.Title = p.L.T(fmt.Sprintf("status.%d", status))
	p.WithError(r, err)
	u.pages.Render(rw, r, status, "error", errorPage{Page: p, Status: status})
}

// FormFailed answers a refused form: invalid input comes back on the form's page
// with its error summary (422), anything else is an error page.
func (u *UI) FormFailed(rw http.ResponseWriter, r *http.Request, err error, again func(status int)) {
	if teilhabe.ErrorCode(err) != teilhabe.EINVALID {
		u.Error(rw, r, err)
		return
	}
	again(http.StatusUnprocessableEntity)
}

// NotFound renders the 404 page for paths no route matches.
func (u *UI) NotFound(rw http.ResponseWriter, r *http.Request) {
	u.Error(rw, r, teilhabe.E(teilhabe.ENOTFOUND, "error.no_page"))
}

// Redirect answers a successful POST (Post/Redirect/Get) with a flash message, the
// message id flashID with its arguments; "" for none.
func (u *UI) Redirect(rw http.ResponseWriter, r *http.Request, to, flashID string, args ...any) {
	if flashID != "" && u.sessions != nil {
		u.sessions.Put(r.Context(), "flash", u.Localizer(r).T(flashID, args...))
	}
	http.Redirect(rw, r, to, http.StatusSeeOther)
}

// Localizer is the request's UI language.
func (u *UI) Localizer(r *http.Request) *i18n.Localizer { return u.i18n.For(Lang(r)) }

// Sessions is the session manager, for what a capability keeps between two
// requests (a password to show once).
func (u *UI) Sessions() *scs.SessionManager { return u.sessions }

// Lang returns the UI language of the request: the "lang" cookie, else Accept-Language.
func Lang(r *http.Request) string {
	choice := ""
	if c, err := r.Cookie("lang"); err == nil {
		choice = c.Value
	}
	return i18n.Negotiate(choice, r.Header.Get("Accept-Language"))
}

// SafeNext accepts only local paths as redirect targets, so that links cannot send
// users to another site after login or a language switch.
func SafeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

// Principal is the logged-in user of the request, or nil.
func Principal(r *http.Request) *accounts.Principal { return accounts.PrincipalFrom(r.Context()) }
