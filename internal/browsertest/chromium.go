package browsertest

import (
	"os"
	"os/exec"
	"strconv"
	"testing"
)

// chromiumPath returns the Chromium binary that the tests use: the value of
// $TEILHABE_TEST_CHROMIUM, or the first Chromium found on this machine. When
// none is found, it skips the test, except under CI=true, where a missing
// browser is a failure.
//
// It has the behaviour of testenv.ChromiumPath; switch to that one once
// internal/testenv exists.
func chromiumPath(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("TEILHABE_TEST_CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("TEILHABE_TEST_CHROMIUM=%q: %v", p, err)
		}
		return p
	}
	// The real binary first: Debian's /usr/bin/chromium is a shell wrapper.
	for _, p := range []string{"/usr/lib/chromium/chromium", "/usr/lib/chromium-browser/chromium-browser"} {
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() && st.Mode()&0o111 != 0 {
			return p
		}
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "headless_shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if ci, _ := strconv.ParseBool(os.Getenv("CI")); ci {
		t.Fatal("no Chromium found (CI=true): install it with `apt-get install -y --no-install-recommends chromium fonts-dejavu-core` or set TEILHABE_TEST_CHROMIUM")
	}
	t.Skip("no Chromium found: install the Debian package chromium or set TEILHABE_TEST_CHROMIUM")
	return ""
}
