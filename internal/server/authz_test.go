package server_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/teilhabe/teilhabe/internal/api"
	"github.com/teilhabe/teilhabe/internal/demo"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/web"
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
}

// TestEveryRouteForEveryRole proves who gets what on every route of the web UI and the
// JSON API. A route without a case fails the test, so new routes must state their rules.
func TestEveryRouteForEveryRole(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	org := orgID(t, a.db, "Landeshauptstadt Stuttgart – Integrationspolitik (Demo)")
	target, err := a.db.UserByEmail(ctx, "funder_staff.bw@"+demo.EmailDomain)
	if err != nil {
		t.Fatal(err)
	}
	// A token of a user outside the table: revoking it is "not found" for everyone else.
	tok, _, err := a.db.CreateAPIToken(ctx, target.ID, "fremd")
	if err != nil {
		t.Fatal(err)
	}
	u := fmt.Sprint(target.ID)
	pub := want{200, 200, 200}
	account := want{303, 200, 200}
	adminGet := want{303, 403, 200}
	cases := []routeCase{
		{"GET /{$}", "GET", "/", nil, pub},
		{"GET /language", "GET", "/language?lang=de&next=/regions", nil, want{303, 303, 303}},
		{"GET /login", "GET", "/login", nil, pub},
		{"POST /login", "POST", "/login", url.Values{"email": {"x@y.de"}, "password": {"falsch"}}, want{401, 401, 401}},
		{"GET /regions", "GET", "/regions?q=Stutt", nil, pub},
		{"GET /regions/{key}", "GET", "/regions/08111000", nil, pub},
		{"GET /regions/{key}", "GET", "/regions/99999999", nil, want{404, 404, 404}},
		{"GET /organisations", "GET", "/organisations", nil, pub},
		{"GET /organisations/{id}", "GET", "/organisations/" + org, nil, pub},
		{"GET /organisations/{id}", "GET", "/organisations/999999", nil, want{404, 404, 404}},
		{"GET /account", "GET", "/account", nil, account},
		{"GET /account/password", "GET", "/account/password", nil, account},
		{"POST /account/password", "POST", "/account/password", url.Values{"current_password": {"falsch"}}, want{401, 422, 422}},
		{"POST /account/tokens", "POST", "/account/tokens", url.Values{"token_name": {"Test"}}, want{401, 303, 303}},
		{"POST /account/tokens/{id}/revoke", "POST", fmt.Sprintf("/account/tokens/%d/revoke", tok.ID), nil, want{401, 404, 404}},
		{"GET /admin/users", "GET", "/admin/users", nil, adminGet},
		{"POST /admin/users", "POST", "/admin/users", url.Values{"email": {"kaputt"}}, want{401, 403, 422}},
		{"GET /admin/users/{id}", "GET", "/admin/users/" + u, nil, adminGet},
		{"GET /admin/users/{id}", "GET", "/admin/users/999999", nil, want{303, 403, 404}},
		{"POST /admin/users/{id}/password", "POST", "/admin/users/999999/password", nil, want{401, 403, 404}},
		{"POST /admin/users/{id}/disabled", "POST", "/admin/users/" + u + "/disabled", url.Values{"disabled": {"false"}}, want{401, 403, 303}},
		{"POST /admin/users/{id}/memberships", "POST", "/admin/users/" + u + "/memberships", url.Values{"organisation": {org}}, want{401, 403, 422}},
		{"POST /admin/users/{id}/memberships/{mid}/delete", "POST", "/admin/users/" + u + "/memberships/999999/delete", nil, want{401, 403, 404}},
		{"GET /admin/organisations", "GET", "/admin/organisations", nil, adminGet},
		{"POST /admin/organisations", "POST", "/admin/organisations", url.Values{"name": {""}}, want{401, 403, 422}},
		{"GET /admin/organisations/{id}", "GET", "/admin/organisations/" + org, nil, adminGet},
		{"POST /admin/organisations/{id}", "POST", "/admin/organisations/" + org, url.Values{"name": {""}, "kind": {"municipality"}}, want{401, 403, 422}},
		{"GET /admin/audit", "GET", "/admin/audit", nil, adminGet},
		{"GET /admin/statistics", "GET", "/admin/statistics", nil, adminGet},
		{"POST /admin/statistics", "POST", "/admin/statistics", url.Values{}, want{401, 403, 422}},
		{"GET /admin/indicators", "GET", "/admin/indicators", nil, adminGet},
		{"POST /admin/indicators", "POST", "/admin/indicators", url.Values{"code": {"X"}, "factor": {"1"}}, want{401, 403, 422}},
		{"GET /monitoring", "GET", "/monitoring", nil, pub},
		{"GET /monitoring/{code}", "GET", "/monitoring/ALQ-AUSL-DIFF?region=08111", nil, pub},
		{"GET /monitoring/{code}/export", "GET", "/monitoring/ALQ-AUSL-DIFF/export?region=08111&format=json", nil, pub},
		{"GET /geo/kreise-vg5000-2021.geojson", "GET", "/geo/kreise-vg5000-2021.geojson", nil, pub},
		{"GET /api/v1/regions", "GET", "/api/v1/regions?q=08111", nil, pub},
		{"GET /api/v1/regions/{key}", "GET", "/api/v1/regions/08111000", nil, pub},
		{"GET /api/v1/regions/{key}", "GET", "/api/v1/regions/00000", nil, want{404, 404, 404}},
		{"GET /api/v1/organisations", "GET", "/api/v1/organisations", nil, pub},
		{"GET /api/v1/organisations/{id}", "GET", "/api/v1/organisations/" + org, nil, pub},
		{"GET /api/v1/observations", "GET", "/api/v1/observations?region=08111", nil, pub},
		{"GET /api/v1/indicators", "GET", "/api/v1/indicators", nil, pub},
		{"GET /api/v1/indicators/{code}", "GET", "/api/v1/indicators/ALQ-AUSL-DIFF", nil, pub},
		{"GET /api/v1/indicators/{code}/values", "GET", "/api/v1/indicators/ALQ-AUSL-DIFF/values?level=kreis", nil, pub},
		{"GET /api/v1/catalog", "GET", "/api/v1/catalog", nil, pub},
		{"GET /api/v1/me", "GET", "/api/v1/me", nil, want{401, 200, 200}},
		{"GET /api/v1/openapi.json", "GET", "/api/v1/openapi.json", nil, pub},
		{"GET /api/v1/problems/{code}", "GET", "/api/v1/problems/not_found", nil, pub},
		// Last: it ends the session.
		{"POST /logout", "POST", "/logout", nil, want{303, 303, 303}},
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
				if rc.pattern == "POST /login" {
					// One address per role, so that login throttling does not kick in.
					rc.form = url.Values{"email": {nameOf(role) + "@example.de"}, "password": {"falsch"}}
				}
				var got int
				if rc.method == "GET" {
					got, _ = a.get(t, c, rc.path)
				} else {
					got, _ = a.post(t, c, rc.path, rc.form)
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
	w, err := web.New(nil, nil, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range w.Routes() {
		all = append(all, r.Pattern())
	}
	for _, r := range api.New(nil, "test").Routes() {
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
	orgs, err := db.Organisations(context.Background(), store.OrganisationFilter{Name: name})
	if err != nil || len(orgs) != 1 {
		t.Fatalf("organisation %q: %v", name, err)
	}
	return fmt.Sprint(orgs[0].ID)
}
