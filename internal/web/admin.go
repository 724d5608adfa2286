package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

type adminUsersPage struct {
	Page
	Users         []accounts.User
	Organisations []accounts.Organisation
	Roles         []accounts.Role
	Form          struct{ Email, Name, OrgID, Role string }
}

func (w *Web) adminUsersPage(r *http.Request) (adminUsersPage, error) {
	page := adminUsersPage{Page: w.page(r, "admin.users.title"), Roles: accounts.Roles}
	var err error
	if page.Users, err = w.store.Users(r.Context()); err != nil {
		return page, err
	}
	page.Organisations, err = w.store.Organisations(r.Context(), store.OrganisationFilter{})
	return page, err
}

func (w *Web) adminUsers(rw http.ResponseWriter, r *http.Request) {
	page, err := w.adminUsersPage(r)
	if err != nil {
		w.RenderError(rw, r, err)
		return
	}
	w.render(rw, r, http.StatusOK, "admin_users", page)
}

// adminCreateUser creates an account with a generated one-time password that the
// admin passes on; the user must choose their own at the first login.
func (w *Web) adminCreateUser(rw http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	page, err := w.adminUsersPage(r)
	if err != nil {
		w.RenderError(rw, r, err)
		return
	}
	page.Form.Email, page.Form.Name = r.PostFormValue("email"), r.PostFormValue("name")
	page.Form.OrgID, page.Form.Role = r.PostFormValue("organisation"), r.PostFormValue("role")
	var members []accounts.Membership
	if page.Form.OrgID != "" {
		orgID, _ := strconv.ParseInt(page.Form.OrgID, 10, 64)
		role, ok := accounts.ParseRole(page.Form.Role)
		if !ok {
			page.withError(teilhabe.Invalid("Bitte eine Rolle wählen.", teilhabe.FieldError{Field: "role", Code: "required", Message: "Bitte eine Rolle wählen."}))
			w.render(rw, r, http.StatusUnprocessableEntity, "admin_users", page)
			return
		}
		members = append(members, accounts.Membership{Organisation: accounts.Organisation{ID: orgID}, Role: role})
	}
	password := accounts.GeneratePassword()
	u, err := w.store.CreateUser(ctx, accounts.NewUser{Email: page.Form.Email, Name: page.Form.Name, Password: password, Locale: "de"}, true, members...)
	if err != nil {
		page.withError(err)
		w.render(rw, r, http.StatusUnprocessableEntity, "admin_users", page)
		return
	}
	w.sessions.Put(ctx, "new_password", password)
	w.redirect(rw, r, "/admin/users/"+strconv.FormatInt(u.ID, 10), "flash.user_created")
}

type adminUserPage struct {
	Page
	User          accounts.User
	Memberships   []accounts.Membership
	Organisations []accounts.Organisation
	Roles         []accounts.Role
	NewPassword   string
}

func (w *Web) adminUser(rw http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		w.RenderError(rw, r, err)
		return
	}
	page := adminUserPage{Page: w.page(r, ""), Roles: accounts.Roles, NewPassword: w.sessions.PopString(ctx, "new_password")}
	if page.User, err = w.store.User(ctx, id); err != nil {
		w.RenderError(rw, r, err)
		return
	}
	page.Title = page.User.Name
	if page.Memberships, err = w.store.Memberships(ctx, id); err == nil {
		page.Organisations, err = w.store.Organisations(ctx, store.OrganisationFilter{})
	}
	if err != nil {
		w.RenderError(rw, r, err)
		return
	}
	w.render(rw, r, http.StatusOK, "admin_user", page)
}

func (w *Web) adminResetPassword(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	password := accounts.GeneratePassword()
	if err == nil {
		err = w.store.SetPassword(r.Context(), id, password, true)
	}
	if err != nil {
		w.RenderError(rw, r, err)
		return
	}
	w.sessions.Put(r.Context(), "new_password", password)
	w.redirect(rw, r, "/admin/users/"+strconv.FormatInt(id, 10), "flash.password_reset")
}

func (w *Web) adminSetDisabled(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	disable := r.PostFormValue("disabled") == "true"
	if err == nil && disable && id == httpxPrincipal(r).User.ID {
		err = teilhabe.Errorf(teilhabe.ECONFLICT, "Sie können Ihr eigenes Konto nicht sperren.")
	}
	if err == nil {
		err = w.store.SetUserDisabled(r.Context(), id, disable)
	}
	if err != nil {
		w.RenderError(rw, r, err)
		return
	}
	flash := "flash.user_enabled"
	if disable {
		flash = "flash.user_disabled"
	}
	w.redirect(rw, r, "/admin/users/"+strconv.FormatInt(id, 10), flash)
}

func (w *Web) adminAddMembership(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	orgID, _ := strconv.ParseInt(r.PostFormValue("organisation"), 10, 64)
	role, ok := accounts.ParseRole(r.PostFormValue("role"))
	if err == nil && !ok {
		err = teilhabe.Invalid("Bitte eine Rolle wählen.", teilhabe.FieldError{Field: "role", Code: "required", Message: "Bitte eine Rolle wählen."})
	}
	if err == nil {
		err = w.store.AddMembership(r.Context(), accounts.Membership{UserID: id, Organisation: accounts.Organisation{ID: orgID}, Role: role})
	}
	if err != nil {
		w.RenderError(rw, r, err)
		return
	}
	w.redirect(rw, r, "/admin/users/"+strconv.FormatInt(id, 10), "flash.membership_added")
}

func (w *Web) adminRemoveMembership(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	var mid int64
	if err == nil {
		mid, err = pathID(r, "mid")
	}
	if err == nil {
		err = w.store.RemoveMembership(r.Context(), mid)
	}
	if err != nil {
		w.RenderError(rw, r, err)
		return
	}
	w.redirect(rw, r, "/admin/users/"+strconv.FormatInt(id, 10), "flash.membership_removed")
}

type adminOrgsPage struct {
	Page
	Organisations []accounts.Organisation
	Form          accounts.Organisation
	Kinds         []accounts.OrgKind
	FunderLevels  []accounts.FunderLevel
	ProviderTypes []accounts.ProviderType
	Editing       bool
}

func (w *Web) adminOrgsPage(r *http.Request) adminOrgsPage {
	return adminOrgsPage{Page: w.page(r, "admin.organisations.title"), Kinds: accounts.OrgKinds,
		FunderLevels: accounts.FunderLevels, ProviderTypes: accounts.ProviderTypes}
}

func (w *Web) adminOrganisations(rw http.ResponseWriter, r *http.Request) {
	page := w.adminOrgsPage(r)
	var err error
	if page.Organisations, err = w.store.Organisations(r.Context(), store.OrganisationFilter{}); err != nil {
		w.RenderError(rw, r, err)
		return
	}
	w.render(rw, r, http.StatusOK, "admin_organisations", page)
}

func orgFromForm(r *http.Request) accounts.Organisation {
	return accounts.Organisation{
		Kind: accounts.OrgKind(r.PostFormValue("kind")), Name: r.PostFormValue("name"),
		FunderLevel: accounts.FunderLevel(r.PostFormValue("funder_level")), ProviderType: accounts.ProviderType(r.PostFormValue("provider_type")),
		RegionKey: strings.TrimSpace(r.PostFormValue("region_key")), Description: strings.TrimSpace(r.PostFormValue("description")),
		Website: strings.TrimSpace(r.PostFormValue("website")),
	}
}

func (w *Web) adminCreateOrganisation(rw http.ResponseWriter, r *http.Request) {
	page := w.adminOrgsPage(r)
	page.Form = orgFromForm(r)
	if err := w.store.CreateOrganisation(r.Context(), &page.Form); err != nil {
		page.withError(err)
		page.Organisations, _ = w.store.Organisations(r.Context(), store.OrganisationFilter{})
		w.render(rw, r, http.StatusUnprocessableEntity, "admin_organisations", page)
		return
	}
	w.redirect(rw, r, "/admin/organisations", "flash.organisation_created")
}

func (w *Web) adminOrganisation(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	page := w.adminOrgsPage(r)
	page.Editing = true
	if err == nil {
		page.Form, err = w.store.Organisation(r.Context(), id)
	}
	if err != nil {
		w.RenderError(rw, r, err)
		return
	}
	page.Title = page.Form.Name
	w.render(rw, r, http.StatusOK, "admin_organisation", page)
}

func (w *Web) adminUpdateOrganisation(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		w.RenderError(rw, r, err)
		return
	}
	page := w.adminOrgsPage(r)
	page.Editing = true
	page.Form = orgFromForm(r)
	page.Form.ID = id
	if err := w.store.UpdateOrganisation(r.Context(), &page.Form); err != nil {
		if teilhabe.ErrorCode(err) == teilhabe.ENOTFOUND {
			w.RenderError(rw, r, err)
			return
		}
		page.withError(err)
		w.render(rw, r, http.StatusUnprocessableEntity, "admin_organisation", page)
		return
	}
	w.redirect(rw, r, "/organisations/"+strconv.FormatInt(id, 10), "flash.organisation_saved")
}

type adminAuditPage struct {
	Page
	Events []store.AuditEvent
}

func (w *Web) adminAudit(rw http.ResponseWriter, r *http.Request) {
	events, err := w.store.AuditEvents(r.Context(), store.AuditFilter{Entity: r.URL.Query().Get("entity"), Limit: 200})
	if err != nil {
		w.RenderError(rw, r, err)
		return
	}
	w.render(rw, r, http.StatusOK, "admin_audit", adminAuditPage{Page: w.page(r, "admin.audit.title"), Events: events})
}
