package server_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"testing"

	"github.com/teilhabe/teilhabe/internal/decisions"
	"github.com/teilhabe/teilhabe/internal/demo"
	"github.com/teilhabe/teilhabe/internal/grants"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// approveDemoApplication submits an application of the demo's language school to
// the Land's open call and has the Land's staff approve it in full; it returns the
// id of the grant the approval created.
func approveDemoApplication(t *testing.T, a *app, title string, euros int64) string {
	t.Helper()
	id, _ := strconv.ParseInt(submitDemoApplication(t, a, title, euros), 10, 64)
	staff, err := a.db.Accounts().UserByEmail(context.Background(), "funder_staff.bw@"+demo.EmailDomain)
	if err != nil {
		t.Fatal(err)
	}
	ctx := storetest.As(t, a.db, staff.ID)
	decide := decisions.NewService(a.db.Decisions())
	if _, err := decide.StartReview(ctx, id, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := decide.Decide(ctx, id, decisions.Input{Outcome: decisions.Approved, Amount: teilhabe.Cents(euros * 100), Conditions: "Teilnehmerlisten führen."}); err != nil {
		t.Fatal(err)
	}
	list, _, err := grants.NewService(a.db.Grants()).List(ctx, grants.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range list {
		if g.ApplicationID == id {
			return strconv.FormatInt(g.ID, 10)
		}
	}
	t.Fatalf("no grant for %s", title)
	return ""
}

var paymentLink = regexp.MustCompile(`href="(/grants/\d+/payments/\d+)"`)

// TestGrantPages walks a grant from its approval to the first payout: the provider
// finds it in the list and requests money (one round of errors, one request beyond
// the grant), the Land's staff release less with a reason after one error round and
// record the payout; the provider reads the ledger; Stuttgart's commissioner reads
// the grant without its forms; the other roles get not found; and the page speaks
// English.
func TestGrantPages(t *testing.T) {
	a := newApp(t)
	id := approveDemoApplication(t, a, "Zuwendungsprobe Elternkurs", 18000)
	page := "/grants/" + id
	provider := a.login(t, "provider_staff")

	_, body := a.get(t, provider, "/grants")
	mustContain(t, body, "<h1 class=\"kern-heading-large\">Zuwendungen</h1>", `href="`+page+`"`, "Zuwendungsprobe Elternkurs", "18.000,00 €")
	code, body := a.get(t, provider, page)
	if code != http.StatusOK {
		t.Fatalf("grant page: %d", code)
	}
	mustContain(t, body, "Zuwendungsempfänger", "Sprachschule am Neckar (Demo)", "Landesförderstelle Integration Baden-Württemberg (Demo) (Land)",
		"Noch keine Mittelabrufe.", "Noch abrufbar", "Mittel abrufen", "innerhalb von 6 Wochen nach der Auszahlung",
		"Verwendungsnachweis: fällig am", "Teilnehmerlisten führen.", "Bewilligter Finanzierungsplan")

	code, body = a.post(t, provider, page+"/payments", url.Values{"amount": {"viel"}, "text": {"Honorare"}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("amount that is no amount: %d", code)
	}
	mustContain(t, body, "Bitte einen Betrag in Euro angeben", `value="viel"`, "Honorare")
	summaryTargets(t, body)
	code, body = a.post(t, provider, page+"/payments", url.Values{"amount": {"18.000,01"}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("beyond the grant: %d", code)
	}
	mustContain(t, body, "Es können höchstens 18.000,00 € abgerufen werden")
	if code, _ = a.post(t, provider, page+"/payments", url.Values{"amount": {"12.000"}, "text": {"Honorare September bis Dezember"}}); code != http.StatusSeeOther {
		t.Fatalf("request: %d", code)
	}
	_, body = a.get(t, provider, page)
	mustContain(t, body, "Abruf 1", "12.000,00 €", "wartet auf Prüfung", "6.000,00 €")
	payment := paymentLink.FindStringSubmatch(body)[1]

	funder := a.login(t, "funder_staff.bw")
	_, body = a.get(t, funder, "/notifications")
	mustContain(t, body, "Mittelabruf für „Zuwendungsprobe Elternkurs“: 12.000,00 €")
	code, body = a.get(t, funder, payment)
	if code != http.StatusOK {
		t.Fatalf("payment page: %d", code)
	}
	mustContain(t, body, "Mittelabruf 1: Zuwendungsprobe Elternkurs", "Honorare September bis Dezember", "Mittelabruf prüfen", `value="12000"`)
	revision := revisionField.FindStringSubmatch(body)[1]
	code, body = a.post(t, funder, payment+"/decision", url.Values{"amount": {"10.000"}, "revision": {revision}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("reduced without a reason: %d", code)
	}
	mustContain(t, body, "muss das begründen", `value="10.000"`)
	if code, _ = a.post(t, funder, payment+"/decision", url.Values{"amount": {"10.000"}, "text": {"Dezember ist noch nicht fällig."}, "revision": {revision}}); code != http.StatusSeeOther {
		t.Fatalf("release: %d", code)
	}
	// The provider cannot record the payout, nor release their own request.
	if code, _ = a.post(t, provider, payment+"/paid", url.Values{"paid_on": {"2026-12-01"}}); code != http.StatusForbidden {
		t.Errorf("provider records a payout: %d", code)
	}
	_, body = a.get(t, funder, payment)
	mustContain(t, body, "Auszahlung vermerken", `type="date"`)
	revision = revisionField.FindStringSubmatch(body)[1]
	if code, _ = a.post(t, funder, payment+"/paid", url.Values{"paid_on": {"2026-12-01"}, "revision": {revision}}); code != http.StatusSeeOther {
		t.Fatalf("payout: %d", code)
	}
	_, body = a.get(t, provider, page)
	mustContain(t, body, "ausgezahlt", "01.12.2026", "10.000,00 €", "8.000,00 €")
	_, body = a.get(t, provider, payment)
	mustContain(t, body, "Dezember ist noch nicht fällig.")

	// Stuttgart's commissioner reads the grant, without the forms.
	_, body = a.get(t, a.login(t, "commissioner"), page)
	mustContain(t, body, "Zuwendungsprobe Elternkurs", "Abruf 1")
	if regexp.MustCompile(`action="/grants/`).MatchString(body) {
		t.Error("the commissioner is offered a form")
	}
	for _, role := range []string{"provider_staff.verein", "commissioner.ludwigsburg", "reviewer.bw", "funder_staff", "network_office", "platform_admin"} {
		c := a.login(t, role)
		for _, path := range []string{page, payment, "/grants/999999"} {
			if code, _ := a.get(t, c, path); code != http.StatusNotFound {
				t.Errorf("%s opens %s: %d", role, path, code)
			}
		}
	}

	en := a.login(t, "funder_staff.bw")
	if code, _ := a.get(t, en, "/language?lang=en&next=/"); code != http.StatusSeeOther {
		t.Fatalf("language: %d", code)
	}
	t.Cleanup(func() { a.get(t, en, "/language?lang=de&next=/") })
	_, body = a.get(t, en, page)
	mustContain(t, body, "Recipient", "Payment requests and payouts", "Request 1", "paid", "Final report (Verwendungsnachweis): due on")
}
