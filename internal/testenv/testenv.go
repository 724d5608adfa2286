// Package testenv gives tests the external services that scripts/test starts.
//
// scripts/test starts a throw-away PostgreSQL, finds a headless Chromium and exports
//
//	TEILHABE_TEST_POSTGRES  postgres://postgres@127.0.0.1:PORT/teilhabe_test?sslmode=disable
//	TEILHABE_TEST_CHROMIUM  path to a Chromium binary that works headless
//	CI=true
//
// A test asks for a service with PostgresURL or ChromiumPath. Where the service is
// missing the test is skipped, so "go test ./..." works on any machine; when
// RequireServices reports true (CI=true, as scripts/test and CI set it) a missing
// service fails the test instead, so a broken setup cannot pass as a green run.
package testenv

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// The environment variables scripts/test sets.
const (
	EnvPostgres = "TEILHABE_TEST_POSTGRES"
	EnvChromium = "TEILHABE_TEST_CHROMIUM"
	EnvCI       = "CI"
)

// chromiumCandidates are tried in this order when TEILHABE_TEST_CHROMIUM is unset:
// Debian's real binary first (the /usr/bin/chromium wrapper adds flags of its own),
// then the wrapper, then whatever PATH offers.
var chromiumCandidates = []string{"/usr/lib/chromium/chromium", "/usr/bin/chromium"}

// RequireServices reports whether tests must have their services rather than skip
// without them: CI is "true" (any case) or "1".
func RequireServices() bool { return requireServices(os.Getenv(EnvCI)) }

// PostgresURL returns the connection URL of the test database from
// TEILHABE_TEST_POSTGRES. Without it the test is skipped, or fails when
// RequireServices is true.
func PostgresURL(t testing.TB) string {
	t.Helper()
	return postgresURL(t, systemEnv)
}

// ChromiumPath returns the Chromium binary for browser tests: TEILHABE_TEST_CHROMIUM,
// else /usr/lib/chromium/chromium, /usr/bin/chromium or chromium in PATH. Without
// one the test is skipped, or fails when RequireServices is true. A
// TEILHABE_TEST_CHROMIUM that names no executable file always fails the test.
func ChromiumPath(t testing.TB) string {
	t.Helper()
	return chromiumPath(t, systemEnv)
}

// tb is the part of testing.TB this package uses, so its tests can record what
// happens. After Skip or Fatal a real testing.TB does not return; the functions
// below return "" for fakes that do.
type tb interface {
	Helper()
	Skip(args ...any)
	Fatal(args ...any)
}

// env is what the functions read from the machine; tests swap it.
type env struct {
	getenv   func(string) string
	isExec   func(path string) bool
	lookPath func(file string) (string, error)
}

var systemEnv = env{getenv: os.Getenv, isExec: isExecutable, lookPath: exec.LookPath}

func requireServices(ci string) bool {
	ci = strings.TrimSpace(ci)
	return strings.EqualFold(ci, "true") || ci == "1"
}

func postgresURL(t tb, e env) string {
	t.Helper()
	if u := strings.TrimSpace(e.getenv(EnvPostgres)); u != "" {
		return u
	}
	unavailable(t, e,
		"PostgreSQL tests skipped: set "+EnvPostgres+" or run ./scripts/test",
		"PostgreSQL is required (CI=true) but "+EnvPostgres+" is not set: run the tests "+
			"with ./scripts/test, which starts a throw-away PostgreSQL and sets it")
	return ""
}

func chromiumPath(t tb, e env) string {
	t.Helper()
	if p := strings.TrimSpace(e.getenv(EnvChromium)); p != "" {
		if !e.isExec(p) {
			t.Fatal(fmt.Sprintf("%s=%q is not an executable file", EnvChromium, p))
			return ""
		}
		return p
	}
	for _, p := range chromiumCandidates {
		if e.isExec(p) {
			return p
		}
	}
	if p, err := e.lookPath("chromium"); err == nil {
		return p
	}
	unavailable(t, e,
		"browser tests skipped: no Chromium found; set "+EnvChromium+" or run ./scripts/test",
		"Chromium is required (CI=true) but "+EnvChromium+" is not set and none was found at "+
			strings.Join(chromiumCandidates, ", ")+" or in PATH: run the tests with ./scripts/test, "+
			"which installs it (apt-get install chromium)")
	return ""
}

// unavailable skips the test, or fails it when services are required.
func unavailable(t tb, e env, skipMsg, fatalMsg string) {
	t.Helper()
	if requireServices(e.getenv(EnvCI)) {
		t.Fatal(fatalMsg)
		return
	}
	t.Skip(skipMsg)
}

func isExecutable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
}
