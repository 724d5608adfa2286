package store_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/audit"
	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// unemployment streams a piece of table 13211-02-04-4 with the given rate of
// foreigners for Stuttgart.
func unemployment(foreignRate float64) store.TableReader {
	return func(sink monitoring.Sink) (monitoring.Summary, error) {
		series := []monitoring.Series{
			{Labels: []string{"Arbeitslose"}, Unit: "Anzahl"},
			{Labels: []string{"Arbeitslose", "Ausländer"}, Unit: "Anzahl"},
			{Labels: []string{"Arbeitslosenquote bez. auf abhäng. Erwerbsp."}, Unit: "Prozent"},
			{Labels: []string{"Arbeitslosenquote bez. auf abhäng. Erwerbsp.", "Ausländer"}, Unit: "Prozent"},
		}
		if err := sink.Begin(monitoring.Table{Code: "13211-02-04-4"}, series); err != nil {
			return monitoring.Summary{}, err
		}
		for _, o := range []monitoring.Observation{
			{Series: 0, RegionKey: "08111", Period: "2008", Value: 15568},
			{Series: 1, RegionKey: "08111", Period: "2008", Value: 6123},
			{Series: 2, RegionKey: "08111", Period: "2008", Value: 6.5},
			{Series: 3, RegionKey: "08111", Period: "2008", Value: foreignRate},
			{Series: 0, RegionKey: "08118", Period: "2008", Value: 9000},
			{Series: 1, RegionKey: "08118", Period: "2008", Symbol: "."},
			{Series: 2, RegionKey: "08118", Period: "2008", Value: 4.1},
			{Series: 3, RegionKey: "08118", Period: "2008", Value: 9.3},
		} {
			if err := sink.Observation(o); err != nil {
				return monitoring.Summary{}, err
			}
		}
		return monitoring.Summary{}, sink.End("")
	}
}

func TestIndicatorValuesFollowImports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := db.ImportRegions(ctx, sampleRegions(time.Date(2019, 12, 31, 0, 0, 0, 0, time.UTC)), "t"); err != nil {
			t.Fatal(err)
		}
		catalogue, err := db.Indicators(ctx)
		if err != nil || len(catalogue) < 5 {
			t.Fatalf("catalogue = %d indicators, %v", len(catalogue), err)
		}
		values := func(code string, f store.IndicatorFilter) []store.IndicatorValue {
			t.Helper()
			ind, err := db.Indicator(ctx, code)
			if err != nil {
				t.Fatal(err)
			}
			v, err := db.IndicatorValues(ctx, ind, f)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		if v := values("ALQ-AUSL-DIFF", store.IndicatorFilter{}); len(v) != 0 {
			t.Fatalf("values without data: %+v", v)
		}
		if _, _, err := db.ImportTables(ctx, []store.TableFile{{Name: "a.csv", Read: unemployment(14.2)}}); err != nil {
			t.Fatal(err)
		}
		diff := values("ALQ-AUSL-DIFF", store.IndicatorFilter{Level: "kreis"})
		if len(diff) != 2 || diff[0].RegionName != "Stuttgart, Stadtkreis" || math.Abs(diff[0].Value-7.7) > 1e-9 || math.Abs(diff[1].Value-5.2) > 1e-9 {
			t.Fatalf("ALQ-AUSL-DIFF = %+v", diff)
		}
		share := values("AL-AUSL-ANTEIL", store.IndicatorFilter{Period: "2008"})
		if len(share) != 2 || math.Abs(share[0].Value-6123.0/15568*100) > 1e-9 || share[1].Symbol != "." {
			t.Fatalf("AL-AUSL-ANTEIL = %+v", share)
		}
		// A new import of the table changes the computed values at once.
		if _, _, err := db.ImportTables(ctx, []store.TableFile{{Name: "b.csv", Read: unemployment(10.5)}}); err != nil {
			t.Fatal(err)
		}
		if v := values("ALQ-AUSL-DIFF", store.IndicatorFilter{Region: "08111"}); len(v) != 1 || math.Abs(v[0].Value-4.0) > 1e-9 {
			t.Fatalf("after re-import: %+v", v)
		}
		// Admins add indicators; a bad definition is refused.
		ind := monitoring.Indicator{Code: "alq-frauen", Name: "Arbeitslosenquote gesamt", ActionField: "arbeit", Unit: "%", Better: monitoring.LowerIsBetter,
			Kind: monitoring.KindValue, A: monitoring.SeriesRef{Table: "13211-02-04-4", Series: "Arbeitslosenquote bez. auf abhäng. Erwerbsp.", Unit: "Prozent"}}
		if err := db.SaveIndicator(ctx, &ind); err != nil {
			t.Fatal(err)
		}
		if v := values("ALQ-FRAUEN", store.IndicatorFilter{Region: "08118"}); len(v) != 1 || v[0].Value != 4.1 {
			t.Fatalf("new indicator = %+v", v)
		}
		if err := db.SaveIndicator(ctx, &monitoring.Indicator{Code: "X"}); teilhabe.ErrorCode(err) != teilhabe.EINVALID {
			t.Fatalf("bad indicator: %v", err)
		}
		if ev, _ := db.Audit().Events(ctx, audit.Filter{Entity: "indicator"}); len(ev) != 1 {
			t.Fatalf("indicator audit = %d events", len(ev))
		}
	})
}
