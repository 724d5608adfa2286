package server_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/teilhabe/teilhabe/internal/browsertest"
	"github.com/teilhabe/teilhabe/internal/demo"
)

// TestBrowserProcedure walks one application through the whole procedure in
// Chromium, at 1280 px and at 375 px, as four people in their own browsers: the
// provider applies (with one round of errors) and submits; Stuttgart's
// commissioner gives the statement asked of them (with one round of errors); the
// reviewer declares no conflict and scores; the Land's staff start the review and
// approve in a batch; the provider reads the outcome. axe-core checks every page,
// and no page is wider than the screen.
func TestBrowserProcedure(t *testing.T) {
	a := newApp(t)
	b := browsertest.New(t)
	check := pageCheck()
	programme := programmeID(t, a.db, "Sprachkurse im Alltag – Deutsch für Eltern und Neuzugewanderte")
	call := callOf(t, a.db, programme)
	setUpReview(t, a, call)
	for _, width := range []int64{1280, 375} {
		suffix := map[int64]string{1280: " (breit)", 375: " (schmal)"}[width]
		title := "Familiensprachtreff" + suffix
		fits := func(t *testing.T, p *browsertest.Page, name string) {
			t.Helper()
			check(t, p, name+suffix)
			if w := browsertest.Get(t, p, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, innerWidth]`)); w[0] > w[1] {
				t.Errorf("%s at %d px: the page is %d px wide", name, width, w[0])
			}
		}
		login := func(user, next string) *browsertest.Page {
			p := b.NewPage(t, browsertest.EnforceCSP(), browsertest.Isolated())
			p.Run(t, chromedp.EmulateViewport(width, 900))
			p.Go(t, a.srv.URL+"/language?lang=de&next=/")
			p.Go(t, a.srv.URL+"/login?next="+next)
			p.Fill(t, "#email", user+"@"+demo.EmailDomain)
			p.Fill(t, "#password", demo.Password)
			p.Click(t, "form[action='/login'] button[type=submit]")
			return p
		}

		// The provider applies.
		p := login("provider_staff", "/applications/new?call="+call)
		p.WaitText(t, "h1", "Neuer Antrag")
		p.Fill(t, "#title", title)
		p.Fill(t, "#finance_plan\\.costs\\.personnel", "10.000")
		p.Fill(t, "#finance_plan\\.requested", "9.000")
		p.Click(t, "form.wide-form button[type=submit]")
		p.WaitText(t, ".error-summary", "nicht ausgeglichen")
		fits(t, p, "Antrag mit Fehlern")
		p.Fill(t, "#description", "Wöchentliche Sprachtreffs für Eltern und Kinder im Stadtteilzentrum.")
		p.Fill(t, "#regions", "08111000")
		// The form starts with the programme's action fields ticked; Sprache must be one.
		browsertest.Get(t, p, chromedp.Evaluate[bool](`document.querySelector("#action_fields_sprache").checked = true`))
		p.Fill(t, "#period_start", "2027-03-01")
		p.Fill(t, "#period_end", "2027-12-31")
		p.Fill(t, "#output_quantity_0", "25")
		p.Fill(t, "#output_unit_0", "Familien")
		p.Fill(t, "#contact_name", "Paul Sprache")
		p.Fill(t, "#contact_email", "paul@example.org")
		p.Fill(t, "#finance_plan\\.own_funds", "1.000")
		p.Click(t, "form.wide-form button[type=submit]")
		p.WaitText(t, ".kern-alert--success", "Der Antrag ist gespeichert")
		p.Click(t, `form[action$="/submit"] button[type=submit]`)
		p.WaitText(t, ".kern-alert--success", "Der Antrag ist eingereicht")
		p.WaitText(t, "main", "Stellungnahme angefragt")
		fits(t, p, "Antrag eingereicht")
		id := strings.TrimPrefix(p.URL(t), a.srv.URL+"/applications/")

		// The commissioner answers.
		c := login("commissioner", "/statements")
		c.WaitText(t, "h1", "Stellungnahmen")
		c.WaitText(t, "main", title)
		fits(t, c, "Stellungnahmen")
		c.Click(t, `a[href="/applications/`+id+`/statement"]`)
		c.WaitText(t, "h1", "Stellungnahme: "+title)
		fits(t, c, "Stellungnahme Formular")
		c.Fill(t, "textarea[name=strategy_fit]", "Passt zum Handlungsfeld Sprache des Stuttgarter Integrationskonzepts.")
		c.Click(t, "input[name=recommendation][value=conditional]")
		c.Click(t, `form[action$="/statement"] button[type=submit]`)
		c.WaitText(t, ".error-summary", "Überschneidungen")
		fits(t, c, "Stellungnahme mit Fehlern")
		if v := browsertest.Get(t, c, chromedp.Evaluate[string](`document.querySelector("textarea[name=strategy_fit]").value`)); !strings.HasPrefix(v, "Passt zum") {
			t.Fatalf("the statement form lost its text: %q", v)
		}
		c.Fill(t, "textarea[name=overlap]", "Ergänzt die Elternkurse der Volkshochschule, kein Doppelangebot.")
		c.Fill(t, "textarea[name=conditions]", "Abstimmung mit dem Elternseminar.")
		c.Fill(t, "textarea[name=text]", "Die Stadt befürwortet das Vorhaben unter der genannten Auflage.")
		c.Click(t, `form[action$="/statement"] button[type=submit]`)
		c.WaitText(t, ".kern-alert--success", "Ihre Stellungnahme ist gespeichert")
		c.WaitText(t, "h3", "abgegeben")
		if v := browsertest.Get(t, c, chromedp.Evaluate[string](`document.querySelector("textarea[name=conditions]").value`)); v != "Abstimmung mit dem Elternseminar." {
			t.Errorf("the given statement's conditions: %q", v)
		}
		fits(t, c, "Stellungnahme abgegeben")
		c.Go(t, a.srv.URL+"/calls/"+call+"/compare")
		c.WaitText(t, "main", title)
		fits(t, c, "Anträge vergleichen")

		// The reviewer scores.
		r := login("reviewer", "/reviews")
		r.WaitText(t, "h1", "Meine Gutachten")
		r.Click(t, `a[href="/reviews/`+id+`"]`)
		r.WaitText(t, "legend", "Erklärung zur Befangenheit")
		r.Click(t, "#conflict-no")
		r.Click(t, `form[action$="/declaration"] button[type=submit]`)
		r.WaitText(t, ".kern-alert--success", "Sie können den Antrag jetzt begutachten")
		browsertest.Get(t, r, chromedp.Evaluate[bool](`document.querySelectorAll(".score-scale").forEach(f => f.querySelector("input[value='4']").click()); true`))
		r.Click(t, "#recommendation-approve")
		r.Fill(t, "#comment", "Gut im Stadtteil verankert.")
		r.Click(t, `button[value=submit]`)
		r.WaitText(t, ".kern-alert--success", "Das Gutachten ist eingereicht")
		fits(t, r, "Gutachten eingereicht")

		// The funder starts the review and approves in a batch.
		f := login("funder_staff.bw", "/calls/"+call+"/decisions")
		f.WaitText(t, "h1", "Entscheidungen")
		f.WaitText(t, ".ranking-table", title)
		fits(t, f, "Rangliste")
		f.Click(t, "#pick-"+id)
		f.Click(t, `button[formaction$="/review"]`)
		f.WaitText(t, ".kern-alert--success", "Die Prüfung hat begonnen (1 Antrag)")
		f.Click(t, "#pick-"+id)
		f.Click(t, "#outcome-approved")
		f.Click(t, `form[action$="/decisions"] button.kern-btn--primary`)
		f.WaitText(t, ".kern-alert--success", "1 Antrag ist entschieden")
		fits(t, f, "Rangliste nach der Bewilligung")
		f.Go(t, a.srv.URL+"/applications/"+id+"/decision")
		f.WaitText(t, "main", "Befürwortet mit Bedingungen")
		f.WaitText(t, "main", "Abstimmung mit dem Elternseminar.")
		fits(t, f, "Entscheidungsvorlage")

		// The provider reads the outcome.
		p.Go(t, a.srv.URL+"/applications/"+id)
		p.WaitText(t, "main", "bewilligt")
		fits(t, p, "Antrag bewilligt")
	}
}
