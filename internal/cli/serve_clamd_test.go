package cli_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A --clamd that names no address stops serve before it opens the database.
func TestServeRefusesAMalformedClamd(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.db")
	code, _, errOut := run(t, "serve", "--db", "sqlite:"+path, "--addr", "127.0.0.1:0", "--clamd", "tcp:localhost")
	if code == 0 || !strings.Contains(errOut, "--clamd") || !strings.Contains(errOut, "tcp:HOST:PORT") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the database was opened: %v", err)
	}
}
