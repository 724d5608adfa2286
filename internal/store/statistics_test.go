package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/audit"
	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// importTables imports files as the system, as the command line would.
func importTables(db *store.DB, files ...monitoring.TableFile) ([]monitoring.TableImport, error) {
	results, err := monitoring.NewService(db.Statistics()).ImportTables(accounts.WithPrincipal(context.Background(), accounts.System("test")), files, monitoring.ImportOptions{})
	var out []monitoring.TableImport
	for _, r := range results {
		out = append(out, r.Result)
	}
	return out, err
}

// fakeTable is a reader that streams a small table into the sink, optionally failing
// after some observations, as a damaged file would.
func fakeTable(code string, values []float64, failAfter int) monitoring.TableReader {
	return func(sink monitoring.Sink) (monitoring.Summary, error) {
		sum := monitoring.Summary{Encoding: "UTF-8", Symbols: map[string]int{}}
		t := monitoring.Table{Code: code, Title: "Bevölkerung", BreakdownNames: []string{"Geschlecht"}}
		series := []monitoring.Series{{Labels: []string{"Bevölkerung"}, Unit: "Anzahl"}, {Labels: []string{"Ausländer", "Anteil"}, Unit: "Prozent"}}
		if err := sink.Begin(t, series); err != nil {
			return sum, err
		}
		regions := []string{"DG", "08111", "99999"}
		for i, v := range values {
			if failAfter > 0 && i == failAfter {
				return sum, teilhabe.Invalid("test.broken")
			}
			o := monitoring.Observation{Series: i % 2, RegionKey: regions[i%3], RegionName: "Name " + regions[i%3], Period: "2019", Breakdown: []string{"weiblich"}, Value: v, Line: i + 8}
			if v < 0 {
				o.Symbol, o.Value = ".", 0
				sum.Symbols["."]++
			}
			if err := sink.Observation(o); err != nil {
				return sum, err
			}
			sum.Observations++
		}
		return sum, sink.End("© Statistische Ämter des Bundes und der Länder")
	}
}

func TestImportTablesMergesAndKeepsSymbols(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := storetest.ImportRegions(ctx, db, sampleRegions(time.Date(2019, 12, 31, 0, 0, 0, 0, time.UTC)), "t"); err != nil {
			t.Fatal(err)
		}
		res, err := importTables(db, monitoring.TableFile{Name: "t.csv", Read: fakeTable("T1", []float64{10, 2.5, -1, 4, 5, 6}, 0)})
		if err != nil {
			t.Fatal(err)
		}
		if r := res[0]; r.Table != "T1" || r.Series != 2 || r.Observations != 6 || r.UnknownRegions != 1 || r.UnknownSample[0] != "99999" {
			t.Fatalf("import = %+v", r)
		}
		var rows []monitoring.ExportRow
		collect := func(r monitoring.ExportRow) error { rows = append(rows, r); return nil }
		if err := readObservations(ctx, db, "T1", "99999", collect); err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2 || rows[0].Symbol != "." || rows[0].Value != nil || rows[0].RegionName != "Name 99999" {
			t.Fatalf("rows for the unknown region = %+v", rows)
		}
		rows = nil
		if err := readObservations(ctx, db, "", "08111", collect); err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2 || rows[0].RegionName != "Stuttgart, Stadtkreis" || rows[1].Series != "Ausländer | Anteil" || rows[1].Breakdown != "weiblich" || *rows[0].Value != 5 || *rows[1].Value != 2.5 {
			t.Fatalf("rows for Stuttgart = %+v", rows)
		}

		// A file of the same series, year and breakdown replaces that slice: three
		// cells come again with other values, the three it lacks go.
		res, err = importTables(db, monitoring.TableFile{Name: "t.csv", Read: fakeTable("T1", []float64{1, 2, 3}, 0)})
		if r := res[0]; err != nil || r.Observations != 3 || r.Replaced != 3 || r.Changed != 3 || r.Removed != 3 || r.Added != 0 || r.Kept != 0 {
			t.Fatalf("re-import = %+v, %v", res, err)
		}
		// A cell given twice is refused also where the file merges into stored cells.
		_, err = importTables(db, monitoring.TableFile{Name: "t.csv", Read: fakeTable("T1", []float64{1, 2, 3, 4, 5, 6, 7}, 0)})
		if e := teilhabe.AsError(err); e == nil || e.ID != "monitoring.error.value_twice" {
			t.Fatalf("a cell twice in a merge: %v", err)
		}
		tables, err := db.Statistics().Tables(ctx)
		if err != nil || len(tables) != 1 || tables[0].Observations != 3 || tables[0].SourceNote == "" || tables[0].BreakdownNames[0] != "Geschlecht" {
			t.Fatalf("tables = %+v, %v", tables, err)
		}
	})
}

func TestFailedTableImportChangesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := importTables(db, monitoring.TableFile{Name: "a.csv", Read: fakeTable("T1", []float64{1, 2, 3}, 0)}); err != nil {
			t.Fatal(err)
		}
		// A second file breaks half-way: neither its table nor the new version of
		// T1 from the first file may remain.
		_, err := importTables(db,
			monitoring.TableFile{Name: "a.csv", Read: fakeTable("T1", []float64{7, 8, 9, 10}, 0)},
			monitoring.TableFile{Name: "b.csv", Read: fakeTable("T2", []float64{1, 2, 3, 4, 5}, 3)},
		)
		if e := teilhabe.AsError(err); e == nil || e.ID != "test.broken" {
			t.Fatalf("err = %v", err)
		}
		tables, _ := db.Statistics().Tables(ctx)
		if len(tables) != 1 || tables[0].Observations != 3 {
			t.Fatalf("tables after the failed import = %+v", tables)
		}
		events, _ := db.Audit().Events(ctx, audit.Filter{Entity: "stat_table"})
		if len(events) != 1 {
			t.Fatalf("%d audit events, want 1", len(events))
		}
		// A table that says the same cell twice is refused.
		dup := func(sink monitoring.Sink) (monitoring.Summary, error) {
			if err := sink.Begin(monitoring.Table{Code: "T3"}, []monitoring.Series{{Labels: []string{"x"}, Unit: "Anzahl"}}); err != nil {
				return monitoring.Summary{}, err
			}
			for i := 0; i < 2; i++ {
				if err := sink.Observation(monitoring.Observation{RegionKey: "DG", Period: "2019", Value: 1, Line: 9 + i}); err != nil {
					return monitoring.Summary{}, err
				}
			}
			return monitoring.Summary{}, sink.End("")
		}
		_, err = importTables(db, monitoring.TableFile{Name: "dup.csv", Read: dup})
		if e := teilhabe.AsError(err); e == nil || e.ID != "monitoring.error.value_twice" || e.Args["File"] != "dup.csv" || e.Fields[0].Field != "observation" {
			t.Fatalf("duplicate cell: %v", err)
		}
		// Two value columns whose labels join to the same name.
		twice := func(sink monitoring.Sink) (monitoring.Summary, error) {
			series := []monitoring.Series{{Labels: []string{"A | B"}, Unit: "Anzahl"}, {Labels: []string{"A", "B"}, Unit: "Anzahl"}}
			return monitoring.Summary{}, sink.Begin(monitoring.Table{Code: "T4"}, series)
		}
		_, err = importTables(db, monitoring.TableFile{Name: "twice.csv", Read: twice})
		if e := teilhabe.AsError(err); e == nil || e.ID != "monitoring.error.two_columns" || e.Args["Series"] != "A | B" || e.Fields[0].Field != "series" {
			t.Fatalf("two columns alike: %v", err)
		}
	})
}
