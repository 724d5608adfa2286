package notify

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
)

// fakeSender records messages and fails for the addresses it is told to.
type fakeSender struct {
	mu    sync.Mutex
	sent  []*Message
	calls int
	fail  map[string]error // by recipient; "*" for all
}

func (f *fakeSender) Send(_ context.Context, m *Message) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if err := f.fail[m.To]; err != nil {
		return err
	}
	if err := f.fail["*"]; err != nil {
		return err
	}
	f.sent = append(f.sent, m)
	return nil
}

// outboxWith returns a database whose outbox holds one mail to each address, all
// written at now; the worker's store tests run on SQLite only, since what they test
// is the worker, and the store's own tests cover both engines.
func outboxWith(t *testing.T, now time.Time, addrs ...string) *store.DB {
	t.Helper()
	ctx := context.Background()
	db := storetest.SQLite(t)
	db.Now = func() time.Time { return now }
	db.BaseURL = "https://teilhabe.example.org"
	var ids []int64
	for _, a := range addrs {
		u, err := db.CreateUser(ctx, accounts.NewUser{Email: a, Name: "Jürgen", Password: "ein langes Passwort"}, false)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, u.ID)
	}
	err := db.Update(ctx, func(tx *store.Tx) error {
		return tx.Notify(ctx, ids, store.Notice{Kind: "test", Title: "Einladung zur Beteiligung", Body: "Bitte prüfen.", Link: "/programmes/1/consultation", Mail: true})
	})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func status(t *testing.T, db *store.DB) store.MailStatus {
	t.Helper()
	s, err := db.MailOutboxStatus(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestWorkerSendsTheOutboxAndRetriesWhatFailed(t *testing.T) {
	now := time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)
	db := outboxWith(t, now, "a@example.de", "b@example.de", "c@example.de")
	sender := &fakeSender{fail: map[string]error{"b@example.de": errors.New("450 mailbox busy")}}
	w := &Worker{Store: db, Sender: sender, Now: func() time.Time { return now }, Log: slog.New(slog.DiscardHandler)}
	ctx := context.Background()

	if n := w.SendMail(ctx); n != 2 {
		t.Fatalf("sent %d, want 2", n)
	}
	if len(sender.sent) != 2 || sender.sent[0].To != "a@example.de" || sender.sent[1].To != "c@example.de" {
		t.Fatalf("sent: %+v", sender.sent)
	}
	m := sender.sent[0]
	if m.Subject != "Einladung zur Beteiligung" || !strings.Contains(m.Body, "Guten Tag Jürgen,") ||
		!strings.Contains(m.Body, "https://teilhabe.example.org/programmes/1/consultation") || !m.Date.Equal(now) ||
		!strings.HasPrefix(m.MessageID, "teilhabe.") {
		t.Errorf("message: %+v", m)
	}
	if s := status(t, db); s != (store.MailStatus{Pending: 1, Sent: 2}) {
		t.Errorf("outbox: %+v", s)
	}
	// The failed mail waits a minute (Backoff(1)), then goes out.
	delete(sender.fail, "b@example.de")
	now = now.Add(59 * time.Second)
	if n := w.SendMail(ctx); n != 0 {
		t.Errorf("sent %d before the backoff ended", n)
	}
	now = now.Add(time.Second)
	if n := w.SendMail(ctx); n != 1 || sender.sent[2].To != "b@example.de" {
		t.Errorf("after the backoff: sent %d, %+v", n, sender.sent)
	}
	if s := status(t, db); s != (store.MailStatus{Sent: 3}) {
		t.Errorf("outbox: %+v", s)
	}
}

func TestWorkerEndsTheRoundWhenTheServerFails(t *testing.T) {
	now := time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)
	db := outboxWith(t, now, "a@example.de", "b@example.de", "c@example.de")
	sender := &fakeSender{fail: map[string]error{"*": &ServerError{Err: errors.New("dial tcp: connection refused")}}}
	w := &Worker{Store: db, Sender: sender, Now: func() time.Time { return now }, Log: slog.New(slog.DiscardHandler)}
	if n := w.SendMail(context.Background()); n != 0 {
		t.Fatalf("sent %d", n)
	}
	if sender.calls != 1 {
		t.Errorf("the worker tried %d times against a server that is down, want 1", sender.calls)
	}
	if s := status(t, db); s.Pending != 3 {
		t.Errorf("outbox: %+v", s)
	}
	// All three failed once and wait for the same backoff.
	due, err := db.PendingMail(context.Background(), now.Add(Backoff(1)), 10)
	if err != nil || len(due) != 3 || due[0].Attempts != 1 || due[2].Attempts != 1 {
		t.Errorf("after the backoff: %+v, %v", due, err)
	}
}

func TestWorkerWithoutSMTPKeepsMailAndSaysSo(t *testing.T) {
	now := time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)
	db := outboxWith(t, now, "a@example.de")
	var logs bytes.Buffer
	w := &Worker{Store: db, Now: func() time.Time { return now }, Log: slog.New(slog.NewTextHandler(&logs, nil)), MailEvery: time.Millisecond}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	w.Run(ctx)
	if s := status(t, db); s != (store.MailStatus{Pending: 1}) {
		t.Errorf("outbox: %+v", s)
	}
	if got := strings.Count(logs.String(), "no SMTP server configured"); got != 1 {
		t.Errorf("%d log lines about the missing SMTP server, want 1:\n%s", got, logs.String())
	}
}

func TestBackoff(t *testing.T) {
	want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 16 * time.Minute,
		32 * time.Minute, 64 * time.Minute, 128 * time.Minute, 4 * time.Hour, 4 * time.Hour}
	var total time.Duration
	for i, w := range want {
		if got := Backoff(i + 1); got != w {
			t.Errorf("Backoff(%d) = %v, want %v", i+1, got, w)
		}
		if i+1 < store.MaxMailAttempts {
			total += w
		}
	}
	// Long enough to bridge a mail server's maintenance window over an evening.
	if total < 6*time.Hour || total > 12*time.Hour {
		t.Errorf("a mail is retried for %v", total)
	}
}
