package notify_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/notify"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/testenv"
)

// mailpitAddress is an address as Mailpit's API shows it.
type mailpitAddress struct{ Name, Address string }

// mailpitMessage is what GET /api/v1/message/{ID} returns, as far as the test reads it.
type mailpitMessage struct {
	ID        string
	MessageID string
	From      mailpitAddress
	To        []mailpitAddress
	Subject   string
	Text      string
}

// TestMailReachesTheMailbox sends a notification's mail through a real SMTP server,
// Mailpit, with the worker as the server runs it, and reads it back through
// Mailpit's API as a mail program would show it.
func TestMailReachesTheMailbox(t *testing.T) {
	mp := testenv.Mailpit(t)
	ctx := context.Background()
	db := storetest.SQLite(t)
	// Mailpit is shared by every test run on the machine: a fresh address finds ours.
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	addr := "ayse." + hex.EncodeToString(b) + "@stuttgart.example"
	u := storetest.User(t, db, accounts.NewUser{Email: addr, Name: "Ayşe Öztürk", Locale: "de"})
	err := db.Update(ctx, func(tx *store.Tx) error {
		return tx.Notify(ctx, []int64{u.ID}, invitation, true)
	})
	if err != nil {
		t.Fatal(err)
	}

	sender, err := notify.ParseSMTP("smtp://" + mp.SMTP + "?tls=none&from=" + url.QueryEscape("Teilhabe Baden-Württemberg <teilhabe@land.example>"))
	if err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	w := &notify.Worker{Outbox: db.Mail(), BaseURL: baseURL, Sender: sender, MailEvery: 50 * time.Millisecond, Log: slog.New(slog.DiscardHandler)}
	go func() { w.Run(runCtx); close(done) }()
	defer func() { stop(); <-done }()

	got := waitForMail(t, mp.API, addr)
	if got.Subject != subjectDE {
		t.Errorf("subject %q, want %q", got.Subject, subjectDE)
	}
	if got.From.Name != "Teilhabe Baden-Württemberg" || got.From.Address != "teilhabe@land.example" {
		t.Errorf("from %+v", got.From)
	}
	if len(got.To) != 1 || got.To[0].Address != addr {
		t.Errorf("to %+v", got.To)
	}
	text := strings.ReplaceAll(got.Text, "\r\n", "\n")
	for _, want := range []string{"Guten Tag Ayşe Öztürk,", bodyDE, invitation.Invitation,
		baseURL + "/programmes/7/consultation", "Förderung", baseURL + "/notifications"} {
		if !strings.Contains(text, want) {
			t.Errorf("the mail lacks %q:\n%s", want, text)
		}
	}
	if !strings.HasPrefix(got.MessageID, "teilhabe.") || !strings.HasSuffix(got.MessageID, "@land.example") {
		t.Errorf("Message-ID %q", got.MessageID)
	}
	stop()
	<-done
	if s, err := db.Mail().Status(ctx); err != nil || s != (notify.MailStatus{Sent: 1}) {
		t.Errorf("outbox after sending: %+v, %v", s, err)
	}
}

// waitForMail polls Mailpit until a message to addr has arrived, and returns it.
func waitForMail(t *testing.T, api, addr string) mailpitMessage {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		var list struct {
			Messages []struct {
				ID string
				To []mailpitAddress
			}
		}
		getJSON(t, api+"/api/v1/messages?limit=500", &list)
		for _, m := range list.Messages {
			if len(m.To) > 0 && m.To[0].Address == addr {
				var full mailpitMessage
				getJSON(t, api+"/api/v1/message/"+url.PathEscape(m.ID), &full)
				return full
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("no mail to %s arrived at Mailpit (%s) within 15 s", addr, api)
	return mailpitMessage{}
}

func getJSON(t *testing.T, u string, v any) {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatalf("Mailpit API: %v", err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", u, res.Status)
	}
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		t.Fatal(fmt.Errorf("GET %s: %w", u, err))
	}
}
