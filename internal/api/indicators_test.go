package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
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
		importTable(t, db, "t.csv", schoolLeavers)
		h := newAPI(db).Handler()
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

// foreignRates streams the series of ALQ-AUSL: Stuttgart and Heidelberg are
// Stadtkreise, Ludwigsburg a Landkreis.
func foreignRates(sink monitoring.Sink) (monitoring.Summary, error) {
	series := []monitoring.Series{{Labels: []string{"Arbeitslosenquote bez. auf abhäng. Erwerbsp.", "Ausländer"}, Unit: "Prozent"}}
	if err := sink.Begin(monitoring.Table{Code: "13211-02-04-4"}, series); err != nil {
		return monitoring.Summary{}, err
	}
	for _, o := range []monitoring.Observation{
		{RegionKey: "DG", Period: "2019", Value: 12}, {RegionKey: "DG", Period: "2022", Value: 12.5},
		{RegionKey: "08", Period: "2019", Value: 9}, {RegionKey: "08", Period: "2022", Value: 9.5},
		{RegionKey: "08111", Period: "2019", Value: 10}, {RegionKey: "08111", Period: "2022", Value: 8.5},
		{RegionKey: "08118", Period: "2019", Value: 7}, {RegionKey: "08118", Period: "2022", Symbol: "."},
		{RegionKey: "08221", Period: "2019", Value: 12.3}, {RegionKey: "08221", Period: "2022", Value: 11},
	} {
		if err := sink.Observation(o); err != nil {
			return monitoring.Summary{}, err
		}
	}
	return monitoring.Summary{}, sink.End("")
}

func TestIndicatorSeriesAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := teilhabe.WithActor(context.Background(), teilhabe.System("test"))
		list := testRegions()
		gs := list[0].ValidFrom
		for _, r := range []regions.Region{
			{Key: "08118", ARS: "08118", Name: "Ludwigsburg", Level: regions.LevelKreis, Kind: "Landkreis", ParentKey: "081", ValidFrom: gs},
			{Key: "082", ARS: "082", Name: "Regierungsbezirk Karlsruhe", Level: regions.LevelRegierungsbezirk, Kind: "Regierungsbezirk", ParentKey: "08", ValidFrom: gs},
			{Key: "08221", ARS: "08221", Name: "Heidelberg", Level: regions.LevelKreis, Kind: "Stadtkreis", ParentKey: "082", ValidFrom: gs},
		} {
			list = append(list, r)
		}
		if _, err := storetest.ImportRegions(ctx, db, list, "test"); err != nil {
			t.Fatal(err)
		}
		importTable(t, db, "t.csv", foreignRates)
		h := newAPI(db).Handler()

		type point struct {
			Year   string
			Value  *float64
			Symbol string
			N      *int
		}
		type column struct {
			Key, Name, Role string
			Level           *string
			Size            *int
			Values          []point
			Change          *struct {
				FromYear string `json:"from_year"`
				ToYear   string `json:"to_year"`
				Diff     float64
				Verdict  string
			}
		}
		var doc struct {
			Indicator struct{ Code string }
			Region    struct{ Key, Name, Level string }
			Peers     *struct {
				Group   string
				Kind    *string
				Members []struct{ Key string }
			}
			BaseYear string `json:"base_year"`
			Years    []string
			Columns  []column
		}
		fetch := func(target, lang string) {
			t.Helper()
			req := httptest.NewRequest(http.MethodGet, target, nil)
			if lang != "" {
				req.Header.Set("Accept-Language", lang)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/json" {
				t.Fatalf("%s: %d %s", target, rec.Code, rec.Body)
			}
			doc.Peers = nil
			if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
				t.Fatal(err)
			}
		}
		keys := func() string {
			var out []string
			for _, c := range doc.Columns {
				out = append(out, c.Key+"/"+c.Role)
			}
			return strings.Join(out, " ")
		}

		// The region beside its Land and the Bund; the Regierungsbezirk is left out.
		fetch("/api/v1/indicators/alq-ausl/series?region=08111", "")
		if doc.Indicator.Code != "ALQ-AUSL" || doc.Region.Key != "08111" || doc.Region.Level != "kreis" || doc.BaseYear != "2019" ||
			strings.Join(doc.Years, ",") != "2019,2022" || doc.Peers != nil {
			t.Fatalf("document %+v", doc)
		}
		if got := keys(); got != "08111/region 08/land DG/bund" {
			t.Fatalf("columns %s", got)
		}
		stgt := doc.Columns[0]
		if stgt.Level == nil || *stgt.Level != "kreis" || len(stgt.Values) != 2 || *stgt.Values[1].Value != 8.5 || stgt.Values[1].N != nil ||
			stgt.Change == nil || stgt.Change.ToYear != "2022" || stgt.Change.Diff != -1.5 || stgt.Change.Verdict != "better" {
			t.Errorf("Stuttgart %+v", stgt)
		}

		// Kreise of the same type: the median of Stuttgart and Heidelberg, with n.
		fetch("/api/v1/indicators/ALQ-AUSL/series?region=08111&peers=kind", "")
		med := doc.Columns[len(doc.Columns)-1]
		if doc.Peers == nil || doc.Peers.Group != "kind" || doc.Peers.Kind == nil || *doc.Peers.Kind != "Stadtkreis" || len(doc.Peers.Members) != 2 {
			t.Fatalf("peers %+v", doc.Peers)
		}
		if med.Key != "median:kind" || med.Role != "median" || med.Level != nil || med.Size == nil || *med.Size != 2 ||
			med.Name != "Median: Kreise gleichen Typs (Stadtkreis, n = 2)" || len(med.Values) != 2 ||
			*med.Values[0].Value != 11.15 || *med.Values[0].N != 2 || *med.Values[1].Value != 9.75 {
			t.Errorf("median %+v", med)
		}
		fetch("/api/v1/indicators/ALQ-AUSL/series?region=08111&peers=kind", "en")
		if med := doc.Columns[len(doc.Columns)-1]; med.Name != "Median: Kreise of the same type (Stadtkreis, n = 2)" {
			t.Errorf("English median name %q", med.Name)
		}

		// An own selection: one line each, a special sign as null with its symbol.
		fetch("/api/v1/indicators/ALQ-AUSL/series?region=08111&peer_keys=08221,08118", "")
		if got := keys(); got != "08111/region 08/land DG/bund 08221/peer 08118/peer" {
			t.Fatalf("own selection %s", got)
		}
		if lb := doc.Columns[4]; lb.Values[1].Value != nil || lb.Values[1].Symbol != "." || lb.Change != nil {
			t.Errorf("Ludwigsburg %+v", lb)
		}

		// Bad input is an error here, never other data than asked for.
		res := get(t, h, "/api/v1/indicators/ALQ-AUSL/series?region=XYZ123&peer_keys=abc")
		wantProblem(t, res, http.StatusUnprocessableEntity, "invalid")
		if got := strings.Join(fieldErrors(res), ","); got != "region,peer_keys" {
			t.Errorf("fields %s", got)
		}
		wantProblem(t, get(t, h, "/api/v1/indicators/ALQ-AUSL/series?region=DG&peers=kind"), http.StatusUnprocessableEntity, "invalid")
		res = get(t, h, "/api/v1/indicators/GIBT-ES-NICHT/series")
		wantProblem(t, res, http.StatusNotFound, "not_found")
		if d, _ := res.body["detail"].(string); d != "Indikator GIBT-ES-NICHT wurde nicht gefunden." {
			t.Errorf("detail %q", d)
		}
	})
}
