package testenv

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// recorder is a tb that records instead of stopping the test.
type recorder struct {
	skipped, failed bool
	msg             string
}

func (r *recorder) Helper()           {}
func (r *recorder) Skip(args ...any)  { r.skipped, r.msg = true, fmt.Sprint(args...) }
func (r *recorder) Fatal(args ...any) { r.failed, r.msg = true, fmt.Sprint(args...) }

// fakeEnv builds an env from a map of variables and a set of executable paths.
func fakeEnv(vars map[string]string, execs ...string) env {
	isExec := make(map[string]bool)
	for _, p := range execs {
		isExec[p] = true
	}
	return env{
		getenv: func(k string) string { return vars[k] },
		isExec: func(p string) bool { return isExec[p] },
		lookPath: func(file string) (string, error) {
			if p := "/opt/bin/" + file; isExec[p] {
				return p, nil
			}
			return "", exec.ErrNotFound
		},
	}
}

func TestRequireServices(t *testing.T) {
	for ci, want := range map[string]bool{
		"": false, "true": true, "TRUE": true, "True": true, " true ": true, "1": true,
		"false": false, "0": false, "yes": false, "no": false,
	} {
		if got := requireServices(ci); got != want {
			t.Errorf("requireServices(%q) = %v, want %v", ci, got, want)
		}
	}
}

func TestPostgresURL(t *testing.T) {
	const url = "postgres://postgres@127.0.0.1:55432/teilhabe_test?sslmode=disable"
	cases := []struct {
		name        string
		vars        map[string]string
		want        string
		skip, fail  bool
		msgContains []string
	}{
		{name: "set", vars: map[string]string{EnvPostgres: url}, want: url},
		{name: "set in CI", vars: map[string]string{EnvPostgres: url, EnvCI: "true"}, want: url},
		{name: "unset skips", vars: map[string]string{}, skip: true,
			msgContains: []string{"PostgreSQL tests skipped: set TEILHABE_TEST_POSTGRES or run ./scripts/test"}},
		{name: "blank skips", vars: map[string]string{EnvPostgres: "  ", EnvCI: "false"}, skip: true},
		{name: "unset in CI fails", vars: map[string]string{EnvCI: "true"}, fail: true,
			msgContains: []string{"TEILHABE_TEST_POSTGRES", "./scripts/test"}},
		{name: "unset with CI=1 fails", vars: map[string]string{EnvCI: "1"}, fail: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := &recorder{}
			got := postgresURL(r, fakeEnv(c.vars))
			if got != c.want || r.skipped != c.skip || r.failed != c.fail {
				t.Fatalf("got %q skipped=%v failed=%v (%q); want %q skipped=%v failed=%v",
					got, r.skipped, r.failed, r.msg, c.want, c.skip, c.fail)
			}
			for _, s := range c.msgContains {
				if !strings.Contains(r.msg, s) {
					t.Errorf("message %q lacks %q", r.msg, s)
				}
			}
		})
	}
}

func TestChromiumPath(t *testing.T) {
	cases := []struct {
		name       string
		vars       map[string]string
		execs      []string
		want       string
		skip, fail bool
	}{
		{name: "env wins", vars: map[string]string{EnvChromium: "/x/chrome"},
			execs: []string{"/x/chrome", "/usr/lib/chromium/chromium"}, want: "/x/chrome"},
		{name: "env not executable fails even outside CI", vars: map[string]string{EnvChromium: "/nope"},
			execs: []string{"/usr/lib/chromium/chromium"}, fail: true},
		{name: "real binary before wrapper", vars: map[string]string{},
			execs: []string{"/usr/bin/chromium", "/usr/lib/chromium/chromium"}, want: "/usr/lib/chromium/chromium"},
		{name: "wrapper", vars: map[string]string{}, execs: []string{"/usr/bin/chromium"}, want: "/usr/bin/chromium"},
		{name: "PATH", vars: map[string]string{}, execs: []string{"/opt/bin/chromium"}, want: "/opt/bin/chromium"},
		{name: "none skips", vars: map[string]string{}, skip: true},
		{name: "none in CI fails", vars: map[string]string{EnvCI: "True"}, fail: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := &recorder{}
			got := chromiumPath(r, fakeEnv(c.vars, c.execs...))
			if got != c.want || r.skipped != c.skip || r.failed != c.fail {
				t.Fatalf("got %q skipped=%v failed=%v (%q); want %q skipped=%v failed=%v",
					got, r.skipped, r.failed, r.msg, c.want, c.skip, c.fail)
			}
		})
	}
}

// TestPostgresURLSkipsForReal checks the exported function with a real *testing.T:
// with CI and the variable cleared, the subtest is skipped, not failed.
func TestPostgresURLSkipsForReal(t *testing.T) {
	t.Setenv(EnvCI, "")
	t.Setenv(EnvPostgres, "")
	var sub *testing.T
	reached := false
	ok := t.Run("no env", func(t *testing.T) {
		sub = t
		PostgresURL(t)
		reached = true // Skip must stop the subtest before this
	})
	if !ok || !sub.Skipped() || reached {
		t.Fatalf("want the subtest skipped: ok=%v skipped=%v reached=%v", ok, sub.Skipped(), reached)
	}
}

// TestServices checks that the services scripts/test provides really work: the
// database answers, and Chromium renders a page headless. Outside scripts/test and
// CI it skips.
func TestServices(t *testing.T) {
	t.Run("postgres", func(t *testing.T) {
		url := PostgresURL(t)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			t.Fatalf("connect %s: %v", url, err)
		}
		defer conn.Close(ctx)
		var db, enc string
		if err := conn.QueryRow(ctx, "SELECT current_database(), pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database()").Scan(&db, &enc); err != nil {
			t.Fatal(err)
		}
		if enc != "UTF8" {
			t.Errorf("database %s has encoding %s, want UTF8", db, enc)
		}
		t.Logf("connected to database %s (%s)", db, enc)
	})
	t.Run("chromium", func(t *testing.T) {
		bin := ChromiumPath(t)
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		out, err := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu",
			"--no-first-run", "--disable-background-networking", "--disable-component-update",
			"--disable-sync", "--user-data-dir="+t.TempDir(),
			"--dump-dom", "data:text/html,<p id=x>Teilhabe</p>").Output()
		if err != nil {
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				t.Logf("stderr: %s", ee.Stderr)
			}
			t.Fatalf("%s --dump-dom: %v", bin, err)
		}
		if !strings.Contains(string(out), `<p id="x">Teilhabe</p>`) {
			t.Fatalf("unexpected DOM: %s", out)
		}
	})
}
