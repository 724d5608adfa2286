package server_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"
)

// TestAProviderInvitesACoApplicant: the applying provider invites a partner
// organisation by name on the draft's page (after one mistyped name), the partner's
// staff edit the draft, and lose it again when removed.
func TestAProviderInvitesACoApplicant(t *testing.T) {
	a := newApp(t)
	programme := programmeID(t, a.db, "Sprachkurse im Alltag – Deutsch für Eltern und Neuzugewanderte")
	call := callOf(t, a.db, programme)
	lead := a.login(t, "provider_staff")
	if code, _ := a.post(t, lead, "/applications", url.Values{"call": {call}, "title": {"Sprachpatenschaften"}}); code != http.StatusSeeOther {
		t.Fatalf("draft: %d", code)
	}
	id := newestApplication(t, a, lead, "Sprachpatenschaften")
	_, page := a.get(t, lead, "/applications/"+id)
	mustContain(t, page, "Mitantragsteller", "Keine Partnerorganisationen.", `name="partner"`)

	code, body := a.post(t, lead, "/applications/"+id+"/partners", url.Values{"partner": {"Brücken e.V."}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("unknown partner: %d", code)
	}
	mustContain(t, body, "Keine Organisation heißt „Brücken e.V.“", `value="Brücken e.V."`)

	partner := a.login(t, "provider_staff.verein")
	if code, _ := a.get(t, partner, "/applications/"+id+"/edit"); code != http.StatusNotFound {
		t.Fatalf("partner opens the draft before the invitation: %d", code)
	}
	name := "brücken e. v. – verein von migrantinnen und migranten (demo)"
	if code, _ := a.post(t, lead, "/applications/"+id+"/partners", url.Values{"partner": {name}}); code != http.StatusSeeOther {
		t.Fatalf("invite: %d", code)
	}
	_, page = a.get(t, lead, "/applications/"+id)
	mustContain(t, page, "Brücken e. V. – Verein von Migrantinnen und Migranten (Demo)", "als Mitantragsteller entfernen")
	_, notices := a.get(t, partner, "/notifications")
	mustContain(t, notices, "Einladung als Mitantragsteller: Sprachpatenschaften")

	code, form := a.get(t, partner, "/applications/"+id+"/edit")
	if code != http.StatusOK {
		t.Fatalf("partner's edit form: %d", code)
	}
	revision := regexp.MustCompile(`name="revision" value="(\d+)"`).FindStringSubmatch(form)
	if code, _ := a.post(t, partner, "/applications/"+id, url.Values{"revision": {revision[1]}, "title": {"Sprachpatenschaften im Quartier"}}); code != http.StatusSeeOther {
		t.Fatalf("partner saves: %d", code)
	}
	// The partner may edit, but not decide who else applies.
	org := regexp.MustCompile(`/applications/` + id + `/partners/(\d+)/remove`).FindStringSubmatch(page)
	if code, _ := a.post(t, partner, "/applications/"+id+"/partners/"+org[1]+"/remove", nil); code != http.StatusForbidden {
		t.Errorf("partner removes itself: %d", code)
	}
	if code, _ := a.post(t, lead, "/applications/"+id+"/partners/"+org[1]+"/remove", nil); code != http.StatusSeeOther {
		t.Fatalf("remove: %d", code)
	}
	if code, _ := a.get(t, partner, "/applications/"+id); code != http.StatusNotFound {
		t.Errorf("removed partner still opens the draft: %d", code)
	}
}
