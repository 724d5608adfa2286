package api

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
)

func TestRegionSearch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		for _, tc := range []struct {
			query string
			total int
		}{
			// Regierungsbezirk (word prefix), Kreis, Gemeindeverband, Gemeinde.
			{"q=Stutt", 4},
			{"q=stuttgart%20landes", 2},
			// Key prefix: Kreis, Gemeindeverband and Gemeinde.
			{"q=08111", 3},
			{"q=081110000000", 1}, // a Gemeinde's full ARS
		} {
			res := get(t, f.h, "/api/v1/regions?"+tc.query)
			if res.status != http.StatusOK {
				t.Fatalf("%s: status %d: %v", tc.query, res.status, res.body)
			}
			if total := res.body["total"].(float64); int(total) != tc.total {
				t.Errorf("%s: total = %v, want %d (%v)", tc.query, total, tc.total, keys(items(t, res)))
			}
			if !slices.Contains(keys(items(t, res)), "08111000") {
				t.Errorf("%s: Stuttgart missing from %v", tc.query, keys(items(t, res)))
			}
		}
	})
}

func TestRegionFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		res := get(t, f.h, "/api/v1/regions?q=Stutt&level=gemeinde")
		list := items(t, res)
		if res.body["total"].(float64) != 1 || len(list) != 1 {
			t.Fatalf("level=gemeinde: %v", res.body)
		}
		s := list[0]
		want := map[string]any{"key": "08111000", "ars": "081110000000", "name": "Stuttgart, Landeshauptstadt",
			"level": "gemeinde", "kind": "Stadtkreis", "parent_key": "081110000", "population": float64(613392),
			"population_date": "2023-12-31", "valid_from": "2024-12-31", "valid_until": nil}
		for k, v := range want {
			if s[k] != v {
				t.Errorf("%s = %#v, want %#v", k, s[k], v)
			}
		}
		links, _ := s["links"].(map[string]any)
		if links["self"] != "/api/v1/regions/08111000" || links["html"] != "/regions/08111000" {
			t.Errorf("links = %v", links)
		}

		if got := keys(items(t, get(t, f.h, "/api/v1/regions?level=land"))); !slices.Equal(got, []string{"08", "09"}) {
			t.Errorf("level=land: %v", got)
		}
		if got := keys(items(t, get(t, f.h, "/api/v1/regions?parent=DG"))); !slices.Equal(got, []string{"08", "09"}) {
			t.Errorf("parent=DG: %v", got)
		}
		if got := get(t, f.h, "/api/v1/regions?level=bund").body["items"].([]any); len(got) != 1 {
			t.Errorf("level=bund: %v", got)
		}
	})
}

func TestRegionPaging(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		all := keys(items(t, get(t, f.h, "/api/v1/regions?q=Stutt")))
		var paged []string
		for _, offset := range []string{"0", "2", "4"} {
			res := get(t, f.h, "/api/v1/regions?q=Stutt&limit=2&offset="+offset)
			if res.body["total"].(float64) != 4 || res.body["limit"].(float64) != 2 {
				t.Errorf("offset %s: total, limit = %v, %v", offset, res.body["total"], res.body["limit"])
			}
			paged = append(paged, keys(items(t, res))...) // the last page is [] (not null)
		}
		if !slices.Equal(paged, all) {
			t.Errorf("pages give %v, one request %v", paged, all)
		}
		// Defaults and the cap are reported as used.
		res := get(t, f.h, "/api/v1/regions?limit=100000")
		if res.body["limit"].(float64) != 200 || res.body["offset"].(float64) != 0 {
			t.Errorf("capped page: limit %v offset %v", res.body["limit"], res.body["offset"])
		}
	})
}

func TestRegionInvalidParameters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		for query, fields := range map[string][]string{
			"level=stadt":                   {"level"},
			"limit=zehn":                    {"limit"},
			"offset=-1":                     {"offset"},
			"parent=8111":                   {"parent"},
			"q=" + strings.Repeat("a", 101): {"q"},
			"level=x&limit=1.5&offset":      {"level", "limit"},
		} {
			res := get(t, f.h, "/api/v1/regions?"+query)
			wantProblem(t, res, http.StatusUnprocessableEntity, "invalid")
			got := fieldErrors(res)
			slices.Sort(got)
			if !slices.Equal(got, fields) {
				t.Errorf("%s: field errors %v, want %v", query, got, fields)
			}
		}
	})
}

func TestRegionDetail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		for _, key := range []string{"08111000", "081110000000"} {
			res := get(t, f.h, "/api/v1/regions/"+key)
			if res.status != http.StatusOK || res.body["key"] != "08111000" {
				t.Fatalf("%s: %d %v", key, res.status, res.body)
			}
			var chain []string
			for _, a := range res.body["ancestors"].([]any) {
				chain = append(chain, a.(map[string]any)["key"].(string))
			}
			if want := []string{"DG", "08", "081", "08111", "081110000"}; !slices.Equal(chain, want) {
				t.Errorf("%s: ancestors %v, want %v", key, chain, want)
			}
			if res.body["children_count"].(float64) != 0 {
				t.Errorf("%s: children_count %v", key, res.body["children_count"])
			}
		}
		res := get(t, f.h, "/api/v1/regions/dg")
		if res.body["key"] != "DG" || res.body["children_count"].(float64) != 2 || len(res.body["ancestors"].([]any)) != 0 {
			t.Errorf("Bund: %v", res.body)
		}
		if res.body["parent_key"] != nil {
			t.Errorf("Bund parent_key = %v, want null", res.body["parent_key"])
		}
		for _, key := range []string{"99999", "abc", "081110000001"} {
			wantProblem(t, get(t, f.h, "/api/v1/regions/"+key), http.StatusNotFound, "not_found")
		}
	})
}
