package server_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/teilhabe/teilhabe/internal/programmes"
)

// The demo's programmes through the web UI as their users meet them.

func TestInvalidTransitionIsAConflictAndChangesNothing(t *testing.T) {
	a := newApp(t)
	id := programmeID(t, a.db, "Digitale Teilhabe in Gemeinschaftsunterkünften")
	c := a.login(t, "funder_staff")
	// Out of the lifecycle: a conflict; no status at all: invalid input.
	for to, want := range map[string]int{"published": 409, "archived": 409, "draft": 409, "gelöscht": 422} {
		code, body := a.post(t, c, "/programmes/"+id+"/status", url.Values{"status": {to}})
		if code != want {
			t.Errorf("→ %s: status %d, want %d", to, code, want)
		}
		if to == "published" {
			mustContain(t, body, "Beteiligung läuft noch")
		}
	}
	n, _ := strconv.ParseInt(id, 10, 64)
	p, err := a.db.Programmes().Programme(context.Background(), n)
	if err != nil || p.Status != programmes.StatusConsultation {
		t.Fatalf("after refused transitions: %s, %v", p.Status, err)
	}
}

func TestConsultationReportAsPDFAndInEnglish(t *testing.T) {
	a := newApp(t)
	id := programmeID(t, a.db, "Kommunales Integrationsmanagement stärken")
	res, err := a.client(t).Get(a.srv.URL + "/programmes/" + id + "/report.pdf")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	head := make([]byte, 5)
	_, _ = res.Body.Read(head)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" || string(head) != "%PDF-" {
		t.Fatalf("PDF: %d %s %q", res.StatusCode, res.Header.Get("Content-Type"), head)
	}
	c := a.client(t)
	a.get(t, c, "/language?lang=en&next=/")
	code, body := a.get(t, c, "/programmes/"+id+"/report")
	if code != 200 {
		t.Fatalf("report: %d", code)
	}
	mustContain(t, body, "Consultation report", "Participation by Land", "not adopted", "From the draft to the published text")
	if text := strings.ReplaceAll(body, "/report.pdf", ""); strings.Contains(text, "report.") || strings.Contains(text, "consultation.") {
		t.Error("an untranslated message id on the English report")
	}
}

func TestFinderFacetsAndSharing(t *testing.T) {
	a := newApp(t)
	c := a.client(t)
	// A Kreis finds the programmes of its Land and of the Bund: the Land's language
	// courses (open call) and the foundation's Bund-wide programme.
	code, body := a.get(t, c, "/programmes?region=08118&open_now=true&sort=deadline")
	if code != 200 {
		t.Fatalf("finder: %d", code)
	}
	mustContain(t, body, "Sprachkurse im Alltag", "Engagiert vor Ort", "Gefundene Programme: 2", `name="open_now" value="true" checked`)
	if strings.Contains(body, "Digitale Teilhabe in Gemeinschaftsunterkünften") {
		t.Error("a draft in consultation is in the public finder")
	}
	code, body = a.get(t, c, "/api/v1/programmes?region=08118&open_now=true&sort=deadline")
	if code != 200 || !strings.Contains(body, `"total":2`) {
		t.Errorf("the API with the same filters: %d %s", code, body[:min(len(body), 200)])
	}
	_, body = a.get(t, c, "/programmes?q=Sprachkurse")
	mustContain(t, body, "Sprachkurse im Alltag")
}

func TestFieldErrorsInEnglish(t *testing.T) {
	a := newApp(t)
	c := a.login(t, "funder_staff")
	a.get(t, c, "/language?lang=en&next=/")
	code, body := a.post(t, c, "/programmes", url.Values{"funder_id": {orgID(t, a.db, "Bundesprogrammstelle Integration (Demo)")}, "max_grant": {"viel"}})
	if code != 422 {
		t.Fatalf("status %d", code)
	}
	mustContain(t, body, "Please give a title.", "Please choose at least one action field.", "The maximum grant is not an amount in euros")
	if strings.Contains(body, "Bitte einen Titel angeben") {
		t.Error("a German field error on the English page")
	}
}

func TestFunderDeletesAFreshDraft(t *testing.T) {
	a := newApp(t)
	c := a.login(t, "funder_staff.stiftung")
	form := url.Values{"funder_id": {orgID(t, a.db, "Stiftung Zusammenhalt (Demo)")}, "title": {"Probe zum Löschen"}, "summary": {"Kurz."},
		"section_heading": {"Ziel"}, "section_body": {"Text."}, "action_fields": {"sprache"}, "provider_types": {"bildungstraeger"},
		"region_keys": {"DG"}, "funding_kind": {"project"}, "financing_type": {"share"}, "period_start": {"2027-01-01"}, "period_end": {"2027-12-31"}}
	res, err := c.PostForm(a.srv.URL+"/programmes", form)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	where := res.Header.Get("Location")
	if res.StatusCode != 303 || !strings.HasPrefix(where, "/programmes/") {
		t.Fatalf("create: %d %s", res.StatusCode, where)
	}
	if code, _ := a.post(t, a.login(t, "funder_staff"), where+"/delete", nil); code != 404 {
		t.Errorf("another funder deletes: %d", code)
	}
	if code, _ := a.post(t, c, where+"/delete", nil); code != 303 {
		t.Fatalf("delete: %d", code)
	}
	if code, _ := a.get(t, c, where); code != 404 {
		t.Errorf("after deletion: %d", code)
	}
}

// TestTwoFundersEditingOneProgramme: two staff members of the funder open the same
// draft; the first saves, the second is told that someone changed it meanwhile, gets
// the form back with what they typed, and nothing of theirs overwrites the first.
func TestTwoFundersEditingOneProgramme(t *testing.T) {
	a := newApp(t)
	first, second := a.login(t, "funder_staff"), a.login(t, "funder_staff")
	form := func(title string) url.Values {
		return url.Values{"funder_id": {orgID(t, a.db, "Bundesprogrammstelle Integration (Demo)")}, "title": {title},
			"summary": {"Zuschüsse für Lernpatenschaften."}, "section_heading": {"Zweck"}, "section_body": {"Lernpaten begleiten Kinder."},
			"action_fields": {"bildung"}, "provider_types": {"wohlfahrtsverband"}, "region_keys": {"DG"}, "funding_kind": {"project"},
			"financing_type": {"full"}, "period_start": {"2027-01-01"}, "period_end": {"2027-12-31"}}
	}
	code, _ := a.post(t, first, "/programmes", form("Lernpatenschaften (Entwurf)"))
	if code != 303 {
		t.Fatalf("create: %d", code)
	}
	id := programmeID(t, a.db, "Lernpatenschaften (Entwurf)")
	revision := func(c *http.Client) string {
		_, body := a.get(t, c, "/programmes/"+id+"/edit")
		m := regexp.MustCompile(`name="revision" value="(\d+)"`).FindStringSubmatch(body)
		if m == nil {
			t.Fatal("the edit form carries no revision")
		}
		return m[1]
	}
	r1, r2 := revision(first), revision(second)
	f1 := form("Lernpatenschaften für Grundschulkinder")
	f1.Set("revision", r1)
	if code, body := a.post(t, first, "/programmes/"+id, f1); code != 303 {
		t.Fatalf("first save: %d %.300s", code, body)
	}
	f2 := form("Lernpatenschaften – zweite Fassung")
	f2.Set("revision", r2)
	code, body := a.post(t, second, "/programmes/"+id, f2)
	if code != 409 {
		t.Fatalf("second save on the old revision: %d", code)
	}
	mustContain(t, body, "inzwischen von jemand anderem geändert", "Lernpatenschaften – zweite Fassung")
	n, _ := strconv.ParseInt(id, 10, 64)
	if p, err := a.db.Programmes().Programme(context.Background(), n); err != nil || p.Title != "Lernpatenschaften für Grundschulkinder" {
		t.Fatalf("stored title %q, %v", p.Title, err)
	}
}
