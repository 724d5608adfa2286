package server_test

import (
	"net/url"
	"testing"

	"github.com/teilhabe/teilhabe/internal/demo"
)

func TestLoginThrottling(t *testing.T) {
	a := newApp(t)
	c := a.client(t)
	email := "commissioner.freudental@" + demo.EmailDomain
	for i := 0; i < 5; i++ {
		if code, _ := a.post(t, c, "/login", url.Values{"email": {email}, "password": {"falsch-falsch"}}); code != 401 {
			t.Fatalf("attempt %d: status %d, want 401", i+1, code)
		}
	}
	// Now even the right password is refused until the window has passed.
	code, body := a.post(t, c, "/login", url.Values{"email": {email}, "password": {demo.Password}})
	if code != 429 {
		t.Fatalf("sixth attempt: status %d, want 429", code)
	}
	mustContain(t, body, "Zu viele fehlgeschlagene Anmeldungen")
	// Another account is not affected.
	if code, _ := a.post(t, c, "/login", url.Values{"email": {"provider_staff@" + demo.EmailDomain}, "password": {demo.Password}}); code != 303 {
		t.Fatalf("other account: status %d, want 303", code)
	}
}
