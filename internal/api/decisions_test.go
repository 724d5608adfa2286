package api

import (
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/teilhabe/teilhabe/internal/decisions"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
)

func TestDecisionAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setupProgrammes(t, db)
		prog, err := programmes.NewService(db.Programmes()).Programme(f.ctx, f.landProgramme)
		if err != nil {
			t.Fatal(err)
		}
		call := prog.Programme.Calls[0].ID
		res := postJSON(t, f.h, "/api/v1/applications", f.providerToken, applicationBodyJSON(call, "32668.00"))
		if res.status != http.StatusCreated {
			t.Fatalf("create: %d %v", res.status, res.body)
		}
		id := int64(res.body["id"].(float64))
		self := fmt.Sprintf("/api/v1/applications/%d/decision", id)
		if res := postJSON(t, f.h, fmt.Sprintf("/api/v1/applications/%d/submit", id), f.providerToken, `{}`); res.status != http.StatusOK {
			t.Fatalf("submit: %d %v", res.status, res.body)
		}

		res = getWithToken(t, f.h, self, f.landToken)
		if res.status != http.StatusOK || res.body["status"] != "statements_requested" || res.body["decision"] != nil || res.body["score"] != nil || res.body["requested"] != "32668.00" {
			t.Fatalf("state: %d %v", res.status, res.body)
		}
		// Submitted is not in review: 409, nothing changes.
		wantProblem(t, postJSON(t, f.h, self, f.landToken, `{"outcome": "approved"}`), http.StatusConflict, "conflict")
		// Nobody but the Land's staff sees it; the provider neither.
		for _, tok := range []string{f.bundToken, f.providerToken, f.token} {
			wantProblem(t, getWithToken(t, f.h, self, tok), http.StatusNotFound, "not_found")
			wantProblem(t, postJSON(t, f.h, self, tok, `{"outcome": "rejected", "reason": "x"}`), http.StatusNotFound, "not_found")
			wantProblem(t, getWithToken(t, f.h, fmt.Sprintf("/api/v1/calls/%d/pipeline", call), tok), http.StatusNotFound, "not_found")
		}

		started, err := decisions.NewService(db.Decisions()).StartReview(f.ctx, id, 0)
		if err != nil {
			t.Fatal(err)
		}
		// A lower amount needs the reduced plan; a plan that does not balance names why.
		res = postJSON(t, f.h, self, f.landToken, `{"outcome": "approved", "amount": "30000.00"}`)
		wantProblem(t, res, http.StatusUnprocessableEntity, "invalid")
		if got := fieldErrors(res); !slices.Equal(got, []string{"finance_plan"}) {
			t.Errorf("without plan: %v", got)
		}
		res = postJSON(t, f.h, self, f.landToken, `{"outcome": "approved", "amount": "30000.00", "finance_plan": {"costs": [{"category": "personnel", "amount": "30000.00"}], "own_funds": "3852.00"}}`)
		if got := fieldErrors(res); res.status != http.StatusUnprocessableEntity || !slices.Contains(got, "finance_plan.balance") {
			t.Errorf("unbalanced: %d %v", res.status, got)
		}
		wantProblem(t, postJSON(t, f.h, self, f.landToken, `{"outcome": "approved", "amount": "30.000,00"}`), http.StatusUnprocessableEntity, "invalid")
		// 33,852 € of costs: 3,852 € own funds and 30,000 € granted.
		body := fmt.Sprintf(`{"outcome": "approved", "amount": "30000.00", "conditions": "Nachweis der Räume.", "revision": %d,
			"finance_plan": {"costs": [{"category": "personnel", "amount": "33852.00"}], "own_funds": "3852.00"}}`, started.Revision)
		res = postJSON(t, f.h, self, f.landToken, body)
		if res.status != http.StatusOK || res.body["status"] != "approved" {
			t.Fatalf("decide: %d %v", res.status, res.body)
		}
		d := res.body["decision"].(map[string]any)
		if d["amount"] != "30000.00" || d["conditions"] != "Nachweis der Räume." || d["finance_plan"].(map[string]any)["total_costs"] != "33852.00" {
			t.Errorf("decision: %v", d)
		}
		// The same decision again, on the revision it was made on: someone decided first.
		wantProblem(t, postJSON(t, f.h, self, f.landToken, body), http.StatusConflict, "conflict")

		res = getWithToken(t, f.h, fmt.Sprintf("/api/v1/calls/%d/pipeline", call), f.landToken)
		if res.status != http.StatusOK || res.body["approved"] != "30000.00" || res.body["total"] != 1.0 {
			t.Fatalf("pipeline: %d %v", res.status, res.body)
		}
		counts := res.body["counts"].([]any)
		if len(counts) != 8 || counts[5].(map[string]any)["status"] != "approved" || counts[5].(map[string]any)["requested"] != "32668.00" {
			t.Errorf("counts: %v", counts)
		}
		wantProblem(t, getWithToken(t, f.h, "/api/v1/calls/999999/pipeline", f.landToken), http.StatusNotFound, "not_found")
	})
}
