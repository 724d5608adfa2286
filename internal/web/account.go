package web

import (
	"net/http"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// myOrganisation is a membership with the region its organisation works in, so that a
// commissioner sees their municipality on the account page.
type myOrganisation struct {
	Membership accounts.Membership
	Region     *regions.Region
}

type accountPage struct {
	Page
	Organisations []myOrganisation
	Tokens        []accounts.APIToken
	NewToken      string
}

func (w *Web) account(rw http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := w.page(r, "account.title")
	page := accountPage{Page: p, NewToken: w.sessions.PopString(ctx, "new_token")}
	for _, m := range p.Principal.Memberships {
		mo := myOrganisation{Membership: m}
		if m.Organisation.RegionKey != "" {
			if reg, err := w.store.Region(ctx, m.Organisation.RegionKey); err == nil {
				mo.Region = &reg
			}
		}
		page.Organisations = append(page.Organisations, mo)
	}
	var err error
	if page.Tokens, err = w.store.APITokens(ctx, p.Principal.User.ID); err != nil {
		w.RenderError(rw, r, err)
		return
	}
	w.render(rw, r, http.StatusOK, "account", page)
}

func (w *Web) passwordForm(rw http.ResponseWriter, r *http.Request) {
	w.render(rw, r, http.StatusOK, "password", w.page(r, "password.title"))
}

func (w *Web) changePassword(rw http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := w.page(r, "password.title")
	u := p.Principal.User
	newPW := r.PostFormValue("new_password")
	fail := func(err error) {
		p.withError(err)
		w.render(rw, r, http.StatusUnprocessableEntity, "password", p)
	}
	if _, err := w.store.Authenticate(ctx, u.Email, r.PostFormValue("current_password")); err != nil {
		fail(teilhabe.Invalid("Das bisherige Passwort stimmt nicht.", teilhabe.FieldError{Field: "current_password", Code: "invalid", Message: "Das bisherige Passwort stimmt nicht."}))
		return
	}
	if newPW != r.PostFormValue("repeat_password") {
		fail(teilhabe.Invalid("Die beiden neuen Passwörter sind verschieden.", teilhabe.FieldError{Field: "repeat_password", Code: "mismatch", Message: "Bitte das neue Passwort zweimal gleich eingeben."}))
		return
	}
	if err := accounts.CheckPassword(newPW); err != nil {
		e := teilhabe.AsError(err)
		for i := range e.Fields {
			e.Fields[i].Field = "new_password"
		}
		fail(e)
		return
	}
	if err := w.store.SetPassword(ctx, u.ID, newPW, false); err != nil {
		fail(err)
		return
	}
	// The password change ended every session of the user, this one too: start a
	// fresh one with the new epoch.
	_ = w.sessions.RenewToken(ctx)
	w.sessions.Put(ctx, sessUserID, u.ID)
	w.sessions.Put(ctx, sessEpoch, u.SessionEpoch+1)
	w.redirect(rw, r, "/account", "flash.password_changed")
}

func (w *Web) createToken(rw http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := httpxPrincipal(r)
	_, secret, err := w.store.CreateAPIToken(ctx, p.User.ID, r.PostFormValue("token_name"))
	if err != nil {
		w.RenderError(rw, r, err)
		return
	}
	w.sessions.Put(ctx, "new_token", secret)
	w.redirect(rw, r, "/account#tokens", "flash.token_created")
}

func (w *Web) revokeToken(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err == nil {
		err = w.store.RevokeAPIToken(r.Context(), httpxPrincipal(r).User.ID, id)
	}
	if err != nil {
		w.RenderError(rw, r, err)
		return
	}
	w.redirect(rw, r, "/account#tokens", "flash.token_revoked")
}
