package server_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/demo"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// submitDemoApplication submits an application of the demo's language school to the
// Land's open call, requesting euros with as much in personnel costs, and returns
// its id.
func submitDemoApplication(t *testing.T, a *app, title string, euros int64) string {
	t.Helper()
	ctx := context.Background()
	u, err := a.db.Accounts().UserByEmail(ctx, "provider_staff@"+demo.EmailDomain)
	if err != nil {
		t.Fatal(err)
	}
	programme := programmeID(t, a.db, "Sprachkurse im Alltag – Deutsch für Eltern und Neuzugewanderte")
	call, _ := strconv.ParseInt(callOf(t, a.db, programme), 10, 64)
	pid, _ := strconv.ParseInt(programme, 10, 64)
	prog, err := a.db.Programmes().Programme(ctx, pid)
	if err != nil {
		t.Fatal(err)
	}
	svc := applications.NewService(a.db.Applications())
	as := storetest.As(t, a.db, u.ID)
	amount := teilhabe.Cents(euros * 100)
	app, err := svc.Create(as, call, 0, applications.Content{Title: title, Description: "Kurse am Vormittag.", RegionKeys: []string{"08111000"},
		ActionFields: []string{"sprache"}, PeriodStart: prog.PeriodStart, PeriodEnd: prog.PeriodStart.AddDate(0, 6, 0),
		Outputs: []applications.Output{{Quantity: 30, Unit: "Plätze"}}, Contact: applications.Contact{Name: "Paul", Email: "paul@example.org"},
		Plan: applications.FinancePlan{Costs: map[applications.CostCategory]teilhabe.Cents{applications.CostPersonnel: amount}, Requested: amount}})
	if err != nil {
		t.Fatalf("create %s: %v", title, err)
	}
	if _, err := svc.Submit(as, app.ID, app.Revision); err != nil {
		t.Fatalf("submit %s: %v", title, err)
	}
	return strconv.FormatInt(app.ID, 10)
}

// TestFunderDecidesACall walks the Land's staff through a call: the ranking, a
// refused batch and the review begun for two applications, a batch rejection with
// one error round, a reduced approval of the other with one, and a stale second
// decision; the provider reads the outcome, nobody else sees the decision pages.
func TestFunderDecidesACall(t *testing.T) {
	a := newApp(t)
	call := callOf(t, a.db, programmeID(t, a.db, "Sprachkurse im Alltag – Deutsch für Eltern und Neuzugewanderte"))
	first := submitDemoApplication(t, a, "Elterncafé Rangprobe", 20000)
	second := submitDemoApplication(t, a, "Abendkurs Rangprobe", 15000)
	funder := a.login(t, "funder_staff.bw")
	calls := "/calls/" + call

	code, body := a.get(t, funder, calls+"/decisions")
	if code != http.StatusOK {
		t.Fatalf("ranking: %d", code)
	}
	mustContain(t, body, "Entscheidungen: Förderaufruf", "Stand des Aufrufs", "Rangliste", "Elterncafé Rangprobe", "Abendkurs Rangprobe",
		`name="ids" value="`+first+`"`, "eingereicht", "Budget des Aufrufs")

	pick := url.Values{"ids": {first, second}, "outcome": {"approved"}}
	code, body = a.post(t, funder, calls+"/decisions", pick)
	if code != http.StatusConflict {
		t.Fatalf("batch before the review: %d", code)
	}
	mustContain(t, body, "Nicht alle gewählten Anträge sind in Prüfung", "Elterncafé Rangprobe", `value="`+first+`" checked`)
	if code, _ = a.post(t, funder, calls+"/review", pick); code != http.StatusSeeOther {
		t.Fatalf("begin the review: %d", code)
	}

	reject := url.Values{"ids": {second}, "outcome": {"rejected"}}
	code, body = a.post(t, funder, calls+"/decisions", reject)
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("rejection without reason: %d", code)
	}
	mustContain(t, body, "Bitte begründen Sie die Ablehnung.")
	reject.Set("reason", "Das Angebot überschneidet sich mit einem bestehenden Kurs.")
	if code, _ = a.post(t, funder, calls+"/decisions", reject); code != http.StatusSeeOther {
		t.Fatalf("batch rejection: %d", code)
	}

	page := "/applications/" + first + "/decision"
	code, body = a.get(t, funder, page)
	if code != http.StatusOK {
		t.Fatalf("decision summary: %d", code)
	}
	mustContain(t, body, "Entscheidungsvorlage: Elterncafé Rangprobe", "noch nicht bewertet", "Ausstehend, Frist", "20.000,00 €", "Entscheidung speichern")
	revision := regexp.MustCompile(`name="revision" value="(\d+)"`).FindStringSubmatch(body)[1]
	// 15,000 € of 20,000 €: the reduced plan must balance; it does not yet.
	form := url.Values{"revision": {revision}, "outcome": {"approved"}, "amount": {"15.000"}, "finance_plan.costs.personnel": {"20.000"}, "conditions": {"Kursräume nachweisen."}}
	code, body = a.post(t, funder, page, form)
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("unbalanced reduced plan: %d", code)
	}
	mustContain(t, body, "nicht ausgeglichen", `value="15.000"`, "Kursräume nachweisen.")
	form.Set("finance_plan.costs.personnel", "15.000")
	if code, _ = a.post(t, funder, page, form); code != http.StatusSeeOther {
		t.Fatalf("reduced approval: %d", code)
	}
	_, body = a.get(t, funder, page)
	mustContain(t, body, "Bewilligt", "Zuwendung: 15.000,00 €", "Reduzierter Finanzierungsplan", "Kursräume nachweisen.")
	// The colleague's form of the same revision comes too late.
	form.Set("outcome", "rejected")
	form.Set("reason", "Doch nicht.")
	code, body = a.post(t, funder, page, form)
	if code != http.StatusConflict {
		t.Fatalf("second decision: %d", code)
	}
	mustContain(t, body, "Es wurde nichts gespeichert", "Zuwendung: 15.000,00 €")

	_, body = a.get(t, a.login(t, "provider_staff"), "/notifications")
	mustContain(t, body, "Ihr Antrag „Elterncafé Rangprobe“ ist bewilligt", "Ihr Antrag „Abendkurs Rangprobe“ ist abgelehnt")
	for _, role := range []string{"provider_staff", "commissioner", "funder_staff", "reviewer"} {
		c := a.login(t, role)
		for _, path := range []string{page, page + ".pdf", calls + "/decisions"} {
			if code, _ := a.get(t, c, path); code != http.StatusNotFound {
				t.Errorf("%s opens %s: %d", role, path, code)
			}
		}
	}

	for _, path := range []string{page + ".pdf", calls + "/decisions.pdf"} {
		res, err := funder.Get(a.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		head := make([]byte, 5)
		_, _ = res.Body.Read(head)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" || string(head) != "%PDF-" {
			t.Errorf("%s: %d %s %q", path, res.StatusCode, res.Header.Get("Content-Type"), head)
		}
	}
	_, body = a.get(t, funder, calls+"/decisions")
	if strings.Contains(body, "Elterncafé Rangprobe") {
		t.Error("a decided application is still ranked")
	}
}
