package server_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/teilhabe/teilhabe/internal/browsertest"
	"github.com/teilhabe/teilhabe/internal/demo"
)

// TestBrowser walks through the UI in headless Chromium as a user would, with the
// real Content-Security-Policy in force, and checks every page with axe-core: no
// serious or critical violation of WCAG 2.1 A/AA may remain, and no page may log a
// console error (a blocked script or style shows up there).
func TestBrowser(t *testing.T) {
	a := newApp(t)
	b := browsertest.New(t)
	check := pageCheck()

	// Headless Chromium asks for English (Accept-Language: en-US); a German user's
	// browser asks for German. Choosing German explicitly sets the cookie for all tabs.
	german := func(t *testing.T, p *browsertest.Page) { p.Go(t, a.srv.URL+"/language?lang=de&next=/") }

	t.Run("public pages and region search", func(t *testing.T) {
		p := b.NewPage(t, browsertest.EnforceCSP())
		german(t, p)
		p.Go(t, a.srv.URL+"/")
		if h := p.Text(t, "h1"); h != "Teilhabe" {
			t.Fatalf("home h1 = %q", h)
		}
		check(t, p, "Startseite")

		p.Go(t, a.srv.URL+"/regions")
		check(t, p, "Gebiete")
		// With JavaScript, htmx updates the results while the user types.
		p.Fill(t, "#q", "Stutt")
		p.WaitText(t, "#ergebnisse", "Stuttgart, Landeshauptstadt")
		if !strings.Contains(p.URL(t), "q=Stutt") {
			t.Errorf("search not in the URL for sharing: %s", p.URL(t))
		}
		p.Fill(t, "#q", "08111")
		p.WaitText(t, "#ergebnisse", "3 Gebiete")
		check(t, p, "Gebiete Suche")
		p.Click(t, `#ergebnisse a[href="/regions/08111000"]`)
		if h := p.Text(t, "h1"); h != "Stuttgart, Landeshauptstadt" {
			t.Fatalf("region h1 = %q", h)
		}
		crumbs := p.Text(t, ".breadcrumbs")
		for _, want := range []string{"Deutschland", "Baden-Württemberg", "Stuttgart, Stadtkreis"} {
			if !strings.Contains(crumbs, want) {
				t.Errorf("breadcrumbs %q lack %q", crumbs, want)
			}
		}
		check(t, p, "Gebiet Stuttgart")
		p.Go(t, a.srv.URL+"/regions/08118")
		check(t, p, "Gebiet Landkreis")
		p.Go(t, a.srv.URL+"/organisations")
		check(t, p, "Organisationen")
		p.Go(t, a.srv.URL+"/gibt-es-nicht")
		check(t, p, "Fehlerseite")
	})

	t.Run("without JavaScript the search form still works", func(t *testing.T) {
		p := b.NewPage(t)
		p.Run(t, disableJS())
		p.Go(t, a.srv.URL+"/regions")
		p.Fill(t, "#q", "Stutt")
		p.Click(t, ".search-form button[type=submit]")
		p.WaitText(t, "#ergebnisse", "Stuttgart, Landeshauptstadt")
	})

	t.Run("log in, account, switch language", func(t *testing.T) {
		p := b.NewPage(t, browsertest.EnforceCSP())
		german(t, p)
		p.Go(t, a.srv.URL+"/login")
		check(t, p, "Anmelden")
		p.Fill(t, "#email", "commissioner@"+demo.EmailDomain)
		p.Fill(t, "#password", "falsches Passwort")
		p.Click(t, "form[action='/login'] button[type=submit]")
		p.WaitText(t, ".error-summary", "E-Mail-Adresse oder Passwort sind falsch")
		check(t, p, "Anmelden mit Fehler")
		p.Fill(t, "#password", demo.Password)
		p.Click(t, "form[action='/login'] button[type=submit]")
		if !strings.HasSuffix(p.URL(t), "/account") {
			t.Fatalf("after login at %s", p.URL(t))
		}
		p.WaitText(t, "main", "Stuttgart, Landeshauptstadt")
		check(t, p, "Mein Konto")
		p.Click(t, `a[hreflang="en"]`)
		p.WaitText(t, "h1", "My account")
		p.WaitText(t, "main", "Municipal integration commissioner")
		check(t, p, "My account")
		p.Go(t, a.srv.URL+"/account/password")
		check(t, p, "Change password")
		p.Click(t, `a[hreflang="de"]`)
		p.WaitText(t, "h1", "Passwort ändern")
	})

	t.Run("admin pages", func(t *testing.T) {
		p := b.NewPage(t, browsertest.EnforceCSP())
		german(t, p)
		p.Go(t, a.srv.URL+"/login?next=/admin/users")
		p.Fill(t, "#email", "platform_admin@"+demo.EmailDomain)
		p.Fill(t, "#password", demo.Password)
		p.Click(t, "form[action='/login'] button[type=submit]")
		p.WaitText(t, "h1", "Benutzerkonten")
		check(t, p, "Benutzerkonten")
		u, err := a.db.Accounts().UserByEmail(context.Background(), "reviewer@"+demo.EmailDomain)
		if err != nil {
			t.Fatal(err)
		}
		org := orgID(t, a.db, "Gemeinde Freudental (Demo)")
		importTable(t, a, "13211-02-04-4_00.csv") // so that the indicator form offers series
		for name, path := range map[string]string{
			"Benutzerkonto":            fmt.Sprintf("/admin/users/%d", u.ID),
			"Organisationen verwalten": "/admin/organisations",
			"Organisation bearbeiten":  "/admin/organisations/" + org,
			"Organisation":             "/organisations/" + org,
			"Änderungsprotokoll":       "/admin/audit",
			"Amtliche Statistik":       "/admin/statistics",
			"Reihen-Aliase":            "/admin/statistics/aliases",
			"Indikatoren":              "/admin/indicators",
		} {
			p.Go(t, a.srv.URL+path)
			check(t, p, name)
		}
		// Both vintages of 13211-02-05-4 uploaded through the form: the summary of
		// the merge, with a series found under its new label.
		dir, err := filepath.Abs("../monitoring/testdata/genesis")
		if err != nil {
			t.Fatal(err)
		}
		p.Go(t, a.srv.URL+"/admin/statistics")
		p.Run(t, chromedp.SetUploadFiles(chromedp.CSS("#files"), []string{dir + "/13211-02-05-4_2015-2020.csv", dir + "/13211-02-05-4_2023.csv"}))
		p.Click(t, "form[action='/admin/statistics'] button[type=submit]")
		p.WaitText(t, "main", "gehört zu „Arbeitslose | ") // whichever label the shared app stored first
		check(t, p, "Import zweier Jahrgänge")
		// A form with errors shows the error summary and marks the fields.
		p.Go(t, a.srv.URL+"/admin/organisations")
		p.Fill(t, "#kind", "municipality")
		p.Click(t, "form[action='/admin/organisations'] button[type=submit]")
		p.WaitText(t, ".error-summary", "Bitte einen Namen angeben")
		check(t, p, "Organisation mit Fehlern")
	})
}

// pageCheck returns the check every browser test runs on a page: axe finds no serious
// or critical violation, the page logged no new console error since the last check
// (a blocked script or style shows up there), and with TEILHABE_SCREENSHOTS set a
// screenshot for humans.
func pageCheck() func(t *testing.T, p *browsertest.Page, name string) {
	shots := os.Getenv("TEILHABE_SCREENSHOTS")
	seen := map[*browsertest.Page]int{}
	return func(t *testing.T, p *browsertest.Page, name string) {
		t.Helper()
		p.CheckAccessibility(t, name)
		errs := p.ConsoleErrors()
		for _, e := range errs[seen[p]:] {
			// Chromium logs every 4xx answer; for the page itself (a 404 page, a form
			// with errors) that is the expected answer. For an asset it is a fault.
			page := strings.Contains(e, "the server responded with a status of") && !strings.Contains(e, "/static/") && !strings.Contains(e, "/geo/")
			if !page {
				t.Errorf("%s: console error: %s", name, e)
			}
		}
		seen[p] = len(errs)
		if shots != "" {
			p.Screenshot(t, filepath.Join(shots, strings.ReplaceAll(name, " ", "_")+".png"))
		}
	}
}
