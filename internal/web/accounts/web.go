// Package accounts is the web UI of accounts: logging in and out, the own account
// with its password and API tokens, the platform admins' pages for users,
// organisations and the audit log, and the public directory of organisations. It
// also loads the principal of every request's session. Handlers parse the request,
// call the use cases of package accounts (and audit) and render the result; who may
// do what is decided there.
package accounts

import (
	"context"
	"embed"
	"net/http"
	"strconv"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/audit"
	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
	"github.com/teilhabe/teilhabe/internal/web"
)

//go:embed templates
var templateFiles embed.FS

// Service is what the pages ask of the account use cases; *accounts.Service
// implements it.
type Service interface {
	Login(ctx context.Context, c accounts.Credentials) (accounts.User, error)
	SessionPrincipal(ctx context.Context, userID, epoch int64) (*accounts.Principal, error)
	Account(ctx context.Context) (accounts.Account, error)
	ChangePassword(ctx context.Context, c accounts.PasswordChange) (accounts.User, error)
	CreateToken(ctx context.Context, name string) (accounts.APIToken, string, error)
	RevokeToken(ctx context.Context, id int64) error
	Users(ctx context.Context) ([]accounts.UserView, error)
	User(ctx context.Context, id int64) (accounts.UserView, error)
	CreateUser(ctx context.Context, n accounts.NewUser, roles ...accounts.MembershipInput) (accounts.User, string, error)
	ResetPassword(ctx context.Context, id int64) (string, error)
	SetDisabled(ctx context.Context, id int64, disabled bool) error
	AddMembership(ctx context.Context, userID int64, in accounts.MembershipInput) error
	RemoveMembership(ctx context.Context, userID, membershipID int64) error
	Organisations(ctx context.Context, f accounts.OrganisationFilter) ([]accounts.Organisation, error)
	Organisation(ctx context.Context, id int64) (accounts.OrganisationView, error)
	OrganisationToEdit(ctx context.Context, id int64) (accounts.Organisation, error)
	CreateOrganisation(ctx context.Context, o accounts.Organisation) (accounts.Organisation, error)
	UpdateOrganisation(ctx context.Context, o accounts.Organisation) (accounts.Organisation, error)
}

var _ Service = (*accounts.Service)(nil)

// AuditLog is what the audit page asks of the audit log; *audit.Service implements
// it.
type AuditLog interface {
	List(ctx context.Context, f audit.Filter) ([]audit.Event, error)
}

var _ AuditLog = (*audit.Service)(nil)

// Web serves the account pages.
type Web struct {
	ui    *web.UI
	svc   Service
	audit AuditLog
	pages *web.Pages
}

// New parses the templates; a broken one fails the start.
func New(ui *web.UI, svc Service, log AuditLog) (*Web, error) {
	pages, err := web.ParsePages(templateFiles, nil)
	return &Web{ui: ui, svc: svc, audit: log, pages: pages}, err
}

// Routes is the route table; each route declares who may use it at all, and the use
// cases decide again for the one user or organisation.
func (w *Web) Routes() []httpx.Route {
	pub, acc := accounts.ActPublic, accounts.ActAccount
	users, orgs := accounts.ActAdminUsers, accounts.ActAdminOrganisations
	return []httpx.Route{
		{Method: "GET", Path: "/login", Action: pub, Handler: w.loginForm},
		{Method: "POST", Path: "/login", Action: pub, Handler: w.login},
		{Method: "POST", Path: "/logout", Action: pub, Handler: w.logout},
		{Method: "GET", Path: "/organisations", Action: pub, Handler: w.organisationList},
		{Method: "GET", Path: "/organisations/{id}", Action: pub, Handler: w.organisationPage},
		{Method: "GET", Path: "/account", Action: acc, Handler: w.account},
		{Method: "GET", Path: "/account/password", Action: acc, Handler: w.passwordForm},
		{Method: "POST", Path: "/account/password", Action: acc, Handler: w.changePassword},
		{Method: "POST", Path: "/account/tokens", Action: acc, Handler: w.createToken},
		{Method: "POST", Path: "/account/tokens/{id}/revoke", Action: acc, Handler: w.revokeToken},
		{Method: "GET", Path: "/admin/users", Action: users, Handler: w.adminUsers},
		{Method: "POST", Path: "/admin/users", Action: users, Handler: w.adminCreateUser},
		{Method: "GET", Path: "/admin/users/{id}", Action: users, Handler: w.adminUser},
		{Method: "POST", Path: "/admin/users/{id}/password", Action: users, Handler: w.adminResetPassword},
		{Method: "POST", Path: "/admin/users/{id}/disabled", Action: users, Handler: w.adminSetDisabled},
		{Method: "POST", Path: "/admin/users/{id}/memberships", Action: users, Handler: w.adminAddMembership},
		{Method: "POST", Path: "/admin/users/{id}/memberships/{mid}/delete", Action: users, Handler: w.adminRemoveMembership},
		{Method: "GET", Path: "/admin/organisations", Action: orgs, Handler: w.adminOrganisations},
		{Method: "POST", Path: "/admin/organisations", Action: orgs, Handler: w.adminCreateOrganisation},
		{Method: "GET", Path: "/admin/organisations/{id}", Action: orgs, Handler: w.adminOrganisation},
		{Method: "POST", Path: "/admin/organisations/{id}", Action: orgs, Handler: w.adminUpdateOrganisation},
		{Method: "GET", Path: "/admin/audit", Action: accounts.ActAdminAudit, Handler: w.adminAudit},
	}
}

func (w *Web) render(rw http.ResponseWriter, r *http.Request, status int, name string, data any) {
	w.pages.Render(rw, r, status, name, data)
}

// pathID reads a positive id from the path; anything else names no page.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, teilhabe.E(teilhabe.ENOTFOUND, "error.no_page")
	}
	return id, nil
}

func userPath(id int64) string { return "/admin/users/" + strconv.FormatInt(id, 10) }

// formID reads an id from a form field; 0 when it is missing or malformed, which
// names nothing and fails in the use case like any unknown id.
func formID(r *http.Request, name string) int64 {
	id, _ := strconv.ParseInt(r.PostFormValue(name), 10, 64)
	return id
}
