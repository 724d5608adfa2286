package regions_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/web"
	regionsweb "github.com/teilhabe/teilhabe/internal/web/regions"
)

// The region pages over the real use cases and a small hierarchy; the organisations
// come from a fake of the accounts capability.

// orgs knows one organisation, in Stuttgart.
type orgs struct{}

func (orgs) OrganisationsIn(_ context.Context, key string) ([]accounts.Organisation, error) {
	if key != "08111000" {
		return nil, nil
	}
	return []accounts.Organisation{{ID: 7, Kind: accounts.KindMunicipality, Name: "Landeshauptstadt Stuttgart – Integration"}}, nil
}

func testRegions() []regions.Region {
	asOf := time.Date(2019, 12, 31, 0, 0, 0, 0, time.UTC)
	r := func(key, ars, name string, level regions.Level, kind, parent string, pop int64, area float64) regions.Region {
		return regions.Region{Key: key, ARS: ars, Name: name, Level: level, Kind: kind, ParentKey: parent,
			AreaKm2: area, Population: pop, PopulationMale: pop / 2, PopulationFemale: pop - pop/2, PopulationDate: asOf, ValidFrom: asOf}
	}
	return []regions.Region{
		r("DG", regions.ARSBund, "Deutschland", regions.LevelBund, "Bund", "", 650911, 400),
		r("08", "08", "Baden-Württemberg", regions.LevelLand, "Land", "DG", 650911, 400),
		r("081", "081", "Stuttgart", regions.LevelRegierungsbezirk, "Regierungsbezirk", "08", 650911, 400),
		r("08111", "08111", "Stuttgart, Stadtkreis", regions.LevelKreis, "Stadtkreis", "081", 635911, 207.33),
		r("08118", "08118", "Ludwigsburg", regions.LevelKreis, "Landkreis", "081", 15000, 192.67),
		r("081110000", "081110000", "Stuttgart, Landeshauptstadt", regions.LevelGemeindeverband, "Verbandsfreie Gemeinde", "08111", 635911, 207.33),
		r("08111000", "081110000000", "Stuttgart, Landeshauptstadt", regions.LevelGemeinde, "Stadtkreis", "081110000", 635911, 207.33),
		r("081185001", "081185001", "Besigheim", regions.LevelGemeindeverband, "Verwaltungsverband", "08118", 15000, 192.67),
		r("08118016", "081185001016", "Freudental", regions.LevelGemeinde, "Kreisangehörige Gemeinde", "081185001", 2500, 7.67),
		r("08118079", "081185001079", "Löchgau", regions.LevelGemeinde, "Kreisangehörige Gemeinde", "081185001", 5500, 11),
	}
}

// server serves the region routes as the server mounts them.
func server(t *testing.T) *httptest.Server {
	t.Helper()
	db := storetest.SQLite(t)
	if _, err := storetest.ImportRegions(context.Background(), db, testRegions(), "test"); err != nil {
		t.Fatal(err)
	}
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	ui, err := web.NewUI(bundle, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	w, err := regionsweb.New(ui, regions.NewService(db.Regions()), orgs{}, monitoring.NewService(db.Statistics()))
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	httpx.Mount(mux, w.Routes(), ui.Error)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func get(t *testing.T, srv *httptest.Server, path, lang string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
	req.Header.Set("Accept-Language", lang)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func mustContain(t *testing.T, path, body string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q", path, w)
		}
	}
}

func TestRegionPage(t *testing.T) {
	srv := server(t)
	// By AGS and by ARS: the same page.
	for _, path := range []string{"/regions/08111000", "/regions/081110000000"} {
		code, body := get(t, srv, path, "de")
		if code != http.StatusOK {
			t.Fatalf("%s: %d", path, code)
		}
		mustContain(t, path, body, "<title>Stuttgart, Landeshauptstadt",
			// The Gemeindeverband of the same name gets no crumb of its own.
			`<li><a class="kern-link" href="/regions/08111">Stuttgart, Stadtkreis</a></li><li><span aria-current="page">Stuttgart, Landeshauptstadt</span></li>`,
			`href="/regions/DG">Deutschland</a>`, `href="/regions/08">Baden-Württemberg</a>`,
			"635.911", "Stand 31.12.2019", "207,33 km²", "3.067 je km²", "<code>081110000000</code>",
			`href="/organisations/7">Landeshauptstadt Stuttgart – Integration</a>`)
		if strings.Contains(body, `href="/regions/081110000"`) {
			t.Errorf("%s: a crumb for the Gemeindeverband of the same name", path)
		}
	}
	// The Bund, in any case of its key.
	_, body := get(t, srv, "/regions/dg", "de")
	mustContain(t, "/regions/dg", body, "<h1 class=\"kern-heading-large\">Deutschland</h1>", "1 Untergebiet", `href="/regions/08">Baden-Württemberg</a>`)
}

func TestKreisPageListsItsGemeinden(t *testing.T) {
	srv := server(t)
	_, body := get(t, srv, "/regions/08118", "de")
	mustContain(t, "/regions/08118", body, `id="gemeinden">2 Gemeinden</h2>`,
		`href="/regions/08118079">Löchgau</a>`, `href="/regions/08118016">Freudental</a>`,
		`id="untergebiete">1 Untergebiet</h2>`, `href="/regions/081185001">Besigheim</a>`)
	if strings.Index(body, "Löchgau") > strings.Index(body, "Freudental") {
		t.Error("the larger Gemeinde is not listed first")
	}
	_, body = get(t, srv, "/regions/08118", "en")
	mustContain(t, "/regions/08118 (en)", body, "2 municipalities", "Population", "15,000")
}

func TestUnknownRegionIsNotFound(t *testing.T) {
	srv := server(t)
	for lang, want := range map[string]string{"de": "Gebiet 99999 wurde nicht gefunden.", "en": "Region 99999 was not found."} {
		code, body := get(t, srv, "/regions/99999", lang)
		if code != http.StatusNotFound {
			t.Errorf("%s: status %d", lang, code)
		}
		mustContain(t, "/regions/99999 ("+lang+")", body, want)
	}
	if code, _ := get(t, srv, "/regions/Stuttgart", "de"); code != http.StatusNotFound {
		t.Errorf("a name as key: status %d", code)
	}
}

func TestRegionList(t *testing.T) {
	srv := server(t)
	for _, q := range []string{"Stutt", "08111", "lochgau"} {
		_, body := get(t, srv, "/regions?q="+q, "de")
		if q == "lochgau" {
			mustContain(t, q, body, "1 Gebiet", `href="/regions/08118079">Löchgau</a>`)
		} else {
			mustContain(t, q, body, `href="/regions/08111000">Stuttgart, Landeshauptstadt</a>`)
		}
	}
	_, body := get(t, srv, "/regions?parent=081185001", "de")
	mustContain(t, "parent", body, "2 Gebiete", `<input type="hidden" name="parent" value="081185001">`)
	_, body = get(t, srv, "/regions?level=kreis&offset=1", "de")
	mustContain(t, "level and offset", body, `<option value="kreis" selected>`, "2–2 von 2", `rel="prev"`)
	// An unknown level is named in the reader's language and filters nothing.
	for lang, want := range map[string][]string{
		"de": {"Unbekannte Gebietsebene.", "„stadt“ ist keine Gebietsebene", "10 Gebiete"},
		"en": {"Unknown region level.", "“stadt” is not a region level", "10 regions"},
	} {
		code, body := get(t, srv, "/regions?level=stadt", lang)
		if code != http.StatusOK {
			t.Errorf("%s: status %d", lang, code)
		}
		mustContain(t, "level=stadt ("+lang+")", body, want...)
	}
}
