package testenv

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// EnvValidators names the folder where scripts/test installed the pinned npm
// validators of scripts/validators (package.json, package-lock.json) with npm ci:
//
//	TEILHABE_TEST_VALIDATORS  a folder holding node_modules
const EnvValidators = "TEILHABE_TEST_VALIDATORS"

// Validators is where the third-party validators are and how to run them.
type Validators struct {
	Node    string // the node binary
	Modules string // the folder holding node_modules
}

// NodeValidators returns the validators from TEILHABE_TEST_VALIDATORS and node from
// PATH. Without them the test is skipped, or fails when RequireServices is true; a
// folder without node_modules always fails the test.
func NodeValidators(t testing.TB) Validators {
	t.Helper()
	return nodeValidators(t, systemEnv)
}

func nodeValidators(t tb, e env) Validators {
	t.Helper()
	dir := strings.TrimSpace(e.getenv(EnvValidators))
	if dir == "" {
		unavailable(t, e,
			"validator tests skipped: set "+EnvValidators+" or run ./scripts/test",
			"the npm validators are required (CI=true) but "+EnvValidators+" is not set: run the tests "+
				"with ./scripts/test, which installs them (scripts/lib/validators.sh)")
		return Validators{}
	}
	if fi, err := os.Stat(filepath.Join(dir, "node_modules")); err != nil || !fi.IsDir() {
		t.Fatal(fmt.Sprintf("%s=%q holds no node_modules: run scripts/test, or npm ci in a copy of scripts/validators", EnvValidators, dir))
		return Validators{}
	}
	node, err := e.lookPath("node")
	if err != nil {
		t.Fatal(fmt.Sprintf("%s is set but node is not in PATH", EnvValidators))
		return Validators{}
	}
	return Validators{Node: node, Modules: dir}
}
