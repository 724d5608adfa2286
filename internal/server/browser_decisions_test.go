package server_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/teilhabe/teilhabe/internal/browsertest"
	"github.com/teilhabe/teilhabe/internal/demo"
)

// TestBrowserDecisions is the Land's staff deciding a call in Chromium, at 1280 px
// and at 375 px: the ranking, the review begun for two ticked applications, a batch
// rejection with one round of errors, and the decision summary. axe-core checks
// every page, and no page is wider than the screen.
func TestBrowserDecisions(t *testing.T) {
	a := newApp(t)
	b := browsertest.New(t)
	check := pageCheck()
	call := callOf(t, a.db, programmeID(t, a.db, "Sprachkurse im Alltag – Deutsch für Eltern und Neuzugewanderte"))
	for _, width := range []int64{1280, 375} {
		suffix := map[int64]string{1280: " (breit)", 375: " (schmal)"}[width]
		first := submitDemoApplication(t, a, "Vorlesepaten"+suffix, 8000)
		second := submitDemoApplication(t, a, "Sprachspaziergang"+suffix, 6000)
		fits := func(t *testing.T, p *browsertest.Page, name string) {
			t.Helper()
			check(t, p, name)
			if w := browsertest.Get(t, p, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, innerWidth]`)); w[0] > w[1] {
				t.Errorf("%s at %d px: the page is %d px wide", name, width, w[0])
			}
		}
		p := b.NewPage(t, browsertest.EnforceCSP(), browsertest.Isolated())
		p.Run(t, chromedp.EmulateViewport(width, 900))
		p.Go(t, a.srv.URL+"/language?lang=de&next=/")
		p.Go(t, a.srv.URL+"/login?next=/calls/"+call+"/decisions")
		p.Fill(t, "#email", "funder_staff.bw@"+demo.EmailDomain)
		p.Fill(t, "#password", demo.Password)
		p.Click(t, "form[action='/login'] button[type=submit]")
		p.WaitText(t, "h1", "Entscheidungen")
		p.WaitText(t, ".ranking-table", "Vorlesepaten"+suffix)
		fits(t, p, "Rangliste "+suffix)

		p.Click(t, "#pick-"+first)
		p.Click(t, "#pick-"+second)
		p.Click(t, `button[formaction$="/review"]`)
		p.WaitText(t, ".kern-alert--success", "Die Prüfung hat begonnen (2 Anträge)")

		p.Click(t, "#pick-"+first)
		p.Click(t, "#pick-"+second)
		p.Click(t, "#outcome-rejected")
		p.Click(t, `form[action$="/decisions"] button.kern-btn--primary`)
		p.WaitText(t, ".error-summary", "Bitte begründen Sie die Ablehnung.")
		fits(t, p, "Sammelentscheidung mit Fehlern "+suffix)
		p.Fill(t, "#reason", "Die Mittel des Aufrufs sind gebunden.")
		p.Click(t, `form[action$="/decisions"] button.kern-btn--primary`)
		p.WaitText(t, ".kern-alert--success", "2 Anträge sind entschieden")
		if txt := p.Text(t, "main"); strings.Contains(txt, "Vorlesepaten"+suffix) {
			t.Errorf("a decided application is still ranked: %s", txt)
		}
		fits(t, p, "Rangliste nach der Entscheidung "+suffix)

		p.Go(t, a.srv.URL+"/applications/"+first+"/decision")
		p.WaitText(t, "main", "Die Mittel des Aufrufs sind gebunden.")
		fits(t, p, "Entscheidungsvorlage "+suffix)
	}
}
