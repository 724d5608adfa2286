package testenv

import "testing"

func TestClamd(t *testing.T) {
	cases := []struct {
		name       string
		vars       map[string]string
		want       string
		skip, fail bool
	}{
		{"tcp", map[string]string{EnvClamd: " tcp:127.0.0.1:53310 "}, "tcp:127.0.0.1:53310", false, false},
		{"unix, in CI", map[string]string{EnvClamd: "unix:/run/clamd.sock", EnvCI: "true"}, "unix:/run/clamd.sock", false, false},
		{"missing", nil, "", true, false},
		{"missing in CI", map[string]string{EnvCI: "true"}, "", false, true},
		{"no scheme", map[string]string{EnvClamd: "127.0.0.1:3310"}, "", false, true},
	}
	for _, c := range cases {
		r := &recorder{}
		got := clamd(r, fakeEnv(c.vars))
		if got != c.want || r.skipped != c.skip || r.failed != c.fail {
			t.Errorf("%s: got %q (skipped %v, failed %v: %s), want %q (skip %v, fail %v)",
				c.name, got, r.skipped, r.failed, r.msg, c.want, c.skip, c.fail)
		}
	}
}
