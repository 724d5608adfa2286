// Package web is the HTML user interface: German by default, English switchable,
// KERN UX look, usable without JavaScript and enhanced by htmx.
package web

import (
	"context"
	"embed"
	"io/fs"
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/store"
)

//go:embed static
var staticFiles embed.FS

// Static returns the embedded static files (CSS, fonts, htmx).
func Static() fs.FS {
	sub, _ := fs.Sub(staticFiles, "static")
	return sub
}

// Store is what the web UI needs from storage; *store.DB implements it.
type Store interface {
	FindRegions(ctx context.Context, f regions.Filter) ([]regions.Region, int, error)
	Region(ctx context.Context, key string) (regions.Region, error)
	RegionAncestors(ctx context.Context, key string) ([]regions.Region, error)
	Organisations(ctx context.Context, f store.OrganisationFilter) ([]accounts.Organisation, error)
	Organisation(ctx context.Context, id int64) (accounts.Organisation, error)
	CreateOrganisation(ctx context.Context, o *accounts.Organisation) error
	UpdateOrganisation(ctx context.Context, o *accounts.Organisation) error
	OrganisationMembers(ctx context.Context, orgID int64) ([]accounts.Membership, []accounts.User, error)
	Users(ctx context.Context) ([]accounts.User, error)
	User(ctx context.Context, id int64) (accounts.User, error)
	CreateUser(ctx context.Context, n accounts.NewUser, mustChange bool, members ...accounts.Membership) (accounts.User, error)
	Memberships(ctx context.Context, userID int64) ([]accounts.Membership, error)
	AddMembership(ctx context.Context, m accounts.Membership) error
	RemoveMembership(ctx context.Context, id int64) error
	SetUserDisabled(ctx context.Context, id int64, disabled bool) error
	SetPassword(ctx context.Context, id int64, password string, mustChange bool) error
	Authenticate(ctx context.Context, email, password string) (accounts.User, error)
	RecordLoginFailure(ctx context.Context, email, ip string) error
	LoginFailures(ctx context.Context, email, ip string, since time.Time) (int, int, error)
	ClearLoginFailures(ctx context.Context, email string) error
	APITokens(ctx context.Context, userID int64) ([]accounts.APIToken, error)
	CreateAPIToken(ctx context.Context, userID int64, name string) (accounts.APIToken, string, error)
	RevokeAPIToken(ctx context.Context, userID, tokenID int64) error
	AuditEvents(ctx context.Context, f store.AuditFilter) ([]store.AuditEvent, error)
}

// Web serves the HTML pages.
type Web struct {
	ui       *UI
	store    Store
	pages    *Pages
	i18n     *i18n.Bundle
	sessions *scs.SessionManager
}

// New parses every template; a broken template fails the start, not a request.
func New(ui *UI, s Store) (*Web, error) {
	sub, _ := fs.Sub(templateFiles, "templates")
	pages, err := ParsePages(sub, nil)
	if err != nil {
		return nil, err
	}
	return &Web{ui: ui, store: s, pages: pages, i18n: ui.i18n, sessions: ui.sessions}, nil
}

// NotFound renders the 404 page for paths no route matches.
func (w *Web) NotFound(rw http.ResponseWriter, r *http.Request) { w.ui.NotFound(rw, r) }

// Routes is the web UI's route table; each route declares who may use it.
func (w *Web) Routes() []httpx.Route {
	pub, acc := accounts.ActPublic, accounts.ActAccount
	return []httpx.Route{
		{Method: "GET", Path: "/{$}", Action: pub, Handler: w.home},
		{Method: "GET", Path: "/language", Action: pub, Handler: w.language},
		{Method: "GET", Path: "/login", Action: pub, Handler: w.loginForm},
		{Method: "POST", Path: "/login", Action: pub, Handler: w.login},
		{Method: "POST", Path: "/logout", Action: pub, Handler: w.logout},
		{Method: "GET", Path: "/regions", Action: pub, Handler: w.regionList},
		{Method: "GET", Path: "/regions/{key}", Action: pub, Handler: w.regionPage},
		{Method: "GET", Path: "/organisations", Action: pub, Handler: w.organisationList},
		{Method: "GET", Path: "/organisations/{id}", Action: pub, Handler: w.organisationPage},
		{Method: "GET", Path: "/account", Action: acc, Handler: w.account},
		{Method: "GET", Path: "/account/password", Action: acc, Handler: w.passwordForm},
		{Method: "POST", Path: "/account/password", Action: acc, Handler: w.changePassword},
		{Method: "POST", Path: "/account/tokens", Action: acc, Handler: w.createToken},
		{Method: "POST", Path: "/account/tokens/{id}/revoke", Action: acc, Handler: w.revokeToken},
		{Method: "GET", Path: "/admin/users", Action: accounts.ActAdminUsers, Handler: w.adminUsers},
		{Method: "POST", Path: "/admin/users", Action: accounts.ActAdminUsers, Handler: w.adminCreateUser},
		{Method: "GET", Path: "/admin/users/{id}", Action: accounts.ActAdminUsers, Handler: w.adminUser},
		{Method: "POST", Path: "/admin/users/{id}/password", Action: accounts.ActAdminUsers, Handler: w.adminResetPassword},
		{Method: "POST", Path: "/admin/users/{id}/disabled", Action: accounts.ActAdminUsers, Handler: w.adminSetDisabled},
		{Method: "POST", Path: "/admin/users/{id}/memberships", Action: accounts.ActAdminUsers, Handler: w.adminAddMembership},
		{Method: "POST", Path: "/admin/users/{id}/memberships/{mid}/delete", Action: accounts.ActAdminUsers, Handler: w.adminRemoveMembership},
		{Method: "GET", Path: "/admin/organisations", Action: accounts.ActAdminOrganisations, Handler: w.adminOrganisations},
		{Method: "POST", Path: "/admin/organisations", Action: accounts.ActAdminOrganisations, Handler: w.adminCreateOrganisation},
		{Method: "GET", Path: "/admin/organisations/{id}", Action: accounts.ActAdminOrganisations, Handler: w.adminOrganisation},
		{Method: "POST", Path: "/admin/organisations/{id}", Action: accounts.ActAdminOrganisations, Handler: w.adminUpdateOrganisation},
		{Method: "GET", Path: "/admin/audit", Action: accounts.ActAdminAudit, Handler: w.adminAudit},
	}
}
