package api

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/statements"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
)

// statementFixture adds to the programme fixture the town of Ludwigsburg with a
// commissioner of its own, a commissioner for the whole Land (who sees Stuttgart's
// applications but is not the administration asked: Stuttgart is nearer), one of
// Bavaria (who sees none of them), and a handler with the statement use cases.
type statementFixture struct {
	*programmeFixture
	h                                         http.Handler
	ludwigsburg                               accounts.Organisation
	ludwigsburgToken, landwideToken, bayToken string
	call                                      int64
}

func setupStatements(t *testing.T, db *store.DB) *statementFixture {
	t.Helper()
	f := &statementFixture{programmeFixture: setupProgrammes(t, db)}
	// The same directory with the Landkreis Ludwigsburg and its town added.
	gs, pd := day("2024-12-31"), day("2023-12-31")
	more := append(testRegions(),
		regions.Region{Key: "08118", ARS: "08118", Name: "Ludwigsburg", Level: regions.LevelKreis, Kind: "Landkreis", ParentKey: "081",
			AreaKm2: 686.77, Population: 547497, PopulationDate: pd, ValidFrom: gs},
		regions.Region{Key: "081180048", ARS: "081180048", Name: "Ludwigsburg, Stadt", Level: regions.LevelGemeindeverband, Kind: "verbandsfreie Gemeinde",
			ParentKey: "08118", AreaKm2: 43.33, Population: 94244, PopulationDate: pd, ValidFrom: gs},
		regions.Region{Key: "08118048", ARS: "081180048048", Name: "Ludwigsburg, Stadt", Level: regions.LevelGemeinde, Kind: "Große Kreisstadt",
			ParentKey: "081180048", AreaKm2: 43.33, Population: 94244, PopulationDate: pd, ValidFrom: gs})
	if _, err := storetest.ImportRegions(f.ctx, db, more, "test"); err != nil {
		t.Fatalf("import regions: %v", err)
	}
	f.ludwigsburg = organisation(t, db, accounts.Organisation{Kind: accounts.KindMunicipality, Name: "Stadt Ludwigsburg", RegionKey: "08118048"})
	land := organisation(t, db, accounts.Organisation{Kind: accounts.KindMunicipality, Name: "Integrationsbeauftragte des Landes", RegionKey: "08"})
	bay := organisation(t, db, accounts.Organisation{Kind: accounts.KindMunicipality, Name: "Integrationsbeauftragte Bayern", RegionKey: "09"})
	_, f.ludwigsburgToken = userWithToken(t, db, "integration@ludwigsburg.example", accounts.Membership{Organisation: f.ludwigsburg, Role: accounts.RoleCommissioner})
	_, f.landwideToken = userWithToken(t, db, "integration@land.example", accounts.Membership{Organisation: land, Role: accounts.RoleCommissioner})
	_, f.bayToken = userWithToken(t, db, "integration@bayern.example", accounts.Membership{Organisation: bay, Role: accounts.RoleCommissioner})

	a := newAPI(db)
	a.statements = statements.NewService(db.MunicipalStatements())
	f.h = a.Handler()
	prog, err := programmes.NewService(db.Programmes()).Programme(f.ctx, f.landProgramme)
	if err != nil {
		t.Fatal(err)
	}
	f.call = prog.Programme.Calls[0].ID
	return f
}

// submit creates and submits an application of the provider for the regions and
// returns its id.
func (f *statementFixture) submit(t *testing.T, title string, regionKeys ...string) int64 {
	t.Helper()
	body := strings.Replace(applicationBodyJSON(f.call, "32668.00"), `"Deutsch am Abend"`, fmt.Sprintf("%q", title), 1)
	body = strings.Replace(body, `["08111000"]`, `["`+strings.Join(regionKeys, `", "`)+`"]`, 1)
	res := postJSON(t, f.h, "/api/v1/applications", f.providerToken, body)
	if res.status != http.StatusCreated {
		t.Fatalf("create %s: %d %v", title, res.status, res.body)
	}
	id := int64(res.body["id"].(float64))
	if res := postJSON(t, f.h, fmt.Sprintf("/api/v1/applications/%d/submit", id), f.providerToken, `{}`); res.status != http.StatusOK {
		t.Fatalf("submit %s: %d %v", title, res.status, res.body)
	}
	return id
}

// askedOf returns the caller's asked statement on the application, or nil.
func askedOf(t *testing.T, res response, application int64) map[string]any {
	t.Helper()
	for _, it := range items(t, res) {
		if app, _ := it["application"].(map[string]any); app["id"] == float64(application) {
			return it
		}
	}
	return nil
}

func applicationStatus(t *testing.T, h http.Handler, id int64, token string) any {
	t.Helper()
	res := getWithToken(t, h, fmt.Sprintf("/api/v1/applications/%d", id), token)
	if res.status != http.StatusOK {
		t.Fatalf("application %d: %d %v", id, res.status, res.body)
	}
	return res.body["status"]
}

const completeStatement = `{"strategy_fit": "Passt zum Handlungsfeld Sprache des Integrationskonzepts.", "overlap": "Keine; die VHS bietet abends nichts an.",
	"recommendation": "conditional", "conditions": "Kinderbetreuung während der Kurse.", "text": "Wir befürworten den Kurs.", "revision": %d}`

func TestStatementAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setupStatements(t, db)
		doc := loadOpenAPI(t)
		submittedAt := f.clock
		id := f.submit(t, "Deutsch am Abend in zwei Städten", "08111000", "08118048")
		late := f.submit(t, "Sprachcafé am Samstag", "08111000")
		self := fmt.Sprintf("/api/v1/applications/%d/statements", id)
		due := *instant(applications.StatementDue(submittedAt, programmes.DefaultStatementDays))

		// Stuttgart's commissioner finds both requests among the open ones.
		res := getWithToken(t, f.h, "/api/v1/statements", f.token)
		if res.status != http.StatusOK || res.header.Get("Cache-Control") != "private, no-store" {
			t.Fatalf("asked: %d %v %v", res.status, res.header, res.body)
		}
		matchesSchema(t, doc, "#/components/schemas/AskedStatementList", res.body)
		it := askedOf(t, res, id)
		if it == nil {
			t.Fatalf("the request on %d is not listed: %v", id, res.body)
		}
		app := it["application"].(map[string]any)
		if it["state"] != "open" || it["due_at"] != due || it["requested_at"] == nil || it["recommendation"] != nil || it["given_by"] != nil ||
			it["municipality"].(map[string]any)["name"] != "Landeshauptstadt Stuttgart" || it["region_key"] != "08111000" {
			t.Errorf("asked statement: %v (due %s)", it, due)
		}
		if app["title"] != "Deutsch am Abend in zwei Städten" || app["status"] != "statements_requested" || app["provider"] != "Caritas Stuttgart" ||
			app["programme"] != "Sprachkurse für Geflüchtete in Baden-Württemberg" || app["call"].(map[string]any)["name"] != "Förderaufruf 2026" {
			t.Errorf("its application: %v", app)
		}
		if askedOf(t, res, late) == nil {
			t.Errorf("the second request is not listed: %v", res.body)
		}
		// Only the administrations asked have requests; the funder, the provider, the
		// Land's commissioner (Stuttgart is nearer) and Bavaria's have none.
		if res := getWithToken(t, f.h, "/api/v1/statements", f.ludwigsburgToken); askedOf(t, res, id) == nil || askedOf(t, res, late) != nil {
			t.Errorf("Ludwigsburg's requests: %v", res.body)
		}
		for _, tok := range []string{f.landToken, f.providerToken, f.landwideToken, f.bayToken} {
			if res := getWithToken(t, f.h, "/api/v1/statements", tok); res.status != http.StatusOK || len(items(t, res)) != 0 {
				t.Errorf("asked of someone not asked: %d %v", res.status, res.body)
			}
		}
		wantProblem(t, getWithToken(t, f.h, "/api/v1/statements", ""), http.StatusUnauthorized, "unauthorized")

		// Who reads which statements on the application: the funder both, each
		// commissioner their own, the provider and the Land's commissioner see the
		// application but none; Bavaria's commissioner and the Bund's staff get the
		// answer of an application that does not exist.
		municipalities := func(token string) []string {
			t.Helper()
			res := getWithToken(t, f.h, self, token)
			if res.status != http.StatusOK {
				t.Fatalf("statements: %d %v", res.status, res.body)
			}
			matchesSchema(t, doc, "#/components/schemas/StatementList", res.body)
			var out []string
			for _, s := range items(t, res) {
				out = append(out, s["municipality"].(map[string]any)["name"].(string))
			}
			slices.Sort(out)
			return out
		}
		for _, c := range []struct {
			who, token string
			want       []string
		}{
			{"funder", f.landToken, []string{"Landeshauptstadt Stuttgart", "Stadt Ludwigsburg"}},
			{"Stuttgart", f.token, []string{"Landeshauptstadt Stuttgart"}},
			{"Ludwigsburg", f.ludwigsburgToken, []string{"Stadt Ludwigsburg"}},
			{"provider", f.providerToken, nil},
			{"Land's commissioner", f.landwideToken, nil},
		} {
			if got := municipalities(c.token); !slices.Equal(got, c.want) {
				t.Errorf("%s reads %v, want %v", c.who, got, c.want)
			}
		}
		missing := getWithToken(t, f.h, "/api/v1/applications/999999/statements", f.landToken)
		wantProblem(t, missing, http.StatusNotFound, "not_found")
		matchesSchema(t, doc, "#/components/schemas/Problem", missing.body)
		for _, tok := range []string{f.bayToken, f.bundToken} {
			res := getWithToken(t, f.h, self, tok)
			wantProblem(t, res, http.StatusNotFound, "not_found")
			if res.body["detail"] != missing.body["detail"] {
				t.Errorf("hidden application says %v, missing says %v", res.body["detail"], missing.body["detail"])
			}
			wantProblem(t, postJSON(t, f.h, self, tok, fmt.Sprintf(completeStatement, 0)), http.StatusNotFound, "not_found")
		}
		wantProblem(t, getWithToken(t, f.h, "/api/v1/applications/x/statements", f.landToken), http.StatusNotFound, "not_found")
		wantProblem(t, getWithToken(t, f.h, self, ""), http.StatusUnauthorized, "unauthorized")

		// Every gap at once; conditions only with a conditional recommendation.
		res = postJSON(t, f.h, self, f.token, `{}`)
		wantProblem(t, res, http.StatusUnprocessableEntity, "invalid")
		matchesSchema(t, doc, "#/components/schemas/Problem", res.body)
		if got := fieldErrors(res); !slices.Equal(got, []string{"strategy_fit", "overlap", "recommendation", "text"}) {
			t.Errorf("empty statement: fields %v", got)
		}
		res = postJSON(t, f.h, self, f.token, `{"recommendation": "conditional", "overlap": "  ", "text": "Gut."}`)
		if got := fieldErrors(res); res.status != http.StatusUnprocessableEntity || !slices.Equal(got, []string{"strategy_fit", "overlap", "conditions"}) {
			t.Errorf("conditional without conditions: %d fields %v", res.status, got)
		}
		res = postJSON(t, f.h, self, f.token, `{"strategy_fit": "a", "overlap": "b", "recommendation": "vielleicht", "text": "c"}`)
		if got := fieldErrors(res); res.status != http.StatusUnprocessableEntity || !slices.Equal(got, []string{"recommendation"}) {
			t.Errorf("unknown recommendation: %d fields %v", res.status, got)
		}
		res = postJSON(t, f.h, self, f.token, `{"strategy_fit": "`+strings.Repeat("x", 10001)+`", "overlap": "b", "recommendation": "supported", "text": "c"}`)
		if got := fieldErrors(res); res.status != http.StatusUnprocessableEntity || !slices.Equal(got, []string{"strategy_fit"}) ||
			!strings.Contains(fmt.Sprint(res.body["errors"]), "höchstens 10000 Zeichen") {
			t.Errorf("too long: %d %v", res.status, res.body)
		}
		res = postJSON(t, f.h, self, f.token, `{"text": "Gut.", "empfehlung": "ja"}`)
		if got := fieldErrors(res); res.status != http.StatusUnprocessableEntity || !slices.Equal(got, []string{"body"}) {
			t.Errorf("unknown member: %d fields %v", res.status, got)
		}
		// In English, the field errors are English.
		req := httptest.NewRequest(http.MethodPost, self, strings.NewReader(`{"strategy_fit": "a", "overlap": "b", "text": "c"}`))
		req.Header.Set("Authorization", "Bearer "+f.token)
		req.Header.Set("Accept-Language", "en")
		res = do(t, f.h, req)
		if errs, _ := res.body["errors"].([]any); len(errs) != 1 || anyMap(errs[0])["field"] != "recommendation" || anyMap(errs[0])["code"] != "required" ||
			anyMap(errs[0])["message"] != "Please choose a recommendation." {
			t.Errorf("English field errors: %v", res.body["errors"])
		}
		if got := municipalities(f.landToken); len(got) != 2 {
			t.Fatalf("after refused statements: %v", got)
		}
		if res := getWithToken(t, f.h, self, f.token); items(t, res)[0]["state"] != "open" || items(t, res)[0]["revision"] != 1.0 {
			t.Errorf("a refused statement changed the stored one: %v", res.body)
		}

		// Someone who sees the application but was not asked may not give one.
		for _, tok := range []string{f.landwideToken, f.landToken, f.providerToken} {
			res := postJSON(t, f.h, self, tok, fmt.Sprintf(completeStatement, 0))
			wantProblem(t, res, http.StatusForbidden, "forbidden")
		}
		wantProblem(t, postJSON(t, f.h, self, "", fmt.Sprintf(completeStatement, 0)), http.StatusUnauthorized, "unauthorized")

		// Stuttgart gives its statement; Ludwigsburg's is still open, so the
		// application waits.
		res = postJSON(t, f.h, self, f.token, fmt.Sprintf(completeStatement, 1))
		if res.status != http.StatusOK {
			t.Fatalf("give: %d %v", res.status, res.body)
		}
		matchesSchema(t, doc, "#/components/schemas/Statement", res.body)
		if res.body["state"] != "given" || res.body["recommendation"] != "conditional" || res.body["conditions"] != "Kinderbetreuung während der Kurse." ||
			res.body["given_by"] != "Ayşe Demir" || res.body["given_at"] == nil || res.body["revision"] != 2.0 || res.body["due_at"] != due {
			t.Errorf("given: %v", res.body)
		}
		if s := applicationStatus(t, f.h, id, f.landToken); s != "statements_requested" {
			t.Errorf("with one of two statements the application is %v", s)
		}
		// A colleague's form of the revision before: nothing is saved.
		res = postJSON(t, f.h, self, f.token, strings.Replace(fmt.Sprintf(completeStatement, 1), "conditional", "not_supported", 1))
		wantProblem(t, res, http.StatusConflict, "conflict")
		// Revised on the current revision: conditions go with "supported".
		res = postJSON(t, f.h, self, f.token, strings.Replace(fmt.Sprintf(completeStatement, 2), "conditional", "supported", 1))
		if res.status != http.StatusOK || res.body["recommendation"] != "supported" || res.body["conditions"] != "" || res.body["revision"] != 3.0 {
			t.Errorf("revise: %d %v", res.status, res.body)
		}
		if it := askedOf(t, getWithToken(t, f.h, "/api/v1/statements", f.token), id); it["state"] != "given" || it["recommendation"] != "supported" {
			t.Errorf("Stuttgart's list after giving: %v", it)
		}

		// Ludwigsburg's statement is the last one asked: the statements are in.
		res = postJSON(t, f.h, self, f.ludwigsburgToken, `{"strategy_fit": "Ergänzt unser Konzept.", "overlap": "Keine.", "recommendation": "not_supported", "text": "Bedarf gedeckt."}`)
		if res.status != http.StatusOK || res.body["state"] != "given" || res.body["recommendation"] != "not_supported" {
			t.Fatalf("Ludwigsburg gives: %d %v", res.status, res.body)
		}
		for _, tok := range []string{f.landToken, f.providerToken} {
			if s := applicationStatus(t, f.h, id, tok); s != "statements_received" {
				t.Errorf("with every statement in the application is %v", s)
			}
		}
		res = getWithToken(t, f.h, self, f.landToken)
		for _, s := range items(t, res) {
			if s["state"] != "given" || s["given_by"] == nil {
				t.Errorf("funder reads: %v", s)
			}
		}
		if got := municipalities(f.providerToken); got != nil {
			t.Errorf("the provider reads %v", got)
		}

		// After the deadline, the statement not given is "keine Stellungnahme" and
		// can no longer be given; the one given cannot be changed.
		f.clock = submittedAt.Add(time.Duration(programmes.DefaultStatementDays+1) * 24 * time.Hour)
		res = postJSON(t, f.h, fmt.Sprintf("/api/v1/applications/%d/statements", late), f.token, fmt.Sprintf(completeStatement, 0))
		wantProblem(t, res, http.StatusConflict, "conflict")
		if d, _ := res.body["detail"].(string); !strings.Contains(d, "Frist") {
			t.Errorf("deadline detail: %q", d)
		}
		wantProblem(t, postJSON(t, f.h, self, f.token, fmt.Sprintf(completeStatement, 0)), http.StatusConflict, "conflict")
		res = getWithToken(t, f.h, "/api/v1/statements", f.token)
		matchesSchema(t, doc, "#/components/schemas/AskedStatementList", res.body)
		if it := askedOf(t, res, late); it == nil || it["state"] != "missing" || it["recommendation"] != nil {
			t.Errorf("after the deadline: %v", it)
		}
		if it := askedOf(t, res, id); it == nil || it["state"] != "given" {
			t.Errorf("the given one after the deadline: %v", it)
		}
		if s := applicationStatus(t, f.h, late, f.landToken); s != "statements_requested" {
			t.Errorf("a missed statement moved the application to %v", s)
		}
	})
}

// matchesSchema checks a decoded JSON value against a schema of the OpenAPI
// document.
func matchesSchema(t *testing.T, doc map[string]any, ref string, v any) {
	t.Helper()
	for _, p := range schemaProblems(doc, ref, v) {
		t.Errorf("%s: %s", ref, p)
	}
}

// schemaProblems lists where v departs from the schema: types, required and
// undocumented members, enums, array items and date-times, through $ref and allOf,
// the keywords the document uses for these answers.
func schemaProblems(doc map[string]any, ref string, v any) []string {
	var problems []string
	var check func(path string, s map[string]any, v any)
	check = func(path string, s map[string]any, v any) {
		props := map[string]any{}
		var required []any
		parts := []map[string]any{s}
		for i := 0; i < len(parts); i++ {
			sub := parts[i]
			if r, ok := sub["$ref"].(string); ok {
				if sub, _ = resolve(doc, r).(map[string]any); sub == nil {
					problems = append(problems, path+": unresolved "+r)
					continue
				}
			}
			for _, x := range anyList(sub["allOf"]) {
				parts = append(parts, anyMap(x))
			}
			for k, p := range anyMap(sub["properties"]) {
				props[k] = p
			}
			required = append(required, anyList(sub["required"])...)
			if sub["type"] != nil && !hasType(sub["type"], v) {
				problems = append(problems, fmt.Sprintf("%s: %v is not of type %v", path, v, sub["type"]))
				return
			}
			if enum := anyList(sub["enum"]); enum != nil && !slices.Contains(enum, v) {
				problems = append(problems, fmt.Sprintf("%s: %v is not one of %v", path, v, enum))
			}
			if sub["format"] == "date-time" && v != nil {
				if _, err := time.Parse(time.RFC3339, fmt.Sprint(v)); err != nil {
					problems = append(problems, fmt.Sprintf("%s: %v is no date-time", path, v))
				}
			}
			if item, ok := sub["items"].(map[string]any); ok {
				for i, x := range anyList(v) {
					check(fmt.Sprintf("%s[%d]", path, i), item, x)
				}
			}
		}
		obj, isObj := v.(map[string]any)
		if !isObj || len(props) == 0 {
			return
		}
		for _, r := range required {
			if _, ok := obj[r.(string)]; !ok {
				problems = append(problems, fmt.Sprintf("%s: required %s missing", path, r))
			}
		}
		for k, x := range obj {
			p, ok := props[k].(map[string]any)
			if !ok {
				problems = append(problems, fmt.Sprintf("%s: %s is not documented", path, k))
				continue
			}
			check(path+"."+k, p, x)
		}
	}
	check("", map[string]any{"$ref": ref}, v)
	return problems
}

func anyList(v any) []any { l, _ := v.([]any); return l }

func anyMap(v any) map[string]any { m, _ := v.(map[string]any); return m }

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case bool:
		return "boolean"
	case float64:
		return "number"
	case []any:
		return "array"
	}
	return "object"
}

func hasType(want, v any) bool {
	types := anyList(want)
	if types == nil {
		types = []any{want}
	}
	got := jsonType(v)
	for _, w := range types {
		if w == got || (w == "integer" && got == "number" && v.(float64) == float64(int64(v.(float64)))) {
			return true
		}
	}
	return false
}

// The checker itself: it must see an undocumented member, a missing required one,
// a wrong type, a value outside the enum and a date that is no date-time, also
// inside the allOf of a list item.
func TestSchemaProblems(t *testing.T) {
	doc := loadOpenAPI(t)
	good := func() map[string]any {
		return map[string]any{"id": 1.0, "application_id": 2.0, "municipality": map[string]any{"id": 3.0, "name": "Stuttgart"}, "region_key": "08111000",
			"state": "open", "requested_at": "2026-03-02T10:00:00+01:00", "due_at": "2026-03-30T23:59:59+02:00", "recommendation": nil, "revision": 1.0,
			"application": map[string]any{"id": 2.0, "title": "Kurs", "status": "statements_requested"}}
	}
	list := func(m map[string]any) map[string]any { return map[string]any{"items": []any{m}} }
	if p := schemaProblems(doc, "#/components/schemas/AskedStatementList", list(good())); len(p) > 0 {
		t.Errorf("a good answer: %v", p)
	}
	for name, change := range map[string]func(m map[string]any){
		"undocumented": func(m map[string]any) { m["secret"] = "x" },
		"missing":      func(m map[string]any) { delete(m, "state") },
		"type":         func(m map[string]any) { m["revision"] = "1" },
		"fraction":     func(m map[string]any) { m["revision"] = 1.5 },
		"enum":         func(m map[string]any) { m["state"] = "overdue" },
		"date-time":    func(m map[string]any) { m["due_at"] = "30.03.2026" },
		"nested enum":  func(m map[string]any) { m["application"].(map[string]any)["status"] = "done" },
		"no app":       func(m map[string]any) { delete(m, "application") },
	} {
		bad := good()
		change(bad)
		if p := schemaProblems(doc, "#/components/schemas/AskedStatementList", list(bad)); len(p) == 0 {
			t.Errorf("%s: not found", name)
		}
	}
}
