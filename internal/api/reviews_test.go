package api

import (
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/reviews"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
)

func TestReviewsAPI(t *testing.T) {
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
		self := fmt.Sprintf("/api/v1/applications/%d", int64(res.body["id"].(float64)))
		if res := postJSON(t, f.h, self+"/submit", f.providerToken, ``); res.status != http.StatusOK {
			t.Fatalf("submit: %d %v", res.status, res.body)
		}
		institute := organisation(t, db, accounts.Organisation{Kind: accounts.KindResearch, Name: "Institut für Migrationsforschung"})
		rita, ritaToken := userWithToken(t, db, "rita@institut.example", accounts.Membership{Organisation: institute, Role: accounts.RoleReviewer})
		rolf, rolfToken := userWithToken(t, db, "rolf@institut.example", accounts.Membership{Organisation: institute, Role: accounts.RoleReviewer})
		svc := reviews.NewService(db.Reviews())
		crit, err := svc.SaveCriteria(f.ctx, call, []reviews.CriterionInput{{Name: "Bedarf", Weight: 2}, {Name: "Konzept", Weight: 1}})
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range []accounts.User{rita, rolf} {
			if _, err := svc.Assign(f.ctx, call, u.ID, ""); err != nil {
				t.Fatal(err)
			}
		}
		path := self + "/reviews"

		// Scores out of range and a missing recommendation, all at once.
		res = postJSON(t, f.h, path, ritaToken, fmt.Sprintf(`{"scores": [{"criterion_id": %d, "score": 9}], "submit": true}`, crit[0].ID))
		wantProblem(t, res, http.StatusUnprocessableEntity, "invalid")
		if got := fieldErrors(res); !slices.Contains(got, fmt.Sprintf("score.%d", crit[0].ID)) || !slices.Contains(got, fmt.Sprintf("score.%d", crit[1].ID)) || !slices.Contains(got, "recommendation") {
			t.Errorf("fields %v", got)
		}
		wantProblem(t, postJSON(t, f.h, path, ritaToken, `{"scores": "viele"}`), http.StatusUnprocessableEntity, "invalid")
		res = postJSON(t, f.h, path, ritaToken, `{"conflict": false}`)
		if res.status != http.StatusOK || res.body["state"] != "draft" || res.body["weighted"] != nil {
			t.Fatalf("confirm: %d %v", res.status, res.body)
		}
		res = postJSON(t, f.h, path, ritaToken, fmt.Sprintf(`{"scores": [{"criterion_id": %d, "score": 4, "comment": "Belegt."}, {"criterion_id": %d, "score": 3}],
			"recommendation": "approve", "comment": "Überzeugend.", "submit": true, "revision": %v}`, crit[0].ID, crit[1].ID, res.body["revision"]))
		if res.status != http.StatusOK || res.body["state"] != "submitted" || res.body["weighted"] != "3.67" {
			t.Fatalf("submit: %d %v", res.status, res.body)
		}
		wantProblem(t, postJSON(t, f.h, path, ritaToken, `{"comment": "Nachtrag"}`), http.StatusConflict, "conflict")

		// A conflict of interest hides the application from then on.
		res = postJSON(t, f.h, path, rolfToken, `{"conflict": true, "conflict_reason": "Ich berate den Träger."}`)
		if res.status != http.StatusOK || res.body["state"] != "conflict" {
			t.Fatalf("conflict: %d %v", res.status, res.body)
		}
		missing := getWithToken(t, f.h, "/api/v1/applications/999999/reviews", ritaToken)
		wantProblem(t, missing, http.StatusNotFound, "not_found")
		// The provider, the commissioner, another funder and the biased reviewer get
		// the answer of an application that does not exist.
		for _, tok := range []string{rolfToken, f.providerToken, f.token, f.bundToken} {
			res := getWithToken(t, f.h, path, tok)
			wantProblem(t, res, http.StatusNotFound, "not_found")
			if res.body["detail"] != missing.body["detail"] {
				t.Errorf("hidden reviews say %v, missing says %v", res.body["detail"], missing.body["detail"])
			}
		}
		res = getWithToken(t, f.h, path, ritaToken)
		if list := items(t, res); res.status != http.StatusOK || len(list) != 1 || list[0]["weighted"] != "3.67" {
			t.Errorf("own: %d %v", res.status, res.body)
		}
		// The funder reads both: the score and the declaration.
		res = getWithToken(t, f.h, path, f.landToken)
		list := items(t, res)
		if res.status != http.StatusOK || len(list) != 2 || res.body["criteria"].([]any)[0].(map[string]any)["share"] != "66.67" {
			t.Fatalf("funder: %d %v", res.status, res.body)
		}
		states := []any{list[0]["state"], list[1]["state"]}
		if !slices.Contains(states, "conflict") || !slices.Contains(states, "submitted") {
			t.Errorf("states %v", states)
		}
		if res.header.Get("Cache-Control") != "private, no-store" {
			t.Errorf("Cache-Control %q", res.header.Get("Cache-Control"))
		}
	})
}
