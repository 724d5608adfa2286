package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
)

// readObservations reads every observation of table ("" for all) and region ("" for
// all), as an unpaged export does.
func readObservations(ctx context.Context, db *store.DB, table, region string, fn func(monitoring.ExportRow) error) error {
	all, err := db.Statistics().Series(ctx)
	if err != nil {
		return err
	}
	var q monitoring.ObservationQuery
	for _, s := range all {
		if table == "" || s.Table == table {
			q.Series = append(q.Series, s)
		}
	}
	if region != "" {
		q.Regions = []string{region}
	}
	return db.Statistics().ReadObservations(ctx, q, nil, fn)
}

// gridTable has two series, six regions of every level, the years 2015 to 2020 and
// the day 2019-12-31, each with and without a breakdown: 168 observations.
func gridTable(code string) monitoring.TableReader {
	return func(sink monitoring.Sink) (monitoring.Summary, error) {
		series := []monitoring.Series{{Labels: []string{"Bevölkerung"}, Unit: "Anzahl"}, {Labels: []string{"Ausländer", "Anteil"}, Unit: "Prozent"}}
		if err := sink.Begin(monitoring.Table{Code: code, Title: "Raster"}, series); err != nil {
			return monitoring.Summary{}, err
		}
		periods := []string{"2015", "2016", "2017", "2018", "2019", "2019-12-31", "2020"}
		for s := range series {
			for _, key := range []string{"DG", "08", "081", "08111", "081110000", "08111000"} {
				for _, p := range periods {
					for _, b := range [][]string{nil, {"weiblich"}} {
						o := monitoring.Observation{Series: s, RegionKey: key, RegionName: key, Period: p, Breakdown: b, Value: float64(len(p))}
						if err := sink.Observation(o); err != nil {
							return monitoring.Summary{}, err
						}
					}
				}
			}
		}
		return monitoring.Summary{Encoding: "UTF-8"}, sink.End("© Test")
	}
}

func TestReadObservationsPagesByKey(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := importTables(db, monitoring.TableFile{Name: "b.csv", Read: gridTable("T2")}, monitoring.TableFile{Name: "a.csv", Read: gridTable("T1")}); err != nil {
			t.Fatal(err)
		}
		all, err := db.Statistics().Series(ctx)
		if err != nil || len(all) != 4 {
			t.Fatalf("series %+v, %v", all, err)
		}
		slices.SortFunc(all, func(a, b monitoring.SeriesInfo) int { return compareKeys(keyOf(a), keyOf(b)) })
		q := monitoring.ObservationQuery{Series: all}

		var whole []monitoring.ExportRow
		total := -1
		if err := db.Statistics().ReadObservations(ctx, q, func(n int) { total = n }, func(r monitoring.ExportRow) error {
			whole = append(whole, r)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if total != 336 || len(whole) != 336 {
			t.Fatalf("total %d, %d rows; want 336", total, len(whole))
		}
		for i := 1; i < len(whole); i++ {
			if compareKeys(whole[i-1].Key(), whole[i].Key()) >= 0 {
				t.Fatalf("row %d %+v does not follow %+v", i, whole[i].Key(), whole[i-1].Key())
			}
		}
		if whole[0].Table != "T1" || whole[0].RegionKey != "08" || whole[0].Period != "2015" || whole[0].Breakdown != "" {
			t.Errorf("first row %+v", whole[0])
		}

		// Pages of 25 that continue after the last key give the same rows; the
		// count ignores the page.
		var paged []monitoring.ExportRow
		q.Limit = 25
		for pages := 0; pages < 20; pages++ {
			var page []monitoring.ExportRow
			if err := db.Statistics().ReadObservations(ctx, q, func(n int) { total = n }, func(r monitoring.ExportRow) error {
				page = append(page, r)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if total != 336 {
				t.Fatalf("page %d: total %d", pages, total)
			}
			paged = append(paged, page...)
			if len(page) < q.Limit {
				break
			}
			q.After = page[len(page)-1].Key()
		}
		if fmt.Sprint(keysOf(paged)) != fmt.Sprint(keysOf(whole)) {
			t.Errorf("pages give %d rows, not the %d of one read in the same order", len(paged), len(whole))
		}

		// Each condition on its own, counted and read.
		for _, c := range []struct {
			name string
			q    monitoring.ObservationQuery
			want int
		}{
			{"bund", monitoring.ObservationQuery{Bund: true}, 56},
			{"land, not DG", monitoring.ObservationQuery{KeyLength: 2}, 56},
			{"kreis", monitoring.ObservationQuery{KeyLength: 5}, 56},
			{"regions", monitoring.ObservationQuery{Regions: []string{"08111", "08111000"}}, 112},
			{"2016 to 2019", monitoring.ObservationQuery{From: "2016", Before: "2020"}, 240},
			{"until 2019-06", monitoring.ObservationQuery{Before: "2019-07"}, 240},
			{"breakdown", monitoring.ObservationQuery{Breakdowns: []string{"weiblich"}}, 168},
			{"no breakdown", monitoring.ObservationQuery{Breakdowns: []string{""}}, 168},
			{"one series", monitoring.ObservationQuery{Series: all[1:2]}, 84},
			{"no series", monitoring.ObservationQuery{Series: []monitoring.SeriesInfo{}}, 0},
		} {
			if c.q.Series == nil {
				c.q.Series = all
			}
			n, rows := -1, 0
			if err := db.Statistics().ReadObservations(ctx, c.q, func(t int) { n = t }, func(monitoring.ExportRow) error { rows++; return nil }); err != nil {
				t.Fatal(err)
			}
			if n != c.want || rows != c.want {
				t.Errorf("%s: total %d, %d rows; want %d", c.name, n, rows, c.want)
			}
		}
	})
}

func keyOf(s monitoring.SeriesInfo) monitoring.ObservationKey {
	return monitoring.ObservationKey{Table: s.Table, SeriesID: s.ID}
}

func keysOf(rows []monitoring.ExportRow) []monitoring.ObservationKey {
	out := make([]monitoring.ObservationKey, len(rows))
	for i, r := range rows {
		out[i] = r.Key()
	}
	return out
}

func compareKeys(a, b monitoring.ObservationKey) int {
	for _, c := range [][2]string{{a.Table, b.Table}, {fmt.Sprintf("%020d", a.SeriesID), fmt.Sprintf("%020d", b.SeriesID)}, {a.Region, b.Region}, {a.Period, b.Period}, {a.Breakdown, b.Breakdown}} {
		if c[0] != c[1] {
			if c[0] < c[1] {
				return -1
			}
			return 1
		}
	}
	return 0
}
