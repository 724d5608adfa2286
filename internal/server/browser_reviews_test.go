package server_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/teilhabe/teilhabe/internal/browsertest"
	"github.com/teilhabe/teilhabe/internal/demo"
)

// TestBrowserReview is a reviewer's review in Chromium, at 1280 px and at 375 px:
// from the list of assigned applications to the declaration of no conflict, one
// round of errors on an incomplete submission, and the submitted review with its
// weighted score. axe-core checks every page, and no page is wider than the
// small screen.
func TestBrowserReview(t *testing.T) {
	a := newApp(t)
	b := browsertest.New(t)
	check := pageCheck()
	call := callOf(t, a.db, programmeID(t, a.db, "Sprachkurse im Alltag – Deutsch für Eltern und Neuzugewanderte"))
	setUpReview(t, a, call)
	var last string
	for _, width := range []int64{1280, 375} {
		title := "Lesepaten im Stadtteil " + map[int64]string{1280: "(breit)", 375: "(schmal)"}[width]
		id := submitApplication(t, a, call, title)
		last = id
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
		p.Go(t, a.srv.URL+"/login?next=/reviews")
		p.Fill(t, "#email", "reviewer@"+demo.EmailDomain)
		p.Fill(t, "#password", demo.Password)
		p.Click(t, "form[action='/login'] button[type=submit]")
		p.WaitText(t, "h1", "Meine Gutachten")
		narrow(t, p, "Gutachten Liste")
		p.Click(t, `a[href="/reviews/`+id+`"]`)
		p.WaitText(t, "legend", "Erklärung zur Befangenheit")
		narrow(t, p, "Gutachten Erklärung")

		p.Click(t, "#conflict-no")
		p.Click(t, `form[action$="/declaration"] button[type=submit]`)
		p.WaitText(t, ".kern-alert--success", "Sie können den Antrag jetzt begutachten")
		p.WaitText(t, "main", "Offene Sprachtreffs")
		narrow(t, p, "Gutachten Formular")

		// Only the first criterion scored: the summary names the second.
		p.Click(t, `input[name^="score."][value="4"]`)
		p.Click(t, "#recommendation-approve")
		p.Fill(t, "#comment", "Gut eingebunden in den Stadtteil.")
		p.Click(t, `button[value=submit]`)
		p.WaitText(t, ".error-summary", "Bitte bewerten Sie „Konzept“.")
		narrow(t, p, "Gutachten mit Fehlern")
		if v := browsertest.Get(t, p, chromedp.Evaluate[string](`document.querySelector("#comment").value`)); v != "Gut eingebunden in den Stadtteil." {
			t.Fatalf("the form lost the comment: %q", v)
		}
		browsertest.Get(t, p, chromedp.Evaluate[bool](`document.querySelectorAll(".score-scale").forEach(f => { if (!f.querySelector("input:checked")) f.querySelector("input[value='3']").click() }); true`))
		p.Click(t, `button[value=submit]`)
		p.WaitText(t, ".kern-alert--success", "Das Gutachten ist eingereicht")
		// (4 × 2 + 3 × 1) / 3
		if txt := p.Text(t, "main"); !strings.Contains(txt, "3,67 von 5") || !strings.Contains(txt, "Förderung empfehlen") {
			t.Errorf("submitted review: %s", txt)
		}
		narrow(t, p, "Gutachten eingereicht")
	}

	// The funder reads it, in English, on the small screen.
	funder := b.NewPage(t, browsertest.EnforceCSP(), browsertest.Isolated())
	funder.Run(t, chromedp.EmulateViewport(375, 900))
	funder.Go(t, a.srv.URL+"/language?lang=en&next=/")
	funder.Go(t, a.srv.URL+"/login?next=/applications/"+last+"/reviews")
	funder.Fill(t, "#email", "funder_staff.bw@"+demo.EmailDomain)
	funder.Fill(t, "#password", demo.Password)
	funder.Click(t, "form[action='/login'] button[type=submit]")
	funder.WaitText(t, "main", "3.67")
	check(t, funder, "Reviews of the funder")
	if w := browsertest.Get(t, funder, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, innerWidth]`)); w[0] > w[1] {
		t.Errorf("the funder's reviews are %d px wide", w[0])
	}
}
