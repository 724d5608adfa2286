// The worker's tests need a real outbox, the store's, and the store imports notify:
// they are in the external test package.
package notify_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/notify"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
)

const baseURL = "https://teilhabe.example.org"

// invitation is the notice the worker's tests send.
var invitation = notify.ConsultationInvited{
	ProgrammeID: 7,
	Programme:   "Förderprogramm Süd – Teilhabe für alle",
	Funder:      "Ministerium für Soziales, Gesundheit und Integration",
	Deadline:    time.Date(2026, 5, 15, 10, 0, 0, 0, time.UTC), // 12:00 in Stuttgart
	Invitation:  "Wir freuen uns besonders über Hinweise aus kleinen Gemeinden.",
}

// The invitation as German and English readers get it.
const (
	subjectDE = "Einladung zur Beteiligung: Förderprogramm Süd – Teilhabe für alle"
	bodyDE    = "Ministerium für Soziales, Gesundheit und Integration lädt Sie ein, den Entwurf des Förderprogramms „Förderprogramm Süd – Teilhabe für alle“ zu kommentieren. Frist: 15.05.2026, 12:00 Uhr."
	subjectEN = "Invitation to a consultation: Förderprogramm Süd – Teilhabe für alle"
	bodyEN    = "Ministerium für Soziales, Gesundheit und Integration invites you to comment on the draft of the funding programme “Förderprogramm Süd – Teilhabe für alle”. Deadline: 15 May 2026, 12:00 CEST."
)

// fakeSender records messages and fails for the addresses it is told to.
type fakeSender struct {
	mu    sync.Mutex
	sent  []*notify.Message
	calls int
	fail  map[string]error // by recipient; "*" for all
}

func (f *fakeSender) Send(_ context.Context, m *notify.Message) error {
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

// to returns the one message sent to addr.
func (f *fakeSender) to(t *testing.T, addr string) *notify.Message {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	var found []*notify.Message
	for _, m := range f.sent {
		if m.To == addr {
			found = append(found, m)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d messages to %s, want 1", len(found), addr)
	}
	return found[0]
}

// newDB returns a database whose clock is *now. The worker's store tests run on
// SQLite only, since what they test is the worker, and the store's own tests cover
// both engines.
func newDB(t *testing.T, now *time.Time) *store.DB {
	t.Helper()
	db := storetest.SQLite(t)
	db.Now = func() time.Time { return *now }
	return db
}

func addUser(t *testing.T, db *store.DB, email, name, locale string) accounts.User {
	t.Helper()
	return storetest.User(t, db, accounts.NewUser{Email: email, Name: name, Locale: locale})
}

func tell(t *testing.T, db *store.DB, ids []int64, n notify.Notice) {
	t.Helper()
	ctx := context.Background()
	if err := db.Update(ctx, func(tx *store.Tx) error { return tx.Notify(ctx, ids, n, true) }); err != nil {
		t.Fatal(err)
	}
}

// outboxWith returns a database whose outbox holds the invitation to each address,
// for German users named Jürgen, all written at *now.
func outboxWith(t *testing.T, now *time.Time, addrs ...string) *store.DB {
	t.Helper()
	db := newDB(t, now)
	var ids []int64
	for _, a := range addrs {
		ids = append(ids, addUser(t, db, a, "Jürgen", "de").ID)
	}
	tell(t, db, ids, invitation)
	return db
}

func newWorker(db *store.DB, sender notify.Sender, now *time.Time) *notify.Worker {
	w := &notify.Worker{Outbox: db.Mail(), BaseURL: baseURL, Log: slog.New(slog.DiscardHandler)}
	if sender != nil { // a nil *fakeSender is not a nil Sender
		w.Sender = sender
	}
	if now != nil {
		w.Now = func() time.Time { return *now }
	}
	return w
}

func status(t *testing.T, db *store.DB) notify.MailStatus {
	t.Helper()
	s, err := db.Mail().Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// noMessageIDs fails when a text shows a catalogue id instead of its message.
func noMessageIDs(t *testing.T, what, text string) {
	t.Helper()
	for _, id := range []string{"notice.", "mail.greeting", "mail.link", "mail.signature", "mail.footer"} {
		if strings.Contains(text, id) {
			t.Errorf("%s shows the message id %q:\n%s", what, id, text)
		}
	}
}

func TestWorkerSendsTheOutboxAndRetriesWhatFailed(t *testing.T) {
	now := time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)
	db := outboxWith(t, &now, "a@example.de", "b@example.de", "c@example.de")
	sender := &fakeSender{fail: map[string]error{"b@example.de": errors.New("450 mailbox busy")}}
	w := newWorker(db, sender, &now)
	ctx := context.Background()

	if n := w.SendMail(ctx); n != 2 {
		t.Fatalf("sent %d, want 2", n)
	}
	if len(sender.sent) != 2 || sender.sent[0].To != "a@example.de" || sender.sent[1].To != "c@example.de" {
		t.Fatalf("sent: %+v", sender.sent)
	}
	m := sender.sent[0]
	if m.Subject != subjectDE || !m.Date.Equal(now) || !strings.HasPrefix(m.MessageID, "teilhabe.") {
		t.Errorf("message: %+v", m)
	}
	for _, want := range []string{
		"Guten Tag Jürgen,\n\n" + bodyDE + "\n\n" + invitation.Invitation + "\n\n",
		"Zur Ansicht in Teilhabe:\n" + baseURL + "/programmes/7/consultation\n",
		"\n-- \nTeilhabe – Planung, Förderung und Monitoring kommunaler Integrationsarbeit\n",
		"Alle Ihre Benachrichtigungen: " + baseURL + "/notifications\n",
	} {
		if !strings.Contains(m.Body, want) {
			t.Errorf("the mail lacks %q:\n%s", want, m.Body)
		}
	}
	noMessageIDs(t, "the mail", m.Subject+"\n"+m.Body)
	if sender.sent[1].MessageID == m.MessageID {
		t.Errorf("two mails share the Message-ID %q", m.MessageID)
	}
	if s := status(t, db); s != (notify.MailStatus{Pending: 1, Sent: 2}) {
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
		t.Fatalf("after the backoff: sent %d, %+v", n, sender.sent)
	}
	// The retry is the same message, rendered again.
	if b := sender.sent[2]; b.Subject != subjectDE || !strings.Contains(b.Body, bodyDE) {
		t.Errorf("retried message: %+v", b)
	}
	if s := status(t, db); s != (notify.MailStatus{Sent: 3}) {
		t.Errorf("outbox: %+v", s)
	}
}

func TestWorkerGivesUpAfterMaxMailAttempts(t *testing.T) {
	now := time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)
	db := outboxWith(t, &now, "a@example.de")
	sender := &fakeSender{fail: map[string]error{"*": errors.New("550 mailbox unavailable")}}
	var logs bytes.Buffer
	w := newWorker(db, sender, &now)
	w.Log = slog.New(slog.NewTextHandler(&logs, nil))
	ctx := context.Background()
	for i := 1; i <= notify.MaxMailAttempts; i++ {
		if n := w.SendMail(ctx); n != 0 || sender.calls != i {
			t.Fatalf("attempt %d: sent %d, %d calls", i, n, sender.calls)
		}
		want := notify.MailStatus{Pending: 1}
		if i == notify.MaxMailAttempts {
			want = notify.MailStatus{Failed: 1}
		}
		if s := status(t, db); s != want {
			t.Fatalf("after attempt %d: %+v, want %+v", i, s, want)
		}
		// Not again before the backoff ends.
		now = now.Add(notify.Backoff(i) - time.Second)
		if w.SendMail(ctx); sender.calls != i {
			t.Fatalf("attempt %d was tried again before its backoff ended", i)
		}
		now = now.Add(time.Second)
	}
	// Given up: a day later, and with the server working again, it is not tried.
	delete(sender.fail, "*")
	now = now.Add(24 * time.Hour)
	if n := w.SendMail(ctx); n != 0 || sender.calls != notify.MaxMailAttempts {
		t.Errorf("a given-up mail was tried again: sent %d, %d calls", n, sender.calls)
	}
	if s := status(t, db); s != (notify.MailStatus{Failed: 1}) {
		t.Errorf("outbox: %+v", s)
	}
	if got := strings.Count(logs.String(), "mail given up"); got != 1 {
		t.Errorf("%d log lines about giving up, want 1:\n%s", got, logs.String())
	}
	if strings.Contains(logs.String(), "a@example.de") {
		t.Errorf("the log shows the address, not only its domain:\n%s", logs.String())
	}
}

func TestWorkerEndsTheRoundWhenTheServerFails(t *testing.T) {
	now := time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)
	db := outboxWith(t, &now, "a@example.de", "b@example.de", "c@example.de")
	sender := &fakeSender{fail: map[string]error{"*": &notify.ServerError{Err: errors.New("dial tcp: connection refused")}}}
	w := newWorker(db, sender, &now)
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
	due, err := db.Mail().PendingMail(context.Background(), now.Add(notify.Backoff(1)), 10)
	if err != nil || len(due) != 3 || due[0].Attempts != 1 || due[2].Attempts != 1 {
		t.Errorf("after the backoff: %+v, %v", due, err)
	}
}

// TestConcurrentWorkersSendEachMailOnce: instances sharing one database run their
// workers at the same time; each mail must go out through exactly one of them.
func TestConcurrentWorkersSendEachMailOnce(t *testing.T) {
	now := time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)
	db := newDB(t, &now)
	var ids []int64
	for i := range 4 {
		ids = append(ids, addUser(t, db, fmt.Sprintf("u%d@example.de", i), "U", "de").ID)
	}
	for range 10 {
		tell(t, db, ids, invitation)
	}
	sender := &fakeSender{}
	var wg sync.WaitGroup
	for range 4 {
		w := newWorker(db, sender, &now) // now does not change while they run
		w.Batch = 3
		wg.Go(func() {
			for w.SendMail(context.Background()) > 0 {
			}
		})
	}
	wg.Wait()
	if len(sender.sent) != 40 {
		t.Errorf("%d mails sent, want 40", len(sender.sent))
	}
	byID := map[string]int{}
	for _, m := range sender.sent {
		byID[m.MessageID]++
	}
	for id, n := range byID {
		if n != 1 {
			t.Errorf("mail %s sent %d times", id, n)
		}
	}
	if len(byID) != 40 {
		t.Errorf("%d different mails sent, want 40", len(byID))
	}
	if s := status(t, db); s != (notify.MailStatus{Sent: 40}) {
		t.Errorf("outbox: %+v", s)
	}
}

func TestRunJobsRunsTheJobsAndPurgesSentMail(t *testing.T) {
	now := time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)
	db := outboxWith(t, &now, "a@example.de", "b@example.de")
	sender := &fakeSender{fail: map[string]error{"b@example.de": errors.New("550 mailbox unavailable")}}
	var logs bytes.Buffer
	w := newWorker(db, sender, &now)
	w.Log = slog.New(slog.NewTextHandler(&logs, nil))
	ran := 0
	w.Jobs = []notify.Job{
		{Name: "reminders", Run: func(context.Context) (int, error) { ran++; return 2, nil }},
		{Name: "digests", Run: func(context.Context) (int, error) { return 0, errors.New("database is locked") }},
	}
	ctx := context.Background()
	if n := w.SendMail(ctx); n != 1 {
		t.Fatalf("sent %d", n)
	}
	w.KeepSent = 24 * time.Hour

	// A sent mail stays for KeepSent.
	now = now.Add(23 * time.Hour)
	w.RunJobs(ctx)
	if s := status(t, db); s != (notify.MailStatus{Pending: 1, Sent: 1}) {
		t.Errorf("before KeepSent: %+v", s)
	}
	now = now.Add(2 * time.Hour)
	w.RunJobs(ctx)
	if s := status(t, db); s != (notify.MailStatus{Pending: 1}) {
		t.Errorf("after KeepSent the sent mail is purged, the unsent one stays: %+v", s)
	}
	if ran != 2 {
		t.Errorf("the job ran %d times, want 2", ran)
	}
	l := logs.String()
	if !strings.Contains(l, "job=reminders count=2") || !strings.Contains(l, "job=digests") || !strings.Contains(l, "database is locked") ||
		!strings.Contains(l, "sent mail purged") {
		t.Errorf("log:\n%s", l)
	}
}

func TestWorkerWithoutSMTPKeepsMailAndSaysSo(t *testing.T) {
	now := time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)
	db := outboxWith(t, &now, "a@example.de")
	var logs bytes.Buffer
	w := newWorker(db, nil, &now)
	w.Log, w.MailEvery = slog.New(slog.NewTextHandler(&logs, nil)), time.Millisecond
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	w.Run(ctx)
	if s := status(t, db); s != (notify.MailStatus{Pending: 1}) {
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
		if got := notify.Backoff(i + 1); got != w {
			t.Errorf("Backoff(%d) = %v, want %v", i+1, got, w)
		}
		if i+1 < notify.MaxMailAttempts {
			total += w
		}
	}
	// Long enough to bridge a mail server's maintenance window over an evening.
	if total < 6*time.Hour || total > 12*time.Hour {
		t.Errorf("a mail is retried for %v", total)
	}
}

// TestMailIsInTheRecipientsLanguage: one notice reaches a German and an English
// user, each in their own language, by mail and in the app.
