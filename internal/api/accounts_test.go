package api

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
)

func TestMe(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)

		res := get(t, f.h, "/api/v1/me")
		wantProblem(t, res, http.StatusUnauthorized, "unauthorized")
		if !strings.HasPrefix(res.header.Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("WWW-Authenticate = %q", res.header.Get("WWW-Authenticate"))
		}

		res = getWithToken(t, f.h, "/api/v1/me", f.token)
		if res.status != http.StatusOK {
			t.Fatalf("with token: %d %v", res.status, res.body)
		}
		user := res.body["user"].(map[string]any)
		if user["email"] != "integration@stuttgart.example" || user["locale"] != "de" || user["id"].(float64) != float64(f.user.ID) {
			t.Errorf("user = %v", user)
		}
		ms := res.body["memberships"].([]any)
		if len(ms) != 1 {
			t.Fatalf("memberships = %v", ms)
		}
		m := ms[0].(map[string]any)
		org := m["organisation"].(map[string]any)
		if m["role"] != "commissioner" || org["name"] != "Landeshauptstadt Stuttgart" || org["kind"] != "municipality" {
			t.Errorf("membership = %v", m)
		}
		if cc := res.header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
			t.Errorf("Cache-Control = %q, want no-store for personal data", cc)
		}

		if err := accounts.NewService(db.Accounts()).RevokeToken(storetest.As(t, db, f.user.ID), f.tokenID); err != nil {
			t.Fatal(err)
		}
		res = getWithToken(t, f.h, "/api/v1/me", f.token)
		wantProblem(t, res, http.StatusUnauthorized, "unauthorized")
		if !strings.Contains(res.header.Get("WWW-Authenticate"), `error="invalid_token"`) {
			t.Errorf("WWW-Authenticate = %q", res.header.Get("WWW-Authenticate"))
		}
	})
}

func TestBadCredentials(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		for _, header := range []string{"Bearer thb_doesnotexist", "Basic dXNlcjpwYXNz", "Bearer", "Bearer " + f.token[4:]} {
			req := httptest.NewRequest(http.MethodGet, "/api/v1/regions", nil) // public, but a bad token still fails
			req.Header.Set("Authorization", header)
			wantProblem(t, do(t, f.h, req), http.StatusUnauthorized, "unauthorized")
		}
		// The scheme is case-insensitive.
		req := httptest.NewRequest(http.MethodGet, "/api/v1/me", nil)
		req.Header.Set("Authorization", "bearer "+f.token)
		if res := do(t, f.h, req); res.status != http.StatusOK {
			t.Errorf("lower-case scheme: %d", res.status)
		}
	})
}

// The server puts a browser session's principal in the context; without an
// Authorization header the API keeps it.
func TestSessionPrincipal(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		p, err := db.Accounts().Principal(context.Background(), f.user.ID)
		if err != nil {
			t.Fatal(err)
		}
		session := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			f.h.ServeHTTP(w, r.WithContext(accounts.WithPrincipal(r.Context(), p)))
		})
		res := get(t, session, "/api/v1/me")
		if res.status != http.StatusOK || res.body["user"].(map[string]any)["email"] != f.user.Email {
			t.Errorf("session: %d %v", res.status, res.body)
		}
	})
}

func TestOrganisations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		res := get(t, f.h, "/api/v1/organisations")
		if res.status != http.StatusOK || res.body["total"].(float64) != 2 {
			t.Fatalf("list: %d %v", res.status, res.body)
		}
		list := items(t, get(t, f.h, "/api/v1/organisations?kind=municipality"))
		if len(list) != 1 || list[0]["name"] != "Landeshauptstadt Stuttgart" || list[0]["region_key"] != "08111000" {
			t.Fatalf("kind=municipality: %v", list)
		}
		if list[0]["provider_type"] != nil || list[0]["website"] != "https://www.stuttgart.de" {
			t.Errorf("municipality = %v", list[0])
		}
		if got := items(t, get(t, f.h, "/api/v1/organisations?region=08111000")); len(got) != 1 {
			t.Errorf("region=08111000: %v", got)
		}
		res = get(t, f.h, "/api/v1/organisations?kind=verein")
		wantProblem(t, res, http.StatusUnprocessableEntity, "invalid")
		if got := fieldErrors(res); len(got) != 1 || got[0] != "kind" {
			t.Errorf("field errors %v", got)
		}

		id := strconv.FormatInt(f.org.ID, 10)
		res = get(t, f.h, "/api/v1/organisations/"+id)
		if res.status != http.StatusOK || res.body["name"] != f.org.Name || res.body["kind"] != "municipality" {
			t.Errorf("get: %d %v", res.status, res.body)
		}
		if _, leaked := res.body["members"]; leaked {
			t.Error("the public directory lists members")
		}
		for _, bad := range []string{"999999", "abc", "-1"} {
			wantProblem(t, get(t, f.h, "/api/v1/organisations/"+bad), http.StatusNotFound, "not_found")
		}
	})
}
