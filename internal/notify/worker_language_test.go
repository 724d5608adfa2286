// The worker's tests need a real outbox, the store's, and the store imports notify:
// they are in the external test package.
package notify_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/notify"
	"github.com/teilhabe/teilhabe/internal/store"
)

func TestMailIsInTheRecipientsLanguage(t *testing.T) {
	now := time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)
	db := newDB(t, &now)
	de := addUser(t, db, "juergen@stuttgart.example", "Jürgen Maier", "de")
	en := addUser(t, db, "jane@mannheim.example", "Jane Doe", "en")
	tell(t, db, []int64{de.ID, en.ID}, invitation)
	sender := &fakeSender{}
	if n := newWorker(db, sender, &now).SendMail(context.Background()); n != 2 {
		t.Fatalf("sent %d", n)
	}

	m := sender.to(t, de.Email)
	if m.Subject != subjectDE {
		t.Errorf("German subject %q, want %q", m.Subject, subjectDE)
	}
	for _, want := range []string{"Guten Tag Jürgen Maier,", bodyDE, invitation.Invitation, "Zur Ansicht in Teilhabe:",
		baseURL + "/programmes/7/consultation", "Alle Ihre Benachrichtigungen: " + baseURL + "/notifications"} {
		if !strings.Contains(m.Body, want) {
			t.Errorf("the German mail lacks %q:\n%s", want, m.Body)
		}
	}
	for _, english := range []string{"Hello", "Deadline", "invites you", "notifications:"} {
		if strings.Contains(m.Body, english) {
			t.Errorf("the German mail has English %q:\n%s", english, m.Body)
		}
	}
	noMessageIDs(t, "the German mail", m.Subject+"\n"+m.Body)

	m = sender.to(t, en.Email)
	if m.Subject != subjectEN {
		t.Errorf("English subject %q, want %q", m.Subject, subjectEN)
	}
	for _, want := range []string{"Hello Jane Doe,", bodyEN, invitation.Invitation, "To see it in Teilhabe:",
		baseURL + "/programmes/7/consultation", "-- \nTeilhabe – planning, funding and monitoring municipal integration work\n",
		"All your notifications: " + baseURL + "/notifications"} {
		if !strings.Contains(m.Body, want) {
			t.Errorf("the English mail lacks %q:\n%s", want, m.Body)
		}
	}
	for _, german := range []string{"Guten Tag", "Frist", "lädt Sie ein", "Uhr", "Benachrichtigungen"} {
		if strings.Contains(m.Subject+m.Body, german) {
			t.Errorf("the English mail has German %q:\n%s", german, m.Body)
		}
	}
	noMessageIDs(t, "the English mail", m.Subject+"\n"+m.Body)

	// In the app the same notice reads the same, in the reader's language.
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		u           accounts.User
		title, body string
	}{{de, subjectDE, bodyDE}, {en, subjectEN, bodyEN}} {
		list, err := db.Notifications().Notifications(context.Background(), c.u.ID, 10)
		if err != nil || len(list) != 1 {
			t.Fatalf("notifications of %s: %+v, %v", c.u.Email, list, err)
		}
		if list[0].Kind != invitation.Kind() || list[0].Args == nil {
			t.Errorf("stored notification: %+v", list[0])
		}
		r := list[0].Render(bundle.For(c.u.Locale))
		if r.Title != c.title || r.Body != c.body+"\n\n"+invitation.Invitation || r.Link != "/programmes/7/consultation" {
			t.Errorf("notification of %s in %s: %+v", c.u.Email, c.u.Locale, r)
		}
	}
}

// TestMailFollowsALocaleSwitchAfterItWasQueued: a mail is rendered when it is sent,
// with the recipient's language and name as they are then.
func TestMailFollowsALocaleSwitchAfterItWasQueued(t *testing.T) {
	now := time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)
	db := newDB(t, &now)
	u := addUser(t, db, "ayse@stuttgart.example", "Ayşe Öztürk", "de")
	tell(t, db, []int64{u.ID}, invitation)
	sender := &fakeSender{fail: map[string]error{"*": errors.New("421 try again later")}}
	w := newWorker(db, sender, &now)
	ctx := context.Background()
	if n := w.SendMail(ctx); n != 0 || sender.calls != 1 {
		t.Fatalf("first attempt: sent %d, %d calls", n, sender.calls)
	}

	// No store method sets the language yet (users choose it in the UI's cookie).
	err := db.Update(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE users SET locale = 'en', name = 'Ayşe Yılmaz' WHERE id = $1`, u.ID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	delete(sender.fail, "*")
	now = now.Add(notify.Backoff(1))
	if n := w.SendMail(ctx); n != 1 {
		t.Fatalf("after the switch: sent %d", n)
	}
	m := sender.to(t, u.Email)
	if m.Subject != subjectEN || !strings.Contains(m.Body, "Hello Ayşe Yılmaz,") || !strings.Contains(m.Body, bodyEN) {
		t.Errorf("the mail queued in German is not sent in English:\n%s\n\n%s", m.Subject, m.Body)
	}
}

// TestLegacyMailIsSentAsWritten: a mail queued before notices had arguments holds
// its whole German text, and goes out as it is.
func TestLegacyMailIsSentAsWritten(t *testing.T) {
	now := time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)
	db := newDB(t, &now)
	ctx := context.Background()
	subject := "Erinnerung: Beteiligung „Förderprogramm Süd“ endet am 06.05.2026 12:00 Uhr"
	body := "Guten Tag Jürgen,\n\nDie Beteiligung endet bald.\n\n-- \nTeilhabe\n"
	err := db.Update(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO mail_outbox (to_address, subject, body, created_at, next_attempt_at)
			VALUES ($1, $2, $3, $4, $4)`, "juergen@example.de", subject, body, tx.Now())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sender := &fakeSender{}
	if n := newWorker(db, sender, &now).SendMail(ctx); n != 1 {
		t.Fatalf("sent %d", n)
	}
	if m := sender.to(t, "juergen@example.de"); m.Subject != subject || m.Body != body {
		t.Errorf("legacy mail changed:\n%q\n%q", m.Subject, m.Body)
	}
}

// TestMailOfAnUnknownKindDoesNotStopTheRound: a mail this version cannot render
// fails alone; the others go out.
func TestMailOfAnUnknownKindDoesNotStopTheRound(t *testing.T) {
	now := time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)
	db := outboxWith(t, &now, "a@example.de")
	ctx := context.Background()
	err := db.Update(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO mail_outbox (to_address, kind, args, subject, body, created_at, next_attempt_at)
			VALUES ($1, 'programme_archived', '{}', '', '', $2, $2)`, "b@example.de", tx.Now())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sender := &fakeSender{}
	if n := newWorker(db, sender, &now).SendMail(ctx); n != 1 || sender.calls != 1 || sender.sent[0].To != "a@example.de" {
		t.Fatalf("sent %d: %+v", n, sender.sent)
	}
	if s := status(t, db); s != (notify.MailStatus{Pending: 1, Sent: 1}) {
		t.Errorf("outbox: %+v", s)
	}
	var lastErr string
	if err := db.Reader().QueryRowContext(ctx, `SELECT last_error FROM mail_outbox WHERE to_address = 'b@example.de'`).Scan(&lastErr); err != nil ||
		!strings.Contains(lastErr, "programme_archived") {
		t.Errorf("the failed mail's error: %q, %v", lastErr, err)
	}
}
