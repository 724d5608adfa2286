package testenv

import (
	"os"
	"path/filepath"
	"testing"
)

func TestNodeValidators(t *testing.T) {
	installed := t.TempDir()
	if err := os.Mkdir(filepath.Join(installed, "node_modules"), 0o755); err != nil {
		t.Fatal(err)
	}
	want := Validators{Node: "/opt/bin/node", Modules: installed}
	cases := []struct {
		name       string
		vars       map[string]string
		execs      []string
		want       Validators
		skip, fail bool
	}{
		{"installed", map[string]string{EnvValidators: installed}, []string{"/opt/bin/node"}, want, false, false},
		{"missing", nil, []string{"/opt/bin/node"}, Validators{}, true, false},
		{"missing in CI", map[string]string{EnvCI: "true"}, []string{"/opt/bin/node"}, Validators{}, false, true},
		{"no node_modules", map[string]string{EnvValidators: t.TempDir()}, []string{"/opt/bin/node"}, Validators{}, false, true},
		{"no node", map[string]string{EnvValidators: installed}, nil, Validators{}, false, true},
	}
	for _, c := range cases {
		r := &recorder{}
		got := nodeValidators(r, fakeEnv(c.vars, c.execs...))
		if got != c.want || r.skipped != c.skip || r.failed != c.fail {
			t.Errorf("%s: got %+v (skipped %v, failed %v: %s), want %+v (skip %v, fail %v)",
				c.name, got, r.skipped, r.failed, r.msg, c.want, c.skip, c.fail)
		}
	}
}
