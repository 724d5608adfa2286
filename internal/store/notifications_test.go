package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// clock is a settable clock for db.Now.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

func newUser(t *testing.T, db *store.DB, email, name string, ms ...accounts.Membership) accounts.User {
	t.Helper()
	ctx := teilhabe.WithActor(context.Background(), teilhabe.System("test"))
	u, err := db.CreateUser(ctx, accounts.NewUser{Email: email, Name: name, Password: "ein langes Passwort"}, false, ms...)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func notify(t *testing.T, db *store.DB, ids []int64, n store.Notice) {
	t.Helper()
	if err := db.Update(context.Background(), func(tx *store.Tx) error { return tx.Notify(context.Background(), ids, n) }); err != nil {
		t.Fatalf("notify: %v", err)
	}
}

// pending claims every mail the outbox would still send.
func pending(t *testing.T, db *store.DB) []store.Mail {
	t.Helper()
	// A year ahead: every mail not given up is due.
	mails, err := db.PendingMail(context.Background(), db.Now().Add(365*24*time.Hour), 100)
	if err != nil {
		t.Fatal(err)
	}
	return mails
}

func TestNotifyWritesNotificationAndMailOfActiveUsersOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		db.BaseURL = "https://teilhabe.example.org/"
		ada := newUser(t, db, "ada@example.de", "Ada Ülker")
		bert := newUser(t, db, "bert@example.de", "Bert")
		if err := db.SetUserDisabled(ctx, bert.ID, true); err != nil {
			t.Fatal(err)
		}
		notify(t, db, []int64{ada.ID, bert.ID, ada.ID, 999999}, store.Notice{
			Kind:  "consultation_invited",
			Title: "Einladung zur Beteiligung:\r\nBcc: evil@example.org",
			Body:  "Das Land lädt Sie ein.\n\nFrist: 15.05.2026 12:00 Uhr.",
			Link:  "/programmes/7/consultation",
			Mail:  true,
		})
		notes, err := db.Notifications(ctx, ada.ID, 10)
		if err != nil || len(notes) != 1 {
			t.Fatalf("Ada's notifications = %+v, %v", notes, err)
		}
		n := notes[0]
		if n.Kind != "consultation_invited" || n.Title != "Einladung zur Beteiligung: Bcc: evil@example.org" || n.Link != "/programmes/7/consultation" || !n.Unread() {
			t.Errorf("notification = %+v", n)
		}
		if got, _ := db.Notifications(ctx, bert.ID, 10); len(got) != 0 {
			t.Errorf("a disabled account got %d notifications", len(got))
		}
		mails := pending(t, db)
		if len(mails) != 1 {
			t.Fatalf("outbox = %+v, want one mail to Ada", mails)
		}
		m := mails[0]
		if m.To != "ada@example.de" || m.Subject != n.Title {
			t.Errorf("mail to %q subject %q", m.To, m.Subject)
		}
		for _, want := range []string{"Guten Tag Ada Ülker,", "Das Land lädt Sie ein.\n\nFrist: 15.05.2026 12:00 Uhr.",
			"https://teilhabe.example.org/programmes/7/consultation\n", "https://teilhabe.example.org/notifications\n"} {
			if !strings.Contains(m.Body, want) {
				t.Errorf("mail body lacks %q:\n%s", want, m.Body)
			}
		}

		// Without Mail only the in-app notification is written.
		notify(t, db, []int64{ada.ID}, store.Notice{Kind: "info", Title: "Nur in der App"})
		if got := pending(t, db); len(got) != 0 {
			t.Errorf("a notice without Mail queued %d mails", len(got))
		}
		if err := db.Update(ctx, func(tx *store.Tx) error { return tx.Notify(ctx, []int64{ada.ID}, store.Notice{Kind: "x"}) }); err == nil {
			t.Error("a notice without title was accepted")
		}
	})
}

func TestNotifyIsPartOfTheCallersTransaction(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ada := newUser(t, db, "ada@example.de", "Ada")
		failed := errors.New("the change failed")
		err := db.Update(ctx, func(tx *store.Tx) error {
			if err := tx.Notify(ctx, []int64{ada.ID}, store.Notice{Kind: "k", Title: "T", Mail: true}); err != nil {
				return err
			}
			return failed
		})
		if !errors.Is(err, failed) {
			t.Fatalf("update = %v", err)
		}
		if n, _ := db.UnreadNotifications(ctx, ada.ID); n != 0 {
			t.Errorf("%d notifications survived the rollback", n)
		}
		if got := pending(t, db); len(got) != 0 {
			t.Errorf("%d mails survived the rollback", len(got))
		}
	})
}

func TestUsersReadAndMarkOnlyTheirOwnNotifications(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clk := &clock{t: time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)}
		db.Now = clk.now
		ada := newUser(t, db, "ada@example.de", "Ada")
		bert := newUser(t, db, "bert@example.de", "Bert")
		for _, title := range []string{"Erste", "Zweite", "Dritte"} {
			notify(t, db, []int64{ada.ID, bert.ID}, store.Notice{Kind: "k", Title: title})
			clk.advance(time.Minute)
		}
		notes, err := db.Notifications(ctx, ada.ID, 10)
		if err != nil || len(notes) != 3 || notes[0].Title != "Dritte" || notes[2].Title != "Erste" {
			t.Fatalf("newest first: %+v, %v", notes, err)
		}
		if n, _ := db.UnreadNotifications(ctx, ada.ID); n != 3 {
			t.Fatalf("unread = %d, want 3", n)
		}
		bertNotes, _ := db.Notifications(ctx, bert.ID, 10)

		// Ada cannot mark Bert's notification; her own one is marked once.
		marked, err := db.MarkNotificationsRead(ctx, ada.ID, notes[2].ID, bertNotes[0].ID)
		if err != nil || marked != 1 {
			t.Fatalf("mark = %d, %v; want 1", marked, err)
		}
		if n, _ := db.UnreadNotifications(ctx, bert.ID); n != 3 {
			t.Errorf("Bert's unread = %d after Ada marked one of his", n)
		}
		if marked, _ := db.MarkNotificationsRead(ctx, ada.ID, notes[2].ID); marked != 0 {
			t.Errorf("marking a read notification again counted %d", marked)
		}

		// "Alle als gelesen markieren" covers what the page showed, not what came
		// after.
		shownUpTo := notes[0].ID
		notify(t, db, []int64{ada.ID}, store.Notice{Kind: "k", Title: "Vierte"})
		if marked, err := db.MarkAllNotificationsRead(ctx, ada.ID, shownUpTo); err != nil || marked != 2 {
			t.Fatalf("mark all = %d, %v; want 2", marked, err)
		}
		notes, _ = db.Notifications(ctx, ada.ID, 10)
		if n, _ := db.UnreadNotifications(ctx, ada.ID); n != 1 || notes[0].Title != "Vierte" || !notes[0].Unread() || notes[1].Unread() {
			t.Errorf("after mark all: unread %d, %+v", n, notes)
		}
		if !notes[1].ReadAt.Equal(clk.t) {
			t.Errorf("read at %v, want %v", notes[1].ReadAt, clk.t)
		}
		if marked, _ := db.MarkAllNotificationsRead(ctx, ada.ID, 0); marked != 1 {
			t.Errorf("mark all without limit = %d, want 1", marked)
		}
		if n, _ := db.UnreadNotifications(ctx, bert.ID); n != 3 {
			t.Errorf("Bert's unread = %d after Ada marked all of hers", n)
		}
	})
}

func TestMailOutboxRetriesWithBackoffAndKeepsWhatFailed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clk := &clock{t: time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)}
		db.Now = clk.now
		ada := newUser(t, db, "ada@example.de", "Ada")
		bert := newUser(t, db, "bert@example.de", "Bert")
		notify(t, db, []int64{ada.ID}, store.Notice{Kind: "k", Title: "An Ada", Mail: true})
		clk.advance(time.Second)
		notify(t, db, []int64{bert.ID}, store.Notice{Kind: "k", Title: "An Bert", Mail: true})

		now := clk.t
		got, err := db.PendingMail(ctx, now, 10)
		if err != nil || len(got) != 2 || got[0].To != "ada@example.de" || got[1].To != "bert@example.de" || got[0].Attempts != 0 {
			t.Fatalf("pending = %+v, %v", got, err)
		}
		// A second worker at the same moment gets nothing: the mails are claimed.
		if again, _ := db.PendingMail(ctx, now, 10); len(again) != 0 {
			t.Fatalf("claimed mails handed out twice: %+v", again)
		}
		if err := db.MarkMailSent(ctx, got[0].ID); err != nil {
			t.Fatal(err)
		}
		if err := db.MarkMailSent(ctx, got[0].ID); teilhabe.ErrorCode(err) != teilhabe.ENOTFOUND {
			t.Errorf("marking a sent mail sent again: %v", err)
		}
		retry := now.Add(time.Minute)
		if gaveUp, err := db.MarkMailFailed(ctx, got[1].ID, errors.New("421 try again later"), retry); err != nil || gaveUp {
			t.Fatalf("first failure: gave up %v, %v", gaveUp, err)
		}
		if early, _ := db.PendingMail(ctx, retry.Add(-time.Second), 10); len(early) != 0 {
			t.Errorf("a failed mail came back before its next attempt: %+v", early)
		}
		for i := 2; i <= store.MaxMailAttempts; i++ {
			due, err := db.PendingMail(ctx, retry, 10)
			if err != nil || len(due) != 1 || due[0].Attempts != i-1 {
				t.Fatalf("attempt %d: pending = %+v, %v", i, due, err)
			}
			retry = retry.Add(time.Hour)
			gaveUp, err := db.MarkMailFailed(ctx, due[0].ID, errors.New("550 mailbox unavailable"), retry)
			if err != nil || gaveUp != (i == store.MaxMailAttempts) {
				t.Fatalf("attempt %d: gave up %v, %v", i, gaveUp, err)
			}
		}
		if late, _ := db.PendingMail(ctx, retry.Add(24*time.Hour), 10); len(late) != 0 {
			t.Errorf("a mail was tried after the last attempt: %+v", late)
		}
		st, err := db.MailOutboxStatus(ctx)
		if err != nil || st != (store.MailStatus{Pending: 0, Failed: 1, Sent: 1}) {
			t.Errorf("status = %+v, %v", st, err)
		}
		var lastErr string
		if err := db.Reader().QueryRowContext(ctx, `SELECT last_error FROM mail_outbox WHERE id = $1`, got[1].ID).Scan(&lastErr); err != nil || lastErr != "550 mailbox unavailable" {
			t.Errorf("the given-up mail keeps its error: %q, %v", lastErr, err)
		}

		// A worker that dies between claim and report: the mail is due again after
		// the lease.
		clk.advance(time.Hour)
		notify(t, db, []int64{ada.ID}, store.Notice{Kind: "k", Title: "Noch eine", Mail: true})
		claimed, _ := db.PendingMail(ctx, clk.t, 10)
		if len(claimed) != 1 {
			t.Fatalf("claimed = %+v", claimed)
		}
		if again, _ := db.PendingMail(ctx, clk.t.Add(11*time.Minute), 10); len(again) != 1 || again[0].ID != claimed[0].ID {
			t.Errorf("after the lease the mail is due again: %+v", again)
		}

		if n, err := db.PurgeSentMail(ctx, clk.t.Add(time.Hour)); err != nil || n != 1 {
			t.Errorf("purge = %d, %v; want the one sent mail", n, err)
		}
		if st, _ := db.MailOutboxStatus(ctx); st.Sent != 0 || st.Failed != 1 || st.Pending != 1 {
			t.Errorf("after purge: %+v", st)
		}
	})
}

// TestConcurrentWorkersSendEachMailOnce: instances sharing one database run their
// workers at the same time; each mail must go to exactly one of them.
func TestConcurrentWorkersSendEachMailOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var ids []int64
		for i := range 4 {
			ids = append(ids, newUser(t, db, fmt.Sprintf("u%d@example.de", i), "U").ID)
		}
		for range 10 {
			notify(t, db, ids, store.Notice{Kind: "k", Title: "T", Mail: true})
		}
		now := db.Now()
		seen := make(chan int64, 100)
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				for {
					mails, err := db.PendingMail(ctx, now, 3)
					if err != nil {
						t.Error(err)
						return
					}
					if len(mails) == 0 {
						return
					}
					for _, m := range mails {
						seen <- m.ID
					}
				}
			})
		}
		wg.Wait()
		close(seen)
		count := map[int64]int{}
		for id := range seen {
			count[id]++
		}
		if len(count) != 40 {
			t.Errorf("%d different mails claimed, want 40", len(count))
		}
		for id, n := range count {
			if n != 1 {
				t.Errorf("mail %d claimed %d times", id, n)
			}
		}
	})
}
