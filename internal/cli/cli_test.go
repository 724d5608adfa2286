package cli_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/audit"
	"github.com/teilhabe/teilhabe/internal/cli"
	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
)

const gvFile = "../../data/regions/gemeindeverzeichnis-2019-12-31.csv"

// run calls the command line in-process and returns the exit code and what it printed.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cli.Main(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// eachDB runs fn with the URL of a fresh database on each engine.
func eachDB(t *testing.T, fn func(t *testing.T, url string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, storetest.URLOf(t, store.SQLite)) })
	t.Run("postgres", func(t *testing.T) { fn(t, storetest.URLOf(t, store.Postgres)) })
}

func openDB(t *testing.T, url string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestImportRegions(t *testing.T) {
	eachDB(t, func(t *testing.T, url string) {
		code, out, errOut := run(t, "import", "regions", "--db", url, gvFile)
		if code != 0 {
			t.Fatalf("import: exit %d: %s", code, errOut)
		}
		if want := "Länder 16, Regierungsbezirke 29, Kreise 401, Gemeindeverbände 4606, Gemeinden 11004"; !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
		// Re-import is idempotent.
		code, out, _ = run(t, "import", "regions", "--db", url, gvFile)
		if code != 0 || !strings.Contains(out, "0 neu, 0 geändert, 16057 unverändert") {
			t.Fatalf("re-import: exit %d:\n%s", code, out)
		}
		db := openDB(t, url)
		r, err := db.Region(context.Background(), "08111000")
		if err != nil || r.Population != 635911 || r.ParentKey != "081110000" {
			t.Fatalf("Stuttgart = %+v, %v", r, err)
		}
	})
}

// TestDamagedImportChangesNothing imports a copy of the Gemeindeverzeichnis whose
// population figures changed and one of whose last lines has a non-numeric key: the
// import must name that line and leave the database as it was.
func TestDamagedImportChangesNothing(t *testing.T) {
	eachDB(t, func(t *testing.T, url string) {
		if code, _, errOut := run(t, "import", "regions", "--db", url, gvFile); code != 0 {
			t.Fatalf("import: %s", errOut)
		}
		db := openDB(t, url)
		ctx := context.Background()
		before, _ := db.Audit().Events(ctx, audit.Filter{})
		stuttgart, _ := db.Region(ctx, "08111000")

		raw, err := os.ReadFile(gvFile)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(raw), "\n")
		for i, l := range lines {
			if strings.HasPrefix(l, "60,62,08,1,11,0000,000,") { // Stuttgart gains inhabitants
				lines[i] = strings.Replace(l, " 635 911, 317 794,", " 635 912, 317 795,", 1)
			}
		}
		bad := len(lines) - 3 // a Gemeinde near the end
		fields := strings.Split(lines[bad], ",")
		fields[6] = "0a1"
		lines[bad] = strings.Join(fields, ",")
		damaged := filepath.Join(t.TempDir(), "gemeindeverzeichnis-2020-12-31.csv")
		if err := os.WriteFile(damaged, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}

		code, _, errOut := run(t, "import", "regions", "--db", url, damaged)
		if code == 0 {
			t.Fatal("damaged import succeeded")
		}
		want := regexp.MustCompile(`gemeindeverzeichnis-2020-12-31\.csv:(\d+): Feld „gemeinde“: „0a1“`)
		m := want.FindStringSubmatch(errOut)
		if m == nil || m[1] != strconv.Itoa(bad+1) {
			t.Fatalf("error does not name line %d and the field:\n%s", bad+1, errOut)
		}
		after, _ := db.Audit().Events(ctx, audit.Filter{})
		now, _ := db.Region(ctx, "08111000")
		if len(after) != len(before) || now.Population != stuttgart.Population {
			t.Fatalf("database changed: %d→%d audit events, Stuttgart %d→%d", len(before), len(after), stuttgart.Population, now.Population)
		}
	})
}

// smallGV is a Gemeindeverzeichnis extract with Stuttgart alone.
const smallGV = "satzart,textkennzeichen,land,rb,kreis,vb,gemeinde,gemeindename,flaeche,bevoelkerung,maennlich,weiblich,postleitzahl\n" +
	"10,,08,,,,,Baden-Württemberg,,,,,\n" +
	"20,,08,1,,,,Reg.-Bez. Stuttgart,,,,,\n" +
	`40,42,08,1,11,,,"Stuttgart, Landeshauptstadt",,,,,` + "\n" +
	`50,50,08,1,11,0000,,"Stuttgart, Landeshauptstadt",,,,,` + "\n" +
	`60,62,08,1,11,0000,000,"Stuttgart, Landeshauptstadt", 207.33, 635 911, 317 794, 318 117,70173` + "\n"

// TestImportRegionsDate covers the Gebietsstand: from --date, else from the file
// name, else a message that says what to do; a file that cannot be read leaves no
// database behind.
func TestImportRegionsDate(t *testing.T) {
	dir := t.TempDir()
	undated := filepath.Join(dir, "stuttgart.csv")
	if err := os.WriteFile(undated, []byte(smallGV), 0o644); err != nil {
		t.Fatal(err)
	}
	dbPath := filepath.Join(dir, "t.db")
	url := "sqlite:" + dbPath
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{undated}, "Fehler: Der Dateiname stuttgart.csv nennt keinen Gebietsstand; bitte --date JJJJ-MM-TT angeben."},
		{[]string{undated, "--date", "31.12.2019"}, `Fehler: --date: "31.12.2019" ist kein Datum der Form JJJJ-MM-TT.`},
		{[]string{filepath.Join(dir, "fehlt-2019-12-31.csv")}, "Fehler: Die Datei " + filepath.Join(dir, "fehlt-2019-12-31.csv") + " lässt sich nicht öffnen: "},
	} {
		code, _, errOut := run(t, append([]string{"import", "regions", "--db", url}, c.args...)...)
		if code == 0 || !strings.HasPrefix(errOut, c.want) {
			t.Errorf("%v: exit %d\n%s\nwant %s", c.args, code, errOut, c.want)
		}
	}
	if _, err := os.Stat(dbPath); err == nil {
		t.Fatal("a failed import created the database")
	}
	code, out, errOut := run(t, "import", "regions", "--db", url, "--date", "2024-12-31", undated)
	if code != 0 || !strings.Contains(out, "stuttgart.csv: 6 Gebiete gelesen – 6 neu, 0 geändert, 0 unverändert, 0 nicht mehr enthalten") {
		t.Fatalf("import with --date: exit %d\n%s%s", code, out, errOut)
	}
	r, err := openDB(t, url).Region(context.Background(), "08111000")
	if err != nil || r.ValidFrom.Format("2006-01-02") != "2024-12-31" || r.Population != 635911 {
		t.Fatalf("Stuttgart = %+v, %v", r, err)
	}
}

func TestUserCommands(t *testing.T) {
	eachDB(t, func(t *testing.T, url string) {
		code, out, errOut := run(t, "user", "add", "--db", url, "--admin", "--email", "Ada@Kommune.example", "--name", "Ada Admin")
		if code != 0 || !strings.Contains(out, "Einmal-Passwort") {
			t.Fatalf("user add: %d %s %s", code, out, errOut)
		}
		if code, _, errOut := run(t, "user", "add", "--db", url, "--email", "ada@kommune.example", "--name", "Doppelt"); code == 0 || !strings.Contains(errOut, "gibt es schon") {
			t.Fatalf("duplicate user: %d %s", code, errOut)
		}
		if code, _, errOut := run(t, "user", "add", "--db", url, "--email", "x@y.example", "--name", "X", "--organisation", "Gibt es nicht", "--role", "commissioner"); code == 0 || !strings.Contains(errOut, "Gibt es nicht") {
			t.Fatalf("unknown organisation: %d %s", code, errOut)
		}
		if code, _, _ := run(t, "user", "disable", "--db", url, "ada@kommune.example"); code != 0 {
			t.Fatal("disable failed")
		}
		_, out, _ = run(t, "user", "list", "--db", url)
		if !strings.Contains(out, "ada@kommune.example") || !strings.Contains(out, "gesperrt") || !strings.Contains(out, "platform_admin@Plattformbetrieb") {
			t.Fatalf("user list:\n%s", out)
		}
		code, out, _ = run(t, "user", "reset-password", "--db", url, "ada@kommune.example")
		if code != 0 || !strings.Contains(out, "Einmal-Passwort") {
			t.Fatalf("reset-password: %d %s", code, out)
		}

		// An API token is printed once, alone on stdout, and works as that user.
		if code, _, _ := run(t, "user", "add", "--db", url, "--email", "bot@kommune.example", "--name", "Bot"); code != 0 {
			t.Fatal("user add bot")
		}
		code, out, errOut = run(t, "token", "add", "--db", url, "--email", "bot@kommune.example", "--name", "Nachtlauf")
		secret := strings.TrimSpace(out)
		if code != 0 || !strings.HasPrefix(secret, accounts.TokenPrefix) || strings.Count(out, "\n") != 1 || !strings.Contains(errOut, "Nachtlauf") {
			t.Fatalf("token add: %d %q %q", code, out, errOut)
		}
		p, _, err := openDB(t, url).Accounts().TokenPrincipal(context.Background(), accounts.HashToken(secret))
		if err != nil || p.User.Email != "bot@kommune.example" {
			t.Fatalf("the token acts as %+v, %v", p, err)
		}
		// A disabled account gets no token; a missing name or account is refused.
		for _, args := range [][]string{{"--email", "ada@kommune.example", "--name", "x"}, {"--email", "bot@kommune.example"}, {"--email", "niemand@x.example", "--name", "x"}} {
			if code, out, errOut := run(t, append([]string{"token", "add", "--db", url}, args...)...); code == 0 || out != "" || errOut == "" {
				t.Errorf("token add %v: exit %d, %q %q", args, code, out, errOut)
			}
		}
	})
}

func TestDemoIsNeverLoadedIntoAProductionDatabase(t *testing.T) {
	url := storetest.URLOf(t, store.SQLite)
	if code, _, errOut := run(t, "migrate", "--db", url); code != 0 {
		t.Fatal(errOut)
	}
	code, _, errOut := run(t, "demo", "--db", url)
	if code == 0 || !strings.Contains(errOut, "keine Demo-Datenbank") {
		t.Fatalf("demo into a production database: exit %d: %s", code, errOut)
	}
	if n, _ := openDB(t, url).IsEmpty(context.Background()); !n {
		t.Fatal("demo data was loaded anyway")
	}
}

func TestDemoLoadsScenarioOnce(t *testing.T) {
	url := storetest.URLOf(t, store.SQLite)
	code, out, errOut := run(t, "demo", "--db", url)
	if code != 0 || !strings.Contains(out, "commissioner@demo.teilhabe.invalid") || !strings.Contains(out, "Teilhabe-Demo-2026") {
		t.Fatalf("demo: %d\n%s\n%s", code, out, errOut)
	}
	// A second run finds everything in place and lists the same logins.
	if code, again, _ := run(t, "demo", "--db", url); code != 0 || again != out {
		t.Fatalf("second demo run: exit %d\n%s", code, again)
	}
	db := openDB(t, url)
	ctx := context.Background()
	for level, want := range map[regions.Level]int{regions.LevelLand: 16, regions.LevelKreis: 401, regions.LevelGemeinde: 11004} {
		if _, n, _ := db.FindRegions(ctx, regions.Filter{Level: level, Limit: 1}); n != want {
			t.Errorf("%s: %d regions, want %d", level, n, want)
		}
	}
}

func TestBackupAndNewerSchema(t *testing.T) {
	dir := t.TempDir()
	url := "sqlite:" + filepath.Join(dir, "live.db")
	if code, _, errOut := run(t, "user", "add", "--db", url, "--admin", "--email", "a@b.example", "--name", "A"); code != 0 {
		t.Fatal(errOut)
	}
	copyPath := filepath.Join(dir, "backup.db")
	if code, _, errOut := run(t, "backup", "--db", url, copyPath); code != 0 {
		t.Fatalf("backup: %s", errOut)
	}
	if code, out, _ := run(t, "user", "list", "--db", "sqlite:"+copyPath); code != 0 || !strings.Contains(out, "a@b.example") {
		t.Fatalf("backup lacks the user: %s", out)
	}
	if code, _, errOut := run(t, "backup", "--db", url, copyPath); code == 0 || !strings.Contains(errOut, "gibt es schon") {
		t.Fatalf("backup over an existing file: %s", errOut)
	}
	db := openDB(t, url)
	if _, err := db.Reader().Exec(`INSERT INTO goose_db_version (version_id, is_applied) VALUES (9999, TRUE)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	code, _, errOut := run(t, "migrate", "--db", url)
	if code == 0 || !strings.Contains(errOut, "Schema-Version 9999") {
		t.Fatalf("newer schema: exit %d: %s", code, errOut)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
