package home_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/web"
	"github.com/teilhabe/teilhabe/internal/web/home"
)

// counts stands in for the regions and accounts use cases.
type counts struct {
	regions, orgs int
	err           error
}

func (c counts) Find(context.Context, regions.Filter) ([]regions.Region, int, error) {
	return nil, c.regions, c.err
}
func (c counts) CountOrganisations(context.Context) (int, error) { return c.orgs, nil }

func serve(t *testing.T, c counts, lang string) (int, string) {
	t.Helper()
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	ui, err := web.NewUI(bundle, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	w, err := home.New(ui, c, c)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	httpx.Mount(mux, w.Routes(), ui.Error)
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("Accept-Language", lang)
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, req)
	b, _ := io.ReadAll(rec.Body)
	return rec.Code, string(b)
}

func TestHomeShowsWhatThePlatformHolds(t *testing.T) {
	for lang, want := range map[string][]string{
		"de": {"Für wen ist Teilhabe?", "Gebiete (Gemeindeverzeichnis)</dt><dd class=\"kern-description-list-item__value\">16.057<", "Organisationen</dt><dd class=\"kern-description-list-item__value\">12<"},
		"en": {"Regions (official municipality directory)</dt><dd class=\"kern-description-list-item__value\">16,057<"},
	} {
		code, body := serve(t, counts{regions: 16057, orgs: 12}, lang)
		if code != http.StatusOK {
			t.Fatalf("%s: status %d", lang, code)
		}
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: home page lacks %q", lang, w)
			}
		}
	}
}

func TestHomeFailsWithoutLeakingTheCause(t *testing.T) {
	code, body := serve(t, counts{err: errors.New(`relation "regions_secret" does not exist`)}, "de")
	if code != http.StatusInternalServerError || strings.Contains(body, "regions_secret") {
		t.Errorf("status %d, body leaks the cause: %v", code, strings.Contains(body, "regions_secret"))
	}
}
