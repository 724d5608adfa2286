package testenv

import (
	"fmt"
	"net"
	"net/url"
	"strings"
	"testing"
)

// EnvMailpit names the Mailpit that scripts/test starts for the mail tests:
//
//	TEILHABE_TEST_MAILPIT  smtp=127.0.0.1:PORT,api=http://127.0.0.1:PORT
//
// smtp is where Mailpit takes mail (plain SMTP, no login), api the base URL of its
// HTTP API (GET /api/v1/messages, /api/v1/message/{ID}).
const EnvMailpit = "TEILHABE_TEST_MAILPIT"

// MailpitServer is a running Mailpit.
type MailpitServer struct {
	SMTP string // host:port of its SMTP server
	API  string // base URL of its HTTP API, without a trailing slash
}

// Mailpit returns the Mailpit from TEILHABE_TEST_MAILPIT. Without it the test is
// skipped, or fails when RequireServices is true; a value that cannot be read always
// fails the test.
func Mailpit(t testing.TB) MailpitServer {
	t.Helper()
	return mailpit(t, systemEnv)
}

func mailpit(t tb, e env) MailpitServer {
	t.Helper()
	v := strings.TrimSpace(e.getenv(EnvMailpit))
	if v == "" {
		unavailable(t, e,
			"mail tests skipped: set "+EnvMailpit+" or run ./scripts/test",
			"Mailpit is required (CI=true) but "+EnvMailpit+" is not set: run the tests with "+
				"./scripts/test, which builds and starts Mailpit and sets it")
		return MailpitServer{}
	}
	m, err := parseMailpit(v)
	if err != nil {
		t.Fatal(fmt.Sprintf("%s=%q: %v (want smtp=HOST:PORT,api=http://HOST:PORT)", EnvMailpit, v, err))
		return MailpitServer{}
	}
	return m
}

func parseMailpit(v string) (MailpitServer, error) {
	var m MailpitServer
	for _, part := range strings.Split(v, ",") {
		key, val, ok := strings.Cut(strings.TrimSpace(part), "=")
		switch {
		case !ok:
			return m, fmt.Errorf("%q is not key=value", part)
		case key == "smtp":
			if _, _, err := net.SplitHostPort(val); err != nil {
				return m, fmt.Errorf("smtp: %v", err)
			}
			m.SMTP = val
		case key == "api":
			u, err := url.Parse(val)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				return m, fmt.Errorf("api=%q is not an http:// URL", val)
			}
			m.API = strings.TrimRight(val, "/")
		default:
			return m, fmt.Errorf("unknown key %q", key)
		}
	}
	if m.SMTP == "" || m.API == "" {
		return m, fmt.Errorf("both smtp and api are needed")
	}
	return m, nil
}
