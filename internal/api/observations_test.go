package api

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
)

// smallTable streams a table with a value and a symbol for Stuttgart.
func smallTable(sink monitoring.Sink) (monitoring.Summary, error) {
	series := []monitoring.Series{{Labels: []string{"Arbeitslose", "Ausländer"}, Unit: "Anzahl"}, {Labels: []string{"Arbeitslosenquote"}, Unit: "Prozent"}}
	if err := sink.Begin(monitoring.Table{Code: "13211-02-04-4", Title: "Arbeitslose"}, series); err != nil {
		return monitoring.Summary{}, err
	}
	for _, o := range []monitoring.Observation{
		{Series: 0, RegionKey: "08111", RegionName: "Stuttgart", Period: "2008", Value: 5312},
		{Series: 1, RegionKey: "08111", RegionName: "Stuttgart", Period: "2008", Value: 5.9},
		{Series: 1, RegionKey: "08111", RegionName: "Stuttgart", Period: "2009", Symbol: "."},
		{Series: 0, RegionKey: "DG", RegionName: "Deutschland", Period: "2008", Value: 497218},
	} {
		if err := sink.Observation(o); err != nil {
			return monitoring.Summary{}, err
		}
	}
	return monitoring.Summary{Encoding: "UTF-8"}, sink.End("© Statistische Ämter des Bundes und der Länder")
}

func TestObservationsExport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		importTable(t, db, "t.csv", smallTable)
		h := newAPI(db).Handler()

		res, body := raw(t, h, "/api/v1/observations?region=08111", nil)
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/json" {
			t.Fatalf("json: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
		var page struct {
			Items []monitoring.ExportRow `json:"items"`
			Total int                    `json:"total"`
			Next  *string                `json:"next"`
		}
		if err := json.Unmarshal([]byte(body), &page); err != nil {
			t.Fatalf("json: %v\n%s", err, body)
		}
		rows := page.Items
		if page.Total != 3 || page.Next != nil || len(rows) != 3 || rows[0].Series != "Arbeitslose | Ausländer" || rows[0].SeriesID == 0 ||
			*rows[0].Value != 5312 || rows[2].Value != nil || rows[2].Symbol != "." {
			t.Fatalf("page = %s", body)
		}

		res, body = raw(t, h, "/api/v1/observations?table=13211-02-04-4", map[string]string{"Accept": "text/csv"})
		if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("csv content type %q", res.Header.Get("Content-Type"))
		}
		records, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		want := [][]string{
			{"table", "series", "unit", "region_key", "region_name", "period", "breakdown", "value", "symbol"},
			{"13211-02-04-4", "Arbeitslose | Ausländer", "Anzahl", "08111", "Stuttgart", "2008", "", "5312", ""},
			{"13211-02-04-4", "Arbeitslose | Ausländer", "Anzahl", "DG", "Deutschland", "2008", "", "497218", ""},
			{"13211-02-04-4", "Arbeitslosenquote", "Prozent", "08111", "Stuttgart", "2008", "", "5.9", ""},
			{"13211-02-04-4", "Arbeitslosenquote", "Prozent", "08111", "Stuttgart", "2009", "", "", "."},
		}
		if len(records) != len(want) {
			t.Fatalf("csv has %d records, want %d:\n%s", len(records), len(want), body)
		}
		for i := range want {
			if strings.Join(records[i], ",") != strings.Join(want[i], ",") {
				t.Errorf("csv row %d = %v, want %v", i, records[i], want[i])
			}
		}

		res, body = raw(t, h, "/api/v1/observations?format=xml&region=abc", nil)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `"field":"format"`) || !strings.Contains(body, `"field":"region"`) {
			t.Fatalf("bad parameters: %d %s", res.StatusCode, body)
		}
	})
}

// raw requests target and returns the response and its body as text.
func raw(t *testing.T, h http.Handler, target string, header map[string]string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result(), rec.Body.String()
}
