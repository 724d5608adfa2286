package api

import (
	"net/http"
	"net/url"
	"time"
)

// Vocabularies of DCAT-AP.de 3.0, the German profile of DCAT-AP that GovData harvests.
// Media types are IRIs of IANA's registry (the profile checks their prefix), file
// types those of the EU's file-type authority.
const (
	mediaTypeCSV  = "https://www.iana.org/assignments/media-types/text/csv"
	mediaTypeJSON = "https://www.iana.org/assignments/media-types/application/json"
	licenceDLBY   = "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
	themeSociety  = "http://publications.europa.eu/resource/authority/data-theme/SOCI"
	languageDEU   = "http://publications.europa.eu/resource/authority/language/DEU"
	fileTypeCSV   = "http://publications.europa.eu/resource/authority/file-type/CSV"
	fileTypeJSON  = "http://publications.europa.eu/resource/authority/file-type/JSON"
	statAttribute = "© Statistische Ämter des Bundes und der Länder, Deutschland"
)

var catalogContext = map[string]string{
	"dcat":   "http://www.w3.org/ns/dcat#",
	"dct":    "http://purl.org/dc/terms/",
	"dcatde": "http://dcat-ap.de/def/dcatde/",
	"foaf":   "http://xmlns.com/foaf/0.1/",
	"xsd":    "http://www.w3.org/2001/XMLSchema#",
}

type ref struct {
	ID string `json:"@id"`
}

type langText struct {
	Lang  string `json:"@language"`
	Value string `json:"@value"`
}

type typedValue struct {
	Type  string `json:"@type"`
	Value string `json:"@value"`
}

type agent struct {
	Type string `json:"@type"`
	Name string `json:"foaf:name"`
}

type distribution struct {
	ID          string   `json:"@id"`
	Type        string   `json:"@type"`
	Title       langText `json:"dct:title"`
	AccessURL   ref      `json:"dcat:accessURL"`
	DownloadURL *ref     `json:"dcat:downloadURL,omitempty"` // none for a paged API answer, which is no file
	Format      ref      `json:"dct:format"`
	MediaType   ref      `json:"dcat:mediaType"`
	License     ref      `json:"dct:license"`
}

type dataset struct {
	ID          string         `json:"@id"`
	Type        string         `json:"@type"`
	Identifier  string         `json:"dct:identifier"`
	Title       langText       `json:"dct:title"`
	Description langText       `json:"dct:description"`
	Theme       ref            `json:"dcat:theme"`
	Keyword     []string       `json:"dcat:keyword,omitempty"`
	Publisher   agent          `json:"dct:publisher"`
	Creator     *agent         `json:"dct:creator,omitempty"`
	Modified    *typedValue    `json:"dct:modified,omitempty"`
	License     ref            `json:"dct:license"`
	Attribution string         `json:"dcatde:licenseAttributionByText"`
	Language    ref            `json:"dct:language"`
	Distrib     []distribution `json:"dcat:distribution"`
}

// catalog answers the DCAT-AP.de catalogue of the published aggregates as JSON-LD:
// every imported official table (its observations in long format) and every
// indicator (its computed values), so that portals such as GovData can harvest them.
func (a *API) catalog(w http.ResponseWriter, r *http.Request) {
	base := baseURL(r)
	tables, err := a.monitoring.Tables(r.Context())
	if err != nil {
		a.RenderError(w, r, err)
		return
	}
	indicators, err := a.monitoring.Indicators(r.Context())
	if err != nil {
		a.RenderError(w, r, err)
		return
	}
	publisher := agent{Type: "foaf:Agent", Name: "Teilhabe"}
	var sets []dataset
	for _, t := range tables {
		u := observationsURL(base, t.Code)
		d := dataset{ID: u + "#dataset", Type: "dcat:Dataset", Identifier: t.Code,
			Title:       langText{"de", t.Title},
			Description: langText{"de", "Amtliche Statistik, Tabelle " + t.Code + ", als Beobachtungen im Langformat (Tabelle, Reihe, Einheit, Gebiet, Zeit, Gliederung, Wert, Zeichen): als CSV-Datei der ganzen Tabelle oder als JSON in Seiten, filterbar nach Reihe, Gebiet, Ebene, Zeitraum und Gliederung."},
			Theme:       ref{themeSociety}, Keyword: []string{"Integration", "Regionalstatistik", t.Code},
			Publisher: publisher, Creator: &agent{Type: "foaf:Agent", Name: "Statistische Ämter des Bundes und der Länder"},
			Modified: &typedValue{"xsd:dateTime", t.ImportedAt.UTC().Format(time.RFC3339)},
			License:  ref{licenceDLBY}, Attribution: statAttribute, Language: ref{languageDEU},
			Distrib: distributions(u, t.Title)}
		sets = append(sets, d)
	}
	for _, i := range indicators {
		u := base + Prefix + "/indicators/" + url.PathEscape(i.Code) + "/values"
		d := dataset{ID: u + "#dataset", Type: "dcat:Dataset", Identifier: i.Code,
			Title:       langText{"de", i.Name + " (" + i.Unit + ")"},
			Description: langText{"de", i.Definition},
			Theme:       ref{themeSociety}, Keyword: []string{"Integration", "Integrationsmonitoring", i.ActionField},
			Publisher: publisher, License: ref{licenceDLBY}, Attribution: statAttribute + "; Berechnung: Teilhabe", Language: ref{languageDEU},
			Distrib: []distribution{{ID: u + "#json", Type: "dcat:Distribution", Title: langText{"de", i.Name + " (JSON)"},
				AccessURL: ref{u}, DownloadURL: &ref{u}, Format: ref{fileTypeJSON}, MediaType: ref{mediaTypeJSON}, License: ref{licenceDLBY}}}}
		sets = append(sets, d)
	}
	out := map[string]any{
		"@context":        catalogContext,
		"@id":             base + Prefix + "/catalog",
		"@type":           "dcat:Catalog",
		"dct:title":       langText{"de", "Teilhabe – offene Daten zur Integrationsarbeit"},
		"dct:description": langText{"de", "Veröffentlichte Aggregate der Plattform Teilhabe: amtliche Statistiktabellen und daraus berechnete Integrationsindikatoren je Gebiet und Jahr."},
		"dct:publisher":   publisher,
		"dct:language":    ref{languageDEU},
		"dcat:dataset":    nonNilSets(sets),
	}
	writeJSON(w, "application/ld+json", http.StatusOK, out)
}

func distributions(u, title string) []distribution {
	csv := u + "&format=csv"
	return []distribution{
		{ID: u + "#csv", Type: "dcat:Distribution", Title: langText{"de", title + " (CSV)"}, AccessURL: ref{csv}, DownloadURL: &ref{csv},
			Format: ref{fileTypeCSV}, MediaType: ref{mediaTypeCSV}, License: ref{licenceDLBY}},
		{ID: u + "#json", Type: "dcat:Distribution", Title: langText{"de", title + " (JSON, in Seiten)"}, AccessURL: ref{u},
			Format: ref{fileTypeJSON}, MediaType: ref{mediaTypeJSON}, License: ref{licenceDLBY}},
	}
}

func nonNilSets(s []dataset) []dataset {
	if s == nil {
		return []dataset{}
	}
	return s
}

// baseURL is the scheme and host the client used, so that the catalogue's links work
// behind a TLS-terminating proxy (X-Forwarded-Proto) as well as directly.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
