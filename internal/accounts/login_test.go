package accounts_test

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// A wrong address, a wrong password and a disabled account get the same answer,
// word for word in both languages, so that the form tells nobody which addresses
// have an account or which accounts are disabled.
func TestLoginAnswersAlikeForEveryWrongCredential(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		u, err := w.login("  AYSE@Stuttgart.Example ", password, "10.0.0.1")
		if err != nil || u.ID != w.commissioner.ID {
			t.Fatalf("right password: %+v, %v", u, err)
		}
		if err := w.svc.SetDisabled(w.as(w.admin), w.staff.ID, true); err != nil {
			t.Fatal(err)
		}
		answers := map[string]error{}
		for name, c := range map[string][2]string{
			"unknown address": {"niemand@example.de", password},
			"wrong password":  {"ayse@stuttgart.example", "falsches Passwort"},
			"disabled":        {"paul@traeger.example", password},
			"malformed":       {"kein-at-zeichen", password},
		} {
			_, err := w.login(c[0], c[1], "10.0.0.2")
			wantErr(t, name, err, teilhabe.EUNAUTHORIZED, "accounts.error.credentials")
			answers[name] = err
		}
		want := answers["wrong password"]
		for name, err := range answers {
			if !reflect.DeepEqual(err, want) {
				t.Errorf("%s answers %#v, a wrong password %#v", name, err, want)
			}
		}
		if got := read("de", want); got != "E-Mail-Adresse oder Passwort sind falsch. | email: E-Mail-Adresse oder Passwort sind falsch." {
			t.Errorf("German: %q", got)
		}
		if got := read("en", want); got != "Wrong e-mail address or password. | email: Wrong e-mail address or password." {
			t.Errorf("English: %q", got)
		}
	})
}

// After five failures for an address, or thirty from an IP, every attempt is
// refused until the window has passed, the right password too; other addresses and
// IPs go on as before.
func TestLoginThrottlePerAddressAndPerIP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		for i := range 5 {
			_, err := w.login("ayse@stuttgart.example", "falsch", fmt.Sprintf("10.0.1.%d", i))
			wantErr(t, fmt.Sprintf("failure %d", i+1), err, teilhabe.EUNAUTHORIZED, "")
		}
		_, err := w.login("Ayse@stuttgart.example", password, "10.0.2.1")
		wantErr(t, "right password after five failures", err, teilhabe.ETOOMANY, "accounts.error.throttled")
		if got := read("de", err); got != "Zu viele fehlgeschlagene Anmeldungen. Bitte versuchen Sie es in 15 Minuten erneut." {
			t.Errorf("German: %q", got)
		}
		if got := read("en", err); got != "Too many failed logins. Please try again in 15 minutes." {
			t.Errorf("English: %q", got)
		}
		if _, err := w.login("paul@traeger.example", password, "10.0.1.1"); err != nil {
			t.Fatalf("another address is throttled too: %v", err)
		}

		// Thirty failures from one IP, for addresses that may not even exist.
		for i := range 30 {
			if _, err := w.login(fmt.Sprintf("x%d@example.de", i), "falsch", "10.9.9.9"); teilhabe.ErrorCode(err) != teilhabe.EUNAUTHORIZED {
				t.Fatalf("failure %d from the IP: %v", i+1, err)
			}
		}
		_, err = w.login("admin@example.de", password, "10.9.9.9")
		wantErr(t, "from a throttled IP", err, teilhabe.ETOOMANY, "accounts.error.throttled")
		if _, err := w.login("admin@example.de", password, "10.9.9.8"); err != nil {
			t.Fatalf("from another IP: %v", err)
		}

		w.clock.Advance(accounts.ThrottleWindow + time.Second)
		if _, err := w.login("ayse@stuttgart.example", password, "10.9.9.9"); err != nil {
			t.Fatalf("after the window: %v", err)
		}
		// A successful login forgets the address's failures.
		for range 4 {
			_, _ = w.login("ayse@stuttgart.example", "falsch", "10.0.3.1")
		}
		if _, err := w.login("ayse@stuttgart.example", password, "10.0.3.1"); err != nil {
			t.Fatal(err)
		}
		for range 4 {
			_, _ = w.login("ayse@stuttgart.example", "falsch", "10.0.3.1")
		}
		if _, err := w.login("ayse@stuttgart.example", password, "10.0.3.1"); err != nil {
			t.Fatalf("failures before the last login still count: %v", err)
		}
	})
}

// A session ends when its account is disabled or its password changes; a token
// stops working when it is revoked or its account is disabled.
func TestSessionsAndTokensEndWithTheAccount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		u, err := w.login("paul@traeger.example", password, "10.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		p, err := w.svc.SessionPrincipal(nobody, u.ID, u.SessionEpoch)
		if err != nil || p.User.ID != u.ID || len(p.Memberships) != 1 || p.Memberships[0].Organisation.ID != w.provider.ID {
			t.Fatalf("session principal = %+v, %v", p, err)
		}
		_, secret, err := w.svc.CreateToken(w.as(w.staff), "Skript")
		if err != nil {
			t.Fatal(err)
		}
		if p, err := w.svc.TokenPrincipal(nobody, secret); err != nil || p.User.ID != u.ID {
			t.Fatalf("token principal = %+v, %v", p, err)
		}
		for _, bad := range []string{"thb_nope", "no-prefix", secret + "x"} {
			_, err := w.svc.TokenPrincipal(nobody, bad)
			wantErr(t, "token "+bad, err, teilhabe.EUNAUTHORIZED, "accounts.error.token_invalid")
		}

		if err := w.svc.SetDisabled(w.as(w.admin), u.ID, true); err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.SessionPrincipal(nobody, u.ID, u.SessionEpoch)
		wantErr(t, "session of a disabled account", err, teilhabe.EUNAUTHORIZED, "accounts.error.session_ended")
		_, err = w.svc.TokenPrincipal(nobody, secret)
		wantErr(t, "token of a disabled account", err, teilhabe.EUNAUTHORIZED, "accounts.error.token_user_disabled")

		if err := w.svc.SetDisabled(w.as(w.admin), u.ID, false); err != nil {
			t.Fatal(err)
		}
		u, err = w.login("paul@traeger.example", password, "10.0.0.1")
		if err != nil {
			t.Fatalf("login after enabling: %v", err)
		}
		if _, err := w.svc.ResetPassword(w.as(w.admin), u.ID); err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.SessionPrincipal(nobody, u.ID, u.SessionEpoch)
		wantErr(t, "session from before a password reset", err, teilhabe.EUNAUTHORIZED, "accounts.error.session_ended")
		_, err = w.svc.SessionPrincipal(nobody, 999999, 0)
		wantErr(t, "session of a missing account", err, teilhabe.EUNAUTHORIZED, "accounts.error.session_ended")
	})
}
