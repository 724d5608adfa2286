package cli

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/testenv"
)

func TestBaseURL(t *testing.T) {
	cases := []struct {
		flag, addr, want string
		derived          bool
	}{
		{"https://teilhabe.kommune.example/", "0.0.0.0:8080", "https://teilhabe.kommune.example", false},
		{"https://kommune.example/teilhabe", "127.0.0.1:8080", "https://kommune.example/teilhabe", false},
		{"", "127.0.0.1:8080", "http://127.0.0.1:8080", true},
		{"", "0.0.0.0:8080", "http://localhost:8080", true},
		{"", ":8080", "http://localhost:8080", true},
		{"", "[::]:8080", "http://localhost:8080", true},
	}
	for _, c := range cases {
		got, derived, err := baseURL(c.flag, c.addr)
		if err != nil || got != c.want || derived != c.derived {
			t.Errorf("baseURL(%q, %q) = %q, %v, %v; want %q, %v", c.flag, c.addr, got, derived, err, c.want, c.derived)
		}
	}
	for _, bad := range []string{"teilhabe.kommune.example", "ftp://x.example", "https://x.example/?a=1", "https://"} {
		if _, _, err := baseURL(bad, "127.0.0.1:8080"); err == nil {
			t.Errorf("--base-url %q was accepted", bad)
		}
	}
}

func TestServeRefusesABrokenSMTPURL(t *testing.T) {
	var out, errOut bytes.Buffer
	code := Main([]string{"serve", "--db", "sqlite:" + filepath.Join(t.TempDir(), "t.db"), "--addr", "127.0.0.1:0",
		"--smtp", "smtp://teilhabe:GEHEIM@mail.kommune.example"}, &out, &errOut)
	if code != 1 || !strings.Contains(errOut.String(), "der Absender fehlt") || strings.Contains(errOut.String(), "GEHEIM") {
		t.Errorf("exit %d, stderr:\n%s", code, errOut.String())
	}
}

// TestServeMailsTheDemoInvitations starts the server as an operator would, with
// --smtp and --base-url, on the demo scenario, whose consultations invite the demo
// commissioner: the invitation must arrive at the SMTP server (Mailpit) with a link
// to the configured address.
func TestServeMailsTheDemoInvitations(t *testing.T) {
	mp := testenv.Mailpit(t)
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	// Mailpit keeps the mail of earlier runs: this run's sender address finds ours.
	from := "teilhabe-" + hex.EncodeToString(b) + "@land.example"
	base := "https://teilhabe-" + hex.EncodeToString(b) + ".example"
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var out, errOut bytes.Buffer
	go func() {
		done <- runServe(ctx, env{stdout: &out, stderr: &errOut}, []string{"--demo", "--addr", "127.0.0.1:0",
			"--db", "sqlite:" + filepath.Join(t.TempDir(), "demo.db"),
			"--smtp", "smtp://" + mp.SMTP + "?tls=none&from=" + url.QueryEscape(from), "--base-url", base})
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v\n%s", err, errOut.String())
		}
	}()

	type address struct{ Address string }
	deadline := time.Now().Add(2 * time.Minute) // the demo loads all of Germany's regions first
	for time.Now().Before(deadline) {
		var list struct {
			Messages []struct {
				ID      string
				From    address
				To      []address
				Subject string
			}
		}
		if err := getJSON(mp.API+"/api/v1/messages?limit=500", &list); err != nil {
			t.Fatal(err)
		}
		for _, m := range list.Messages {
			// The demo also asks Stuttgart for statements; the invitation is the one here.
			if m.From.Address != from || len(m.To) == 0 || m.To[0].Address != "commissioner@demo.teilhabe.invalid" ||
				!strings.HasPrefix(m.Subject, "Einladung zur Beteiligung") {
				continue
			}
			var full struct{ Subject, Text string }
			if err := getJSON(mp.API+"/api/v1/message/"+url.PathEscape(m.ID), &full); err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(full.Subject, "Einladung zur Beteiligung") || !strings.Contains(full.Text, base+"/programmes/") {
				t.Errorf("invitation %q:\n%s", full.Subject, full.Text)
			}
			return
		}
		select {
		case err := <-done:
			done <- err // for the deferred check
			t.Fatalf("serve ended: %v\n%s", err, errOut.String())
		case <-time.After(200 * time.Millisecond):
		}
	}
	t.Fatalf("no invitation from %s reached Mailpit; serve's log:\n%s", from, errOut.String())
}

func getJSON(u string, v any) error {
	res, err := http.Get(u)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	return json.NewDecoder(res.Body).Decode(v)
}
