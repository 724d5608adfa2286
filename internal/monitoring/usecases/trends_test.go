package usecases_test

import (
	"context"
	"slices"
	"testing"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// sinceCovid are made-up rates of all civilian labour force and of foreigners (the
// series of ALQ-AUSL-ZIV and ALQ-AUSL-ZIV-DIFF, table 13211-02-05-4) by year and
// region: Stuttgart worsens in 2020 and recovers in part by 2023, Ludwigsburg is
// secret in 2020, Heidelberg has no row, and 08999 is a Kreis of an older Gebietsstand.
var sinceCovid = map[string]map[string][2]any{
	"2019": {"DG": {5.0, 12.0}, "08": {3.0, 8.0}, "08111": {4.0, 7.0}, "08118": {3.0, 6.0}, "08222": {5.0, 11.0}, "09162": {3.5, 8.0}, "08999": {4.0, 9.0}},
	"2020": {"DG": {6.0, 14.0}, "08": {4.0, 10.0}, "08111": {5.0, 10.0}, "08118": {3.5, "."}, "08222": {6.0, 12.0}, "09162": {4.0, 9.5}, "08999": {"-", "-"}},
	"2023": {"DG": {5.5, 13.0}, "08": {3.5, 9.0}, "08111": {4.5, 9.0}, "08118": {3.0, 6.5}, "08222": {5.5, 10.0}, "09162": {3.5, 8.0}, "08999": {"-", "-"}},
}

func ratesSinceCovid(sink monitoring.Sink) (monitoring.Summary, error) {
	series := []monitoring.Series{
		{Labels: []string{"Arbeitslosenquote bez. auf alle zivile Erwerbsp."}, Unit: "Prozent"},
		{Labels: []string{"Arbeitslosenquote bez. auf alle zivile Erwerbsp.", "Ausländer"}, Unit: "Prozent"},
	}
	if err := sink.Begin(monitoring.Table{Code: "13211-02-05-4", Title: "Arbeitslose"}, series); err != nil {
		return monitoring.Summary{}, err
	}
	years := []string{"2019", "2020", "2023"}
	for _, y := range years {
		var keys []string
		for k := range sinceCovid[y] {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			for i, v := range sinceCovid[y][k] {
				o := monitoring.Observation{Series: i, RegionKey: k, RegionName: "Kreis " + k, Period: y}
				if f, ok := v.(float64); ok {
					o.Value = f
				} else {
					o.Symbol = v.(string)
				}
				if err := sink.Observation(o); err != nil {
					return monitoring.Summary{}, err
				}
			}
		}
	}
	return monitoring.Summary{Encoding: "UTF-8", Periods: years}, sink.End("")
}

func setupSinceCovid(t *testing.T, db *store.DB) fixture {
	t.Helper()
	f := setup(t, db)
	files := []monitoring.TableFile{{Name: "13211-02-05-4.csv", Read: ratesSinceCovid}}
	if _, err := f.svc.ImportTables(accounts.WithPrincipal(context.Background(), accounts.System("test")), files, monitoring.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestRegionTrends: a region's page gets each indicator's values in 2019, 2020 and
// the latest year with both changes judged by its direction; a Gemeinde gets its
// Kreis' figures.
func TestRegionTrends(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setupSinceCovid(t, db)
		p, err := f.svc.RegionTrends(context.Background(), "08111000")
		if err != nil {
			t.Fatal(err)
		}
		if p.Region.Key != "08111000" || p.Of.Key != "08111" || p.BaseYear != "2019" || p.FirstEffectYear != "2020" {
			t.Fatalf("profile of %s for %s, years %s %s", p.Of.Key, p.Region.Key, p.BaseYear, p.FirstEffectYear)
		}
		byCode := map[string]monitoring.RegionTrend{}
		var codes []string
		for _, tr := range p.Trends {
			byCode[tr.Indicator.Code] = tr
			codes = append(codes, tr.Indicator.Code)
		}
		// Only indicators with values for Stuttgart: ALQ-AUSL (the fixture's table) and the two on 13211-02-05-4.
		if want := []string{"ALQ-AUSL", "ALQ-AUSL-ZIV", "ALQ-AUSL-ZIV-DIFF"}; !slices.Equal(slices.Sorted(slices.Values(codes)), want) {
			t.Fatalf("trends %v, want %v", codes, want)
		}
		rate := byCode["ALQ-AUSL-ZIV"]
		if rate.LatestYear != "2023" || !rate.Has("2020") || rate.Has("2021") || rate.Cells["2020"].Value != 10 {
			t.Errorf("ALQ-AUSL-ZIV cells %+v, latest %s", rate.Cells, rate.LatestYear)
		}
		// Lower is better: 7 → 9 by 2023 and 7 → 10 in 2020 are both worse.
		if c := rate.Change; !c.Has || c.LatestYear != "2023" || !near(c.Diff, 2) || c.Verdict != monitoring.VerdictWorse {
			t.Errorf("change to 2023 %+v", c)
		}
		if c := rate.FirstEffect; !c.Has || c.LatestYear != "2020" || !near(c.Diff, 3) || c.Verdict != monitoring.VerdictWorse {
			t.Errorf("first effect %+v", c)
		}
		// The gap: 3 points in 2019, 5 in 2020, 4.5 in 2023.
		if c := byCode["ALQ-AUSL-ZIV-DIFF"].FirstEffect; !near(c.Diff, 2) || c.Verdict != monitoring.VerdictWorse {
			t.Errorf("gap's first effect %+v", c)
		}
		// The fixture's table has no 2020: no first effect, but the change to 2022.
		if old := byCode["ALQ-AUSL"]; old.FirstEffect.Has || !old.Change.Has || old.Change.LatestYear != "2022" {
			t.Errorf("ALQ-AUSL %+v", old)
		}
		if _, err := f.svc.RegionTrends(context.Background(), "99999"); teilhabe.ErrorCode(err) != teilhabe.ENOTFOUND {
			t.Errorf("unknown region: %v", err)
		}
	})
}

// TestRankingChangesAndGreyKreise: each ranked Kreis carries its changes, and the
// view names the Kreise without a row and the keys of another Gebietsstand.
func TestRankingChangesAndGreyKreise(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setupSinceCovid(t, db)
		v, err := f.svc.Monitoring(context.Background(), "ALQ-AUSL-ZIV", monitoring.MonitoringQuery{SeriesQuery: monitoring.SeriesQuery{Region: "08111"}})
		if err != nil {
			t.Fatal(err)
		}
		if v.Year != "2023" || v.FirstEffectYear != "2020" {
			t.Fatalf("year %s", v.Year)
		}
		byKey := map[string]monitoring.RankItem{}
		var ranked []string
		for _, it := range v.Ranking {
			byKey[it.RegionKey] = it
			ranked = append(ranked, it.RegionKey)
		}
		if want := []string{"08118", "09162", "08111", "08222"}; !slices.Equal(ranked, want) {
			t.Errorf("ranking %v, want %v (no 08999 of an older Gebietsstand)", ranked, want)
		}
		if c := byKey["08222"].Change; !c.Has || !near(c.Diff, -1) || c.Verdict != monitoring.VerdictBetter {
			t.Errorf("Mannheim's change %+v", c)
		}
		// Ludwigsburg is secret in 2020: a change to 2023, no first effect.
		if lb := byKey["08118"]; !lb.Change.Has || lb.FirstEffect.Has {
			t.Errorf("Ludwigsburg %+v %+v", lb.Change, lb.FirstEffect)
		}
		if c := byKey["08111"].FirstEffect; !near(c.Diff, 3) || c.Verdict != monitoring.VerdictWorse {
			t.Errorf("Stuttgart's first effect %+v", c)
		}
		if len(v.Unlisted) != 1 || v.Unlisted[0].Key != "08221" {
			t.Errorf("Kreise without a row: %+v", v.Unlisted)
		}
		if len(v.Older) != 1 || v.Older[0].RegionKey != "08999" || v.Older[0].Symbol != "-" {
			t.Errorf("keys of another Gebietsstand: %+v", v.Older)
		}
		if c := v.FirstEffects[0]; !near(c.Diff, 3) {
			t.Errorf("the region's first effect %+v", c)
		}
	})
}
