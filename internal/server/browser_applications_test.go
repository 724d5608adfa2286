package server_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/teilhabe/teilhabe/internal/browsertest"
	"github.com/teilhabe/teilhabe/internal/demo"
)

// TestBrowserApplication is a provider's application in Chromium, at 1280 px and
// at 375 px: from the programme's open call to the form, one round of errors, a
// saved draft with its finance plan, and the submission; then the Land's staff
// finds it in their list. axe-core checks every page, and no page is wider than
// the small screen.
func TestBrowserApplication(t *testing.T) {
	a := newApp(t)
	b := browsertest.New(t)
	check := pageCheck()
	programme := programmeID(t, a.db, "Sprachkurse im Alltag – Deutsch für Eltern und Neuzugewanderte")
	for _, width := range []int64{1280, 375} {
		title := "Lernpaten für Familien " + map[int64]string{1280: "(breit)", 375: "(schmal)"}[width]
		narrow := func(t *testing.T, p *browsertest.Page, name string) {
			t.Helper()
			check(t, p, name)
			if w := browsertest.Get(t, p, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, innerWidth]`)); w[0] > w[1] {
				t.Errorf("%s at %d px: the page is %d px wide", name, width, w[0])
			}
		}
		p := b.NewPage(t, browsertest.EnforceCSP(), browsertest.Isolated())
		p.Run(t, chromedp.EmulateViewport(width, 900))
		p.Go(t, a.srv.URL+"/language?lang=de&next=/")
		p.Go(t, a.srv.URL+"/login?next=/programmes/"+programme)
		p.Fill(t, "#email", "provider_staff@"+demo.EmailDomain)
		p.Fill(t, "#password", demo.Password)
		p.Click(t, "form[action='/login'] button[type=submit]")
		p.WaitText(t, "h1", "Sprachkurse im Alltag")
		p.Click(t, `a[href^="/applications/new?call="]`)
		p.WaitText(t, "h1", "Neuer Antrag")
		narrow(t, p, "Antrag neu")

		p.Fill(t, "#title", title)
		p.Fill(t, "#finance_plan\\.costs\\.personnel", "12.000")
		p.Fill(t, "#finance_plan\\.requested", "10.000")
		p.Click(t, "form.wide-form button[type=submit]")
		p.WaitText(t, ".error-summary", "nicht ausgeglichen")
		narrow(t, p, "Antrag mit Fehlern")
		if v := browsertest.Get(t, p, chromedp.Evaluate[string](`document.querySelector("#title").value`)); v != title {
			t.Fatalf("the form lost the title: %q", v)
		}

		p.Fill(t, "#description", "Ehrenamtliche Lernpaten begleiten Familien beim Deutschlernen.")
		p.Fill(t, "#regions", "08111000")
		p.Click(t, "#action_fields_sprache")
		p.Fill(t, "#period_start", "2027-03-01")
		p.Fill(t, "#period_end", "2027-12-31")
		p.Fill(t, "#output_quantity_0", "30")
		p.Fill(t, "#output_unit_0", "Familien")
		p.Fill(t, "#contact_name", "Paul Sprache")
		p.Fill(t, "#contact_email", "paul@example.org")
		p.Fill(t, "#finance_plan\\.own_funds", "2.000")
		p.Click(t, "form.wide-form button[type=submit]")
		p.WaitText(t, ".kern-alert--success", "Der Antrag ist gespeichert")
		p.WaitText(t, "main", "12.000,00 €")
		narrow(t, p, "Antrag Entwurf")

		p.Click(t, `form[action$="/submit"] button[type=submit]`)
		p.WaitText(t, ".kern-alert--success", "Der Antrag ist eingereicht")
		if txt := p.Text(t, "main"); !strings.Contains(txt, "eingereicht am") || !strings.Contains(txt, "Antrag zurückziehen") {
			t.Errorf("submitted page: %s", txt)
		}
		narrow(t, p, "Antrag eingereicht")
	}

	funder := b.NewPage(t, browsertest.EnforceCSP(), browsertest.Isolated())
	funder.Go(t, a.srv.URL+"/language?lang=en&next=/")
	funder.Go(t, a.srv.URL+"/login?next=/applications")
	funder.Fill(t, "#email", "funder_staff.bw@"+demo.EmailDomain)
	funder.Fill(t, "#password", demo.Password)
	funder.Click(t, "form[action='/login'] button[type=submit]")
	funder.WaitText(t, "main", "Lernpaten für Familien (schmal)")
	check(t, funder, "Applications of the funder")
}
