package testenv

import "testing"

func TestMailpit(t *testing.T) {
	const good = "smtp=127.0.0.1:51025,api=http://127.0.0.1:58025/"
	want := MailpitServer{SMTP: "127.0.0.1:51025", API: "http://127.0.0.1:58025"}
	cases := []struct {
		name       string
		vars       map[string]string
		want       MailpitServer
		skip, fail bool
	}{
		{"set", map[string]string{EnvMailpit: good}, want, false, false},
		{"set, in CI", map[string]string{EnvMailpit: good, EnvCI: "true"}, want, false, false},
		{"order and spaces do not matter", map[string]string{EnvMailpit: " api=http://127.0.0.1:58025 , smtp=127.0.0.1:51025 "}, want, false, false},
		{"missing", nil, MailpitServer{}, true, false},
		{"missing in CI", map[string]string{EnvCI: "true"}, MailpitServer{}, false, true},
		{"no api", map[string]string{EnvMailpit: "smtp=127.0.0.1:51025"}, MailpitServer{}, false, true},
		{"no port", map[string]string{EnvMailpit: "smtp=127.0.0.1,api=http://127.0.0.1:58025"}, MailpitServer{}, false, true},
		{"api not a URL", map[string]string{EnvMailpit: "smtp=127.0.0.1:1,api=127.0.0.1:58025"}, MailpitServer{}, false, true},
		{"unknown key", map[string]string{EnvMailpit: good + ",pop3=127.0.0.1:1"}, MailpitServer{}, false, true},
	}
	for _, c := range cases {
		r := &recorder{}
		got := mailpit(r, fakeEnv(c.vars))
		if got != c.want || r.skipped != c.skip || r.failed != c.fail {
			t.Errorf("%s: got %+v (skipped %v, failed %v: %s), want %+v (skip %v, fail %v)",
				c.name, got, r.skipped, r.failed, r.msg, c.want, c.skip, c.fail)
		}
	}
}
