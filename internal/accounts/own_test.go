package accounts_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/audit"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// The own account shows each membership with its organisation's region, and the
// own tokens only.
func TestAccountShowsMembershipsWithRegionsAndOwnTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		if _, _, err := w.svc.CreateToken(w.as(w.staff), "Fremd"); err != nil {
			t.Fatal(err)
		}
		tok, secret, err := w.svc.CreateToken(w.as(w.commissioner), " Statistik-Skript ")
		if err != nil || tok.Name != "Statistik-Skript" || !strings.HasPrefix(secret, accounts.TokenPrefix) || !strings.HasPrefix(secret, tok.Prefix) {
			t.Fatalf("token = %+v, %q, %v", tok, secret, err)
		}
		a, err := w.svc.Account(w.as(w.commissioner))
		if err != nil || a.User.ID != w.commissioner.ID || len(a.Organisations) != 1 || len(a.Tokens) != 1 || a.Tokens[0].ID != tok.ID {
			t.Fatalf("account = %+v, %v", a, err)
		}
		r := a.Organisations[0].Region
		if r == nil || r.Key != "08111000" || r.Name != "Stuttgart, Landeshauptstadt" || r.Population != 635911 || r.PopulationDate.IsZero() {
			t.Errorf("region = %+v", r)
		}
		if a, _ := w.svc.Account(w.as(w.staff)); a.Organisations[0].Region != nil {
			t.Errorf("a provider without a region shows %+v", a.Organisations[0].Region)
		}
		_, err = w.svc.Account(nobody)
		wantErr(t, "anonymous", err, teilhabe.EUNAUTHORIZED, "")
		_, err = w.svc.Account(storetest.System())
		wantErr(t, "the system", err, teilhabe.EFORBIDDEN, "accounts.error.system_account")
		_, _, err = w.svc.CreateToken(w.as(w.commissioner), "  ")
		wantErr(t, "a token without a name", err, teilhabe.EINVALID, "")
		if got := read("de", err); !strings.Contains(got, "token_name: Bitte dem Token einen Namen geben") {
			t.Errorf("German: %q", got)
		}
	})
}

// Revoking another user's token answers exactly like revoking one that does not
// exist, and changes nothing.
func TestTokensOfOtherUsersAnswerLikeMissingOnes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		theirs, secret, err := w.svc.CreateToken(w.as(w.staff), "Fremd")
		if err != nil {
			t.Fatal(err)
		}
		mine, _, err := w.svc.CreateToken(w.as(w.commissioner), "Eigen")
		if err != nil {
			t.Fatal(err)
		}
		// The answer names the id asked for; apart from it, another user's token and
		// a missing one answer alike.
		other := w.svc.RevokeToken(w.as(w.commissioner), theirs.ID)
		missing := w.svc.RevokeToken(w.as(w.commissioner), 999999)
		wantErr(t, "another user's token", other, teilhabe.ENOTFOUND, "accounts.error.no_token")
		eo, em := teilhabe.AsError(other), teilhabe.AsError(missing)
		if eo.Code != em.Code || eo.ID != em.ID || !reflect.DeepEqual(eo.Args, map[string]any{"ID": theirs.ID}) {
			t.Errorf("another user's token: %#v; a missing one: %#v", eo, em)
		}
		if p, err := w.svc.TokenPrincipal(nobody, secret); err != nil || p.User.ID != w.staff.ID {
			t.Fatalf("the other user's token stopped working: %v", err)
		}
		// The admin may not revoke it either: tokens are their owner's only.
		wantErr(t, "the admin", w.svc.RevokeToken(w.as(w.admin), theirs.ID), teilhabe.ENOTFOUND, "accounts.error.no_token")

		if err := w.svc.RevokeToken(w.as(w.commissioner), mine.ID); err != nil {
			t.Fatal(err)
		}
		wantErr(t, "revoked twice", w.svc.RevokeToken(w.as(w.commissioner), mine.ID), teilhabe.ENOTFOUND, "accounts.error.no_token")
		a, _ := w.svc.Account(w.as(w.commissioner))
		if len(a.Tokens) != 1 || !a.Tokens[0].Revoked() {
			t.Errorf("tokens after revoking = %+v", a.Tokens)
		}
	})
}

// A password change needs the current password, the new one twice, and a long
// enough one, and reports every mistake at once; it ends the other sessions.
func TestChangeOwnPassword(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		me := w.as(w.staff)
		_, err := w.svc.ChangePassword(me, accounts.PasswordChange{Current: "falsch", New: "kurz", Repeat: "anders"})
		if got := fieldCodes(err); !slices.Equal(got, []string{"current_password:invalid", "repeat_password:mismatch", "new_password:too_short"}) {
			t.Fatalf("fields = %v (%v)", got, err)
		}
		want := "Das bisherige Passwort stimmt nicht. | current_password: Das bisherige Passwort stimmt nicht." +
			" | repeat_password: Bitte das neue Passwort zweimal gleich eingeben. | new_password: Das Passwort muss mindestens 12 Zeichen lang sein."
		if got := read("de", err); got != want {
			t.Errorf("German:\n%s\nwant\n%s", got, want)
		}
		if got := read("en", err); !strings.Contains(got, "new_password: The password must be at least 12 characters long.") {
			t.Errorf("English: %q", got)
		}
		_, err = w.svc.ChangePassword(me, accounts.PasswordChange{Current: password, New: "kurz", Repeat: "kurz"})
		wantErr(t, "too short", err, teilhabe.EINVALID, "accounts.error.password_short")

		u, err := w.svc.ChangePassword(me, accounts.PasswordChange{Current: password, New: "mein neues Passwort", Repeat: "mein neues Passwort"})
		if err != nil || u.SessionEpoch != w.staff.SessionEpoch+1 || u.MustChangePassword {
			t.Fatalf("changed: %+v, %v", u, err)
		}
		if _, err := w.svc.SessionPrincipal(nobody, u.ID, w.staff.SessionEpoch); teilhabe.ErrorCode(err) != teilhabe.EUNAUTHORIZED {
			t.Errorf("a session from before the change goes on: %v", err)
		}
		if _, err := w.svc.SessionPrincipal(nobody, u.ID, u.SessionEpoch); err != nil {
			t.Errorf("a session in the new epoch: %v", err)
		}
		if _, err := w.login(w.staff.Email, password, "10.0.0.1"); teilhabe.ErrorCode(err) != teilhabe.EUNAUTHORIZED {
			t.Errorf("the old password still works: %v", err)
		}
		if _, err := w.login(w.staff.Email, "mein neues Passwort", "10.0.0.1"); err != nil {
			t.Errorf("the new password: %v", err)
		}
	})
}

// The language a logged-in user switches to is stored as their locale, in which
// their mail is written, and audited; a choice that changes nothing writes nothing.
func TestSetOwnLocaleIsStored(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		events := func() int {
			e, _ := db.Audit().Events(context.Background(), audit.Filter{Entity: "user", EntityID: itoa(w.commissioner.ID)})
			return len(e)
		}
		before := events()
		if err := w.svc.SetLocale(w.as(w.commissioner), "en"); err != nil {
			t.Fatal(err)
		}
		if u, _ := db.Accounts().User(context.Background(), w.commissioner.ID); u.Locale != "en" {
			t.Fatalf("locale = %q, want en", u.Locale)
		}
		if events() != before+1 {
			t.Errorf("the switch was not audited")
		}
		if err := w.svc.SetLocale(w.as(w.commissioner), "en"); err != nil || events() != before+1 {
			t.Errorf("the same choice again: %v, %d events", err, events()-before)
		}
		if err := w.svc.SetLocale(nobody, "en"); err != nil {
			t.Errorf("anonymous: %v", err)
		}
		err := w.svc.SetLocale(w.as(w.commissioner), "fr")
		wantErr(t, "French", err, teilhabe.EINVALID, "")
		if u, _ := db.Accounts().User(context.Background(), w.commissioner.ID); u.Locale != "en" {
			t.Errorf("locale after a refused choice = %q", u.Locale)
		}
	})
}
