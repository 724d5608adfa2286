package server_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/teilhabe/teilhabe/internal/demo"
)

// TestReviewOfAnApplication walks the web UI's path of a review: the Land's staff
// set up the open call's criteria and assign the demo reviewer, with a round of
// errors each; the reviewer finds a submitted application, confirms having no
// conflict of interest, is refused an incomplete submission and submits. The
// provider and the commissioner never reach the review.
func TestReviewOfAnApplication(t *testing.T) {
	a := newApp(t)
	programme := programmeID(t, a.db, "Sprachkurse im Alltag – Deutsch für Eltern und Neuzugewanderte")
	call := callOf(t, a.db, programme)
	funder := a.login(t, "funder_staff.bw")

	_, body := a.get(t, funder, "/programmes/"+programme)
	mustContain(t, body, `href="/calls/`+call+`/review"`)
	_, body = a.get(t, funder, "/applications?call="+call)
	mustContain(t, body, `href="/calls/`+call+`/review"`)
	code, body := a.get(t, funder, "/calls/"+call+"/review")
	if code != http.StatusOK {
		t.Fatalf("set-up page: %d", code)
	}
	mustContain(t, body, "Begutachtung einrichten", "Bewertungskriterien", "Gutachter/in zuordnen", "Gerd Gutachter")
	// One error round: a weight in words, a criterion without a name; the form
	// comes back as typed.
	code, body = a.post(t, funder, "/calls/"+call+"/review/criteria", url.Values{"rows": {"2"},
		"criteria.0.name": {"Bedarf im Quartier"}, "criteria.0.weight": {"zwei"}, "criteria.1.description": {"ohne Namen"}, "criteria.1.weight": {"1"}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("bad criteria: %d", code)
	}
	mustContain(t, html.UnescapeString(body), "ganze Zahl von 1 bis 100", "Bitte geben Sie dem Kriterium einen Namen.", `value="Bedarf im Quartier"`, `value="zwei"`)
	code, body = a.post(t, funder, "/calls/"+call+"/review/reviewers", url.Values{"email": {"provider_staff@" + demo.EmailDomain}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("assign a provider: %d", code)
	}
	mustContain(t, body, "kein aktives Konto mit der Rolle Gutachter/in")
	setUpReview(t, a, call)
	_, body = a.get(t, funder, "/calls/"+call+"/review")
	mustContain(t, body, "Anteil 66,67 %", "Anteil 33,33 %", "Gerd Gutachter</strong> · reviewer@"+demo.EmailDomain)

	id := submitApplication(t, a, call, "Nachbarschaftsdeutsch am Abend")
	reviewer := a.login(t, "reviewer")
	_, body = a.get(t, reviewer, "/reviews")
	mustContain(t, body, `href="/reviews/`+id+`">Nachbarschaftsdeutsch am Abend<`, "Erklärung offen")
	// Before the declaration the content stays hidden.
	_, body = a.get(t, reviewer, "/reviews/"+id)
	mustContain(t, body, "Erklärung zur Befangenheit", "Sprachschule am Neckar (Demo)")
	if strings.Contains(body, "Offene Sprachtreffs") || strings.Contains(body, "Finanzierungsplan") {
		t.Error("the application's content is shown before the declaration")
	}
	code, body = a.post(t, reviewer, "/reviews/"+id+"/declaration", url.Values{})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("no choice: %d", code)
	}
	mustContain(t, body, "Bitte erklären Sie, ob Sie befangen sind.")
	if code, _ = a.post(t, reviewer, "/reviews/"+id+"/declaration", url.Values{"conflict": {"no"}}); code != http.StatusSeeOther {
		t.Fatalf("declaration: %d", code)
	}
	_, body = a.get(t, reviewer, "/reviews/"+id)
	mustContain(t, html.UnescapeString(body), "Offene Sprachtreffs", "Finanzierungsplan", "Punkte für „Bedarf“", "Begründung zu „Konzept“")
	need, concept := criterionIDs(t, body)
	revision := regexp.MustCompile(`name="revision" value="(\d+)"`).FindStringSubmatch(body)[1]

	// Submitting without a score for Konzept names it; the typed words stay.
	form := url.Values{"revision": {revision}, "score." + need: {"4"}, "comment." + need: {"Bedarf gut belegt."}, "comment." + concept: {""},
		"recommendation": {"approve_conditions"}, "comment": {"Kinderbetreuung sichern."}, "action": {"submit"}}
	code, body = a.post(t, reviewer, "/reviews/"+id, form)
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("incomplete review: %d", code)
	}
	mustContain(t, html.UnescapeString(body), "Bitte bewerten Sie „Konzept“.", "Bedarf gut belegt.", `id="score-`+need+`-4" name="score.`+need+`" value="4" checked`)
	form.Set("score."+concept, "3")
	if code, _ = a.post(t, reviewer, "/reviews/"+id, form); code != http.StatusSeeOther {
		t.Fatalf("submit: %d", code)
	}
	_, body = a.get(t, reviewer, "/reviews/"+id)
	// (4 × 2 + 3 × 1) / 3 = 3,67
	mustContain(t, body, "3,67 von 5", "Förderung mit Auflagen empfehlen", "Eingereicht am")
	if strings.Contains(body, `name="action"`) {
		t.Error("a submitted review offers its form")
	}
	code, _ = a.post(t, reviewer, "/reviews/"+id, form)
	if code != http.StatusConflict {
		t.Errorf("a second submission: %d", code)
	}
	// The provider and the commissioner see the application, never the review;
	// the reviewer with their review stays assigned.
	for _, role := range []string{"provider_staff", "commissioner", "funder_staff"} {
		if code, _ := a.get(t, a.login(t, role), "/reviews/"+id); code != http.StatusNotFound {
			t.Errorf("%s opens the review: %d", role, code)
		}
	}
	_, body = a.get(t, funder, "/calls/"+call+"/review")
	mustContain(t, body, "Hat begutachtet oder Befangenheit erklärt")
	// The funder reads the submitted review; the provider does not.
	_, body = a.get(t, funder, "/applications/"+id)
	mustContain(t, body, `href="/applications/`+id+`/reviews"`)
	code, body = a.get(t, funder, "/applications/"+id+"/reviews")
	if code != http.StatusOK {
		t.Fatalf("the funder's reviews: %d", code)
	}
	mustContain(t, body, "Gerd Gutachter", "3,67", "Förderung mit Auflagen empfehlen", "Bedarf gut belegt.", "Kinderbetreuung sichern.")
	for _, role := range []string{"provider_staff", "commissioner"} {
		if code, _ := a.get(t, a.login(t, role), "/applications/"+id+"/reviews"); code != http.StatusNotFound {
			t.Errorf("%s reads the reviews: %d", role, code)
		}
	}
}

// setUpReview gives the call the criteria Bedarf (weight 2) and Konzept (1) and
// assigns the demo reviewer Gerd Gutachter, unless the demo (which sets up the
// Land's open call with these criteria and its own reviewer, Rita Rat) or another
// test did.
func setUpReview(t *testing.T, a *app, call string) {
	t.Helper()
	funder := a.login(t, "funder_staff.bw")
	_, body := a.get(t, funder, "/calls/"+call+"/review")
	if !strings.Contains(body, `value="Bedarf"`) {
		code, _ := a.post(t, funder, "/calls/"+call+"/review/criteria", url.Values{"rows": {"2"},
			"criteria.0.name": {"Bedarf"}, "criteria.0.description": {"Ist der Bedarf vor Ort belegt?"}, "criteria.0.weight": {"2"},
			"criteria.1.name": {"Konzept"}, "criteria.1.weight": {"1"}})
		if code != http.StatusSeeOther {
			t.Fatalf("criteria: %d", code)
		}
	}
	// The demo's own reviewer of the Land is assigned already; Gerd Gutachter is
	// listed among the assigned (not the candidates) once he is.
	if !strings.Contains(body, "Gerd Gutachter</strong> · reviewer@"+demo.EmailDomain) {
		code, _ := a.post(t, funder, "/calls/"+call+"/review/reviewers", url.Values{"email": {"REVIEWER@" + demo.EmailDomain}})
		if code != http.StatusSeeOther {
			t.Fatalf("assign: %d", code)
		}
	}
}

// submitApplication has the demo's language school submit a complete application
// to the call and returns its id.
func submitApplication(t *testing.T, a *app, call, title string) string {
	t.Helper()
	provider := a.login(t, "provider_staff")
	form := url.Values{"call": {call}, "title": {title}, "description": {"Offene Sprachtreffs in zwei Kitas."},
		"regions": {"08111000"}, "action_fields": {"sprache"}, "target_groups": {"familien"},
		"period_start": {"2027-02-01"}, "period_end": {"2027-12-31"}, "output_quantity": {"40"}, "output_unit": {"Plätze"},
		"contact_name": {"Paul Sprache"}, "contact_email": {"paul@example.org"},
		"finance_plan.costs.personnel": {"20.000"}, "finance_plan.own_funds": {"2.000"}, "finance_plan.requested": {"18.000"}}
	if code, _ := a.post(t, provider, "/applications", form); code != http.StatusSeeOther {
		t.Fatalf("draft: %d", code)
	}
	id := newestApplication(t, a, provider, title)
	_, body := a.get(t, provider, "/applications/"+id)
	revision := regexp.MustCompile(`name="revision" value="(\d+)"`).FindStringSubmatch(body)
	if code, _ := a.post(t, provider, "/applications/"+id+"/submit", url.Values{"revision": {revision[1]}}); code != http.StatusSeeOther {
		t.Fatalf("submit: %d", code)
	}
	return id
}

// criterionIDs reads the ids of Bedarf and Konzept from the review form.
func criterionIDs(t *testing.T, body string) (string, string) {
	t.Helper()
	m := regexp.MustCompile(`name="comment\.(\d+)"`).FindAllStringSubmatch(body, -1)
	if len(m) != 2 {
		t.Fatalf("criteria in the form: %v", m)
	}
	return m[0][1], m[1][1]
}
