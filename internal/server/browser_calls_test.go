package server_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/teilhabe/teilhabe/internal/browsertest"
	"github.com/teilhabe/teilhabe/internal/demo"
)

// TestBrowserCallSettings is a foundation's staff setting up its open call in
// Chromium, at 1280 px and at 375 px: the settings page, a question with one round
// of errors, the saved question; then a provider's form shows it in the call's
// questions. axe-core checks every page, and no page is wider than the screen.
// It saves nothing that TestFunderRunsATwoStageCall, later on the same call,
// depends on: one stage, 28 days, questions that call's test replaces.
func TestBrowserCallSettings(t *testing.T) {
	a := newApp(t)
	b := browsertest.New(t)
	check := pageCheck()
	programme := programmeID(t, a.db, "Engagiert vor Ort – Kleinprojekte von Migrantenorganisationen")
	call := callOf(t, a.db, programme)
	login := func(t *testing.T, width int64, user, next string) *browsertest.Page {
		p := b.NewPage(t, browsertest.EnforceCSP(), browsertest.Isolated())
		p.Run(t, chromedp.EmulateViewport(width, 900))
		p.Go(t, a.srv.URL+"/language?lang=de&next=/")
		p.Go(t, a.srv.URL+"/login?next="+next)
		p.Fill(t, "#email", user+"@"+demo.EmailDomain)
		p.Fill(t, "#password", demo.Password)
		p.Click(t, "form[action='/login'] button[type=submit]")
		return p
	}
	for _, width := range []int64{1280, 375} {
		narrow := func(t *testing.T, p *browsertest.Page, name string) {
			t.Helper()
			check(t, p, name)
			if w := browsertest.Get(t, p, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, innerWidth]`)); w[0] > w[1] {
				t.Errorf("%s at %d px: the page is %d px wide", name, width, w[0])
			}
		}
		label := "Mit wem arbeiten Sie zusammen? " + map[int64]string{1280: "(breit)", 375: "(schmal)"}[width]
		p := login(t, width, "funder_staff.stiftung", "/programmes/"+programme)
		p.WaitText(t, "h1", "Engagiert vor Ort")
		p.Click(t, `a[href="/calls/`+call+`/settings"]`)
		p.WaitText(t, "h1", "Aufruf einrichten")
		narrow(t, p, "Aufruf einrichten")

		last := "#questions > fieldset:last-of-type "
		p.Fill(t, last+`input[name$=".label"]`, label)
		p.Click(t, last+`input[value="choice"]`)
		p.Fill(t, last+`textarea[name$=".choices"]`, "Schule")
		p.Click(t, last+`input[name$=".required"]`)
		p.Click(t, "form.call-settings button[type=submit]")
		p.WaitText(t, ".error-summary", "mindestens zwei Auswahlmöglichkeiten")
		narrow(t, p, "Aufruf einrichten mit Fehlern")

		// The refused block comes back as typed, before the empty one.
		p.Fill(t, `#questions > fieldset:nth-last-of-type(2) textarea[name$=".choices"]`, "Schule\nKita")
		p.Click(t, "form.call-settings button[type=submit]")
		p.WaitText(t, ".kern-alert--success", "Die Einstellungen des Aufrufs sind gespeichert")
		if txt := p.Text(t, "#questions"); !strings.Contains(txt, "Frage") {
			t.Errorf("saved settings: %s", txt)
		}
		narrow(t, p, "Aufruf eingerichtet")

		form := login(t, width, "provider_staff.verein", "/applications/new?call="+call)
		form.WaitText(t, "#questions", label)
		narrow(t, form, "Antrag mit Fragen des Aufrufs")
	}
}
