package api

import (
	"fmt"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"testing"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/decisions"
	"github.com/teilhabe/teilhabe/internal/grants"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// grantFixture adds to the programme fixture a second provider with staff of its
// own, a handler with the grant use cases, and the grant of Caritas Stuttgart's
// application to the Land's call, made the way users make one: submitted through
// the API, taken into review and approved in full by the Land's staff.
type grantFixture struct {
	*programmeFixture
	h          http.Handler
	otherToken string // staff of another provider
	grant      int64
	self       string // the grant's address
}

func setupGrant(t *testing.T, db *store.DB) *grantFixture {
	t.Helper()
	f := &grantFixture{programmeFixture: setupProgrammes(t, db)}
	other := organisation(t, db, accounts.Organisation{Kind: accounts.KindProvider, Name: "Lernwerk", ProviderType: accounts.ProviderLanguageCourse})
	_, f.otherToken = userWithToken(t, db, "ben@lernwerk.example", accounts.Membership{Organisation: other, Role: accounts.RoleProviderStaff})
	a := newAPI(db)
	a.grants = grants.NewService(db.Grants())
	f.h = a.Handler()

	prog, err := programmes.NewService(db.Programmes()).Programme(f.ctx, f.landProgramme)
	if err != nil {
		t.Fatal(err)
	}
	res := postJSON(t, f.h, "/api/v1/applications", f.providerToken, applicationBodyJSON(prog.Programme.Calls[0].ID, "32668.00"))
	if res.status != http.StatusCreated {
		t.Fatalf("create: %d %v", res.status, res.body)
	}
	app := int64(res.body["id"].(float64))
	if res := postJSON(t, f.h, fmt.Sprintf("/api/v1/applications/%d/submit", app), f.providerToken, `{}`); res.status != http.StatusOK {
		t.Fatalf("submit: %d %v", res.status, res.body)
	}
	decide := decisions.NewService(db.Decisions())
	if _, err := decide.StartReview(f.ctx, app, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := decide.Decide(f.ctx, app, decisions.Input{Outcome: decisions.Approved, Amount: 3_266_800, Conditions: "Teilnehmerlisten führen."}); err != nil {
		t.Fatal(err)
	}
	list, _, err := grants.NewService(db.Grants()).List(storetest.System(), grants.Filter{})
	if err != nil || len(list) != 1 || list[0].ApplicationID != app {
		t.Fatalf("the approval made no grant: %v %+v", err, list)
	}
	f.grant = list[0].ID
	f.self = fmt.Sprintf("/api/v1/grants/%d", f.grant)
	return f
}

func (f *grantFixture) payment(id int64, step string) string {
	return fmt.Sprintf("%s/payments/%d/%s", f.self, id, step)
}

// withoutRequestID is a problem's body without the member that differs per request.
func withoutRequestID(body map[string]any) map[string]any {
	out := maps.Clone(body)
	delete(out, "request_id")
	return out
}

func TestGrantAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setupGrant(t, db)
		doc := loadOpenAPI(t)

		// The provider lists its grant, with the answer's exact amounts and dates.
		res := getWithToken(t, f.h, "/api/v1/grants", f.providerToken)
		if res.status != http.StatusOK || res.header.Get("Cache-Control") != "private, no-store" || res.body["total"] != 1.0 {
			t.Fatalf("list: %d %v %v", res.status, res.header, res.body)
		}
		matchesSchema(t, doc, "#/components/schemas/GrantPage", res.body)
		g := items(t, res)[0]
		if g["id"] != float64(f.grant) || g["amount"] != "32668.00" || g["paid"] != "0.00" || g["funder_level"] != "land" ||
			g["programme_id"] != float64(f.landProgramme) || g["title"] != "Deutsch am Abend" || g["ongoing_service"] != false ||
			anyMap(g["provider"])["name"] != "Caritas Stuttgart" || anyMap(g["funder"])["id"] != float64(f.landFunder.ID) ||
			anyMap(g["period"])["start"] != "2026-09-01" || anyMap(g["period"])["end"] != "2027-06-30" ||
			!reflect.DeepEqual(g["regions"], []any{"08111000"}) {
			t.Errorf("listed grant: %v", g)
		}
		if res := getWithToken(t, f.h, fmt.Sprintf("/api/v1/grants?programme_id=%d", f.bundProgramme), f.providerToken); res.status != http.StatusOK ||
			len(items(t, res)) != 0 || res.body["total"] != 0.0 {
			t.Errorf("another programme's grants: %d %v", res.status, res.body)
		}
		if res := getWithToken(t, f.h, "/api/v1/grants?limit=1&offset=1", f.providerToken); len(items(t, res)) != 0 || res.body["total"] != 1.0 {
			t.Errorf("second page: %v", res.body)
		}
		res = getWithToken(t, f.h, "/api/v1/grants?limit=201&offset=x", f.providerToken)
		wantProblem(t, res, http.StatusUnprocessableEntity, "invalid")
		if got := fieldErrors(res); !slices.Equal(got, []string{"offset", "limit"}) {
			t.Errorf("bad paging: fields %v", got)
		}
		// The funder and Stuttgart's commissioner (a region served) list it too.
		for _, tok := range []string{f.landToken, f.token} {
			if res := getWithToken(t, f.h, "/api/v1/grants", tok); res.body["total"] != 1.0 {
				t.Errorf("funder or commissioner: %v", res.body)
			}
		}

		// The grant itself: the approved plan, the federal default rules of an
		// Anteilfinanzierung and the reports they make due.
		res = getWithToken(t, f.h, f.self, f.providerToken)
		if res.status != http.StatusOK {
			t.Fatalf("get: %d %v", res.status, res.body)
		}
		matchesSchema(t, doc, "#/components/schemas/GrantDetail", res.body)
		if res.body["conditions"] != "Teilnehmerlisten führen." || res.body["financing_type"] != "share" || res.body["funding_kind"] != "project" ||
			anyMap(res.body["finance_plan"])["total_costs"] != "38520.00" || anyMap(res.body["finance_plan"])["requested"] != "32668.00" ||
			res.body["approved_at"] == nil || len(anyList(res.body["payments"])) != 0 {
			t.Errorf("grant: %v", res.body)
		}
		wantRules := map[string]any{"spend_within": map[string]any{"n": 6.0, "unit": "weeks"}, "interim_due": "04-30", "final_due_months": 6.0,
			"overrun": "20.00", "change": "proportional"}
		if !reflect.DeepEqual(res.body["rules"], wantRules) {
			t.Errorf("rules = %v, want %v", res.body["rules"], wantRules)
		}
		// 1 Sep 2026 – 30 Jun 2027: the interim report on 2026 by 30 April 2027, the
		// final one six months after the end.
		wantDue := []any{map[string]any{"kind": "interim", "year": 2026.0, "due_on": "2027-04-30"},
			map[string]any{"kind": "final", "year": nil, "due_on": "2027-12-31"}}
		if !reflect.DeepEqual(res.body["reports_due"], wantDue) {
			t.Errorf("reports due = %v, want %v", res.body["reports_due"], wantDue)
		}

		// The provider asks for money; more than the grant is refused, naming amount.
		res = postJSON(t, f.h, f.self+"/payments", f.providerToken, `{"amount": "1200.00", "purpose": "Honorare Oktober"}`)
		if res.status != http.StatusCreated || res.body["status"] != "requested" || res.body["requested"] != "1200.00" || res.body["approved"] != "0.00" ||
			res.body["purpose"] != "Honorare Oktober" || res.body["revision"] != 1.0 || res.body["requested_at"] == nil || res.body["decided_at"] != nil || res.body["paid_on"] != nil {
			t.Fatalf("request: %d %v", res.status, res.body)
		}
		matchesSchema(t, doc, "#/components/schemas/Payment", res.body)
		pay := int64(res.body["id"].(float64))
		res = postJSON(t, f.h, f.self+"/payments", f.providerToken, `{"amount": "31468.01", "purpose": "Alles"}`)
		wantProblem(t, res, http.StatusUnprocessableEntity, "invalid")
		matchesSchema(t, doc, "#/components/schemas/Problem", res.body)
		if got := fieldErrors(res); !slices.Equal(got, []string{"amount"}) || anyMap(anyList(res.body["errors"])[0])["code"] != "too_high" {
			t.Errorf("too high: %v", res.body)
		}
		for _, body := range []string{`{"amount": "1.200,00"}`, `{"amount": ""}`, `{}`} {
			if res := postJSON(t, f.h, f.self+"/payments", f.providerToken, body); res.status != http.StatusUnprocessableEntity || !slices.Equal(fieldErrors(res), []string{"amount"}) {
				t.Errorf("%s: %d %v", body, res.status, res.body)
			}
		}
		if res := postJSON(t, f.h, f.self+"/payments", f.providerToken, `{"amount": "1.00", "betrag": "2.00"}`); !slices.Equal(fieldErrors(res), []string{"body"}) {
			t.Errorf("unknown member: %v", res.body)
		}
		// The funder sees the grant but does not request; the provider does not release.
		wantProblem(t, postJSON(t, f.h, f.self+"/payments", f.landToken, `{"amount": "1.00"}`), http.StatusForbidden, "forbidden")
		wantProblem(t, postJSON(t, f.h, f.payment(pay, "decision"), f.providerToken, `{"amount": "1200.00"}`), http.StatusForbidden, "forbidden")
		wantProblem(t, postJSON(t, f.h, f.payment(pay, "paid"), f.providerToken, `{"paid_on": "2026-09-15"}`), http.StatusForbidden, "forbidden")

		// The funder releases less, with a reason; a release needs its amount.
		res = postJSON(t, f.h, f.payment(pay, "decision"), f.landToken, `{"reason": "Nur belegte Honorare."}`)
		if got := fieldErrors(res); res.status != http.StatusUnprocessableEntity || !slices.Equal(got, []string{"amount"}) {
			t.Errorf("decision without amount: %d %v", res.status, res.body)
		}
		res = postJSON(t, f.h, f.payment(pay, "decision"), f.landToken, `{"amount": "1000.00"}`)
		if got := fieldErrors(res); res.status != http.StatusUnprocessableEntity || !slices.Equal(got, []string{"reason"}) {
			t.Errorf("reduced without reason: %d %v", res.status, res.body)
		}
		res = postJSON(t, f.h, f.payment(pay, "decision"), f.landToken, `{"amount": "1000.00", "reason": "Nur belegte Honorare.", "revision": 1}`)
		if res.status != http.StatusOK || res.body["status"] != "approved" || res.body["approved"] != "1000.00" || res.body["requested"] != "1200.00" ||
			res.body["reason"] != "Nur belegte Honorare." || res.body["revision"] != 2.0 || res.body["decided_at"] == nil {
			t.Fatalf("decide: %d %v", res.status, res.body)
		}
		matchesSchema(t, doc, "#/components/schemas/Payment", res.body)
		// A colleague's form of the revision before, and a second decision: 409.
		wantProblem(t, postJSON(t, f.h, f.payment(pay, "decision"), f.landToken, `{"amount": "1200.00", "revision": 1}`), http.StatusConflict, "conflict")
		wantProblem(t, postJSON(t, f.h, f.payment(pay, "decision"), f.landToken, `{"amount": "1200.00", "revision": 2}`), http.StatusConflict, "conflict")

		// Paid: on the stale revision not, on the current one once.
		wantProblem(t, postJSON(t, f.h, f.payment(pay, "paid"), f.landToken, `{"paid_on": "2026-09-15", "revision": 1}`), http.StatusConflict, "conflict")
		if res := postJSON(t, f.h, f.payment(pay, "paid"), f.landToken, `{"paid_on": "15.09.2026", "revision": 2}`); !slices.Equal(fieldErrors(res), []string{"paid_on"}) {
			t.Errorf("German date: %v", res.body)
		}
		if res := postJSON(t, f.h, f.payment(pay, "paid"), f.landToken, `{"revision": 2}`); !slices.Equal(fieldErrors(res), []string{"paid_on"}) {
			t.Errorf("no date: %v", res.body)
		}
		res = postJSON(t, f.h, f.payment(pay, "paid"), f.landToken, `{"paid_on": "2026-09-15", "revision": 2}`)
		if res.status != http.StatusOK || res.body["status"] != "paid" || res.body["paid_on"] != "2026-09-15" || res.body["approved"] != "1000.00" || res.body["revision"] != 3.0 {
			t.Fatalf("pay: %d %v", res.status, res.body)
		}
		matchesSchema(t, doc, "#/components/schemas/Payment", res.body)
		wantProblem(t, postJSON(t, f.h, f.payment(pay, "paid"), f.landToken, `{"paid_on": "2026-09-16"}`), http.StatusConflict, "conflict")

		// A second request refused ("0.00" with a reason), a third still waiting.
		res = postJSON(t, f.h, f.self+"/payments", f.providerToken, `{"amount": "800.00", "purpose": "Miete"}`)
		refused := int64(res.body["id"].(float64))
		res = postJSON(t, f.h, f.payment(refused, "decision"), f.landToken, `{"amount": "0.00", "reason": "Miete ist nicht förderfähig."}`)
		if res.status != http.StatusOK || res.body["status"] != "refused" || res.body["approved"] != "0.00" {
			t.Errorf("refuse: %d %v", res.status, res.body)
		}
		if res := postJSON(t, f.h, f.self+"/payments", f.providerToken, `{"amount": "500.00"}`); res.status != http.StatusCreated {
			t.Fatalf("third request: %d %v", res.status, res.body)
		}
		wantProblem(t, postJSON(t, f.h, f.payment(999999, "decision"), f.landToken, `{"amount": "1.00"}`), http.StatusNotFound, "not_found")

		// The totals add up: 1,000 € paid, 500 € waiting, the rest available.
		res = getWithToken(t, f.h, f.self, f.landToken)
		matchesSchema(t, doc, "#/components/schemas/GrantDetail", res.body)
		totals := anyMap(res.body["totals"])
		want := map[string]any{"amount": "32668.00", "pending": "500.00", "released": "0.00", "paid": "1000.00", "available": "31168.00"}
		if !reflect.DeepEqual(totals, want) {
			t.Errorf("totals = %v, want %v", totals, want)
		}
		var sum teilhabe.Cents
		for _, k := range []string{"pending", "released", "paid", "available"} {
			c, err := teilhabe.ParseDecimal(totals[k].(string))
			if err != nil {
				t.Fatal(err)
			}
			sum += c
		}
		if sum.String() != totals["amount"] {
			t.Errorf("the totals add up to %s, not the amount %v", sum, totals["amount"])
		}
		var statuses []any
		for _, p := range anyList(res.body["payments"]) {
			statuses = append(statuses, anyMap(p)["status"])
		}
		if !reflect.DeepEqual(statuses, []any{"paid", "refused", "requested"}) {
			t.Errorf("payments: %v", statuses)
		}
		if g := items(t, getWithToken(t, f.h, "/api/v1/grants", f.providerToken))[0]; g["paid"] != "1000.00" {
			t.Errorf("listed after the payout: %v", g)
		}

		// Another provider, the Bund's staff and an unknown id: all the same 404,
		// word for word; reading and every step alike.
		missing := getWithToken(t, f.h, "/api/v1/grants/999999", f.otherToken)
		wantProblem(t, missing, http.StatusNotFound, "not_found")
		matchesSchema(t, doc, "#/components/schemas/Problem", missing.body)
		same := func(what string, res response) {
			t.Helper()
			if res.status != http.StatusNotFound || !reflect.DeepEqual(withoutRequestID(res.body), withoutRequestID(missing.body)) {
				t.Errorf("%s: %d %v; a missing grant: %v", what, res.status, res.body, missing.body)
			}
		}
		for _, tok := range []string{f.otherToken, f.bundToken} {
			same("hidden grant", getWithToken(t, f.h, f.self, tok))
			same("request on a hidden grant", postJSON(t, f.h, f.self+"/payments", tok, `{"amount": "1.00"}`))
			same("decision on a hidden grant", postJSON(t, f.h, f.payment(pay, "decision"), tok, `{"amount": "1.00"}`))
			same("payout on a hidden grant", postJSON(t, f.h, f.payment(pay, "paid"), tok, `{"paid_on": "2026-09-15"}`))
			same("malformed payment of a hidden grant", postJSON(t, f.h, f.self+"/payments/x/paid", tok, `{"paid_on": "2026-09-15"}`))
			if res := getWithToken(t, f.h, "/api/v1/grants", tok); res.status != http.StatusOK || len(items(t, res)) != 0 || res.body["total"] != 0.0 {
				t.Errorf("list of someone else: %v", res.body)
			}
		}
		same("missing grant, request", postJSON(t, f.h, "/api/v1/grants/999999/payments", f.providerToken, `{"amount": "1.00"}`))
		same("malformed id", getWithToken(t, f.h, "/api/v1/grants/x", f.providerToken))
		wantProblem(t, getWithToken(t, f.h, "/api/v1/grants", ""), http.StatusUnauthorized, "unauthorized")
		wantProblem(t, getWithToken(t, f.h, f.self, ""), http.StatusUnauthorized, "unauthorized")
		wantProblem(t, postJSON(t, f.h, f.self+"/payments", "", `{"amount": "1.00"}`), http.StatusUnauthorized, "unauthorized")
	})
}
