package server_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// hitOf returns the entry of the statement list that links to the application.
func hitOf(t *testing.T, body, id string) string {
	t.Helper()
	link := `href="/applications/` + id + `/statement"`
	i := strings.Index(body, link)
	if i < 0 {
		t.Fatalf("the list has no entry for application %s", id)
	}
	start := strings.LastIndex(body[:i], `<li class="hit">`)
	end := strings.Index(body[i:], `<li class="hit">`)
	if end < 0 {
		end = len(body) - i
	}
	return body[start : i+end]
}

var revisionField = regexp.MustCompile(`name="revision" value="(\d+)"`)
var municipalityField = regexp.MustCompile(`name="municipality_id" value="(\d+)"`)

// summaryTargets checks that every link of the page's error summary leads to an
// element of the page, so that a click puts the user at the field to mend.
func summaryTargets(t *testing.T, body string) {
	t.Helper()
	i := strings.Index(body, "error-summary")
	if i < 0 {
		t.Fatal("the page has no error summary")
	}
	summary := body[i:]
	summary = summary[:strings.Index(summary, "</div>\n</div>")]
	links := regexp.MustCompile(`href="#([^"]+)"`).FindAllStringSubmatch(summary, -1)
	if len(links) == 0 {
		t.Error("the error summary links to no field")
	}
	for _, m := range links {
		if !strings.Contains(body, `id="`+m[1]+`"`) {
			t.Errorf("the error summary links to #%s, which is not on the page", m[1])
		}
	}
}

// TestStatementPages walks Stuttgart's commissioner through a statement: the
// request in the list, the form with one round of errors, the statement given and a
// colleague's stale form; the Land's staff read it on the statement page and in the
// decision summary; the providers do not see it; the comparison of the call lists
// the application; and the pages speak English.
func TestStatementPages(t *testing.T) {
	a := newApp(t)
	call := callOf(t, a.db, programmeID(t, a.db, "Sprachkurse im Alltag – Deutsch für Eltern und Neuzugewanderte"))
	title := "Stellungnahmeprobe Elternkurs"
	id := submitDemoApplication(t, a, title, 9000)
	page := "/applications/" + id + "/statement"
	commissioner := a.login(t, "commissioner")

	code, body := a.get(t, commissioner, "/statements")
	if code != http.StatusOK {
		t.Fatalf("list: %d", code)
	}
	mustContain(t, body, "<h1 class=\"kern-heading-large\">Stellungnahmen</h1>")
	hit := hitOf(t, body, id)
	mustContain(t, hit, title, "offen", "Frist: ", "Sprachschule am Neckar (Demo)", "Für: Landeshauptstadt Stuttgart – Integrationspolitik (Demo)",
		`href="/calls/`+call+`/compare"`, "Mit den anderen Anträgen des Aufrufs vergleichen")

	code, body = a.get(t, commissioner, page)
	if code != http.StatusOK {
		t.Fatalf("form: %d", code)
	}
	mustContain(t, body, "Stellungnahme: "+title, "Stellungnahme angefragt", "Landeshauptstadt Stuttgart – Integrationspolitik (Demo)",
		`<form method="post" action="`+page+`"`, "Passung zur kommunalen Integrationsstrategie", "Überschneidung mit bestehenden Angeboten",
		"befürwortet mit Auflagen", "nicht befürwortet", "Begründung", "Stellungnahme abgeben", "Der Fördermittelgeber sieht sie, der Träger nicht.",
		"Kurse am Vormittag.")
	revision := revisionField.FindStringSubmatch(body)[1]
	municipality := municipalityField.FindStringSubmatch(body)[1]

	// Conditional without conditions, and no overlap nor reasons: every gap at once,
	// the input kept.
	form := url.Values{"municipality_id": {municipality}, "revision": {revision}, "strategy_fit": {"Passt zum Integrationskonzept 2030."},
		"recommendation": {"conditional"}}
	code, body = a.post(t, commissioner, page, form)
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("incomplete statement: %d", code)
	}
	mustContain(t, body, "error-summary", "Die Stellungnahme konnte nicht gespeichert werden. Bitte prüfen Sie die markierten Felder.",
		"Bitte beschreiben Sie Überschneidungen mit bestehenden Angeboten, oder dass es keine gibt.",
		"Bitte nennen Sie die Auflagen, unter denen Sie das Vorhaben befürworten.", "Bitte begründen Sie Ihre Stellungnahme.",
		">Passt zum Integrationskonzept 2030.</textarea>", `value="conditional" checked`)
	for _, not := range []string{"Bitte beschreiben Sie die Passung", "Bitte wählen Sie eine Empfehlung."} {
		if strings.Contains(body, not) {
			t.Errorf("an error for a field given: %q", not)
		}
	}
	summaryTargets(t, body)

	form.Set("overlap", "Die VHS bietet vormittags keinen Elternkurs an.")
	form.Set("conditions", "Kinderbetreuung während der Kurszeiten.")
	form.Set("text", "Wir befürworten den Kurs als Ergänzung der Elternarbeit.")
	res, err := commissioner.PostForm(a.srv.URL+page, form)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != page {
		t.Fatalf("statement: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	_, body = a.get(t, commissioner, page)
	mustContain(t, body, "Ihre Stellungnahme ist gespeichert.", "abgegeben", "Abgegeben am", "Ayşe Yilmaz", "Stellungnahme ändern",
		"Stellungnahme liegt vor", ">Kinderbetreuung während der Kurszeiten.</textarea>")
	_, body = a.get(t, commissioner, "/statements")
	hit = hitOf(t, body, id)
	mustContain(t, hit, "abgegeben", "befürwortet mit Auflagen")
	if strings.Contains(hit, "Frist: ") {
		t.Errorf("a given statement still shows its deadline as pending: %s", hit)
	}

	// A colleague's form of the revision before comes too late; the input stays.
	stale := url.Values{"municipality_id": {municipality}, "revision": {revision}, "strategy_fit": {"Anders."}, "overlap": {"Anders."},
		"recommendation": {"not_supported"}, "text": {"Doch nicht."}}
	code, body = a.post(t, commissioner, page, stale)
	if code != http.StatusConflict {
		t.Fatalf("stale statement: %d", code)
	}
	mustContain(t, body, "error-summary", "Die Stellungnahme wurde inzwischen an anderer Stelle geändert.", ">Doch nicht.</textarea>")

	// The Land's staff read the statement as given, not the stale one, with no
	// form, here and in the decision summary.
	funder := a.login(t, "funder_staff.bw")
	code, body = a.get(t, funder, page)
	if code != http.StatusOK {
		t.Fatalf("funder reads: %d", code)
	}
	if strings.Contains(body, "Doch nicht.") {
		t.Error("the stale statement was saved")
	}
	mustContain(t, body, "Landeshauptstadt Stuttgart – Integrationspolitik (Demo)", "abgegeben", "<strong>befürwortet mit Auflagen</strong>",
		"Kinderbetreuung während der Kurszeiten.", "Die VHS bietet vormittags keinen Elternkurs an.", "Passt zum Integrationskonzept 2030.",
		"Wir befürworten den Kurs als Ergänzung der Elternarbeit.", `href="/applications/`+id+`"`)
	if strings.Contains(body, `action="`+page+`"`) {
		t.Error("the funder gets the statement form")
	}
	code, body = a.get(t, funder, "/applications/"+id+"/decision")
	if code != http.StatusOK {
		t.Fatalf("decision summary: %d", code)
	}
	mustContain(t, body, "Landeshauptstadt Stuttgart – Integrationspolitik (Demo)", "Befürwortet mit Bedingungen",
		"Kinderbetreuung während der Kurszeiten.", "Wir befürworten den Kurs als Ergänzung der Elternarbeit.")

	// The applying provider and another provider do not see the statement; neither
	// does the Bund's staff, nor another region's commissioner.
	for _, role := range []string{"provider_staff", "provider_staff.verein", "funder_staff", "commissioner.ludwigsburg"} {
		c := a.login(t, role)
		code, body := a.get(t, c, page)
		if code != http.StatusNotFound {
			t.Errorf("%s opens the statement: %d", role, code)
		}
		if strings.Contains(body, "Kinderbetreuung während der Kurszeiten.") {
			t.Errorf("%s reads the statement", role)
		}
		if code, _ := a.post(t, c, page, stale); code != http.StatusNotFound && code != http.StatusForbidden {
			t.Errorf("%s posts a statement: %d", role, code)
		}
	}
	if code, body := a.get(t, funder, "/statements"); code != http.StatusOK || strings.Contains(body, title) {
		t.Errorf("the funder's list of statements asked: %d", code)
	}

	// The comparison of the call: the application with the commissioner's statement.
	code, body = a.get(t, commissioner, "/calls/"+call+"/compare")
	if code != http.StatusOK {
		t.Fatalf("compare: %d", code)
	}
	mustContain(t, body, "Anträge vergleichen: ", "Sprachkurse im Alltag – Deutsch für Eltern und Neuzugewanderte", "Ihre Stellungnahme",
		`<a class="kern-link" href="`+page+`">`+title+`</a>`, "9.000,00 €")
	row := body[strings.Index(body, `href="`+page+`"`):]
	row = row[:strings.Index(row, "</tr>")]
	mustContain(t, row, "Sprachschule am Neckar (Demo)", "30 Plätze", "Stellungnahme liegt vor", "befürwortet mit Auflagen")
	if code, _ := a.get(t, funder, "/calls/"+call+"/compare"); code != http.StatusForbidden {
		t.Errorf("the funder compares: %d", code)
	}
	if code, _ := a.get(t, commissioner, "/calls/999999/compare"); code != http.StatusNotFound {
		t.Errorf("an unknown call: %d", code)
	}

	// In English.
	other := submitDemoApplication(t, a, "Statement probe evening class", 7000)
	en := a.login(t, "commissioner")
	if code, _ := a.get(t, en, "/language?lang=en&next=/"); code != http.StatusSeeOther {
		t.Fatalf("language: %d", code)
	}
	_, body = a.get(t, en, "/statements")
	mustContain(t, body, "<h1 class=\"kern-heading-large\">Statements</h1>", "Compare with the other applications of the call")
	mustContain(t, hitOf(t, body, other), "open", "Deadline: ")
	mustContain(t, hitOf(t, body, id), "given", "supported with conditions")
	_, body = a.get(t, en, "/applications/"+other+"/statement")
	mustContain(t, body, "Statement: Statement probe evening class", "Fit with the municipal integration strategy", "Overlap with existing services",
		"Give statement")
	code, body = a.post(t, en, "/applications/"+other+"/statement", url.Values{"strategy_fit": {"Fits."}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("English incomplete statement: %d", code)
	}
	mustContain(t, body, "The statement could not be saved. Please check the marked fields.", "Please choose a recommendation.",
		"Please give reasons for your statement.", "Please describe any overlap with existing services, or that there is none.")
	_, body = a.get(t, en, "/calls/"+call+"/compare")
	mustContain(t, body, "Compare applications: ", "Your statement", "Statement probe evening class")
}
