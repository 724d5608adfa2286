package server_test

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/demo"
	"github.com/teilhabe/teilhabe/internal/grants"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
)

// roles are the demo users, one per role, and "" for the anonymous public.
var roles = []string{"", "funder_staff", "reviewer", "commissioner", "provider_staff", "network_office", "network_member", "platform_admin"}

// want gives the status code for the public, for every logged-in role that is not a
// platform admin, and for platform admins.
type want struct{ anon, member, admin int }

type routeCase struct {
	pattern string // the route table entry this case covers
	method  string
	path    string
	form    url.Values
	want    want
	byRole  map[string]int // exceptions to want for single roles, e.g. the programme's funder
}

// TestEveryRouteForEveryRole proves who gets what on every route of the web UI and the
// JSON API. A route without a case fails the test, so new routes must state their rules.
func TestEveryRouteForEveryRole(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	org := orgID(t, a.db, "Landeshauptstadt Stuttgart – Integrationspolitik (Demo)")
	target, err := a.db.Accounts().UserByEmail(ctx, "funder_staff.bw@"+demo.EmailDomain)
	if err != nil {
		t.Fatal(err)
	}
	// A token of a user outside the table: revoking it is "not found" for everyone else.
	tok, _, err := accounts.NewService(a.db.Accounts()).CreateToken(storetest.As(t, a.db, target.ID), "fremd")
	if err != nil {
		t.Fatal(err)
	}
	u := fmt.Sprint(target.ID)
	bund := orgID(t, a.db, "Bundesprogrammstelle Integration (Demo)")
	// The demo's programmes: the federal draft in consultation (its funder is
	// funder_staff, with reviewer; commissioner is invited), a closed Land programme
	// with a published report, and a Land programme whose report is not published.
	draft := programmeID(t, a.db, "Digitale Teilhabe in Gemeinschaftsunterkünften")
	closed := programmeID(t, a.db, "Kommunales Integrationsmanagement stärken")
	noReport := programmeID(t, a.db, "Sprachkurse im Alltag – Deutsch für Eltern und Neuzugewanderte")
	funderOnly := map[string]int{"funder_staff": 200}
	// Its open call takes applications of language-course providers (provider_staff).
	openCall := callOf(t, a.db, noReport)
	// The demo's applications: the language school's, waiting for Stuttgart's
	// statement; Brücken e. V.'s draft; a decided one of the closed programme.
	asked := demoApplication(t, a.db, "provider_staff", "Deutsch am Vormittag – Elternkurse an Kitas in Stuttgart und im Landkreis Ludwigsburg")
	started := demoApplication(t, a.db, "provider_staff.verein", "Deutsch im Elterncafé – Treffpunkt für Mütter und Väter")
	decided := demoApplication(t, a.db, "provider_staff.wohlfahrt", "Integrationsmanagement in Freudental")
	grant := demoGrant(t, a.db, decided)
	// A finished import job of a table no other test reads.
	_, job := a.importJob(t, a.login(t, "platform_admin"), map[string][]byte{"authz.csv": []byte("GENESIS-Tabelle: 99999-99-99-8\nZugriff (Anzahl);;;\n;;;A\n2016;DG;Deutschland;1\n")})
	// On the draft: hidden (404) from all but its funder and the invited commissioner.
	onDraft := func(manager, reviewer, commissioner int) map[string]int {
		return map[string]int{"funder_staff": manager, "reviewer": reviewer, "commissioner": commissioner}
	}
	pub := want{200, 200, 200}
	account := want{303, 200, 200}
	adminGet := want{303, 403, 200}
	cases := []routeCase{
		{"GET /{$}", "GET", "/", nil, pub, nil},
		{"GET /language", "GET", "/language?lang=de&next=/regions", nil, want{303, 303, 303}, nil},
		{"GET /login", "GET", "/login", nil, pub, nil},
		{"POST /login", "POST", "/login", url.Values{"email": {"x@y.de"}, "password": {"falsch"}}, want{401, 401, 401}, nil},
		{"GET /regions", "GET", "/regions?q=Stutt", nil, pub, nil},
		{"GET /regions/{key}", "GET", "/regions/08111000", nil, pub, nil},
		{"GET /regions/{key}", "GET", "/regions/99999999", nil, want{404, 404, 404}, nil},
		{"GET /organisations", "GET", "/organisations", nil, pub, nil},
		{"GET /organisations/{id}", "GET", "/organisations/" + org, nil, pub, nil},
		{"GET /organisations/{id}", "GET", "/organisations/999999", nil, want{404, 404, 404}, nil},
		{"GET /account", "GET", "/account", nil, account, nil},
		{"GET /account/password", "GET", "/account/password", nil, account, nil},
		{"POST /account/password", "POST", "/account/password", url.Values{"current_password": {"falsch"}}, want{401, 422, 422}, nil},
		{"POST /account/tokens", "POST", "/account/tokens", url.Values{"token_name": {"Test"}}, want{401, 303, 303}, nil},
		{"POST /account/tokens/{id}/revoke", "POST", fmt.Sprintf("/account/tokens/%d/revoke", tok.ID), nil, want{401, 404, 404}, nil},
		{"GET /admin/users", "GET", "/admin/users", nil, adminGet, nil},
		{"POST /admin/users", "POST", "/admin/users", url.Values{"email": {"kaputt"}}, want{401, 403, 422}, nil},
		{"GET /admin/users/{id}", "GET", "/admin/users/" + u, nil, adminGet, nil},
		{"GET /admin/users/{id}", "GET", "/admin/users/999999", nil, want{303, 403, 404}, nil},
		{"POST /admin/users/{id}/password", "POST", "/admin/users/999999/password", nil, want{401, 403, 404}, nil},
		{"POST /admin/users/{id}/disabled", "POST", "/admin/users/" + u + "/disabled", url.Values{"disabled": {"false"}}, want{401, 403, 303}, nil},
		{"POST /admin/users/{id}/memberships", "POST", "/admin/users/" + u + "/memberships", url.Values{"organisation": {org}}, want{401, 403, 422}, nil},
		{"POST /admin/users/{id}/memberships/{mid}/delete", "POST", "/admin/users/" + u + "/memberships/999999/delete", nil, want{401, 403, 404}, nil},
		{"GET /admin/organisations", "GET", "/admin/organisations", nil, adminGet, nil},
		{"POST /admin/organisations", "POST", "/admin/organisations", url.Values{"name": {""}}, want{401, 403, 422}, nil},
		{"GET /admin/organisations/{id}", "GET", "/admin/organisations/" + org, nil, adminGet, nil},
		{"POST /admin/organisations/{id}", "POST", "/admin/organisations/" + org, url.Values{"name": {""}, "kind": {"municipality"}}, want{401, 403, 422}, nil},
		{"GET /admin/audit", "GET", "/admin/audit", nil, adminGet, nil},
		{"GET /admin/statistics", "GET", "/admin/statistics", nil, adminGet, nil},
		{"POST /admin/statistics", "POST", "/admin/statistics", url.Values{}, want{401, 403, 422}, nil},
		{"GET /admin/statistics/aliases", "GET", "/admin/statistics/aliases", nil, adminGet, nil},
		{"POST /admin/statistics/aliases", "POST", "/admin/statistics/aliases", url.Values{"alias": {""}}, want{401, 403, 422}, nil},
		{"POST /admin/statistics/aliases/delete", "POST", "/admin/statistics/aliases/delete", url.Values{"table": {"X"}, "alias": {"Y"}}, want{401, 403, 404}, nil},
		{"GET /admin/statistics/jobs/{id}", "GET", job, nil, adminGet, nil},
		{"GET /admin/statistics/jobs/{id}", "GET", "/admin/statistics/jobs/999999", nil, want{303, 403, 404}, nil},
		{"GET /admin/statistics/jobs/{id}", "GET", "/admin/statistics/jobs/abc", nil, want{303, 403, 404}, nil},
		{"GET /admin/indicators", "GET", "/admin/indicators", nil, adminGet, nil},
		{"POST /admin/indicators", "POST", "/admin/indicators", url.Values{"code": {"X"}, "factor": {"1"}}, want{401, 403, 422}, nil},
		{"GET /monitoring", "GET", "/monitoring", nil, pub, nil},
		{"GET /monitoring/{code}", "GET", "/monitoring/ALQ-AUSL-DIFF?region=08111", nil, pub, nil},
		{"GET /monitoring/{code}/export", "GET", "/monitoring/ALQ-AUSL-DIFF/export?region=08111&format=json", nil, pub, nil},
		{"GET /geo/kreise-vg5000-2021.geojson", "GET", "/geo/kreise-vg5000-2021.geojson", nil, pub, nil},
		{"GET /api/v1/regions", "GET", "/api/v1/regions?q=08111", nil, pub, nil},
		{"GET /api/v1/regions/{key}", "GET", "/api/v1/regions/08111000", nil, pub, nil},
		{"GET /api/v1/regions/{key}", "GET", "/api/v1/regions/00000", nil, want{404, 404, 404}, nil},
		{"GET /api/v1/organisations", "GET", "/api/v1/organisations", nil, pub, nil},
		{"GET /api/v1/organisations/{id}", "GET", "/api/v1/organisations/" + org, nil, pub, nil},
		{"GET /api/v1/observations", "GET", "/api/v1/observations?region=08111", nil, pub, nil},
		{"GET /api/v1/indicators", "GET", "/api/v1/indicators", nil, pub, nil},
		{"GET /api/v1/indicators/{code}", "GET", "/api/v1/indicators/ALQ-AUSL-DIFF", nil, pub, nil},
		{"GET /api/v1/indicators/{code}/values", "GET", "/api/v1/indicators/ALQ-AUSL-DIFF/values?level=kreis", nil, pub, nil},
		{"GET /api/v1/indicators/{code}/series", "GET", "/api/v1/indicators/ALQ-AUSL-DIFF/series?region=08111&peers=kind", nil, pub, nil},
		{"GET /api/v1/indicators/{code}/series", "GET", "/api/v1/indicators/ALQ-AUSL-DIFF/series?region=08111&peer_keys=abc", nil, want{422, 422, 422}, nil},
		{"GET /api/v1/indicators/{code}/series", "GET", "/api/v1/indicators/GIBT-ES-NICHT/series", nil, want{404, 404, 404}, nil},
		{"GET /api/v1/catalog", "GET", "/api/v1/catalog", nil, pub, nil},
		{"GET /api/v1/me", "GET", "/api/v1/me", nil, want{401, 200, 200}, nil},
		{"GET /api/v1/openapi.json", "GET", "/api/v1/openapi.json", nil, pub, nil},
		{"GET /api/v1/problems/{code}", "GET", "/api/v1/problems/not_found", nil, pub, nil},
		{"GET /programmes", "GET", "/programmes?q=Sprachkurse&region=08118&open_now=true", nil, pub, nil},
		{"GET /programmes/match", "GET", "/programmes/match?provider_type=wohlfahrtsverband&region=08118", nil, pub, nil},
		{"GET /programmes/mine", "GET", "/programmes/mine", nil, want{303, 403, 403}, funderOnly},
		{"GET /programmes/new", "GET", "/programmes/new", nil, want{303, 403, 403}, funderOnly},
		{"POST /programmes", "POST", "/programmes", url.Values{"funder_id": {bund}}, want{401, 403, 403}, map[string]int{"funder_staff": 422}},
		{"GET /programmes/{id}", "GET", "/programmes/" + closed, nil, pub, nil},
		{"GET /programmes/{id}", "GET", "/programmes/" + draft, nil, want{404, 404, 404}, onDraft(200, 200, 200)},
		{"GET /programmes/{id}", "GET", "/programmes/999999", nil, want{404, 404, 404}, nil},
		{"GET /programmes/{id}/edit", "GET", "/programmes/" + draft + "/edit", nil, want{303, 404, 404}, onDraft(200, 403, 403)},
		{"POST /programmes/{id}", "POST", "/programmes/" + draft, url.Values{"title": {""}}, want{401, 404, 404}, onDraft(422, 403, 403)},
		{"POST /programmes/{id}/status", "POST", "/programmes/" + draft + "/status", url.Values{"status": {"draft"}}, want{401, 404, 404}, onDraft(409, 403, 403)},
		{"POST /programmes/{id}/status", "POST", "/programmes/" + closed + "/status", url.Values{"status": {"archived"}}, want{401, 403, 403}, nil},
		{"POST /programmes/{id}/delete", "POST", "/programmes/" + draft + "/delete", nil, want{401, 404, 404}, onDraft(409, 403, 403)},
		{"GET /programmes/{id}/changes", "GET", "/programmes/" + closed + "/changes", nil, pub, nil},
		{"GET /programmes/{id}/consultation", "GET", "/programmes/" + draft + "/consultation", nil, want{303, 404, 404}, onDraft(200, 200, 200)},
		{"POST /programmes/{id}/consultation", "POST", "/programmes/" + draft + "/consultation", url.Values{"regions": {"08"}, "deadline": {"2030-01-01T12:00"}}, want{401, 404, 404}, onDraft(409, 403, 403)},
		{"POST /programmes/{id}/consultation/contributions", "POST", "/programmes/" + draft + "/consultation/contributions", url.Values{"kind": {"statement"}}, want{401, 404, 404}, onDraft(403, 403, 422)},
		{"POST /programmes/{id}/consultation/contributions/{cid}/answer", "POST", "/programmes/" + draft + "/consultation/contributions/999999/answer", nil, want{401, 404, 404}, onDraft(422, 403, 403)},
		{"POST /programmes/{id}/consultation/report", "POST", "/programmes/" + draft + "/consultation/report", nil, want{401, 404, 404}, onDraft(409, 403, 403)},
		{"GET /programmes/{id}/report", "GET", "/programmes/" + closed + "/report", nil, pub, nil},
		{"GET /programmes/{id}/report", "GET", "/programmes/" + noReport + "/report", nil, want{404, 404, 404}, nil},
		{"GET /programmes/{id}/report.pdf", "GET", "/programmes/" + closed + "/report.pdf", nil, pub, nil},
		{"GET /api/v1/programmes", "GET", "/api/v1/programmes?q=Sprachkurse&region=08111", nil, pub, nil},
		{"GET /api/v1/programmes", "GET", "/api/v1/programmes?level=galaxis", nil, want{422, 422, 422}, nil},
		{"GET /api/v1/programmes/match", "GET", "/api/v1/programmes/match?provider_type=sprachkurstraeger&region=08111", nil, pub, nil},
		{"GET /api/v1/programmes/{id}", "GET", "/api/v1/programmes/" + closed, nil, pub, nil},
		{"GET /api/v1/programmes/{id}", "GET", "/api/v1/programmes/" + draft, nil, want{404, 404, 404}, onDraft(200, 200, 200)},
		{"GET /api/v1/programmes/{id}/versions", "GET", "/api/v1/programmes/" + closed + "/versions", nil, pub, nil},
		{"GET /api/v1/programmes/{id}/versions", "GET", "/api/v1/programmes/" + draft + "/versions", nil, want{404, 404, 404}, nil},
		{"GET /api/v1/programmes/{id}/report", "GET", "/api/v1/programmes/" + closed + "/report", nil, pub, nil},
		{"GET /api/v1/programmes/{id}/report", "GET", "/api/v1/programmes/" + noReport + "/report", nil, want{404, 404, 404}, nil},
		{"GET /api/v1/programmes/{id}/report", "GET", "/api/v1/programmes/" + draft + "/report", nil, want{404, 404, 404}, funderOnly},
		{"POST /api/v1/programmes/{id}/status", "POST", "/api/v1/programmes/" + closed + "/status", url.Values{"status": {"archived"}}, want{401, 403, 403}, nil},
		{"POST /api/v1/programmes/{id}/status", "POST", "/api/v1/programmes/999999/status", nil, want{401, 404, 404}, nil},
		{"POST /api/v1/programmes/{id}/status", "POST", "/api/v1/programmes/" + draft + "/status", nil, want{401, 404, 404}, onDraft(422, 403, 403)},
		{"GET /applications", "GET", "/applications", nil, want{303, 200, 200}, nil},
		{"GET /applications/new", "GET", "/applications/new?call=" + openCall, nil, want{303, 403, 403}, map[string]int{"provider_staff": 200}},
		{"GET /applications/new", "GET", "/applications/new?call=999999", nil, want{303, 404, 404}, nil},
		{"POST /applications", "POST", "/applications", url.Values{"call": {openCall}, "title": {"Entwurf der Rollenprobe"}}, want{401, 403, 403}, map[string]int{"provider_staff": 303}},
		{"GET /applications/export", "GET", "/applications/export?call=" + openCall + "&format=csv", nil, want{303, 200, 200}, nil},
		{"GET /applications/export", "GET", "/applications/export?call=" + openCall + "&format=pdf", nil, want{303, 422, 422}, nil},
		{"GET /applications/{id}", "GET", "/applications/999999", nil, want{303, 404, 404}, nil},
		{"GET /applications/{id}/edit", "GET", "/applications/999999/edit", nil, want{303, 404, 404}, nil},
		{"POST /applications/{id}", "POST", "/applications/999999", url.Values{"title": {"x"}}, want{401, 404, 404}, nil},
		{"POST /applications/{id}/submit", "POST", "/applications/999999/submit", nil, want{401, 404, 404}, nil},
		{"POST /applications/{id}/withdraw", "POST", "/applications/999999/withdraw", nil, want{401, 404, 404}, nil},
		{"POST /applications/{id}/invite", "POST", "/applications/999999/invite", nil, want{401, 404, 404}, nil},
		{"POST /applications/{id}/decline", "POST", "/applications/999999/decline", url.Values{"reason": {"x"}}, want{401, 404, 404}, nil},
		{"POST /applications/{id}/partners", "POST", "/applications/999999/partners", url.Values{"partner": {"x"}}, want{401, 404, 404}, nil},
		{"POST /applications/{id}/partners/{org}/remove", "POST", "/applications/999999/partners/1/remove", nil, want{401, 404, 404}, nil},
		// Applications: an unknown id is unknown to everyone. Of the demo's, the one
		// waiting for Stuttgart's statement is its provider's and the asked
		// commissioner's (and the Land's staff, not in the table); a draft is its
		// provider's alone (Brücken e. V., not in the table). Who sees which
		// application in every state is proven in internal/applications and internal/api.
		{"GET /applications/{id}", "GET", "/applications/" + asked, nil, want{303, 404, 404}, map[string]int{"provider_staff": 200, "commissioner": 200}},
		{"GET /applications/{id}", "GET", "/applications/" + started, nil, want{303, 404, 404}, nil},
		// Decisions: only the staff of the programme's funder see a call's ranking;
		// the open call is the Land's, whose staff (funder_staff.bw) is not in the
		// table: TestFunderDecidesACall proves their side. Everybody else gets 404.
		{"GET /calls/{id}/decisions", "GET", "/calls/" + openCall + "/decisions", nil, want{303, 404, 404}, nil},
		{"GET /calls/{id}/decisions", "GET", "/calls/999999/decisions", nil, want{303, 404, 404}, nil},
		{"POST /calls/{id}/decisions", "POST", "/calls/" + openCall + "/decisions", url.Values{"outcome": {"approved"}}, want{401, 404, 404}, nil},
		{"POST /calls/{id}/review", "POST", "/calls/" + openCall + "/review", nil, want{401, 404, 404}, nil},
		{"GET /calls/{id}/decisions.pdf", "GET", "/calls/" + openCall + "/decisions.pdf", nil, want{303, 404, 404}, nil},
		{"GET /applications/{id}/decision", "GET", "/applications/999999/decision", nil, want{303, 404, 404}, nil},
		{"GET /applications/{id}/decision", "GET", "/applications/" + decided + "/decision", nil, want{303, 404, 404}, nil},
		{"POST /applications/{id}/decision", "POST", "/applications/999999/decision", url.Values{"outcome": {"approved"}}, want{401, 404, 404}, nil},
		{"POST /applications/{id}/review", "POST", "/applications/999999/review", nil, want{401, 404, 404}, nil},
		{"GET /applications/{id}/decision.pdf", "GET", "/applications/999999/decision.pdf", nil, want{303, 404, 404}, nil},
		{"GET /api/v1/applications/{id}/decision", "GET", "/api/v1/applications/999999/decision", nil, want{401, 404, 404}, nil},
		{"POST /api/v1/applications/{id}/decision", "POST", "/api/v1/applications/999999/decision", url.Values{"outcome": {"kein JSON"}}, want{401, 422, 422}, nil},
		{"GET /api/v1/calls/{id}/pipeline", "GET", "/api/v1/calls/" + openCall + "/pipeline", nil, want{401, 404, 404}, nil},
		{"GET /api/v1/applications", "GET", "/api/v1/applications", nil, want{401, 200, 200}, nil},
		{"POST /api/v1/applications", "POST", "/api/v1/applications", url.Values{"title": {"kein JSON"}}, want{401, 422, 422}, nil},
		{"GET /api/v1/applications/{id}", "GET", "/api/v1/applications/999999", nil, want{401, 404, 404}, nil},
		{"PUT /api/v1/applications/{id}", "PUT", "/api/v1/applications/999999", url.Values{"title": {"kein JSON"}}, want{401, 422, 422}, nil},
		{"POST /api/v1/applications/{id}/submit", "POST", "/api/v1/applications/999999/submit", nil, want{401, 404, 404}, nil},
		{"POST /api/v1/applications/{id}/withdraw", "POST", "/api/v1/applications/999999/withdraw", nil, want{401, 404, 404}, nil},
		// Attachments: who may see, add and remove them is proven in internal/applications.
		{"POST /applications/{id}/files", "POST", "/applications/999999/files", url.Values{"back": {"edit"}}, want{401, 404, 404}, nil},
		{"GET /applications/{id}/files/{fileID}", "GET", "/applications/999999/files/1", nil, want{303, 404, 404}, nil},
		{"POST /applications/{id}/files/{fileID}/delete", "POST", "/applications/999999/files/1/delete", nil, want{401, 404, 404}, nil},
		{"GET /api/v1/applications/{id}/files", "GET", "/api/v1/applications/999999/files", nil, want{401, 404, 404}, nil},
		{"POST /api/v1/applications/{id}/files", "POST", "/api/v1/applications/999999/files", url.Values{"file": {"kein multipart"}}, want{401, 422, 422}, nil},
		{"GET /api/v1/applications/{id}/files/{fileID}", "GET", "/api/v1/applications/999999/files/1", nil, want{401, 404, 404}, nil},
		{"DELETE /api/v1/applications/{id}/files/{fileID}", "DELETE", "/api/v1/applications/999999/files/1", nil, want{401, 404, 404}, nil},
		// Reviews: the demo's open call belongs to the Land, whose staff are not in
		// this table, so every role is refused its set-up (the funder's own way is in
		// reviews_test.go); an unknown application's review is unknown to everyone
		// (whether Gerd Gutachter reviews the open call depends on the tests run before).
		{"GET /reviews", "GET", "/reviews", nil, want{303, 200, 200}, nil},
		{"GET /reviews/{id}", "GET", "/reviews/999999", nil, want{303, 404, 404}, nil},
		{"POST /reviews/{id}/declaration", "POST", "/reviews/999999/declaration", url.Values{"conflict": {"no"}}, want{401, 404, 404}, nil},
		{"POST /reviews/{id}", "POST", "/reviews/999999", url.Values{"action": {"save"}}, want{401, 404, 404}, nil},
		{"GET /applications/{id}/reviews", "GET", "/applications/999999/reviews", nil, want{303, 404, 404}, nil},
		{"GET /calls/{id}/review", "GET", "/calls/" + openCall + "/review", nil, want{303, 403, 403}, nil},
		{"GET /calls/{id}/review", "GET", "/calls/999999/review", nil, want{303, 404, 404}, nil},
		{"POST /calls/{id}/review/criteria", "POST", "/calls/" + openCall + "/review/criteria", url.Values{"rows": {"1"}, "criteria.0.name": {"Bedarf"}, "criteria.0.weight": {"1"}}, want{401, 403, 403}, nil},
		{"POST /calls/{id}/review/reviewers", "POST", "/calls/" + openCall + "/review/reviewers", url.Values{"email": {"reviewer@" + demo.EmailDomain}}, want{401, 403, 403}, nil},
		{"POST /calls/{id}/review/reviewers/{user}/delete", "POST", "/calls/" + openCall + "/review/reviewers/" + u + "/delete", nil, want{401, 403, 403}, nil},
		{"POST /calls/{id}/review/reviewers/{user}/delete", "POST", "/calls/999999/review/reviewers/" + u + "/delete", nil, want{401, 404, 404}, nil},
		{"GET /api/v1/applications/{id}/reviews", "GET", "/api/v1/applications/999999/reviews", nil, want{401, 404, 404}, nil},
		{"POST /api/v1/applications/{id}/reviews", "POST", "/api/v1/applications/999999/reviews", url.Values{"conflict": {"kein JSON"}}, want{401, 422, 422}, nil},
		{"POST /api/v1/applications/{id}/invite", "POST", "/api/v1/applications/999999/invite", nil, want{401, 404, 404}, nil},
		{"POST /api/v1/applications/{id}/decline", "POST", "/api/v1/applications/999999/decline", nil, want{401, 404, 404}, nil},
		{"GET /api/v1/calls/{id}/settings", "GET", "/api/v1/calls/" + openCall + "/settings", nil, want{401, 404, 404}, nil},
		{"PUT /api/v1/calls/{id}/settings", "PUT", "/api/v1/calls/" + openCall + "/settings", url.Values{"stages": {"kein JSON"}}, want{401, 422, 422}, nil},
		// A call's set-up is its funder's staff's alone (the Land's, not in this table;
		// TestFunderSetsUpACall); to everyone else it does not exist.
		{"GET /calls/{id}/settings", "GET", "/calls/" + openCall + "/settings", nil, want{303, 404, 404}, nil},
		{"GET /calls/{id}/settings", "GET", "/calls/999999/settings", nil, want{303, 404, 404}, nil},
		{"POST /calls/{id}/settings", "POST", "/calls/" + openCall + "/settings", url.Values{"stages": {"2"}, "statement_days": {"28"}}, want{401, 404, 404}, nil},
		// Statements: asked of commissioners only; the demo asks Stuttgart's for one,
		// whose page is theirs (and the funder's), not the provider's; an unknown
		// application's is unknown. Comparing a call's applications needs a
		// commissioner (TestCommissionerGivesAStatement proves the way through).
		{"GET /statements", "GET", "/statements", nil, want{303, 200, 200}, nil},
		{"GET /applications/{id}/statement", "GET", "/applications/999999/statement", nil, want{303, 404, 404}, nil},
		{"GET /applications/{id}/statement", "GET", "/applications/" + asked + "/statement", nil, want{303, 404, 404}, map[string]int{"commissioner": 200}},
		{"POST /applications/{id}/statement", "POST", "/applications/999999/statement", url.Values{"recommendation": {"support"}}, want{401, 404, 404}, nil},
		{"GET /calls/{id}/compare", "GET", "/calls/" + openCall + "/compare", nil, want{303, 403, 403}, map[string]int{"commissioner": 200}},
		{"GET /calls/{id}/compare", "GET", "/calls/999999/compare", nil, want{303, 404, 404}, nil},
		{"GET /api/v1/statements", "GET", "/api/v1/statements", nil, want{401, 200, 200}, nil},
		{"GET /api/v1/applications/{id}/statements", "GET", "/api/v1/applications/999999/statements", nil, want{401, 404, 404}, nil},
		{"POST /api/v1/applications/{id}/statements", "POST", "/api/v1/applications/999999/statements", url.Values{"text": {"kein JSON"}}, want{401, 422, 422}, nil},
		// Grants: the demo's reduced approval for Freudental is the Wohlfahrtsverband's,
		// the Land's and Freudental's, none of them in this table: to everyone here it
		// does not exist, like an unknown one. Who may take which payment step is proven
		// in internal/grants, TestGrantPages and internal/api.
		{"GET /grants", "GET", "/grants", nil, want{303, 200, 200}, nil},
		{"GET /grants/{id}", "GET", "/grants/" + grant, nil, want{303, 404, 404}, nil},
		{"GET /grants/{id}", "GET", "/grants/999999", nil, want{303, 404, 404}, nil},
		{"POST /grants/{id}/payments", "POST", "/grants/" + grant + "/payments", url.Values{"amount": {"100"}}, want{401, 404, 404}, nil},
		{"GET /grants/{id}/payments/{payment}", "GET", "/grants/" + grant + "/payments/1", nil, want{303, 404, 404}, nil},
		{"POST /grants/{id}/payments/{payment}/decision", "POST", "/grants/" + grant + "/payments/1/decision", url.Values{"amount": {"100"}}, want{401, 404, 404}, nil},
		{"POST /grants/{id}/payments/{payment}/paid", "POST", "/grants/" + grant + "/payments/1/paid", url.Values{"paid_on": {"2026-12-01"}}, want{401, 404, 404}, nil},
		{"GET /api/v1/grants", "GET", "/api/v1/grants", nil, want{401, 200, 200}, nil},
		{"GET /api/v1/grants/{id}", "GET", "/api/v1/grants/" + grant, nil, want{401, 404, 404}, nil},
		{"GET /api/v1/grants/{id}", "GET", "/api/v1/grants/999999", nil, want{401, 404, 404}, nil},
		{"POST /api/v1/grants/{id}/payments", "POST", "/api/v1/grants/999999/payments", url.Values{"amount": {"kein JSON"}}, want{401, 422, 422}, nil},
		{"POST /api/v1/grants/{id}/payments/{payment_id}/decision", "POST", "/api/v1/grants/999999/payments/1/decision", url.Values{"amount": {"kein JSON"}}, want{401, 422, 422}, nil},
		{"POST /api/v1/grants/{id}/payments/{payment_id}/paid", "POST", "/api/v1/grants/999999/payments/1/paid", url.Values{"paid_on": {"kein JSON"}}, want{401, 422, 422}, nil},
		{"GET /consultations", "GET", "/consultations", nil, want{303, 403, 403}, map[string]int{"commissioner": 200}},
		{"GET /notifications", "GET", "/notifications", nil, account, nil},
		{"POST /notifications/read", "POST", "/notifications/read", url.Values{"upto": {"1"}}, want{401, 303, 303}, nil},
		{"POST /notifications/{id}/read", "POST", "/notifications/1/read", nil, want{401, 303, 303}, nil},
		// Last: it ends the session.
		{"POST /logout", "POST", "/logout", nil, want{303, 303, 303}, nil},
	}
	checkCoverage(t, cases)

	for _, role := range roles {
		t.Run("as_"+nameOf(role), func(t *testing.T) {
			c := a.login(t, role)
			for _, rc := range cases {
				expected := rc.want.member
				switch role {
				case "":
					expected = rc.want.anon
				case "platform_admin":
					expected = rc.want.admin
				}
				if code, ok := rc.byRole[role]; ok {
					expected = code
				}
				if rc.pattern == "POST /login" {
					// One address per role, so that login throttling does not kick in.
					rc.form = url.Values{"email": {nameOf(role) + "@example.de"}, "password": {"falsch"}}
				}
				var got int
				switch rc.method {
				case "GET":
					got, _ = a.get(t, c, rc.path)
				case "POST":
					got, _ = a.post(t, c, rc.path, rc.form)
				default:
					got, _ = a.send(t, c, rc.method, rc.path, rc.form)
				}
				if got != expected {
					t.Errorf("%s %s: status %d, want %d", rc.method, rc.path, got, expected)
				}
			}
		})
	}
}

func nameOf(role string) string {
	if role == "" {
		return "anonymous"
	}
	return role
}

// checkCoverage fails if a route of the web UI or the API has no case.
func checkCoverage(t *testing.T, cases []routeCase) {
	t.Helper()
	covered := map[string]bool{}
	for _, c := range cases {
		covered[c.pattern] = true
	}
	var all []string
	for _, r := range shared.server.Routes() {
		all = append(all, r.Pattern())
	}
	var missing []string
	for _, p := range all {
		if !covered[p] {
			missing = append(missing, p)
		}
	}
	if len(missing) > 0 {
		t.Fatalf("routes without an authorization case: %s", strings.Join(missing, "; "))
	}
}

func orgID(t *testing.T, db *store.DB, name string) string {
	t.Helper()
	orgs, err := db.Accounts().Organisations(context.Background(), accounts.OrganisationFilter{Name: name})
	if err != nil || len(orgs) != 1 {
		t.Fatalf("organisation %q: %v", name, err)
	}
	return fmt.Sprint(orgs[0].ID)
}

// programmeID finds a demo programme by its title.
func programmeID(t *testing.T, db *store.DB, title string) string {
	t.Helper()
	var funders []int64
	for _, name := range []string{"Bundesprogrammstelle Integration (Demo)", "Landesförderstelle Integration Baden-Württemberg (Demo)", "Stiftung Zusammenhalt (Demo)"} {
		id, _ := strconv.ParseInt(orgID(t, db, name), 10, 64)
		funders = append(funders, id)
	}
	progs, err := db.Programmes().ProgrammesOfFunders(context.Background(), funders)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range progs {
		if p.Title == title {
			return strconv.FormatInt(p.ID, 10)
		}
	}
	t.Fatalf("no demo programme %q", title)
	return ""
}

// demoApplication finds an application of the demo by its title, in the list of
// the provider's staff user (the local part of the address).
func demoApplication(t *testing.T, db *store.DB, provider, title string) string {
	t.Helper()
	u, err := db.Accounts().UserByEmail(context.Background(), provider+"@"+demo.EmailDomain)
	if err != nil {
		t.Fatal(err)
	}
	list, _, err := applications.NewService(db.Applications()).List(storetest.As(t, db, u.ID), applications.Filter{Limit: applications.MaxPage})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list {
		if a.Title == title {
			return strconv.FormatInt(a.ID, 10)
		}
	}
	t.Fatalf("no demo application %q of %s", title, provider)
	return ""
}

// demoGrant returns the id of the grant of a demo application's approval.
func demoGrant(t *testing.T, db *store.DB, application string) string {
	t.Helper()
	list, _, err := grants.NewService(db.Grants()).List(storetest.System(), grants.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range list {
		if strconv.FormatInt(g.ApplicationID, 10) == application {
			return strconv.FormatInt(g.ID, 10)
		}
	}
	t.Fatalf("no grant for demo application %s", application)
	return ""
}

// callOf returns the id of a demo programme's first call.
func callOf(t *testing.T, db *store.DB, programme string) string {
	t.Helper()
	id, _ := strconv.ParseInt(programme, 10, 64)
	p, err := db.Programmes().Programme(context.Background(), id)
	if err != nil || len(p.Calls) == 0 {
		t.Fatalf("calls of programme %s: %v", programme, err)
	}
	return fmt.Sprint(p.Calls[0].ID)
}
