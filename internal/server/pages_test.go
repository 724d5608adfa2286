package server_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/demo"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
)

func TestPublicPagesSpeakGermanByDefault(t *testing.T) {
	a := newApp(t)
	c := a.client(t)
	_, body := a.get(t, c, "/")
	mustContain(t, body, `<html lang="de"`, "Zum Inhalt springen", "Für wen ist Teilhabe?", "Kommunale Integrationsbeauftragte")
	_, body = a.get(t, c, "/regions/08111000")
	mustContain(t, body, "Stuttgart, Landeshauptstadt", "Einwohner", "635.911", "Stand 31.12.2019", "207,33 km²",
		`href="/regions/08">Baden-Württemberg</a>`, `href="/regions/08111">Stuttgart, Stadtkreis</a>`)
	_, body = a.get(t, c, "/login")
	mustContain(t, body, `<label class="kern-label" for="email">E-Mail-Adresse</label>`, `for="password">Passwort</label>`)
}

func TestLanguageSwitch(t *testing.T) {
	a := newApp(t)
	c := a.client(t)
	// The browser's preference counts when the user has not chosen.
	req, _ := http.NewRequest("GET", a.srv.URL+"/regions/08111000", nil)
	req.Header.Set("Accept-Language", "en-GB,en;q=0.9")
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	// An explicit choice is stored in a cookie and wins over Accept-Language.
	code, _ := a.get(t, c, "/language?lang=en&next=/regions/08111000")
	if code != http.StatusSeeOther {
		t.Fatalf("language switch: %d", code)
	}
	_, body := a.get(t, c, "/regions/08111000")
	mustContain(t, body, `<html lang="en"`, "Population", "635,911", "207.33 km²", "Skip to content")
	// Redirect targets must stay on this site.
	res, err = c.Get(a.srv.URL + "/language?lang=de&next=//evil.example/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if loc := res.Header.Get("Location"); loc != "/" {
		t.Fatalf("open redirect: Location %q", loc)
	}
}

// A logged-in user's switch of language is stored as their locale, so that their
// mail comes in it too; the cookie decides the pages as before.
func TestLanguageSwitchIsStoredForTheUser(t *testing.T) {
	a := newApp(t)
	u := storetest.User(t, a.db, accounts.NewUser{Email: "sprache@traeger.example", Name: "Lina Sprache", Password: demo.Password})
	c := a.client(t)
	res, err := c.PostForm(a.srv.URL+"/login", url.Values{"email": {u.Email}, "password": {demo.Password}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	locale := func() string {
		got, err := a.db.Accounts().User(context.Background(), u.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got.Locale
	}
	if code, _ := a.get(t, c, "/language?lang=en&next=/account"); code != http.StatusSeeOther || locale() != "en" {
		t.Fatalf("switch to English: %d, locale %q", code, locale())
	}
	_, body := a.get(t, c, "/account")
	mustContain(t, body, `<html lang="en"`, "My account")
	if a.get(t, c, "/language?lang=de&next=/account"); locale() != "de" {
		t.Fatalf("switch back: locale %q", locale())
	}
}

// A refused login is answered in the reader's language, like any other error.
func TestLoginFailureInTheReadersLanguage(t *testing.T) {
	a := newApp(t)
	for lang, want := range map[string]string{"de": "E-Mail-Adresse oder Passwort sind falsch.", "en": "Wrong e-mail address or password."} {
		req, _ := http.NewRequest("POST", a.srv.URL+"/login", strings.NewReader(url.Values{"email": {"sprachlos@example.de"}, "password": {"x"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: "lang", Value: lang})
		res, err := a.client(t).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s: status %d", lang, res.StatusCode)
		}
		mustContain(t, string(b), want, `href="#email"`, `value="sprachlos@example.de"`)
	}
}

func TestRegionSearchByNameAndKey(t *testing.T) {
	a := newApp(t)
	c := a.client(t)
	for _, q := range []string{"Stutt", "08111"} {
		_, body := a.get(t, c, "/regions?q="+q)
		mustContain(t, body, `href="/regions/08111000">Stuttgart, Landeshauptstadt</a>`)
	}
	_, body := a.get(t, c, "/regions?level=land")
	mustContain(t, body, "16 Gebiete", "Baden-Württemberg", "Schleswig-Holstein")
	_, body = a.get(t, c, "/regions?level=gemeinde")
	mustContain(t, body, "11.004 Gebiete", "1–50 von 11.004", "Nächste Seite")
}

func TestCommissionerSeesTheirMunicipality(t *testing.T) {
	a := newApp(t)
	c := a.login(t, "commissioner")
	code, body := a.get(t, c, "/account")
	if code != 200 {
		t.Fatalf("account: %d", code)
	}
	mustContain(t, body, "Landeshauptstadt Stuttgart – Integrationspolitik (Demo)", "Kommunale/r Integrationsbeauftragte/r",
		`href="/regions/08111000">Stuttgart, Landeshauptstadt</a>`, "635.911")
}

func TestOrganisationMembersAreVisibleToMembersAndAdminsOnly(t *testing.T) {
	a := newApp(t)
	org := orgID(t, a.db, "Landeshauptstadt Stuttgart – Integrationspolitik (Demo)")
	for role, visible := range map[string]bool{"": false, "provider_staff": false, "commissioner.ludwigsburg": false, "commissioner": true, "platform_admin": true} {
		_, body := a.get(t, a.login(t, role), "/organisations/"+org)
		if got := strings.Contains(body, "commissioner@"+demo.EmailDomain); got != visible {
			t.Errorf("%s sees members: %v, want %v", nameOf(role), got, visible)
		}
	}
}

var oneTimePassword = regexp.MustCompile(`<code class="token-secret">([^<]+)</code>`)

func TestAdminCreatesUserWhoMustChooseAPassword(t *testing.T) {
	a := newApp(t)
	admin := a.login(t, "platform_admin")
	org := orgID(t, a.db, "Sprachschule am Neckar (Demo)")
	code, body := a.post(t, admin, "/admin/users", url.Values{"email": {"kaputt"}, "name": {""}})
	if code != 422 {
		t.Fatalf("invalid user: %d", code)
	}
	mustContain(t, body, "Bitte prüfen Sie Ihre Eingaben", `href="#email"`, `href="#name"`, `aria-invalid="true"`)

	res, err := admin.PostForm(a.srv.URL+"/admin/users", url.Values{"email": {"neu@traeger.example"}, "name": {"Nora Neu"}, "organisation": {org}, "role": {"provider_staff"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	_, body = a.get(t, admin, res.Header.Get("Location"))
	m := oneTimePassword.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no one-time password shown")
	}
	mustContain(t, body, "Sprachschule am Neckar (Demo)", "Mitarbeiter/in Träger")

	user := a.client(t)
	res, err = user.PostForm(a.srv.URL+"/login", url.Values{"email": {"neu@traeger.example"}, "password": {m[1]}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if loc := res.Header.Get("Location"); loc != "/account/password" {
		t.Fatalf("first login goes to %q, want the password page", loc)
	}
	code, body = a.post(t, user, "/account/password", url.Values{"current_password": {m[1]}, "new_password": {"kurz"}, "repeat_password": {"kurz"}})
	if code != 422 || !strings.Contains(body, "mindestens 12 Zeichen") {
		t.Fatalf("short password: %d", code)
	}
	code, _ = a.post(t, user, "/account/password", url.Values{"current_password": {m[1]}, "new_password": {"mein eigenes Passwort"}, "repeat_password": {"mein eigenes Passwort"}})
	if code != 303 {
		t.Fatalf("change password: %d", code)
	}
	if code, _ := a.get(t, user, "/account"); code != 200 {
		t.Fatalf("session after own password change: %d", code)
	}

	// Disabling the account ends its session at once.
	u, err := a.db.Accounts().UserByEmail(context.Background(), "neu@traeger.example")
	if err != nil {
		t.Fatal(err)
	}
	if code, _ := a.post(t, admin, "/admin/users/"+itoa(u.ID)+"/disabled", url.Values{"disabled": {"true"}}); code != 303 {
		t.Fatalf("disable: %d", code)
	}
	if code, _ := a.get(t, user, "/account"); code != http.StatusSeeOther {
		t.Fatalf("disabled user's session still works: %d", code)
	}
}

func TestSecurityHeadersAndCookies(t *testing.T) {
	a := newApp(t)
	res, err := a.client(t).PostForm(a.srv.URL+"/login", url.Values{"email": {"network_office@" + demo.EmailDomain}, "password": {demo.Password}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	for h, want := range map[string]string{
		"Content-Security-Policy": "script-src 'self'", "X-Content-Type-Options": "nosniff",
		"X-Frame-Options": "DENY", "Referrer-Policy": "same-origin",
	} {
		if !strings.Contains(res.Header.Get(h), want) {
			t.Errorf("%s = %q, want it to contain %q", h, res.Header.Get(h), want)
		}
	}
	cookie := res.Header.Get("Set-Cookie")
	for _, want := range []string{"teilhabe_session=", "HttpOnly", "SameSite=Lax"} {
		if !strings.Contains(cookie, want) {
			t.Errorf("session cookie %q lacks %s", cookie, want)
		}
	}
}

func TestCrossOriginPostsAreRefused(t *testing.T) {
	a := newApp(t)
	req, _ := http.NewRequest("POST", a.srv.URL+"/login", strings.NewReader("email=a@b.de&password=x"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Origin", "https://evil.example")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site POST: status %d, want 403", res.StatusCode)
	}
}

func TestHealthReadinessAndMetrics(t *testing.T) {
	a := newApp(t)
	c := a.client(t)
	a.get(t, c, "/regions/08111000") // so that the route has a count, whichever tests ran before
	for path, want := range map[string]string{"/healthz": "ok", "/readyz": "ready", "/metrics": "teilhabe_http_requests_total"} {
		code, body := a.get(t, c, path)
		if code != 200 || !strings.Contains(body, want) {
			t.Errorf("%s: %d %q", path, code, body[:min(len(body), 80)])
		}
	}
	_, body := a.get(t, c, "/metrics")
	// The demo's invitations wait in the outbox: no SMTP server is configured here.
	mustContain(t, body, `route="GET /regions/{key}"`, `teilhabe_mail_outbox{state="pending"}`, `teilhabe_mail_outbox{state="failed"} 0`)
	if strings.Contains(body, `teilhabe_mail_outbox{state="pending"} 0`) {
		t.Error("the demo's invitation mails are not counted as pending")
	}
}

func TestKreisPageListsItsGemeinden(t *testing.T) {
	a := newApp(t)
	c := a.client(t)
	_, body := a.get(t, c, "/regions/08118")
	mustContain(t, body, "39 Gemeinden", `href="/regions/08118016">Freudental</a>`, "Landratsamt Ludwigsburg – Integration (Demo)")
	// The largest Kreis has more Gemeinden than one page shows.
	_, body = a.get(t, c, "/regions/07232")
	mustContain(t, body, "234 Gemeinden", `href="/regions?q=07232&amp;level=gemeinde"`)
	// A verbandsfreie Gemeinde is one crumb, not two with the same name.
	_, body = a.get(t, c, "/regions/08111000")
	if n := strings.Count(body, "Stuttgart, Landeshauptstadt</a>"); n != 0 {
		t.Errorf("breadcrumbs link the Gemeindeverband of the same name (%d links)", n)
	}
}
