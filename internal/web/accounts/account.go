package accounts

import (
	"net/http"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/web"
)

// Session keys of what a page shows once, after the POST that made it.
const (
	sessNewToken    = "new_token"
	sessNewPassword = "new_password"
)

type accountPage struct {
	web.Page
	Organisations []accounts.MembershipView
	Tokens        []accounts.APIToken
	NewToken      string
}

func (w *Web) account(rw http.ResponseWriter, r *http.Request) {
	a, err := w.svc.Account(r.Context())
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	w.render(rw, r, http.StatusOK, "account", accountPage{Page: w.ui.Page(r, "account.title"),
		Organisations: a.Organisations, Tokens: a.Tokens, NewToken: w.ui.Sessions().PopString(r.Context(), sessNewToken)})
}

func (w *Web) passwordForm(rw http.ResponseWriter, r *http.Request) {
	w.render(rw, r, http.StatusOK, "password", w.ui.Page(r, "password.title"))
}

func (w *Web) changePassword(rw http.ResponseWriter, r *http.Request) {
	u, err := w.svc.ChangePassword(r.Context(), accounts.PasswordChange{Current: r.PostFormValue("current_password"),
		New: r.PostFormValue("new_password"), Repeat: r.PostFormValue("repeat_password")})
	if err != nil {
		w.ui.FormFailed(rw, r, err, func(status int) {
			p := w.ui.Page(r, "password.title")
			p.WithError(r, err)
			w.render(rw, r, status, "password", p)
		})
		return
	}
	// The change ended every session of the user, this one too: go on in a fresh
	// one with the new epoch.
	if err := w.startSession(r, u); err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	w.ui.Redirect(rw, r, "/account", "flash.password_changed")
}

func (w *Web) createToken(rw http.ResponseWriter, r *http.Request) {
	_, secret, err := w.svc.CreateToken(r.Context(), r.PostFormValue("token_name"))
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	w.ui.Sessions().Put(r.Context(), sessNewToken, secret)
	w.ui.Redirect(rw, r, "/account#tokens", "flash.token_created")
}

func (w *Web) revokeToken(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err == nil {
		err = w.svc.RevokeToken(r.Context(), id)
	}
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	w.ui.Redirect(rw, r, "/account#tokens", "flash.token_revoked")
}
