package api

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// errBroken fails like a database that went away; the error text must reach the
// log but never a client.
var errBroken = errors.New(`pq: relation "regions_secret" does not exist`)

// brokenMonitoring fails like the monitoring use cases over a database that went away.
type brokenMonitoring struct{}

func (brokenMonitoring) Indicators(context.Context) ([]monitoring.Indicator, error) {
	return nil, errBroken
}
func (brokenMonitoring) Indicator(context.Context, string) (monitoring.Indicator, error) {
	return monitoring.Indicator{}, errBroken
}
func (brokenMonitoring) Values(context.Context, string, monitoring.IndicatorFilter) (monitoring.Indicator, []monitoring.IndicatorValue, error) {
	return monitoring.Indicator{}, nil, errBroken
}
func (brokenMonitoring) Series(context.Context, string, monitoring.SeriesQuery) (monitoring.SeriesView, error) {
	return monitoring.SeriesView{}, errBroken
}
func (brokenMonitoring) Tables(context.Context) ([]monitoring.StatTable, error) {
	return nil, errBroken
}
func (brokenMonitoring) Export(context.Context, monitoring.ObservationFilter, string, func() io.Writer) error {
	return errBroken
}
func (brokenMonitoring) Observations(context.Context, monitoring.ObservationFilter, monitoring.Paging) (monitoring.ObservationPage, error) {
	return monitoring.ObservationPage{}, errBroken
}

func TestInternalErrorIsNotLeaked(t *testing.T) {
	var logged bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&logged, nil)))
	defer slog.SetDefault(old)

	h := httpx.WithRequestID(New(brokenServices, testBundle, "test").Handler())
	for _, target := range []string{"/api/v1/regions?q=a", "/api/v1/regions/08", "/api/v1/organisations", "/api/v1/organisations/1",
		"/api/v1/indicators", "/api/v1/indicators/X/values", "/api/v1/indicators/X/series?region=08", "/api/v1/observations", "/api/v1/catalog"} {
		res := get(t, h, target)
		wantProblem(t, res, http.StatusInternalServerError, "internal")
		if d, _ := res.body["detail"].(string); strings.Contains(d, "regions_secret") || d == "" {
			t.Errorf("%s: detail %q", target, d)
		}
		if id, _ := res.body["request_id"].(string); id == "" || !strings.Contains(logged.String(), id) {
			t.Errorf("%s: request_id %q not in the log:\n%s", target, id, logged.String())
		}
	}
	if !strings.Contains(logged.String(), "regions_secret") {
		t.Error("the real error was not logged")
	}
	// A token that cannot be checked is a fault of ours, not an invalid token.
	req := httptest.NewRequest(http.MethodGet, "/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer thb_abc")
	wantProblem(t, do(t, h, req), http.StatusInternalServerError, "internal")
}

func TestRouterProblems(t *testing.T) {
	h := New(brokenServices, testBundle, "test").Handler()
	wantProblem(t, get(t, h, "/api/v1/nothing-here"), http.StatusNotFound, "not_found")
	wantProblem(t, get(t, h, "/api/v1/regions/08/extra"), http.StatusNotFound, "not_found")

	res := do(t, h, httptest.NewRequest(http.MethodPost, "/api/v1/regions", strings.NewReader("{}")))
	wantProblem(t, res, http.StatusMethodNotAllowed, codeMethodNotAllowed)
	if allow := res.header.Get("Allow"); !strings.Contains(allow, "GET") {
		t.Errorf("Allow = %q", allow)
	}
}

func TestProblemLanguage(t *testing.T) {
	h := New(brokenServices, testBundle, "test").Handler()
	for accept, title := range map[string]string{
		"":                         "Nicht gefunden",
		"en-GB,en;q=0.9":           "Not found",
		"de-DE,de;q=0.9,en;q=0.8":  "Nicht gefunden",
		"fr-FR,fr;q=0.9":           "Nicht gefunden",
		"fr-FR,en-US;q=0.8,de;q=0": "Not found",
	} {
		req := httptest.NewRequest(http.MethodGet, "/api/v1/nothing-here", nil)
		req.Header.Set("Accept-Language", accept)
		res := do(t, h, req)
		if res.body["title"] != title {
			t.Errorf("Accept-Language %q: title %q, want %q", accept, res.body["title"], title)
		}
	}
}

func TestProblemTypes(t *testing.T) {
	h := New(brokenServices, testBundle, "test").Handler()
	for code, text := range problemTexts {
		res := get(t, h, "/api/v1/problems/"+code)
		if res.status != http.StatusOK || res.body["code"] != code || res.body["description"] == "" {
			t.Errorf("%s: %d %v", code, res.status, res.body)
		}
		if int(res.body["status"].(float64)) != text.status {
			t.Errorf("%s: status %v, want %d", code, res.body["status"], text.status)
		}
		// The table's status must be what RenderError answers for the code.
		if got := httpx.Status(teilhabe.E(code, "")); code != codeMethodNotAllowed && got != text.status {
			t.Errorf("%s: table says %d, httpx.Status %d", code, text.status, got)
		}
	}
	wantProblem(t, get(t, h, "/api/v1/problems/nope"), http.StatusNotFound, "not_found")
}

// brokenAccounts fails like the account use cases over a broken database.
type brokenAccounts struct{}

func (brokenAccounts) TokenPrincipal(context.Context, string) (*accounts.Principal, error) {
	return nil, errBroken
}
func (brokenAccounts) Account(context.Context) (accounts.Account, error) {
	return accounts.Account{}, errBroken
}
func (brokenAccounts) Organisations(context.Context, accounts.OrganisationFilter) ([]accounts.Organisation, error) {
	return nil, errBroken
}
func (brokenAccounts) Organisation(context.Context, int64) (accounts.OrganisationView, error) {
	return accounts.OrganisationView{}, errBroken
}

// brokenRegions is the region use cases over a database that fails.
type brokenRegions struct{}

func (brokenRegions) Find(context.Context, regions.Filter) ([]regions.Region, int, error) {
	return nil, 0, errBroken
}
func (brokenRegions) Region(context.Context, string) (regions.Region, error) {
	return regions.Region{}, errBroken
}
func (brokenRegions) Detail(context.Context, string) (regions.Detail, error) {
	return regions.Detail{}, errBroken
}

// brokenApplications fails like the application use cases over a lost database.
type brokenApplications struct{}

func (brokenApplications) Get(context.Context, int64) (applications.Application, error) {
	return applications.Application{}, errBroken
}
func (brokenApplications) List(context.Context, applications.Filter) ([]applications.Application, int, error) {
	return nil, 0, errBroken
}
func (brokenApplications) Create(context.Context, int64, int64, applications.Content) (applications.Application, error) {
	return applications.Application{}, errBroken
}
func (brokenApplications) Save(context.Context, int64, int, applications.Content) (applications.Application, error) {
	return applications.Application{}, errBroken
}
func (brokenApplications) Submit(context.Context, int64, int) (applications.Application, error) {
	return applications.Application{}, errBroken
}
func (brokenApplications) Withdraw(context.Context, int64, int) (applications.Application, error) {
	return applications.Application{}, errBroken
}

func (brokenApplications) CallSettings(context.Context, int64) (programmes.CallSettings, error) {
	return programmes.CallSettings{}, errBroken
}
func (brokenApplications) Invite(context.Context, int64, int) (applications.Application, applications.Application, error) {
	return applications.Application{}, applications.Application{}, errBroken
}
func (brokenApplications) Decline(context.Context, int64, int, string) (applications.Application, error) {
	return applications.Application{}, errBroken
}

// brokenCalls fails like the call set-up over a lost database.
type brokenCalls struct{}

func (brokenCalls) Settings(context.Context, int64) (programmes.CallSetup, error) {
	return programmes.CallSetup{}, errBroken
}
func (brokenCalls) SaveSettings(context.Context, int64, int, programmes.CallSettings) (programmes.CallSettings, error) {
	return programmes.CallSettings{}, errBroken
}

// brokenServices fail every call: for tests of the routes and of error answers.
var brokenServices = Services{Programmes: brokenProgrammes{}, Regions: brokenRegions{}, Accounts: brokenAccounts{},
	Monitoring: brokenMonitoring{}, Applications: brokenApplications{}, Calls: brokenCalls{}}
