package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
)

func TestCatalogIsDCATJSONLD(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		importTable(t, db, "t.csv", smallTable)
		res, body := raw(t, newAPI(db).Handler(), "/api/v1/catalog", map[string]string{"X-Forwarded-Proto": "https"})
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/ld+json" {
			t.Fatalf("catalog: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
		var doc struct {
			Context map[string]string `json:"@context"`
			Type    string            `json:"@type"`
			Dataset []struct {
				ID         string `json:"@id"`
				Identifier string `json:"dct:identifier"`
				License    struct {
					ID string `json:"@id"`
				} `json:"dct:license"`
				Distribution []struct {
					Download struct {
						ID string `json:"@id"`
					} `json:"dcat:downloadURL"`
					MediaType string `json:"dcat:mediaType"`
				} `json:"dcat:distribution"`
			} `json:"dcat:dataset"`
		}
		if err := json.Unmarshal([]byte(body), &doc); err != nil {
			t.Fatal(err)
		}
		if doc.Type != "dcat:Catalog" || doc.Context["dcat"] != "http://www.w3.org/ns/dcat#" || doc.Context["dcatde"] == "" {
			t.Fatalf("catalog head: %+v", doc)
		}
		// The imported table and the seven indicators of the catalogue.
		if len(doc.Dataset) != 8 {
			t.Fatalf("%d datasets, want 8", len(doc.Dataset))
		}
		table := doc.Dataset[0]
		if table.Identifier != "13211-02-04-4" || table.License.ID != licenceDLBY || len(table.Distribution) != 2 ||
			table.Distribution[0].MediaType != "text/csv" ||
			!strings.HasPrefix(table.Distribution[0].Download.ID, "https://example.com/api/v1/observations?table=13211-02-04-4") {
			t.Fatalf("table dataset: %+v", table)
		}
		// Every download link answers.
		h := newAPI(db).Handler()
		for _, d := range doc.Dataset {
			for _, dist := range d.Distribution {
				path := strings.TrimPrefix(dist.Download.ID, "https://example.com")
				if res, _ := raw(t, h, path, nil); res.StatusCode != http.StatusOK {
					t.Errorf("%s: %d", path, res.StatusCode)
				}
			}
		}
	})
}
