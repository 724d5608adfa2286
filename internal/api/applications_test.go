package api

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
)

// applicationBodyJSON is a complete application to the Land's call: 30,000 €
// personnel and 6,000 € fees with a 7 % flat rate (38,520 € in all), 3,852 € own
// funds (10 %), 2,000 € from a foundation and 32,668 € requested.
func applicationBodyJSON(callID int64, requested string) string {
	return fmt.Sprintf(`{"call_id": %d, "title": "Deutsch am Abend", "description": "Abendkurse mit Kinderbetreuung.",
		"regions": ["08111000"], "action_fields": ["sprache"], "target_groups": ["gefluechtete"],
		"period": {"start": "2026-09-01", "end": "2027-06-30"}, "outputs": [{"quantity": 120, "unit": "Teilnehmende"}],
		"contact": {"name": "Jana Jung", "email": "jana@caritas.example"},
		"finance_plan": {"costs": [{"category": "personnel", "amount": "30000.00"}, {"category": "fees", "amount": "6000"},
			{"category": "administration", "rate": "7"}], "own_funds": "3852.00", "third_party_funds": "2000.00",
			"third_party_source": "Stiftung Bürgersinn", "requested": %q}}`, callID, requested)
}

func putJSON(t *testing.T, h http.Handler, target, token, body string) response {
	t.Helper()
	req := httptest.NewRequest(http.MethodPut, target, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	return do(t, h, req)
}

func TestApplicationsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setupProgrammes(t, db)
		prog, err := programmes.NewService(db.Programmes()).Programme(f.ctx, f.landProgramme)
		if err != nil {
			t.Fatal(err)
		}
		call := prog.Programme.Calls[0].ID

		// A plan that does not balance is refused with every field error at once.
		res := postJSON(t, f.h, "/api/v1/applications", f.providerToken, applicationBodyJSON(call, "40000.00"))
		wantProblem(t, res, http.StatusUnprocessableEntity, "invalid")
		if got := fieldErrors(res); !slices.Contains(got, "finance_plan.balance") || !slices.Contains(got, "finance_plan.requested") {
			t.Errorf("unbalanced plan: fields %v", got)
		}
		// Malformed amounts name their place, in the caller's language.
		req := httptest.NewRequest(http.MethodPost, "/api/v1/applications", strings.NewReader(strings.Replace(applicationBodyJSON(call, "32668.00"), `"3852.00"`, `"3.852,00"`, 1)))
		req.Header.Set("Authorization", "Bearer "+f.providerToken)
		req.Header.Set("Accept-Language", "en")
		res = do(t, f.h, req)
		wantProblem(t, res, http.StatusUnprocessableEntity, "invalid")
		if got := fieldErrors(res); !slices.Equal(got, []string{"finance_plan.own_funds"}) || !strings.Contains(fmt.Sprint(res.body["errors"]), "is not an amount") {
			t.Errorf("German amount: %v", res.body)
		}

		res = postJSON(t, f.h, "/api/v1/applications", f.providerToken, applicationBodyJSON(call, "32668.00"))
		if res.status != http.StatusCreated || res.body["status"] != "draft" || res.body["requested"] != "32668.00" {
			t.Fatalf("create: %d %v", res.status, res.body)
		}
		id := int64(res.body["id"].(float64))
		self := fmt.Sprintf("/api/v1/applications/%d", id)
		if loc := res.header.Get("Location"); loc != self {
			t.Errorf("Location = %q", loc)
		}
		plan := res.body["finance_plan"].(map[string]any)
		if plan["total_costs"] != "38520.00" || plan["third_party_funds"] != "2000.00" || plan["grant_rate"] != "84.81" {
			t.Errorf("plan = %v", plan)
		}
		if p := res.body["provider"].(map[string]any); p["name"] != "Caritas Stuttgart" || fmt.Sprint(res.body["regions"]) != "[08111000]" {
			t.Errorf("provider, regions = %v, %v", p, res.body["regions"])
		}

		// A draft is the provider's alone: the funder and the commissioner get the
		// answer of an application that does not exist.
		missing := getWithToken(t, f.h, "/api/v1/applications/999999", f.landToken)
		wantProblem(t, missing, http.StatusNotFound, "not_found")
		for _, tok := range []string{f.landToken, f.token, f.bundToken} {
			res := getWithToken(t, f.h, self, tok)
			wantProblem(t, res, http.StatusNotFound, "not_found")
			if res.body["detail"] != missing.body["detail"] {
				t.Errorf("hidden draft says %v, missing says %v", res.body["detail"], missing.body["detail"])
			}
		}
		if res := getWithToken(t, f.h, "/api/v1/applications", f.landToken); res.body["total"] != 0.0 {
			t.Errorf("the funder lists drafts: %v", res.body)
		}

		// Changing the draft on a stale revision is 409.
		res = putJSON(t, f.h, self, f.providerToken, strings.Replace(applicationBodyJSON(call, "32668.00"), `"call_id"`, `"revision": 1, "call_id"`, 1))
		if res.status != http.StatusOK || res.body["revision"] != 2.0 {
			t.Fatalf("save: %d %v", res.status, res.body)
		}
		res = putJSON(t, f.h, self, f.providerToken, strings.Replace(applicationBodyJSON(call, "32668.00"), `"call_id"`, `"revision": 1, "call_id"`, 1))
		wantProblem(t, res, http.StatusConflict, "conflict")

		res = postJSON(t, f.h, self+"/submit", f.providerToken, `{"revision": 2}`)
		if res.status != http.StatusOK || res.body["status"] != "statements_requested" || res.body["submitted_at"] == nil {
			t.Fatalf("submit: %d %v", res.status, res.body)
		}
		wantProblem(t, postJSON(t, f.h, self+"/submit", f.providerToken, ``), http.StatusConflict, "conflict")

		// Submitted: the Land's staff and Stuttgart's commissioner see it, the Bund's
		// staff do not; nobody but the provider may withdraw it.
		for _, c := range []struct {
			token string
			want  float64
		}{{f.providerToken, 1}, {f.landToken, 1}, {f.token, 1}, {f.bundToken, 0}} {
			res := getWithToken(t, f.h, fmt.Sprintf("/api/v1/applications?call_id=%d&status=statements_requested", call), c.token)
			if res.status != http.StatusOK || res.body["total"] != c.want || len(items(t, res)) != int(c.want) {
				t.Errorf("list: %d %v, want %v", res.status, res.body, c.want)
			}
		}
		wantProblem(t, getWithToken(t, f.h, self, f.bundToken), http.StatusNotFound, "not_found")
		wantProblem(t, postJSON(t, f.h, self+"/withdraw", f.landToken, `{}`), http.StatusForbidden, "forbidden")
		wantProblem(t, postJSON(t, f.h, self+"/withdraw", f.bundToken, `{}`), http.StatusNotFound, "not_found")
		wantProblem(t, postJSON(t, f.h, self+"/withdraw", "", `{}`), http.StatusUnauthorized, "unauthorized")
		res = postJSON(t, f.h, self+"/withdraw", f.providerToken, `{}`)
		if res.status != http.StatusOK || res.body["status"] != "withdrawn" {
			t.Fatalf("withdraw: %d %v", res.status, res.body)
		}
		wantProblem(t, getWithToken(t, f.h, "/api/v1/applications?status=bogus&limit=9999", f.landToken), http.StatusUnprocessableEntity, "invalid")
	})
}
