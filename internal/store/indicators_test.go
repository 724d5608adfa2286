package store_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// unemployment streams a piece of table 13211-02-04-4 with the given rate of
// foreigners for Stuttgart.
func unemployment(foreignRate float64) monitoring.TableReader {
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
		if _, err := storetest.ImportRegions(ctx, db, sampleRegions(time.Date(2019, 12, 31, 0, 0, 0, 0, time.UTC)), "t"); err != nil {
			t.Fatal(err)
		}
		stats := db.Statistics()
		catalogue, err := stats.Indicators(ctx)
		if err != nil || len(catalogue) < 5 {
			t.Fatalf("catalogue = %d indicators, %v", len(catalogue), err)
		}
		values := func(code string, f monitoring.IndicatorFilter) []monitoring.IndicatorValue {
			t.Helper()
			ind, err := stats.Indicator(ctx, code)
			if err != nil {
				t.Fatal(err)
			}
			v, err := stats.IndicatorValues(ctx, ind, f)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		if v := values("ALQ-AUSL-DIFF", monitoring.IndicatorFilter{}); len(v) != 0 {
			t.Fatalf("values without data: %+v", v)
		}
		if _, err := importTables(db, monitoring.TableFile{Name: "a.csv", Read: unemployment(14.2)}); err != nil {
			t.Fatal(err)
		}
		diff := values("ALQ-AUSL-DIFF", monitoring.IndicatorFilter{Level: "kreis"})
		if len(diff) != 2 || diff[0].RegionName != "Stuttgart, Stadtkreis" || math.Abs(diff[0].Value-7.7) > 1e-9 || math.Abs(diff[1].Value-5.2) > 1e-9 {
			t.Fatalf("ALQ-AUSL-DIFF = %+v", diff)
		}
		share := values("AL-AUSL-ANTEIL", monitoring.IndicatorFilter{Period: "2008"})
		if len(share) != 2 || math.Abs(share[0].Value-6123.0/15568*100) > 1e-9 || share[1].Symbol != "." {
			t.Fatalf("AL-AUSL-ANTEIL = %+v", share)
		}
		// A new import of the table changes the computed values at once.
		if _, err := importTables(db, monitoring.TableFile{Name: "b.csv", Read: unemployment(10.5)}); err != nil {
			t.Fatal(err)
		}
		if v := values("ALQ-AUSL-DIFF", monitoring.IndicatorFilter{Region: "08111"}); len(v) != 1 || math.Abs(v[0].Value-4.0) > 1e-9 {
			t.Fatalf("after re-import: %+v", v)
		}
		// A new indicator is computed at once; saving it again replaces it.
		ind := monitoring.Indicator{Code: "ALQ-FRAUEN", Name: "Arbeitslosenquote gesamt", ActionField: "arbeit", Unit: "%", Better: monitoring.LowerIsBetter,
			Kind: monitoring.KindValue, A: monitoring.SeriesRef{Table: "13211-02-04-4", Series: "Arbeitslosenquote bez. auf abhäng. Erwerbsp.", Unit: "Prozent"}, Factor: 1}
		save := func(ind monitoring.Indicator) {
			t.Helper()
			if err := stats.Update(ctx, func(tx monitoring.Tx) error { return tx.SaveIndicator(ctx, ind) }); err != nil {
				t.Fatal(err)
			}
		}
		save(ind)
		if v := values("ALQ-FRAUEN", monitoring.IndicatorFilter{Region: "08118"}); len(v) != 1 || v[0].Value != 4.1 {
			t.Fatalf("new indicator = %+v", v)
		}
		ind.Name, ind.Factor = "Arbeitslosenquote, zehnfach", 10
		save(ind)
		if got, err := stats.Indicator(ctx, "ALQ-FRAUEN"); err != nil || got != ind {
			t.Fatalf("replaced indicator = %+v, %v", got, err)
		}
		if _, err := stats.Indicator(ctx, "GIBT-ES-NICHT"); teilhabe.ErrorCode(err) != teilhabe.ENOTFOUND {
			t.Fatalf("unknown indicator: %v", err)
		}
	})
}
