package cli_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/teilhabe/teilhabe/internal/audit"
	"github.com/teilhabe/teilhabe/internal/monitoring"
)

const genesisDir = "../monitoring/testdata/genesis/"

var realTables = []string{"11111-01-01-4.csv", "12411-01-01-4.csv", "13211-02-04-4_00.csv", "21111-02-06-4.csv"}

func realPaths() []string {
	var p []string
	for _, f := range realTables {
		p = append(p, genesisDir+f)
	}
	return p
}

// exportRows runs "export observations" as JSON and decodes the rows.
func exportRows(t *testing.T, url string, args ...string) []monitoring.ExportRow {
	t.Helper()
	code, out, errOut := run(t, append([]string{"export", "observations", "--db", url, "--format", "json"}, args...)...)
	if code != 0 {
		t.Fatalf("export: %s", errOut)
	}
	var rows []monitoring.ExportRow
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("export is not JSON: %v", err)
	}
	return rows
}

func find(rows []monitoring.ExportRow, table, series, region, period, breakdown string) *monitoring.ExportRow {
	for i, r := range rows {
		if r.Table == table && r.Series == series && r.RegionKey == region && r.Period == period && r.Breakdown == breakdown {
			return &rows[i]
		}
	}
	return nil
}

// TestImportRealGenesisTables imports the four real tables and checks counts and
// values read by hand from the files (line numbers in the comments).
func TestImportRealGenesisTables(t *testing.T) {
	eachDB(t, func(t *testing.T, url string) {
		if code, _, errOut := run(t, "import", "regions", "--db", url, gvFile); code != 0 {
			t.Fatal(errOut)
		}
		code, out, errOut := run(t, append([]string{"import", "genesis", "--db", url}, realPaths()...)...)
		if code != 0 {
			t.Fatalf("import: %s", errOut)
		}
		for _, want := range []string{
			"Tabelle 11111-01-01-4 (ISO-8859-1)", "1 Wertspalten (Reihen), 526 Beobachtungen: 449 Zahlen, Zeichen: 77 × „-“",
			"Tabelle 12411-01-01-4 (ISO-8859-1)", "3 Wertspalten (Reihen), 1578 Beobachtungen",
			"Tabelle 13211-02-04-4 (UTF-8)", "16 Wertspalten (Reihen), 8416 Beobachtungen: 7060 Zahlen, Zeichen: 1104 × „-“, 252 × „.“",
			"Tabelle 21111-02-06-4 (ISO-8859-1)", "14 Wertspalten (Reihen), 154644 Beobachtungen: 118402 Zahlen",
			"526 Gebiete, 21 Zeitpunkte (1995 bis 2015)",
			"78 Gebietsschlüssel stehen nicht im Gemeindeverzeichnis (behalten)",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("summary lacks %q:\n%s", want, out)
			}
		}
		rows := exportRows(t, url, "--region", "DG")
		spot := []struct {
			table, series, region, period, breakdown string
			value                                    float64
			symbol                                   string
		}{
			{"11111-01-01-4", "Gebietsfläche", "DG", "2015-12-31", "", 357385.71, ""},  // line 7
			{"12411-01-01-4", "Insgesamt", "DG", "2015-12-31", "", 82175684, ""},       // line 9
			{"13211-02-04-4", "Arbeitslose | Ausländer", "DG", "2008", "", 497218, ""}, // line 9
			{"13211-02-04-4", "Arbeitslosenquote bez. auf alle Erwerbspers.", "DG", "2008", "", 7.8, ""},
		}
		for _, s := range spot {
			r := find(rows, s.table, s.series, s.region, s.period, s.breakdown)
			if r == nil || r.Value == nil || *r.Value != s.value {
				t.Errorf("%s %s %s %s = %+v, want %v", s.table, s.series, s.region, s.period, r, s.value)
			}
		}
		// Flensburg, 2015, school leavers without Hauptschulabschluss, female: 48.
		rows = exportRows(t, url, "--region", "01001", "--table", "21111-02-06-4")
		var found bool
		for _, r := range rows {
			if r.Period == "2015" && strings.Contains(r.Series, "ohne Hauptschulabschluss") && strings.HasSuffix(r.Series, "weiblich") {
				found = r.Value != nil && *r.Value == 48
			}
		}
		if !found {
			t.Errorf("Flensburg 2015 ohne Hauptschulabschluss, weiblich: not 48")
		}
		// Symbols stay symbols, never zero.
		for _, r := range exportRows(t, url, "--table", "12411-01-01-4") {
			if r.Symbol != "" && r.Value != nil {
				t.Fatalf("symbol with a value: %+v", r)
			}
		}
		// The same file again changes nothing; replacing the table is asked for.
		code, out, _ = run(t, "import", "genesis", "--db", url, genesisDir+"12411-01-01-4.csv")
		if code != 0 || !strings.Contains(out, "0 Beobachtungen neu, 1578 erneut geliefert (davon 0 geändert), 0 entfernt") ||
			!strings.Contains(out, "Nichts geändert") {
			t.Fatalf("re-import: %s", out)
		}
		code, out, _ = run(t, "import", "genesis", "--replace-table", "--db", url, genesisDir+"12411-01-01-4.csv")
		if code != 0 || !strings.Contains(out, "Tabelle ersetzt: 1578 Beobachtungen früherer Importe gelöscht") {
			t.Fatalf("replace: %s", out)
		}
	})
}

// TestDamagedGenesisImportChangesNothing breaks a copy of a real table in two ways:
// each fails with its line number and leaves the database as it was.
func TestDamagedGenesisImportChangesNothing(t *testing.T) {
	raw, err := os.ReadFile(genesisDir + "13211-02-04-4_00.csv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(raw), "\n")
	damage := map[string]func(l string) string{
		"missing column": func(l string) string { return l[:strings.LastIndex(l, ";")] },
		"bad number":     func(l string) string { return strings.Replace(l, ";7,8;", ";7,8a;", 1) },
	}
	eachDB(t, func(t *testing.T, url string) {
		if code, _, errOut := run(t, "import", "genesis", "--db", url, genesisDir+"13211-02-04-4_00.csv"); code != 0 {
			t.Fatal(errOut)
		}
		db := openDB(t, url)
		before, _ := db.Statistics().Tables(context.Background())
		for name, damageLine := range damage {
			target := 100 // line 101, a Kreis in Niedersachsen
			if name == "bad number" {
				target = 8 // line 9, the Germany row: ;7,8; is its first rate
			}
			broken := append([]string(nil), lines...)
			broken[target] = damageLine(broken[target])
			path := filepath.Join(t.TempDir(), "13211.csv")
			if err := os.WriteFile(path, []byte(strings.Join(broken, "\n")), 0o644); err != nil {
				t.Fatal(err)
			}
			code, _, errOut := run(t, "import", "genesis", "--db", url, path)
			wantLine := "13211.csv:" + itoa(target+1)
			if code == 0 || !strings.Contains(errOut, wantLine) {
				t.Errorf("%s: exit %d, error does not name %s:\n%s", name, code, wantLine, errOut)
			}
			after, _ := db.Statistics().Tables(context.Background())
			if len(after) != 1 || after[0].Observations != before[0].Observations || !after[0].ImportedAt.Equal(before[0].ImportedAt) {
				t.Errorf("%s: the database changed: %+v", name, after)
			}
		}
		events, _ := db.Audit().Events(context.Background(), audit.Filter{Entity: "stat_table"})
		if len(events) != 1 {
			t.Errorf("%d audit events, want 1", len(events))
		}
	})
}

// TestImportYearlyFiles imports the 2023 file of 13211-02-05-4 (today's format) after
// the 2015–2020 one: it adds its year, keeps the others and finds the foreigners'
// series under its new label.
func TestImportYearlyFiles(t *testing.T) {
	eachDB(t, func(t *testing.T, url string) {
		if code, _, errOut := run(t, "import", "genesis", "--db", url, genesisDir+"13211-02-05-4_2015-2020.csv"); code != 0 {
			t.Fatal(errOut)
		}
		code, out, errOut := run(t, "import", "genesis", "--db", url, genesisDir+"13211-02-05-4_2023.csv")
		if code != 0 {
			t.Fatal(errOut)
		}
		for _, want := range []string{
			"13211-02-05-4_2023.csv → Tabelle 13211-02-05-4",
			"7007 Beobachtungen neu, 0 erneut geliefert (davon 0 geändert), 0 entfernt, 41964 aus früheren Importen behalten",
			"Reihe „Arbeitslose | ausländisch“ gehört zu „Arbeitslose | Ausländer“ (gleiche Beschriftung bis auf Schreibweise oder amtliches Synonym)",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("summary lacks %q:\n%s", want, out)
			}
		}
		years := map[string]bool{}
		for _, r := range exportRows(t, url, "--table", "13211-02-05-4", "--region", "08111") {
			years[r.Period] = true
		}
		if len(years) != 7 || !years["2015"] || !years["2023"] {
			t.Errorf("years of Stuttgart: %v", years)
		}
	})
}
