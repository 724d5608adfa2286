package testenv

import (
	"fmt"
	"strings"
	"testing"
)

// EnvClamd names the clamd that scripts/test starts for the virus-scan tests:
//
//	TEILHABE_TEST_CLAMD  tcp:127.0.0.1:PORT
//
// Its database holds only a test signature of the EICAR test file (at any offset),
// so it starts in a fraction of a second and needs no download.
const EnvClamd = "TEILHABE_TEST_CLAMD"

// Clamd returns the clamd address from TEILHABE_TEST_CLAMD, as --clamd takes it.
// Without it the test is skipped, or fails when RequireServices is true.
func Clamd(t testing.TB) string {
	t.Helper()
	return clamd(t, systemEnv)
}

func clamd(t tb, e env) string {
	t.Helper()
	v := strings.TrimSpace(e.getenv(EnvClamd))
	if v == "" {
		unavailable(t, e,
			"virus-scan tests skipped: set "+EnvClamd+" or run ./scripts/test",
			"clamd is required (CI=true) but "+EnvClamd+" is not set: run the tests with "+
				"./scripts/test, which installs clamav-daemon and starts a clamd with a test signature")
		return ""
	}
	if !strings.HasPrefix(v, "tcp:") && !strings.HasPrefix(v, "unix:") {
		t.Fatal(fmt.Sprintf("%s=%q: want tcp:HOST:PORT or unix:/PATH", EnvClamd, v))
		return ""
	}
	return v
}
