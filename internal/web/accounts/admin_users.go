package accounts

import (
	"net/http"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/web"
)

type adminUsersPage struct {
	web.Page
	Users         []accounts.User
	Organisations []accounts.Organisation
	Roles         []accounts.Role
	Form          struct{ Email, Name, OrgID, Role string }
}

func (w *Web) adminUsersPage(r *http.Request) (adminUsersPage, error) {
	page := adminUsersPage{Page: w.ui.Page(r, "admin.users.title"), Roles: accounts.Roles}
	users, err := w.svc.Users(r.Context())
	if err != nil {
		return page, err
	}
	for _, u := range users {
		page.Users = append(page.Users, u.User)
	}
	page.Organisations, err = w.svc.Organisations(r.Context(), accounts.OrganisationFilter{})
	return page, err
}

func (w *Web) adminUsers(rw http.ResponseWriter, r *http.Request) {
	page, err := w.adminUsersPage(r)
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	w.render(rw, r, http.StatusOK, "admin_users", page)
}

// adminCreateUser creates an account with a generated one-time password that the
// admin passes on; the user must choose their own at the first login.
func (w *Web) adminCreateUser(rw http.ResponseWriter, r *http.Request) {
	var roles []accounts.MembershipInput
	if r.PostFormValue("organisation") != "" {
		roles = append(roles, accounts.MembershipInput{OrganisationID: formID(r, "organisation"), Role: r.PostFormValue("role")})
	}
	u, password, err := w.svc.CreateUser(r.Context(), accounts.NewUser{Email: r.PostFormValue("email"), Name: r.PostFormValue("name")}, roles...)
	if err != nil {
		w.ui.FormFailed(rw, r, err, func(status int) {
			page, perr := w.adminUsersPage(r)
			if perr != nil {
				w.ui.Error(rw, r, perr)
				return
			}
			page.Form.Email, page.Form.Name = r.PostFormValue("email"), r.PostFormValue("name")
			page.Form.OrgID, page.Form.Role = r.PostFormValue("organisation"), r.PostFormValue("role")
			page.WithError(r, err)
			w.render(rw, r, status, "admin_users", page)
		})
		return
	}
	w.ui.Sessions().Put(r.Context(), sessNewPassword, password)
	w.ui.Redirect(rw, r, userPath(u.ID), "flash.user_created")
}

type adminUserPage struct {
	web.Page
	User          accounts.User
	Memberships   []accounts.Membership
	Organisations []accounts.Organisation
	Roles         []accounts.Role
	NewPassword   string
}

func (w *Web) adminUser(rw http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	var v accounts.UserView
	if err == nil {
		v, err = w.svc.User(ctx, id)
	}
	var orgs []accounts.Organisation
	if err == nil {
		orgs, err = w.svc.Organisations(ctx, accounts.OrganisationFilter{})
	}
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	page := adminUserPage{Page: w.ui.Page(r, ""), User: v.User, Memberships: v.Memberships, Organisations: orgs,
		Roles: accounts.Roles, NewPassword: w.ui.Sessions().PopString(ctx, sessNewPassword)}
	page.Title = v.User.Name
	w.render(rw, r, http.StatusOK, "admin_user", page)
}

func (w *Web) adminResetPassword(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	var password string
	if err == nil {
		password, err = w.svc.ResetPassword(r.Context(), id)
	}
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	w.ui.Sessions().Put(r.Context(), sessNewPassword, password)
	w.ui.Redirect(rw, r, userPath(id), "flash.password_reset")
}

func (w *Web) adminSetDisabled(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	disable := r.PostFormValue("disabled") == "true"
	if err == nil {
		err = w.svc.SetDisabled(r.Context(), id, disable)
	}
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	flash := "flash.user_enabled"
	if disable {
		flash = "flash.user_disabled"
	}
	w.ui.Redirect(rw, r, userPath(id), flash)
}

func (w *Web) adminAddMembership(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err == nil {
		err = w.svc.AddMembership(r.Context(), id, accounts.MembershipInput{OrganisationID: formID(r, "organisation"), Role: r.PostFormValue("role")})
	}
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	w.ui.Redirect(rw, r, userPath(id), "flash.membership_added")
}

func (w *Web) adminRemoveMembership(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	var mid int64
	if err == nil {
		mid, err = pathID(r, "mid")
	}
	if err == nil {
		err = w.svc.RemoveMembership(r.Context(), id, mid)
	}
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	w.ui.Redirect(rw, r, userPath(id), "flash.membership_removed")
}
