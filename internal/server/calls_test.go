package server_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestFunderRunsATwoStageCall walks the settings page of a call: the funder's staff
// find it from the programme's call list, get one round of errors with their input
// kept, make the call two-stage with a question, edit it under the same id, and a
// stale form is refused. Then a provider hands in a sketch answering the question,
// the funder exports it and invites the provider to the full application.
func TestFunderRunsATwoStageCall(t *testing.T) {
	a := newApp(t)
	programme := programmeID(t, a.db, "Engagiert vor Ort – Kleinprojekte von Migrantenorganisationen")
	call := callOf(t, a.db, programme)
	funder := a.login(t, "funder_staff.stiftung")
	code, body := a.get(t, funder, "/programmes/"+programme)
	if code != http.StatusOK || !strings.Contains(body, `href="/calls/`+call+`/settings"`) {
		t.Fatalf("programme page links no set-up: %d", code)
	}
	code, body = a.get(t, funder, "/calls/"+call+"/settings")
	if code != http.StatusOK {
		t.Fatalf("settings page: %d", code)
	}
	mustContain(t, body, "Aufruf einrichten", "Ablauf des Aufrufs", "Fragen des Aufrufs", "Neue Frage", `value="28"`)
	revision := regexp.MustCompile(`name="revision" value="(\d+)"`).FindStringSubmatch(body)[1]

	form := url.Values{"revision": {revision}, "stages": {"2"}, "statement_days": {"200"}, "budget": {"250.000,00"}, "questions": {"1"},
		"questions.0.label": {"Mit welchen Schulen arbeiten Sie?"}, "questions.0.kind": {"choice"}, "questions.0.choices": {"Grundschule"},
		"questions.0.stage": {"sketch"}, "questions.0.required": {"1"}, "questions.0.position": {"1"}}
	code, body = a.post(t, funder, "/calls/"+call+"/settings", form)
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("invalid settings: %d", code)
	}
	mustContain(t, body, "Bitte geben Sie die Frist für die Anträge der zweiten Stufe an", "zwischen 1 und 180",
		"mindestens zwei Auswahlmöglichkeiten", `value="Mit welchen Schulen arbeiten Sie?"`, `value="250.000,00"`, `href="#questions.0.choices"`)

	form.Set("full_closes_at", "2030-06-30T12:00")
	form.Set("statement_days", "42")
	form.Set("questions.0.choices", "Grundschule\nGemeinschaftsschule\n")
	if code, _ = a.post(t, funder, "/calls/"+call+"/settings", form); code != http.StatusSeeOther {
		t.Fatalf("save: %d", code)
	}
	code, body = a.get(t, funder, "/calls/"+call+"/settings")
	mustContain(t, body, "Die Einstellungen des Aufrufs sind gespeichert", "Frage 1", `value="2030-06-30T12:00"`, `value="42"`, "Gemeinschaftsschule")
	id := regexp.MustCompile(`name="questions.0.id" value="(q[0-9a-f]+)"`).FindStringSubmatch(body)
	if id == nil {
		t.Fatal("the saved question has no id")
	}
	next := regexp.MustCompile(`name="revision" value="(\d+)"`).FindStringSubmatch(body)[1]

	// Saved again on the old revision: refused, the typed input stays.
	form.Set("questions.0.label", "Mit welchen Schulen kooperieren Sie?")
	code, body = a.post(t, funder, "/calls/"+call+"/settings", form)
	if code != http.StatusConflict {
		t.Fatalf("stale save: %d", code)
	}
	mustContain(t, body, "inzwischen von jemand anderem geändert", `value="Mit welchen Schulen kooperieren Sie?"`)

	form.Set("revision", next)
	form.Set("questions.0.id", id[1])
	if code, _ = a.post(t, funder, "/calls/"+call+"/settings", form); code != http.StatusSeeOther {
		t.Fatalf("edit: %d", code)
	}
	_, body = a.get(t, funder, "/calls/"+call+"/settings")
	mustContain(t, body, `name="questions.0.id" value="`+id[1]+`"`, "kooperieren")
	if strings.Contains(body, `name="questions.1.id" value="q`) {
		t.Error("the edit added a question instead of changing it")
	}

	q := id[1]

	// The provider's sketch: a short form with the call's question.
	provider := a.login(t, "provider_staff.verein")
	code, body = a.get(t, provider, "/applications/new?call="+call)
	if code != http.StatusOK {
		t.Fatalf("sketch form: %d", code)
	}
	mustContain(t, body, "Dieser Aufruf ist zweistufig", "Fragen des Aufrufs", "<legend>Mit welchen Schulen kooperieren Sie?", `name="answers.`+q+`" value="Gemeinschaftsschule"`)
	if strings.Contains(body, "Personalausgaben") {
		t.Error("the sketch form asks for the finance plan")
	}
	prog, err := a.db.Programmes().Programme(context.Background(), mustInt(t, programme))
	if err != nil {
		t.Fatal(err)
	}
	sketch := url.Values{"call": {call}, "title": {"Nachbarschaftscafé Brücken"}, "description": {"Begegnung und Beratung im Stadtteil."},
		"regions": {"08111000"}, "period_start": {prog.PeriodEnd.AddDate(0, -3, 0).Format(time.DateOnly)}, "period_end": {prog.PeriodEnd.Format(time.DateOnly)},
		"finance_plan.requested": {"4.000"}}
	if code, _ = a.post(t, provider, "/applications", sketch); code != http.StatusSeeOther {
		t.Fatalf("save sketch: %d", code)
	}
	sk := newestApplication(t, a, provider, "Nachbarschaftscafé Brücken")
	_, body = a.get(t, provider, "/applications/"+sk)
	mustContain(t, body, "Projektskizze", "Entwurf einer Projektskizze", "4.000,00 €")
	rev := regexp.MustCompile(`name="revision" value="(\d+)"`).FindStringSubmatch(body)[1]
	code, body = a.post(t, provider, "/applications/"+sk+"/submit", url.Values{"revision": {rev}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("sketch without the required answer: %d", code)
	}
	mustContain(t, body, "„Mit welchen Schulen kooperieren Sie?“: Bitte beantworten Sie diese Frage.", `href="#answers.`+q+`"`)
	sketch.Set("revision", rev)
	sketch.Set("answers."+q, "Gemeinschaftsschule")
	if code, _ = a.post(t, provider, "/applications/"+sk, sketch); code != http.StatusSeeOther {
		t.Fatalf("answer: %d", code)
	}
	_, body = a.get(t, provider, "/applications/"+sk)
	rev = regexp.MustCompile(`name="revision" value="(\d+)"`).FindStringSubmatch(body)[1]
	if code, _ = a.post(t, provider, "/applications/"+sk+"/submit", url.Values{"revision": {rev}}); code != http.StatusSeeOther {
		t.Fatalf("submit sketch: %d", code)
	}

	// The funder reads the answer on the page and in the export, and invites.
	code, body = a.get(t, funder, "/applications/"+sk)
	if code != http.StatusOK {
		t.Fatalf("funder opens the sketch: %d", code)
	}
	mustContain(t, body, "Mit welchen Schulen kooperieren Sie?", "Gemeinschaftsschule", "Zur Antragstellung auffordern", "Skizze ablehnen")
	_, csv := a.get(t, funder, "/applications/export?call="+call+"&format=csv")
	lines := strings.Split(csv, "\r\n")
	if !strings.HasSuffix(lines[0], ";Mit welchen Schulen kooperieren Sie?") || !strings.HasSuffix(lines[1], ";Gemeinschaftsschule") {
		t.Fatalf("export without the question's column:\n%s\n%s", lines[0], lines[1])
	}
	if code, body = a.post(t, funder, "/applications/"+sk+"/decline", url.Values{"reason": {" "}}); code != http.StatusUnprocessableEntity {
		t.Fatalf("decline without reason: %d", code)
	}
	mustContain(t, body, "Bitte begründen Sie die Ablehnung")
	if code, _ = a.post(t, funder, "/applications/"+sk+"/invite", nil); code != http.StatusSeeOther {
		t.Fatalf("invite: %d", code)
	}
	_, body = a.get(t, provider, "/applications/"+sk)
	mustContain(t, body, "bewilligt", "zur Antragstellung aufgefordert")
	_, body = a.get(t, provider, "/applications")
	full := regexp.MustCompile(`href="/applications/(\d+)">Nachbarschaftscafé Brücken<`).FindAllStringSubmatch(body, -1)
	if len(full) != 2 {
		t.Fatalf("the provider's list has %d entries of the project, want sketch and application", len(full))
	}
	_, body = a.get(t, provider, "/applications/"+full[0][1])
	mustContain(t, body, "Entwurf", "Dieser Antrag geht auf eine Projektskizze zurück", `href="/applications/`+sk+`"`)
}

func mustInt(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
