package api

import (
	"context"
	"net/http"
	"testing"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
)

func schoolLeavers(sink monitoring.Sink) (monitoring.Summary, error) {
	series := []monitoring.Series{
		{Labels: []string{"Schulabschluss", "Insgesamt", "Insgesamt"}, Unit: "Anzahl"},
		{Labels: []string{"Schulabschluss", "ohne Hauptschulabschluss", "Insgesamt"}, Unit: "Anzahl"},
	}
	if err := sink.Begin(monitoring.Table{Code: "21111-02-06-4"}, series); err != nil {
		return monitoring.Summary{}, err
	}
	for _, o := range []monitoring.Observation{
		{Series: 0, RegionKey: "DG", RegionName: "Deutschland", Period: "2015", Value: 846423},
		{Series: 1, RegionKey: "DG", RegionName: "Deutschland", Period: "2015", Value: 47435},
		{Series: 0, RegionKey: "DG", RegionName: "Deutschland", Period: "2014", Value: 0},
		{Series: 1, RegionKey: "DG", RegionName: "Deutschland", Period: "2014", Symbol: "."},
	} {
		if err := sink.Observation(o); err != nil {
			return monitoring.Summary{}, err
		}
	}
	return monitoring.Summary{}, sink.End("")
}

func TestIndicatorAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if _, _, err := db.ImportTables(context.Background(), []store.TableFile{{Name: "t.csv", Read: schoolLeavers}}); err != nil {
			t.Fatal(err)
		}
		h := New(db, programmes.NewService(db.Programmes()), regions.NewService(db.Regions()), accounts.NewService(db.Accounts()), testBundle, "test").Handler()
		res := get(t, h, "/api/v1/indicators")
		if res.status != http.StatusOK || res.body["total"].(float64) < 5 {
			t.Fatalf("catalogue: %d %v", res.status, res.body["total"])
		}
		res = get(t, h, "/api/v1/indicators/schule-ohne-hsa/values")
		items, _ := res.body["items"].([]any)
		if res.status != http.StatusOK || len(items) != 2 {
			t.Fatalf("values: %d %v", res.status, res.body)
		}
		y2014, y2015 := items[0].(map[string]any), items[1].(map[string]any)
		if y2014["value"] != nil || y2014["symbol"] != "." {
			t.Errorf("2014 = %v, want the symbol of the secret input", y2014)
		}
		if v, _ := y2015["value"].(float64); v < 5.6 || v > 5.61 || y2015["region_name"] != "Deutschland" {
			t.Errorf("2015 = %v, want 47435/846423 = 5.60 %%", y2015)
		}
		wantProblem(t, get(t, h, "/api/v1/indicators/GIBT-ES-NICHT/values"), http.StatusNotFound, "not_found")
		wantProblem(t, get(t, h, "/api/v1/indicators/SCHULE-OHNE-HSA/values?level=stadt&year=15"), http.StatusUnprocessableEntity, "invalid")
	})
}
