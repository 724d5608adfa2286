package server_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/teilhabe/teilhabe/internal/browsertest"
	"github.com/teilhabe/teilhabe/internal/demo"
)

// TestBrowserGrantPayment is a grant's first payout in Chromium, at 1280 px and at
// 375 px: the provider finds the grant in the list and requests money (one round
// of errors), the Land's staff release it from the request's page and record the
// payout, and the provider reads the ledger. axe-core checks every page, and no page
// is wider than the screen.
func TestBrowserGrantPayment(t *testing.T) {
	a := newApp(t)
	b := browsertest.New(t)
	check := pageCheck()
	for _, width := range []int64{1280, 375} {
		suffix := map[int64]string{1280: " (breit)", 375: " (schmal)"}[width]
		title := "Zuwendung im Browser" + suffix
		id := approveDemoApplication(t, a, title, 9000)
		fits := func(t *testing.T, p *browsertest.Page, name string) {
			t.Helper()
			check(t, p, name)
			if w := browsertest.Get(t, p, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, innerWidth]`)); w[0] > w[1] {
				t.Errorf("%s at %d px: the page is %d px wide", name, width, w[0])
			}
		}
		login := func(local, next string) *browsertest.Page {
			p := b.NewPage(t, browsertest.EnforceCSP(), browsertest.Isolated())
			p.Run(t, chromedp.EmulateViewport(width, 900))
			p.Go(t, a.srv.URL+"/language?lang=de&next=/")
			p.Go(t, a.srv.URL+"/login?next="+next)
			p.Fill(t, "#email", local+"@"+demo.EmailDomain)
			p.Fill(t, "#password", demo.Password)
			p.Click(t, "form[action='/login'] button[type=submit]")
			return p
		}

		p := login("provider_staff", "/grants")
		p.WaitText(t, "h1", "Zuwendungen")
		fits(t, p, "Zuwendungen"+suffix)
		p.Click(t, `a[href="/grants/`+id+`"]`)
		p.WaitText(t, "h1", title)
		fits(t, p, "Zuwendung"+suffix)

		p.Fill(t, "#amount", "zehntausend")
		p.Click(t, `form[action$="/payments"] button[type=submit]`)
		summary := p.WaitText(t, ".error-summary", "Der Mittelabruf ist unvollständig oder fehlerhaft")
		if !strings.Contains(summary, "Bitte einen Betrag in Euro angeben") {
			t.Errorf("the error summary: %s", summary)
		}
		fits(t, p, "Mittelabruf mit Fehler"+suffix)
		p.Fill(t, "#amount", "6.000")
		p.Fill(t, "#text", "Honorare der Lehrkräfte")
		p.Click(t, `form[action$="/payments"] button[type=submit]`)
		p.WaitText(t, ".kern-alert, .flash, main", "Die Mittel sind abgerufen")
		p.WaitText(t, "main", "wartet auf Prüfung")

		f := login("funder_staff.bw", "/grants/"+id)
		f.WaitText(t, "h1", title)
		f.Click(t, `.ledger-table a`)
		f.WaitText(t, "h1", "Mittelabruf 1: "+title)
		fits(t, f, "Mittelabruf prüfen"+suffix)
		f.Click(t, `form[action$="/decision"] button[type=submit]`)
		f.WaitText(t, "main", "Die Entscheidung über den Mittelabruf ist gespeichert")
		f.Click(t, `.ledger-table a`)
		f.WaitText(t, "h2", "Auszahlung vermerken")
		fits(t, f, "Auszahlung vermerken"+suffix)
		f.Click(t, `form[action$="/paid"] button[type=submit]`)
		f.WaitText(t, "main", "Die Auszahlung ist vermerkt")

		p.Go(t, a.srv.URL+"/grants/"+id)
		ledger := p.WaitText(t, ".ledger-table", "ausgezahlt")
		if !strings.Contains(ledger, "6.000,00 €") {
			t.Errorf("the ledger: %s", ledger)
		}
		fits(t, p, "Zuwendung ausgezahlt"+suffix)
	}
}
