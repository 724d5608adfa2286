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
					Access   ref  `json:"dcat:accessURL"`
					Download *ref `json:"dcat:downloadURL"`
					Media    ref  `json:"dcat:mediaType"`
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
		// The whole table as a CSV file, and the paged JSON as an access URL only:
		// a page is no download of the dataset.
		csv, pages := table.Distribution[0], table.Distribution[1]
		if table.Identifier != "13211-02-04-4" || table.License.ID != licenceDLBY || len(table.Distribution) != 2 ||
			csv.Media.ID != "https://www.iana.org/assignments/media-types/text/csv" || csv.Download == nil ||
			csv.Download.ID != "https://example.com/api/v1/observations?table=13211-02-04-4&format=csv" ||
			pages.Media.ID != "https://www.iana.org/assignments/media-types/application/json" || pages.Download != nil {
			t.Fatalf("table dataset: %+v", table)
		}
		// Every link answers, with the media type the catalogue says.
		h := newAPI(db).Handler()
		for _, d := range doc.Dataset {
			for _, dist := range d.Distribution {
				links := []ref{dist.Access}
				if dist.Download != nil {
					links = append(links, *dist.Download)
				}
				for _, l := range links {
					path := strings.TrimPrefix(l.ID, "https://example.com")
					res, _ := raw(t, h, path, nil)
					if want := strings.TrimPrefix(dist.Media.ID, "https://www.iana.org/assignments/media-types/"); res.StatusCode != http.StatusOK ||
						!strings.HasPrefix(res.Header.Get("Content-Type"), want) {
						t.Errorf("%s: %d %s, want %s", path, res.StatusCode, res.Header.Get("Content-Type"), want)
					}
				}
			}
		}
	})
}
