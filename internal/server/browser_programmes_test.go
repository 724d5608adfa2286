package server_test

import (
	"strings"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/browsertest"
	"github.com/teilhabe/teilhabe/internal/demo"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// TestBrowserConsultationFlow is the paper's central demand end to end in Chromium: a
// foundation drafts a programme and opens a consultation, the invited commissioner of
// Stuttgart comments on a paragraph and gives a statement, the foundation answers
// both, publishes the programme and the report, and the public reads the report
// without logging in. axe-core checks every page on the way.
func TestBrowserConsultationFlow(t *testing.T) {
	a := newApp(t)
	b := browsertest.New(t)
	check := pageCheck()
	login := func(t *testing.T, p *browsertest.Page, local, next string) {
		p.Go(t, a.srv.URL+"/language?lang=de&next=/")
		p.Go(t, a.srv.URL+"/login?next="+next)
		p.Fill(t, "#email", local+"@"+demo.EmailDomain)
		p.Fill(t, "#password", demo.Password)
		p.Click(t, "form[action='/login'] button[type=submit]")
	}

	funder := b.NewPage(t, browsertest.EnforceCSP(), browsertest.Isolated())
	login(t, funder, "funder_staff.stiftung", "/programmes/new")
	funder.WaitText(t, "h1", "Neues Förderprogramm")
	check(t, funder, "Neues Programm")
	// A form with errors first: nothing is stored, every error is named.
	funder.Click(t, "form.wide-form button[type=submit]")
	funder.WaitText(t, ".error-summary", "Bitte einen Titel angeben")
	check(t, funder, "Neues Programm mit Fehlern")
	funder.Fill(t, "#title", "Nachbarschaft verbindet – Begegnungsorte in Stuttgart")
	funder.Fill(t, "#summary", "Die Stiftung fördert Begegnungsorte, an denen Neuzugewanderte und Alteingesessene sich kennenlernen.")
	funder.Fill(t, "#section_heading_0", "Ziel der Förderung")
	funder.Fill(t, "#section_body_0", "Begegnung schafft Vertrauen in der Nachbarschaft.\n\nGefördert werden Treffpunkte, die Vereine von Migrantinnen und Migranten selbst gestalten.")
	funder.Click(t, "#action_fields_teilhabe")
	funder.Click(t, "#provider_types_migrantenorganisation")
	funder.Fill(t, "#region_keys", "08111")
	funder.Fill(t, "#period_start", "2027-01-01")
	funder.Fill(t, "#period_end", "2027-12-31")
	funder.Click(t, "form.wide-form button[type=submit]")
	funder.WaitText(t, ".kern-alert--success", "Der Entwurf wurde angelegt")
	programme := strings.TrimPrefix(funder.URL(t), a.srv.URL)
	funder.WaitText(t, "main", "Dieser Entwurf ist nicht öffentlich")
	check(t, funder, "Programm Entwurf")

	// The draft is hidden from the public.
	public := b.NewPage(t, browsertest.EnforceCSP(), browsertest.Isolated())
	public.Go(t, a.srv.URL+"/language?lang=de&next=/")
	if code := public.Go(t, a.srv.URL+programme); code != 404 {
		t.Fatalf("the public gets %d for a draft", code)
	}

	funder.Click(t, `a[href$="/consultation"]`)
	deadline := time.Now().Add(3 * time.Minute).In(teilhabe.Berlin).Format("2006-01-02T15:04")
	funder.Fill(t, "#regions", "08111")
	funder.Fill(t, "#deadline", deadline)
	funder.Fill(t, "#message", "Wir freuen uns über Hinweise zu bestehenden Treffpunkten.")
	check(t, funder, "Beteiligung vorbereiten")
	funder.Click(t, "form.narrow-form button[type=submit]")
	funder.WaitText(t, ".kern-alert--success", "Die Beteiligung hat begonnen")
	check(t, funder, "Beteiligung Fördermittelgeber")

	commissioner := b.NewPage(t, browsertest.EnforceCSP(), browsertest.Isolated())
	login(t, commissioner, "commissioner", "/notifications")
	commissioner.WaitText(t, "main", "Einladung zur Beteiligung: Nachbarschaft verbindet")
	commissioner.WaitText(t, ".site-nav", "ungelesene Benachrichtigung")
	check(t, commissioner, "Benachrichtigungen")
	commissioner.Click(t, `.site-nav a[href="/consultations"]`)
	commissioner.WaitText(t, "section, main", "Nachbarschaft verbindet")
	commissioner.WaitText(t, "main", "noch offen")
	check(t, commissioner, "Meine Beteiligungen")
	commissioner.Click(t, `main a[href="`+programme+`/consultation"]`)
	commissioner.WaitText(t, "#entwurf", "Der Entwurf")
	check(t, commissioner, "Beteiligung Integrationsbeauftragte")
	commissioner.Click(t, "#absatz-0-1 summary")
	commissioner.Fill(t, "#quote-0-1", "Vereine von Migrantinnen und Migranten")
	commissioner.Fill(t, "#text-0-1", "Bitte auch Initiativen ohne Vereinsform zulassen.")
	commissioner.Fill(t, "#amendment-0-1", "Gefördert werden Treffpunkte, die Vereine und Initiativen von Migrantinnen und Migranten selbst gestalten.")
	commissioner.Click(t, "#absatz-0-1 button[type=submit]")
	commissioner.WaitText(t, ".kern-alert--success", "Ihr Kommentar wurde gespeichert")
	commissioner.WaitText(t, "section[aria-labelledby=beitraege]", "Bitte auch Initiativen ohne Vereinsform zulassen.")
	// Reload without the #beitraege anchor: a click during the smooth scroll to it
	// can land beside the radio button.
	commissioner.Go(t, a.srv.URL+programme+"/consultation")
	commissioner.Click(t, "#rating-4")
	commissioner.Fill(t, "#text", "Passt gut zu unserem Konzept für Begegnungsorte.")
	commissioner.Click(t, "form:has(#rating-4) button[type=submit]")
	commissioner.WaitText(t, ".kern-alert--success", "Ihre Stellungnahme wurde gespeichert")
	check(t, commissioner, "Beteiligung nach Beiträgen")

	funder.Go(t, a.srv.URL+programme+"/consultation")
	funder.WaitText(t, "section[aria-labelledby=beitraege]", "Bitte auch Initiativen ohne Vereinsform zulassen.")
	for i, verdict := range []string{"partly", "adopted"} {
		funder.Go(t, a.srv.URL+programme+"/consultation") // no anchor, no smooth scroll under the click
		article := "article.contribution:not(:has(.answer))"
		funder.Click(t, article+` input[value="`+verdict+`"]`)
		funder.Fill(t, article+" textarea[name=reason]", "Danke, im Text ergänzt.")
		funder.Click(t, article+" form button[type=submit]")
		funder.WaitText(t, ".kern-alert--success", "Die Antwort wurde gespeichert")
		if i == 0 {
			check(t, funder, "Beteiligung mit Antwort")
		}
	}

	// The deadline passes (the store and the pages share the clock; sessions stay).
	clock := a.db.Now
	a.db.Now = func() time.Time { return clock().Add(10 * time.Minute) }
	t.Cleanup(func() { a.db.Now = clock })
	commissioner.Go(t, a.srv.URL+programme+"/consultation")
	commissioner.WaitText(t, "main", "Die Frist ist abgelaufen")
	check(t, commissioner, "Beteiligung nach der Frist")

	funder.Go(t, a.srv.URL+programme+"/edit")
	funder.Fill(t, "#section_body_0", "Begegnung schafft Vertrauen in der Nachbarschaft.\n\nGefördert werden Treffpunkte, die Vereine und Initiativen von Migrantinnen und Migranten selbst gestalten.")
	funder.Click(t, "form.wide-form button[type=submit]")
	funder.WaitText(t, ".kern-alert--success", "Das Programm wurde gespeichert")
	funder.Click(t, `form[action$="/status"] button[type=submit]`)
	funder.WaitText(t, ".kern-alert--success", "veröffentlicht")
	check(t, funder, "Programm veröffentlicht")
	funder.Go(t, a.srv.URL+programme+"/consultation")
	funder.Click(t, `form[action$="/consultation/report"] button[type=submit]`)
	funder.WaitText(t, ".kern-alert--success", "Der Bericht zur Beteiligung ist veröffentlicht")

	public.Go(t, a.srv.URL+programme+"/report")
	public.WaitText(t, "h1", "Bericht zur Beteiligung")
	for _, want := range []string{"Bitte auch Initiativen ohne Vereinsform zulassen.", "teilweise übernommen", "Danke, im Text ergänzt.",
		"Eingeladen waren 1 Kommunalverwaltungen, 1 haben sich beteiligt.", "Landeshauptstadt Stuttgart"} {
		public.WaitText(t, "main", want)
	}
	public.WaitText(t, "#aenderungen ~ section ins", "Initiativen")
	check(t, public, "Bericht öffentlich")
	public.Go(t, a.srv.URL+"/programmes?q=Begegnungsorte")
	public.WaitText(t, "#results", "Nachbarschaft verbindet")
	check(t, public, "Programmfinder")

	// The other programme pages of the demo, as their users see them.
	public.Go(t, a.srv.URL+"/programmes?region=08118&sort=deadline")
	public.WaitText(t, ".finder__filters", "Fördergebiet")
	check(t, public, "Programmfinder mit Facetten")
	closed := programmeID(t, a.db, "Kommunales Integrationsmanagement stärken")
	public.Go(t, a.srv.URL+"/programmes/"+closed+"/changes")
	public.WaitText(t, "main", "Förderaufruf mit Antragsfrist ergänzt.")
	check(t, public, "Änderungen")
	public.Go(t, a.srv.URL+"/programmes/match?provider_type=wohlfahrtsverband&region=08118")
	public.WaitText(t, "main", "Warum es passt")
	check(t, public, "Passende Programme")
	funder.Go(t, a.srv.URL+"/programmes/mine")
	funder.WaitText(t, "main", "Nachbarschaft verbindet")
	check(t, funder, "Meine Programme")
}
