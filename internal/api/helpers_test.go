package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/decisions"
	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/reviews"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
)

// fixture is an API over a database with a small slice of Baden-Württemberg, one
// municipality with a commissioner and that user's API token.
type fixture struct {
	db      *store.DB
	h       http.Handler
	user    accounts.User
	org     accounts.Organisation
	token   string
	tokenID int64
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// testRegions are ordered parents first, as the Gemeindeverzeichnis is.
func testRegions() []regions.Region {
	gs, pd := day("2024-12-31"), day("2023-12-31")
	r := func(key, ars, name string, level regions.Level, kind, parent string, pop int64) regions.Region {
		return regions.Region{Key: key, ARS: ars, Name: name, Level: level, Kind: kind, ParentKey: parent,
			AreaKm2: 207.33, Population: pop, PopulationDate: pd, ValidFrom: gs}
	}
	return []regions.Region{
		r("DG", regions.ARSBund, "Deutschland", regions.LevelBund, "Staat", "", 84669326),
		r("08", "08", "Baden-Württemberg", regions.LevelLand, "Land", "DG", 11280257),
		r("09", "09", "Bayern", regions.LevelLand, "Freistaat", "DG", 13369393),
		r("081", "081", "Regierungsbezirk Stuttgart", regions.LevelRegierungsbezirk, "Regierungsbezirk", "08", 4213421),
		r("08111", "08111", "Stuttgart", regions.LevelKreis, "Stadtkreis", "081", 613392),
		r("081110000", "081110000", "Stuttgart, Landeshauptstadt", regions.LevelGemeindeverband, "verbandsfreie Gemeinde", "08111", 613392),
		r("08111000", "081110000000", "Stuttgart, Landeshauptstadt", regions.LevelGemeinde, "Stadtkreis", "081110000", 613392),
	}
}

func setup(t *testing.T, db *store.DB) fixture {
	t.Helper()
	ctx := context.Background()
	if _, err := storetest.ImportRegions(ctx, db, testRegions(), "test"); err != nil {
		t.Fatalf("import regions: %v", err)
	}
	a := newAPI(db)
	f := fixture{db: db, h: a.Handler()}
	f.org = storetest.Organisation(t, db, accounts.Organisation{Kind: accounts.KindMunicipality, Name: "Landeshauptstadt Stuttgart",
		RegionKey: "08111000", Website: "https://www.stuttgart.de"})
	storetest.Organisation(t, db, accounts.Organisation{Kind: accounts.KindProvider, Name: "Sprachschule Neckar", ProviderType: accounts.ProviderLanguageCourse})
	f.user = storetest.User(t, db, accounts.NewUser{Email: "integration@stuttgart.example", Name: "Ayşe Demir",
		Password: "correct horse battery staple"}, accounts.Membership{Organisation: f.org, Role: accounts.RoleCommissioner})
	tok, secret, err := accounts.NewService(db.Accounts()).CreateToken(storetest.As(t, db, f.user.ID), "Statistik-Skript")
	if err != nil {
		t.Fatalf("create token: %v", err)
	}
	f.token, f.tokenID = secret, tok.ID
	return f
}

// newAPI is the API over db with the real use cases.
func newAPI(db *store.DB) *API {
	return New(Services{Programmes: programmes.NewService(db.Programmes()), Regions: regions.NewService(db.Regions()),
		Accounts: accounts.NewService(db.Accounts()), Monitoring: monitoring.NewService(db.Statistics()),
		Applications: applications.NewService(db.Applications()), Reviews: reviews.NewService(db.Reviews()),
		Calls: programmes.NewCallService(db.Calls()), Decisions: decisions.NewService(db.Decisions()),
		Attachments: applications.NewFiles(db.Applications(), nil)}, testBundle, "test")
}

// importTable imports one table as the system, as the command line would.
func importTable(t *testing.T, db *store.DB, name string, read monitoring.TableReader) {
	t.Helper()
	files := []monitoring.TableFile{{Name: name, Read: read}}
	if _, err := monitoring.NewService(db.Statistics()).ImportTables(accounts.WithPrincipal(context.Background(), accounts.System("test")), files, monitoring.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
}

// response is a recorded answer with its body decoded as JSON.
type response struct {
	status int
	header http.Header
	body   map[string]any
}

func do(t *testing.T, h http.Handler, req *http.Request) response {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := response{status: rec.Code, header: rec.Header()}
	if err := json.Unmarshal(rec.Body.Bytes(), &res.body); err != nil {
		t.Fatalf("%s %s: body is not a JSON object: %v\n%s", req.Method, req.URL, err, rec.Body)
	}
	return res
}

func get(t *testing.T, h http.Handler, target string) response {
	t.Helper()
	return do(t, h, httptest.NewRequest(http.MethodGet, target, nil))
}

func getWithToken(t *testing.T, h http.Handler, target, token string) response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	return do(t, h, req)
}

// wantProblem checks the status, the media type and the stable code of a problem.
func wantProblem(t *testing.T, res response, status int, code string) {
	t.Helper()
	if res.status != status {
		t.Fatalf("status = %d, want %d; body %v", res.status, status, res.body)
	}
	if ct := res.header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("Content-Type = %q, want application/problem+json", ct)
	}
	if res.body["code"] != code || res.body["type"] != "/api/v1/problems/"+code {
		t.Errorf("code, type = %v, %v; want %s", res.body["code"], res.body["type"], code)
	}
	if n, _ := res.body["status"].(float64); int(n) != status {
		t.Errorf("status member = %v, want %d", res.body["status"], status)
	}
	if res.body["title"] == "" || res.body["title"] == nil {
		t.Errorf("problem has no title: %v", res.body)
	}
}

// fieldErrors returns the field names of a problem's errors.
func fieldErrors(res response) []string {
	var out []string
	list, _ := res.body["errors"].([]any)
	for _, e := range list {
		m, _ := e.(map[string]any)
		f, _ := m["field"].(string)
		out = append(out, f)
	}
	return out
}

// items returns the "items" array of a list answer.
func items(t *testing.T, res response) []map[string]any {
	t.Helper()
	list, ok := res.body["items"].([]any)
	if !ok {
		t.Fatalf("items is not an array: %v", res.body)
	}
	out := make([]map[string]any, len(list))
	for i, x := range list {
		out[i] = x.(map[string]any)
	}
	return out
}

func keys(list []map[string]any) []string {
	out := make([]string, len(list))
	for i, m := range list {
		out[i], _ = m["key"].(string)
	}
	return out
}

// testBundle holds the catalogues the API renders its messages from.
var testBundle = func() *i18n.Bundle {
	b, err := i18n.New()
	if err != nil {
		panic(err)
	}
	return b
}()
