package api

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
)

// The programme use cases fail as well, for the problem tests.

// brokenProgrammes is the programme use cases over a database that fails.
type brokenProgrammes struct{}

func (brokenProgrammes) Now() time.Time { return time.Now() }
func (brokenProgrammes) Programme(context.Context, int64) (programmes.ProgrammeView, error) {
	return programmes.ProgrammeView{}, errBroken
}
func (brokenProgrammes) SetStatus(context.Context, int64, programmes.Status, int) (programmes.Programme, error) {
	return programmes.Programme{}, errBroken
}
func (brokenProgrammes) Versions(context.Context, int64) (programmes.Programme, []programmes.Version, error) {
	return programmes.Programme{}, nil, errBroken
}
func (brokenProgrammes) Report(context.Context, int64) (programmes.Report, bool, error) {
	return programmes.Report{}, false, errBroken
}
func (brokenProgrammes) Search(context.Context, programmes.Query) (programmes.Result, error) {
	return programmes.Result{}, errBroken
}
func (brokenProgrammes) Match(context.Context, programmes.MatchInput) ([]programmes.Match, error) {
	return nil, errBroken
}

// programmeFixture adds to the base fixture two funders (a Land and the Bund), a
// provider with a user, and three programmes: a published one of the Land with an
// open call and an answered statement of Stuttgart, a published one of the Bund,
// and a draft of the Land. The store's clock is fixed and moved by the test.
type programmeFixture struct {
	fixture
	clock                                   time.Time
	landToken, bundToken, providerToken     string
	landUser, bundUser                      accounts.User
	landProgramme, bundProgramme, draft     int64
	statement                               int64 // Stuttgart's statement on landProgramme
	landFunder, bundFunder                  accounts.Organisation
	ctx                                     context.Context // acts as the Land's staff
	landConsultationDeadline, publishedTime time.Time
}

func (p *programmeFixture) path(id int64, rest string) string {
	return fmt.Sprintf("/api/v1/programmes/%d%s", id, rest)
}

func userWithToken(t *testing.T, db *store.DB, email string, m accounts.Membership) (accounts.User, string) {
	t.Helper()
	u := storetest.User(t, db, accounts.NewUser{Email: email, Name: email, Password: "correct horse battery staple"}, m)
	_, secret, err := accounts.NewService(db.Accounts()).CreateToken(storetest.As(t, db, u.ID), "Test")
	if err != nil {
		t.Fatalf("create token: %v", err)
	}
	return u, secret
}

func organisation(t *testing.T, db *store.DB, o accounts.Organisation) accounts.Organisation {
	t.Helper()
	return storetest.Organisation(t, db, o)
}

func setupProgrammes(t *testing.T, db *store.DB) *programmeFixture {
	t.Helper()
	f := &programmeFixture{fixture: setup(t, db), clock: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	db.Now = func() time.Time { return f.clock }
	f.landFunder = organisation(t, db, accounts.Organisation{Kind: accounts.KindFunder, Name: "Ministerium der Justiz und für Migration Baden-Württemberg",
		FunderLevel: accounts.FunderLand, RegionKey: "08"})
	f.bundFunder = organisation(t, db, accounts.Organisation{Kind: accounts.KindFunder, Name: "Bundesamt für Migration und Flüchtlinge",
		FunderLevel: accounts.FunderBund, RegionKey: "DG"})
	provider := organisation(t, db, accounts.Organisation{Kind: accounts.KindProvider, Name: "Caritas Stuttgart", ProviderType: accounts.ProviderWelfare})
	f.landUser, f.landToken = userWithToken(t, db, "foerderung@jum.bwl.example", accounts.Membership{Organisation: f.landFunder, Role: accounts.RoleFunderStaff})
	f.bundUser, f.bundToken = userWithToken(t, db, "foerderung@bamf.example", accounts.Membership{Organisation: f.bundFunder, Role: accounts.RoleFunderStaff})
	_, f.providerToken = userWithToken(t, db, "projekte@caritas.example", accounts.Membership{Organisation: provider, Role: accounts.RoleProviderStaff})
	f.ctx = storetest.As(t, db, f.landUser.ID)
	bundCtx := storetest.As(t, db, f.bundUser.ID)
	svc := programmes.NewService(db.Programmes())

	land := &programmes.Programme{FunderID: f.landFunder.ID, Title: "Sprachkurse für Geflüchtete in Baden-Württemberg",
		Summary:      "Zuschüsse für niedrigschwellige Sprachkurse vor und neben dem Integrationskurs.",
		Sections:     []programmes.Section{{Heading: "Zweck", Body: "Das Land fördert Sprachkurse.\n\nKurse mit Kinderbetreuung werden bevorzugt."}},
		ActionFields: []string{"sprache"}, TargetGroups: []string{"gefluechtete"},
		ProviderTypes: []accounts.ProviderType{accounts.ProviderLanguageCourse, accounts.ProviderWelfare}, RegionKeys: []string{"08"},
		Budgets:     []programmes.Budget{{Year: 2026, Amount: 250_000_000}},
		FundingKind: programmes.FundingProject, FinancingType: programmes.FinancingShare, MaxGrant: 15_000_000, OwnShare: 1000,
		PeriodStart: day("2026-01-01"), PeriodEnd: day("2027-12-31"),
		Calls: []programmes.Call{{Title: "Förderaufruf 2026", OpensAt: f.clock.Add(-24 * time.Hour), ClosesAt: f.clock.Add(60 * 24 * time.Hour)}}}
	bund := &programmes.Programme{FunderID: f.bundFunder.ID, Title: "Bundesprogramm Arbeitsmarktintegration",
		Summary:      "Beratung und Begleitung in Ausbildung und Arbeit.",
		Sections:     []programmes.Section{{Heading: "Gegenstand", Body: "Gefördert werden Beratungsstellen."}},
		ActionFields: []string{"arbeit"}, TargetGroups: []string{"alle"},
		ProviderTypes: []accounts.ProviderType{accounts.ProviderWelfare, accounts.ProviderEducation}, RegionKeys: []string{"DG"},
		FundingKind: programmes.FundingProject, FinancingType: programmes.FinancingFull,
		PeriodStart: day("2026-01-01"), PeriodEnd: day("2028-12-31")}
	draft := &programmes.Programme{FunderID: f.landFunder.ID, Title: "Entwurf: Gesundheitslotsinnen und -lotsen",
		Summary:      "Noch nicht veröffentlicht.",
		Sections:     []programmes.Section{{Heading: "Zweck", Body: "Gesundheitslotsen begleiten Neuzugewanderte."}},
		ActionFields: []string{"gesundheit"}, ProviderTypes: []accounts.ProviderType{accounts.ProviderWelfare}, RegionKeys: []string{"08"},
		FundingKind: programmes.FundingProject, FinancingType: programmes.FinancingDeficit,
		PeriodStart: day("2026-06-01"), PeriodEnd: day("2027-05-31")}
	for _, p := range []*programmes.Programme{land, bund, draft} {
		ctx := f.ctx
		if p == bund {
			ctx = bundCtx
		}
		created, err := svc.Create(ctx, *p)
		if err != nil {
			t.Fatalf("create %q: %v", p.Title, err)
		}
		*p = created
	}
	f.landProgramme, f.bundProgramme, f.draft = land.ID, bund.ID, draft.ID

	// A programme is published after a consultation, once its deadline has passed.
	for _, p := range []*programmes.Programme{land, bund} {
		ctx := f.ctx
		if p == bund {
			ctx = bundCtx
		}
		c := programmes.Consultation{Regions: []string{"08111"}, Deadline: f.clock.Add(7 * 24 * time.Hour), Message: "Bitte um Stellungnahme."}
		if _, err := svc.OpenConsultation(ctx, p.ID, c, 0); err != nil {
			t.Fatalf("open consultation on %d: %v", p.ID, err)
		}
	}
	st, err := svc.Contribute(storetest.As(t, db, f.user.ID), land.ID, programmes.ContributionInput{OrganisationID: f.org.ID, Kind: programmes.KindStatement,
		Text: "Passt gut; bitte auch Kurse am Abend fördern.", Rating: 4, Amendment: "Auch Abendkurse sind förderfähig."})
	if err != nil {
		t.Fatalf("add contribution: %v", err)
	}
	f.statement = st.ID
	f.clock = f.clock.Add(8 * 24 * time.Hour)
	for _, p := range []*programmes.Programme{land, bund} {
		ctx := f.ctx
		if p == bund {
			ctx = bundCtx
		}
		if _, err := svc.SetStatus(ctx, p.ID, programmes.StatusPublished, 0); err != nil {
			t.Fatalf("publish %d: %v", p.ID, err)
		}
	}
	return f
}

// rawGet returns the body as text, for checks of the exact number format.
func rawGet(t *testing.T, h http.Handler, target string) string {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	b, _ := io.ReadAll(rec.Body)
	return string(b)
}

func postJSON(t *testing.T, h http.Handler, target, token, body string) response {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return do(t, h, req)
}

func titles(list []map[string]any) []string {
	out := make([]string, len(list))
	for i, m := range list {
		out[i], _ = m["title"].(string)
	}
	return out
}

// facet returns the values of one facet as value → {count, selected}.
func facet(t *testing.T, res response, name string) map[string]map[string]any {
	t.Helper()
	facets, _ := res.body["facets"].(map[string]any)
	list, ok := facets[name].([]any)
	if !ok {
		t.Fatalf("no facet %q in %v", name, res.body["facets"])
	}
	out := map[string]map[string]any{}
	for _, v := range list {
		m := v.(map[string]any)
		out[m["value"].(string)] = m
	}
	return out
}

func TestProgrammeFinderAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setupProgrammes(t, db)
		const land, bund = "Sprachkurse für Geflüchtete in Baden-Württemberg", "Bundesprogramm Arbeitsmarktintegration"

		res := get(t, f.h, "/api/v1/programmes")
		if res.status != http.StatusOK || res.body["total"] != 2.0 || res.body["page"] != 1.0 || res.body["page_size"] != 20.0 {
			t.Fatalf("all: %d %v", res.status, res.body)
		}
		if got := titles(items(t, res)); !slices.Equal(got, []string{bund, land}) {
			t.Errorf("all, by title = %v (the draft must not appear)", got)
		}
		levels := facet(t, res, "level")
		if levels["land"]["count"] != 1.0 || levels["bund"]["count"] != 1.0 || levels["land"]["selected"] != false {
			t.Errorf("level facet = %v", levels)
		}

		res = get(t, f.h, "/api/v1/programmes?level=land")
		list := items(t, res)
		if len(list) != 1 || list[0]["title"] != land {
			t.Fatalf("level=land: %v", titles(list))
		}
		if lv := facet(t, res, "level"); lv["land"]["selected"] != true || lv["bund"]["count"] != 1.0 {
			t.Errorf("level facet with land chosen = %v", lv)
		}
		p := list[0]
		funder := p["funder"].(map[string]any)
		if funder["level"] != "land" || funder["id"] != float64(f.landFunder.ID) || p["status"] != "published" {
			t.Errorf("funder, status = %v, %v", funder, p["status"])
		}
		if p["max_grant_eur"] != 150000.0 || p["own_share_percent"] != 10.0 || p["funding_kind"] != "project" || p["financing_type"] != "share" {
			t.Errorf("money = %v, %v, %v, %v", p["max_grant_eur"], p["own_share_percent"], p["funding_kind"], p["financing_type"])
		}
		if period := p["period"].(map[string]any); period["start"] != "2026-01-01" || period["end"] != "2027-12-31" {
			t.Errorf("period = %v", period)
		}
		calls := p["calls"].([]any)
		call := calls[0].(map[string]any)
		if len(calls) != 1 || call["open_now"] != true || p["open_now"] != true || call["closes_at"] != p["next_deadline"] {
			t.Errorf("calls = %v, open_now %v, next_deadline %v", calls, p["open_now"], p["next_deadline"])
		}
		// Opened 1 March, 09:00 UTC (winter time); closes 60 days after 2 March, in summer time.
		if call["closes_at"] != "2026-05-01T11:00:00+02:00" || call["opens_at"] != "2026-03-01T10:00:00+01:00" {
			t.Errorf("call times = %v – %v, want Europe/Berlin offsets", call["opens_at"], call["closes_at"])
		}
		if p["url"] != fmt.Sprintf("/programmes/%d", f.landProgramme) {
			t.Errorf("url = %v", p["url"])
		}
		if raw := rawGet(t, f.h, "/api/v1/programmes?level=land"); !strings.Contains(raw, `"max_grant_eur":150000.00,"own_share_percent":10.00`) {
			t.Errorf("amounts are not written with two decimals: %s", raw)
		}
		if bundItem := items(t, get(t, f.h, "/api/v1/programmes?level=bund"))[0]; bundItem["max_grant_eur"] != nil || bundItem["next_deadline"] != nil {
			t.Errorf("no maximum and no call must be null: %v, %v", bundItem["max_grant_eur"], bundItem["next_deadline"])
		}

		for target, want := range map[string][]string{
			"/api/v1/programmes?region=08111":                                           {bund, land}, // a Kreis finds its Land's and the Bund's
			"/api/v1/programmes?region=081110000000":                                    {bund, land}, // a Gemeinde by its ARS
			"/api/v1/programmes?region=09":                                              {bund},
			"/api/v1/programmes?q=Sprachkurse":                                          {land},
			"/api/v1/programmes?action_field=sprache&action_field=arbeit&sort=deadline": {land, bund},
			"/api/v1/programmes?open_now=true":                                          {land},
			"/api/v1/programmes?provider_type=bildungstraeger":                          {bund},
			"/api/v1/programmes?target_group=gefluechtete&level=bund":                   {bund}, // "alle" serves every group
			"/api/v1/programmes?financing_type=full&funding_kind=project":               {bund},
			"/api/v1/programmes?page=2&page_size=1":                                     {land},
		} {
			res := get(t, f.h, target)
			if res.status != http.StatusOK {
				t.Errorf("%s: %d %v", target, res.status, res.body)
				continue
			}
			if got := titles(items(t, res)); !slices.Equal(got, want) {
				t.Errorf("%s = %v, want %v", target, got, want)
			}
		}

		// A misspelt code is an error, never an empty result.
		for target, fields := range map[string][]string{
			"/api/v1/programmes?level=galaxis":                             {"level"},
			"/api/v1/programmes?action_field=sprachee&target_group=kinder": {"action_field", "target_group"},
			"/api/v1/programmes?provider_type=verein&funding_kind=loan":    {"provider_type", "funding_kind"},
			"/api/v1/programmes?financing_type=x&open_now=ja&sort=zufall":  {"financing_type", "open_now", "sort"},
			"/api/v1/programmes?region=99999":                              {"region"},
			"/api/v1/programmes?region=Stuttgart":                          {"region"},
			"/api/v1/programmes?page=0&page_size=101":                      {"page", "page_size"},
		} {
			res := get(t, f.h, target)
			wantProblem(t, res, http.StatusUnprocessableEntity, "invalid")
			if got := fieldErrors(res); !slices.Equal(got, fields) {
				t.Errorf("%s: errors name %v, want %v", target, got, fields)
			}
		}
	})
}

func TestProgrammeVisibilityAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setupProgrammes(t, db)

		res := get(t, f.h, f.path(f.landProgramme, ""))
		if res.status != http.StatusOK || res.body["title"] != "Sprachkurse für Geflüchtete in Baden-Württemberg" {
			t.Fatalf("published: %d %v", res.status, res.body)
		}
		sections := res.body["sections"].([]any)
		budgets := res.body["budgets"].([]any)
		if len(sections) != 1 || sections[0].(map[string]any)["heading"] != "Zweck" {
			t.Errorf("sections = %v", sections)
		}
		if len(budgets) != 1 || budgets[0].(map[string]any)["year"] != 2026.0 || budgets[0].(map[string]any)["amount_eur"] != 2500000.0 {
			t.Errorf("budgets = %v", budgets)
		}
		if cons, _ := res.body["consultation"].(map[string]any); cons == nil || cons["report_published_at"] != nil {
			t.Errorf("consultation = %v", res.body["consultation"])
		}
		if cc := res.header.Get("Cache-Control"); strings.Contains(cc, "private") {
			t.Errorf("published programme: Cache-Control = %q", cc)
		}

		// A draft does not exist for anyone outside its funder.
		draft := f.path(f.draft, "")
		wantProblem(t, get(t, f.h, draft), http.StatusNotFound, "not_found")
		for name, token := range map[string]string{"provider": f.providerToken, "commissioner": f.token, "other funder": f.bundToken} {
			if res := getWithToken(t, f.h, draft, token); res.status != http.StatusNotFound {
				t.Errorf("draft as %s: %d", name, res.status)
			}
		}
		res = getWithToken(t, f.h, draft, f.landToken)
		if res.status != http.StatusOK || res.body["status"] != "draft" {
			t.Fatalf("draft as its funder: %d %v", res.status, res.body)
		}
		if cc := res.header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
			t.Errorf("draft: Cache-Control = %q, want no-store", cc)
		}
		wantProblem(t, get(t, f.h, "/api/v1/programmes/999999"), http.StatusNotFound, "not_found")
		wantProblem(t, get(t, f.h, "/api/v1/programmes/abc"), http.StatusNotFound, "not_found")

		// Versions ("Änderungen") begin with the publication.
		res = get(t, f.h, f.path(f.landProgramme, "/versions"))
		if res.status != http.StatusOK || res.body["total"] != 1.0 {
			t.Fatalf("versions: %d %v", res.status, res.body)
		}
		v := items(t, res)[0]
		if v["number"] != 1.0 || v["changes"] != nil || v["programme"].(map[string]any)["title"] != "Sprachkurse für Geflüchtete in Baden-Württemberg" {
			t.Errorf("version = %v", v)
		}
		wantProblem(t, getWithToken(t, f.h, f.path(f.draft, "/versions"), f.landToken), http.StatusNotFound, "not_found")
	})
}

func TestProgrammeStatusAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setupProgrammes(t, db)
		status := f.path(f.landProgramme, "/status")

		wantProblem(t, postJSON(t, f.h, status, "", `{"status": "applications"}`), http.StatusUnauthorized, "unauthorized")
		wantProblem(t, postJSON(t, f.h, status, f.bundToken, `{"status": "applications"}`), http.StatusForbidden, "forbidden")
		wantProblem(t, postJSON(t, f.h, status, f.providerToken, `{"status": "applications"}`), http.StatusForbidden, "forbidden")
		// Someone who may not see a draft learns nothing about it.
		wantProblem(t, postJSON(t, f.h, f.path(f.draft, "/status"), f.bundToken, `{"status": "consultation"}`), http.StatusNotFound, "not_found")

		res := postJSON(t, f.h, status, f.landToken, `{"status": "applications"}`)
		if res.status != http.StatusOK || res.body["status"] != "applications" || res.body["id"] != float64(f.landProgramme) {
			t.Fatalf("by its funder: %d %v", res.status, res.body)
		}

		// Skipping a step is a conflict and changes nothing.
		res = postJSON(t, f.h, status, f.landToken, `{"status": "archived"}`)
		wantProblem(t, res, http.StatusConflict, "conflict")
		if got := get(t, f.h, f.path(f.landProgramme, "")); got.body["status"] != "applications" {
			t.Errorf("after the conflict: status %v", got.body["status"])
		}
		wantProblem(t, postJSON(t, f.h, f.path(f.draft, "/status"), f.landToken, `{"status": "published"}`), http.StatusConflict, "conflict")
		if got := getWithToken(t, f.h, f.path(f.draft, ""), f.landToken); got.body["status"] != "draft" {
			t.Errorf("draft after the conflict: status %v", got.body["status"])
		}

		for body, field := range map[string]string{`{"status": "fertig"}`: "status", `status=closed`: "status", `{"state": "closed"}`: "status"} {
			res := postJSON(t, f.h, status, f.landToken, body)
			wantProblem(t, res, http.StatusUnprocessableEntity, "invalid")
			if got := fieldErrors(res); !slices.Equal(got, []string{field}) {
				t.Errorf("%s: errors name %v", body, got)
			}
		}

		// A step conditional on the revision the client read: refused once the
		// programme has changed since, and nothing changes.
		rev := int(get(t, f.h, f.path(f.landProgramme, "")).body["revision"].(float64))
		res = postJSON(t, f.h, status, f.landToken, fmt.Sprintf(`{"status": "closed", "revision": %d}`, rev-1))
		wantProblem(t, res, http.StatusConflict, "conflict")
		if got := get(t, f.h, f.path(f.landProgramme, "")); got.body["status"] != "applications" {
			t.Errorf("after the stale step: status %v", got.body["status"])
		}
		res = postJSON(t, f.h, status, f.landToken, fmt.Sprintf(`{"status": "closed", "revision": %d}`, rev))
		if res.status != http.StatusOK || res.body["status"] != "closed" || res.body["revision"] != float64(rev+1) {
			t.Fatalf("the step at the current revision: %d %v", res.status, res.body)
		}
		// The detail is in the caller's language.
		req := httptest.NewRequest(http.MethodPost, status, strings.NewReader(`{"status": "open"}`))
		req.Header.Set("Authorization", "Bearer "+f.landToken)
		req.Header.Set("Accept-Language", "en")
		if res := do(t, f.h, req); res.body["detail"] != "Unknown status." {
			t.Errorf("English detail: %v", res.body)
		}
	})
}

func TestConsultationReportAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setupProgrammes(t, db)
		report := f.path(f.landProgramme, "/report")

		// Before publication only the funder's staff see the report, as a preview.
		wantProblem(t, get(t, f.h, report), http.StatusNotFound, "not_found")
		for name, token := range map[string]string{"provider": f.providerToken, "commissioner": f.token, "other funder": f.bundToken} {
			if res := getWithToken(t, f.h, report, token); res.status != http.StatusNotFound {
				t.Errorf("unpublished report as %s: %d", name, res.status)
			}
		}
		res := getWithToken(t, f.h, report, f.landToken)
		if res.status != http.StatusOK || res.body["published"] != false {
			t.Fatalf("preview for the funder: %d %v", res.status, res.body)
		}
		wantProblem(t, getWithToken(t, f.h, f.path(f.draft, "/report"), f.landToken), http.StatusNotFound, "not_found")

		svc := programmes.NewService(db.Programmes())
		if err := svc.Answer(f.ctx, f.landProgramme, f.statement, programmes.Answer{Verdict: programmes.VerdictAdopted, Reason: "Abendkurse sind jetzt förderfähig."}, 0); err != nil {
			t.Fatal(err)
		}
		if err := svc.PublishReport(f.ctx, f.landProgramme); err != nil {
			t.Fatal(err)
		}
		res = get(t, f.h, report)
		if res.status != http.StatusOK || res.body["published"] != true || res.body["published_at"] == nil {
			t.Fatalf("published report: %d %v", res.status, res.body)
		}
		part := res.body["participation"].(map[string]any)
		if part["invited"] != 1.0 || part["responded"] != 1.0 {
			t.Errorf("participation = %v", part)
		}
		contribs := res.body["contributions"].([]any)
		if len(contribs) != 1 {
			t.Fatalf("contributions = %v", contribs)
		}
		c := contribs[0].(map[string]any)
		answer, _ := c["answer"].(map[string]any)
		if c["kind"] != "statement" || c["rating"] != 4.0 || c["organisation"].(map[string]any)["name"] != "Landeshauptstadt Stuttgart" ||
			answer["verdict"] != "adopted" || answer["reason"] != "Abendkurse sind jetzt förderfähig." {
			t.Errorf("contribution = %v", c)
		}
		if _, named := c["author"]; named {
			t.Errorf("the public report names the author: %v", c)
		}
		if _, ok := res.body["changes"].([]any); !ok {
			t.Errorf("changes = %v", res.body["changes"])
		}
	})
}

func TestProgrammeMatchAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setupProgrammes(t, db)

		res := get(t, f.h, "/api/v1/programmes/match?provider_type=sprachkurstraeger&region=08111")
		list := items(t, res)
		if res.status != http.StatusOK || len(list) != 1 || list[0]["id"] != float64(f.landProgramme) {
			t.Fatalf("provider: %d %v", res.status, res.body)
		}
		var codes []string
		for _, r := range list[0]["reasons"].([]any) {
			r := r.(map[string]any)
			codes = append(codes, r["code"].(string))
			if text, _ := r["text"].(string); text == "" {
				t.Errorf("reason %v has no text", r)
			}
			args, ok := r["args"].(map[string]any)
			if !ok {
				t.Errorf("reason %v has no args object", r)
			}
			if r["code"] == programmes.ReasonOpenCall && args["closes_at"] != "2026-05-01T11:00:00+02:00" {
				t.Errorf("open call closes_at = %v, want Europe/Berlin time", args["closes_at"])
			}
		}
		if !slices.Equal(codes, []string{programmes.ReasonProviderType, programmes.ReasonRegion, programmes.ReasonOpenCall}) {
			t.Errorf("reasons = %v", codes)
		}

		res = get(t, f.h, "/api/v1/programmes/match?action_field=arbeit&target_group=gefluechtete&region=08111000")
		list = items(t, res)
		if res.status != http.StatusOK || len(list) != 1 || list[0]["id"] != float64(f.bundProgramme) {
			t.Fatalf("need: %d %v", res.status, res.body)
		}
		for _, r := range list[0]["reasons"].([]any) {
			r := r.(map[string]any)
			if r["code"] == programmes.ReasonRegion && !strings.Contains(r["text"].(string), "ganz Deutschland") {
				t.Errorf("region reason text = %q", r["text"])
			}
		}

		wantProblem(t, get(t, f.h, "/api/v1/programmes/match"), http.StatusUnprocessableEntity, "invalid")
		res = get(t, f.h, "/api/v1/programmes/match?provider_type=verein&region=99999")
		wantProblem(t, res, http.StatusUnprocessableEntity, "invalid")
		if got := fieldErrors(res); !slices.Equal(got, []string{"provider_type", "region"}) {
			t.Errorf("errors name %v", got)
		}
	})
}

func TestHundredths(t *testing.T) {
	for n, want := range map[int64]string{0: "0.00", 5: "0.05", 1000: "10.00", 15_000_000: "150000.00", -1234: "-12.34"} {
		if b, _ := hundredths(n).MarshalJSON(); string(b) != want {
			t.Errorf("%d → %s, want %s", n, b, want)
		}
	}
}
