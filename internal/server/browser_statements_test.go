package server_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/teilhabe/teilhabe/internal/browsertest"
	"github.com/teilhabe/teilhabe/internal/demo"
)

// TestBrowserStatements is Stuttgart's commissioner giving a statement in
// Chromium, at 1280 px and at 375 px: the list of statements asked, the link to
// the form, one round of errors whose summary leads to the fields to mend, the
// statement given, and the comparison of the call. axe-core checks every page, and
// no page is wider than the screen.
func TestBrowserStatements(t *testing.T) {
	a := newApp(t)
	b := browsertest.New(t)
	check := pageCheck()
	call := callOf(t, a.db, programmeID(t, a.db, "Sprachkurse im Alltag – Deutsch für Eltern und Neuzugewanderte"))
	for _, width := range []int64{1280, 375} {
		suffix := map[int64]string{1280: " (breit)", 375: " (schmal)"}[width]
		title := "Stellungnahme im Browser" + suffix
		id := submitDemoApplication(t, a, title, 11000)
		fits := func(t *testing.T, p *browsertest.Page, name string) {
			t.Helper()
			check(t, p, name)
			if w := browsertest.Get(t, p, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, innerWidth]`)); w[0] > w[1] {
				t.Errorf("%s at %d px: the page is %d px wide", name, width, w[0])
			}
		}
		value := func(p *browsertest.Page, name string) string {
			return browsertest.Get(t, p, chromedp.Evaluate[string](`document.querySelector("form[action$='/statement'] [name=`+name+`]").value`))
		}
		p := b.NewPage(t, browsertest.EnforceCSP(), browsertest.Isolated())
		p.Run(t, chromedp.EmulateViewport(width, 900))
		p.Go(t, a.srv.URL+"/language?lang=de&next=/")
		p.Go(t, a.srv.URL+"/login?next=/statements")
		p.Fill(t, "#email", "commissioner@"+demo.EmailDomain)
		p.Fill(t, "#password", demo.Password)
		p.Click(t, "form[action='/login'] button[type=submit]")
		p.WaitText(t, "h1", "Stellungnahmen")
		link := `a[href="/applications/` + id + `/statement"]`
		if got := p.Text(t, link); got != title {
			t.Errorf("the list links to the form with %q", got)
		}
		fits(t, p, "Stellungnahmen "+suffix)

		p.Click(t, link)
		p.WaitText(t, "h1", "Stellungnahme: "+title)
		p.WaitText(t, "main", "Stellungnahme angefragt")
		fits(t, p, "Stellungnahme Formular "+suffix)

		// Reasons, but no overlap and no recommendation.
		p.Fill(t, "form[action$='/statement'] textarea[name=strategy_fit]", "Passt zum Integrationskonzept der Stadt.")
		p.Fill(t, "form[action$='/statement'] textarea[name=text]", "Ein sinnvolles Angebot für Eltern.")
		p.Click(t, `form[action$="/statement"] button[type=submit]`)
		summary := p.WaitText(t, ".error-summary", "Die Stellungnahme konnte nicht gespeichert werden")
		for _, want := range []string{"Bitte beschreiben Sie Überschneidungen mit bestehenden Angeboten", "Bitte wählen Sie eine Empfehlung."} {
			if !strings.Contains(summary, want) {
				t.Errorf("the error summary lacks %q: %s", want, summary)
			}
		}
		if strings.Contains(summary, "Passung") || strings.Contains(summary, "begründen") {
			t.Errorf("the error summary names a field that was filled in: %s", summary)
		}
		if v := value(p, "strategy_fit"); v != "Passt zum Integrationskonzept der Stadt." {
			t.Errorf("the form lost its text: %q", v)
		}
		// The summary has the focus, and each of its links leads to a field of the form.
		if got := browsertest.Get(t, p, chromedp.Evaluate[bool](`document.activeElement === document.querySelector(".error-summary")`)); !got {
			t.Error("the error summary does not have the focus")
		}
		broken := browsertest.Get(t, p, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".error-summary a[href^='#']")]
			.filter(a => !document.querySelector("form[action$='/statement'] [id='" + a.hash.slice(1) + "']")).map(a => a.hash)`))
		if len(broken) > 0 {
			t.Errorf("error summary links that lead to no field of the form: %v", broken)
		}
		fits(t, p, "Stellungnahme mit Fehlern "+suffix)

		p.Fill(t, "form[action$='/statement'] textarea[name=overlap]", "Keine: vormittags gibt es im Stadtteil keinen Elternkurs.")
		p.Click(t, "form[action$='/statement'] input[name=recommendation][value=supported]")
		p.Click(t, `form[action$="/statement"] button[type=submit]`)
		p.WaitText(t, ".kern-alert--success", "Ihre Stellungnahme ist gespeichert")
		p.WaitText(t, "section.statement h3", "abgegeben")
		if v := value(p, "overlap"); v != "Keine: vormittags gibt es im Stadtteil keinen Elternkurs." {
			t.Errorf("the given statement's overlap: %q", v)
		}
		p.WaitText(t, `form[action$="/statement"] button[type=submit]`, "Stellungnahme ändern")
		fits(t, p, "Stellungnahme abgegeben "+suffix)

		p.Go(t, a.srv.URL+"/statements")
		entry := browsertest.Get(t, p, chromedp.Evaluate[string](`document.querySelector("`+strings.ReplaceAll(link, `"`, `\"`)+`").closest("li.hit").innerText`))
		if !strings.Contains(entry, "abgegeben") || !strings.Contains(entry, "befürwortet") {
			t.Errorf("the list shows the statement as %q", entry)
		}

		p.Click(t, `a[href="/calls/`+call+`/compare"]`)
		p.WaitText(t, "h1", "Anträge vergleichen")
		row := browsertest.Get(t, p, chromedp.Evaluate[string](`document.querySelector(".compare-table `+strings.ReplaceAll(link, `"`, `\"`)+`").closest("tr").innerText`))
		if !strings.Contains(row, "11.000,00 €") || !strings.Contains(row, "befürwortet") {
			t.Errorf("the comparison shows the application as %q", row)
		}
		fits(t, p, "Anträge vergleichen "+suffix)
	}
}
