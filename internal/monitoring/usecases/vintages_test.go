package usecases_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/audit"
	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// One table in two downloads (testdata/genesis/README.md): 13211-02-05-4 for
// 2015–2020 in the classic format and for 2023 in today's, which labels the
// foreigners' columns "ausländisch" where 2015–2020 say "Ausländer".

const (
	table13211  = "13211-02-05-4"
	file2015    = "13211-02-05-4_2015-2020.csv"
	file2023    = "13211-02-05-4_2023.csv"
	rateAuslaen = "Arbeitslosenquote bez. auf alle zivile Erwerbsp. | Ausländer"
	obs2015     = 41964 // 538 regions × 6 years × 13 series
	obs2023     = 7007  // 539 regions × 13 series
)

var cli = accounts.WithPrincipal(context.Background(), accounts.System("cli"))

// realFile reads a file of testdata/genesis, changed by edit if it is not nil.
func realFile(t *testing.T, name string, edit func([]byte) []byte) monitoring.TableFile {
	t.Helper()
	data, err := os.ReadFile("../testdata/genesis/" + name)
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		data = edit(data)
	}
	return monitoring.TableFile{Name: name, Read: func(sink monitoring.Sink) (monitoring.Summary, error) {
		return monitoring.ReadGenesis(bytes.NewReader(data), name, sink)
	}}
}

func importFiles(t *testing.T, svc *monitoring.Service, opt monitoring.ImportOptions, files ...monitoring.TableFile) []monitoring.TableImport {
	t.Helper()
	res, err := svc.ImportTables(cli, files, opt)
	if err != nil {
		t.Fatal(err)
	}
	var out []monitoring.TableImport
	for _, r := range res {
		out = append(out, r.Result)
	}
	return out
}

// foreignersRate is an indicator on the foreigners' rate, named by the classic label.
func foreignersRate(t *testing.T, svc *monitoring.Service) {
	t.Helper()
	_, err := svc.SaveIndicator(cli, monitoring.Indicator{Code: "ALQ-AUSL-KREIS", Name: "Arbeitslosenquote der Ausländer", ActionField: "arbeit",
		Unit: "%", Better: monitoring.LowerIsBetter, Kind: monitoring.KindValue,
		A: monitoring.SeriesRef{Table: table13211, Series: rateAuslaen, Unit: "Prozent"}})
	if err != nil {
		t.Fatal(err)
	}
}

// stuttgart returns the indicator's values for Stuttgart by year: a number, or the
// official sign.
func stuttgart(t *testing.T, svc *monitoring.Service) map[string]any {
	t.Helper()
	_, vals, err := svc.Values(context.Background(), "ALQ-AUSL-KREIS", monitoring.IndicatorFilter{Region: "08111"})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]any{}
	for _, v := range vals {
		if v.Symbol != "" {
			out[v.Period] = v.Symbol
		} else {
			out[v.Period] = v.Value
		}
	}
	return out
}

// Stuttgart's foreigners' rate as the files give it (lines 754, 216 of 2015–2020,
// line 218 of 2023); 2017 and 2018 are suppressed by Kreis.
var stuttgartRates = map[string]any{"2015": 10.2, "2016": 10.0, "2017": ".", "2018": ".", "2019": 7.4, "2020": 9.7, "2023": 10.3}

func tableObservations(t *testing.T, db *store.DB) int {
	t.Helper()
	tables, err := db.Statistics().Tables(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range tables {
		if tb.Code == table13211 {
			return tb.Observations
		}
	}
	return 0
}

// TestYearlyFilesMerge imports the two real files in either order: all years stay,
// the foreigners' series is one, and the indicator finds Stuttgart's values of every
// vintage. Importing a file again changes nothing.
func TestYearlyFilesMerge(t *testing.T) {
	for _, order := range [][]string{{file2015, file2023}, {file2023, file2015}} {
		t.Run(order[0], func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				svc := monitoring.NewService(db.Statistics())
				foreignersRate(t, svc)
				first := importFiles(t, svc, monitoring.ImportOptions{}, realFile(t, order[0], nil))[0]
				second := importFiles(t, svc, monitoring.ImportOptions{}, realFile(t, order[1], nil))[0]
				n0, n1 := obs2015, obs2023
				if order[0] == file2023 {
					n0, n1 = n1, n0
				}
				if first.Added != n0 || second.Added != n1 || second.Kept != n0 || second.Replaced != 0 || second.Removed != 0 || len(second.Unmatched) != 0 {
					t.Fatalf("first %+v\nsecond %+v", first, second)
				}
				// The two foreigners' columns are found under the other vintage's label.
				if len(second.Renamed) != 2 || second.Renamed[0].By != monitoring.MatchNormalised {
					t.Errorf("renamed %+v", second.Renamed)
				}
				if got := tableObservations(t, db); got != obs2015+obs2023 {
					t.Errorf("%d observations, want %d", got, obs2015+obs2023)
				}
				series, _ := db.Statistics().Series(context.Background())
				if len(series) != 13 {
					t.Errorf("%d series, want 13", len(series))
				}
				if got := stuttgart(t, svc); !mapsEqual(got, stuttgartRates) {
					t.Errorf("Stuttgart %v, want %v", got, stuttgartRates)
				}

				// The same file again: nothing added or changed, nothing audited.
				events := func() int {
					ev, _ := db.Audit().Events(context.Background(), audit.Filter{Entity: "stat_table"})
					return len(ev)
				}
				before := events()
				tables, _ := db.Statistics().Tables(context.Background())
				again := importFiles(t, svc, monitoring.ImportOptions{}, realFile(t, order[1], nil))[0]
				if !again.Unchanged() || again.Added != 0 || again.Replaced != n1 || again.Changed != 0 || again.Kept != n0 {
					t.Errorf("re-import %+v", again)
				}
				after, _ := db.Statistics().Tables(context.Background())
				if events() != before || !after[0].ImportedAt.Equal(tables[0].ImportedAt) || tableObservations(t, db) != obs2015+obs2023 {
					t.Errorf("the re-import changed the database: %d events (was %d), %+v", events(), before, after)
				}
				// The newest vintage names the table's regions that the
				// Gemeindeverzeichnis lacks (none is loaded here).
				rows := exportRows(t, svc, "08111")
				if len(rows) == 0 || rows[0].RegionName != "Stuttgart, Stadtkreis" {
					t.Errorf("Stuttgart's name: %+v", rows[:min(1, len(rows))])
				}
			})
		})
	}
}

func exportRows(t *testing.T, svc *monitoring.Service, region string) []monitoring.ExportRow {
	t.Helper()
	var buf bytes.Buffer
	if err := svc.Export(context.Background(), monitoring.ObservationFilter{Table: table13211, Regions: []string{region}}, "json", func() (w io.Writer) { return &buf }); err != nil {
		t.Fatal(err)
	}
	var rows []monitoring.ExportRow
	if err := json.Unmarshal(buf.Bytes(), &rows); err != nil {
		t.Fatal(err)
	}
	return rows
}

func mapsEqual(a, b map[string]any) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok {
			return false
		} else if f, isF := v.(float64); isF {
			if g, ok := w.(float64); !ok || !near(f, g) {
				return false
			}
		} else if v != w {
			return false
		}
	}
	return true
}

// TestBothYearsInOneUpload: two files of one table in one import merge; replacing
// the table keeps only the file's years.
func TestBothYearsInOneUpload(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := monitoring.NewService(db.Statistics())
		foreignersRate(t, svc)
		res := importFiles(t, svc, monitoring.ImportOptions{}, realFile(t, file2023, nil), realFile(t, file2015, nil))
		if len(res) != 2 || res[1].Added != obs2015 || res[1].Kept != obs2023 {
			t.Fatalf("one upload: %+v", res)
		}
		if got := stuttgart(t, svc); !mapsEqual(got, stuttgartRates) {
			t.Errorf("Stuttgart %v", got)
		}
		r := importFiles(t, svc, monitoring.ImportOptions{ReplaceTable: true}, realFile(t, file2023, nil))[0]
		if !r.TableReplaced || r.Removed != obs2015+obs2023 || r.Added != obs2023 || tableObservations(t, db) != obs2023 {
			t.Errorf("replace: %+v, %d observations", r, tableObservations(t, db))
		}
		if got := stuttgart(t, svc); !mapsEqual(got, map[string]any{"2023": 10.3}) {
			t.Errorf("Stuttgart after the replace: %v", got)
		}
	})
}

// renamed2023 is the 2023 file with its foreigners' columns relabelled in a way no
// normalisation knows.
func renamed2023(data []byte) []byte {
	return bytes.Replace(data, []byte(";ausl\xe4ndisch;"), []byte(";Nichtdeutsche;"), -1)
}

const renamedRate = "Arbeitslosenquote bez. auf alle zivile Erwerbsp. | Nichtdeutsche"

func seriesID(t *testing.T, db *store.DB, name string) int64 {
	t.Helper()
	series, err := db.Statistics().Series(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range series {
		if s.Table == table13211 && s.Name == name && s.Unit == "Prozent" {
			return s.ID
		}
	}
	return 0
}

// TestRenamedColumn: a column renamed beyond the known synonyms becomes a series of
// its own and is reported; an alias merges it.
func TestRenamedColumn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := monitoring.NewService(db.Statistics())
		foreignersRate(t, svc)
		importFiles(t, svc, monitoring.ImportOptions{}, realFile(t, file2015, nil))
		res := importFiles(t, svc, monitoring.ImportOptions{}, realFile(t, file2023, renamed2023))[0]
		if !slices.Equal(res.Unmatched, []string{"Arbeitslose | Nichtdeutsche", renamedRate}) || res.Added != obs2023 {
			t.Fatalf("without an alias: %+v", res)
		}
		if _, ok := stuttgart(t, svc)["2023"]; ok {
			t.Fatal("the indicator found a series it was not told about")
		}
		target := seriesID(t, db, rateAuslaen)
		if seriesID(t, db, renamedRate) == 0 || target == 0 {
			t.Fatal("the renamed column is not a series of its own")
		}

		// Bad aliases: none, the series' own labels, an unknown series; and who may.
		_, err := svc.SaveSeriesAlias(cli, monitoring.AliasInput{Alias: " ", SeriesID: target})
		wantErr(t, "empty alias", err, teilhabe.EINVALID, "monitoring.import.error.alias")
		_, err = svc.SaveSeriesAlias(cli, monitoring.AliasInput{Alias: "Arbeitslosenquote bez. auf alle zivile Erwerbsp. | ausländisch", SeriesID: target})
		if got := germanFields(err)["alias"]; !strings.Contains(got, "braucht es keinen Alias") {
			t.Errorf("alias of a synonym: %q", got)
		}
		_, err = svc.SaveSeriesAlias(cli, monitoring.AliasInput{Alias: renamedRate, SeriesID: 999999})
		if got := germanFields(err)["series"]; got != "Bitte eine importierte Reihe wählen." {
			t.Errorf("unknown series: %q", got)
		}
		_, err = svc.SaveSeriesAlias(context.Background(), monitoring.AliasInput{Alias: renamedRate, SeriesID: target})
		wantErr(t, "anonymous", err, teilhabe.EUNAUTHORIZED, "")

		// The alias merges the split series at once.
		saved, err := svc.SaveSeriesAlias(cli, monitoring.AliasInput{Alias: renamedRate, SeriesID: target})
		if err != nil || len(saved.Merged) != 1 || saved.Merged[0].Moved != 539 || saved.Merged[0].Dropped != 0 || saved.Alias.Series != rateAuslaen {
			t.Fatalf("save alias: %+v, %v", saved, err)
		}
		if seriesID(t, db, renamedRate) != 0 {
			t.Error("the merged series is still there")
		}
		if got := stuttgart(t, svc); !mapsEqual(got, stuttgartRates) {
			t.Errorf("Stuttgart after the alias %v", got)
		}
		// Importing the renamed file again now finds the series: nothing changes.
		again := importFiles(t, svc, monitoring.ImportOptions{}, realFile(t, file2023, renamed2023))[0]
		if !again.Unchanged() || len(again.Unmatched) != 0 {
			t.Errorf("re-import with the alias: %+v", again)
		}
		aliases, err := svc.SeriesAliases(cli)
		if err != nil || len(aliases) != 1 || aliases[0].Table != table13211 || aliases[0].Alias != renamedRate || aliases[0].CreatedAt.IsZero() {
			t.Errorf("aliases %+v, %v", aliases, err)
		}
		if err := svc.DeleteSeriesAlias(cli, table13211, renamedRate); err != nil {
			t.Fatal(err)
		}
		wantErr(t, "delete twice", svc.DeleteSeriesAlias(cli, table13211, renamedRate), teilhabe.ENOTFOUND, "monitoring.import.error.no_alias")
		events, _ := db.Audit().Events(context.Background(), audit.Filter{Entity: "stat_series_alias"})
		if len(events) != 2 || events[0].Action != "delete" || events[1].Action != "create" || !strings.Contains(strings.ReplaceAll(events[1].After, " ", ""), `"moved":539`) {
			t.Errorf("alias audit %+v", events)
		}
	})
}

// TestRenamedColumnWithAlias: with the alias in place before the renamed file comes,
// nothing splits.
func TestRenamedColumnWithAlias(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := monitoring.NewService(db.Statistics())
		foreignersRate(t, svc)
		importFiles(t, svc, monitoring.ImportOptions{}, realFile(t, file2015, nil))
		if _, err := svc.SaveSeriesAlias(cli, monitoring.AliasInput{Alias: renamedRate, SeriesID: seriesID(t, db, rateAuslaen)}); err != nil {
			t.Fatal(err)
		}
		res := importFiles(t, svc, monitoring.ImportOptions{}, realFile(t, file2023, renamed2023))[0]
		if len(res.Unmatched) != 1 || !slices.ContainsFunc(res.Renamed, func(r monitoring.SeriesRename) bool {
			return r.File == renamedRate && r.Stored == rateAuslaen && r.By == monitoring.MatchAlias
		}) {
			t.Fatalf("with an alias: %+v", res)
		}
		if got := stuttgart(t, svc); !mapsEqual(got, stuttgartRates) {
			t.Errorf("Stuttgart with the alias %v", got)
		}
	})
}
