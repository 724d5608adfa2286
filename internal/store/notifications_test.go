package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/notify"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

var bundle = func() *i18n.Bundle {
	b, err := i18n.New()
	if err != nil {
		panic(err)
	}
	return b
}()

// clock is a settable clock for db.Now.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

func newUser(t *testing.T, db *store.DB, email, name string, ms ...accounts.Membership) accounts.User {
	t.Helper()
	return storetest.User(t, db, accounts.NewUser{Email: email, Name: name}, ms...)
}

// notifyInvited is a notice of a real kind, told apart by its programme's title.
func notifyInvited(programmeID int64, title string) notify.ConsultationInvited {
	return notify.ConsultationInvited{ProgrammeID: programmeID, Programme: title, Funder: "Das Land",
		Deadline: time.Date(2026, 5, 15, 10, 0, 0, 0, time.UTC), Invitation: "Bitte um Hinweise."}
}

func tell(t *testing.T, db *store.DB, ids []int64, n notify.Notice, mail bool) {
	t.Helper()
	if err := db.Update(context.Background(), func(tx *store.Tx) error { return tx.Notify(context.Background(), ids, n, mail) }); err != nil {
		t.Fatalf("notify: %v", err)
	}
}

// pending claims every mail the outbox would still send.
func pending(t *testing.T, db *store.DB) []notify.Mail {
	t.Helper()
	// A year ahead: every mail not given up is due.
	mails, err := db.Mail().PendingMail(context.Background(), db.Now().Add(365*24*time.Hour), 100)
	if err != nil {
		t.Fatal(err)
	}
	return mails
}

// decoded returns the notice a notification or mail stores.
func decoded(t *testing.T, kind string, args []byte) notify.ConsultationInvited {
	t.Helper()
	n, err := notify.Decode(kind, args)
	if err != nil {
		t.Fatal(err)
	}
	inv, ok := n.(*notify.ConsultationInvited)
	if !ok {
		t.Fatalf("decoded %T", n)
	}
	return *inv
}

func TestNotifyWritesNotificationAndMailOfActiveUsersOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ada := newUser(t, db, "ada@example.de", "Ada Ülker")
		bert := newUser(t, db, "bert@example.de", "Bert")
		if err := accounts.NewService(db.Accounts()).SetDisabled(storetest.System(), bert.ID, true); err != nil {
			t.Fatal(err)
		}
		sent := notifyInvited(7, "Sprachkurse:\r\nBcc: evil@example.org")
		tell(t, db, []int64{ada.ID, bert.ID, ada.ID, 999999}, sent, true)
		notes, err := db.Notifications().Notifications(ctx, ada.ID, 10)
		if err != nil || len(notes) != 1 {
			t.Fatalf("Ada's notifications = %+v, %v", notes, err)
		}
		n := notes[0]
		if n.Kind != "consultation_invited" || n.Link != "/programmes/7/consultation" || !n.Unread() || n.UserID != ada.ID || n.Args == nil {
			t.Errorf("notification = %+v", n)
		}
		// The notice is kept as it was told, to be rendered when it is read.
		if got := decoded(t, n.Kind, n.Args); got != sent {
			t.Errorf("stored notice = %+v, want %+v", got, sent)
		}
		// Rendered, a line break in the title cannot start a new mail header.
		if r := n.Render(bundle.For("de")); r.Title != "Einladung zur Beteiligung: Sprachkurse: Bcc: evil@example.org" || r.Link != n.Link {
			t.Errorf("rendered = %+v", r)
		}
		if got, _ := db.Notifications().Notifications(ctx, bert.ID, 10); len(got) != 0 {
			t.Errorf("a disabled account got %d notifications", len(got))
		}
		mails := pending(t, db)
		if len(mails) != 1 {
			t.Fatalf("outbox = %+v, want one mail to Ada", mails)
		}
		m := mails[0]
		if m.To != "ada@example.de" || m.Name != "Ada Ülker" || m.Locale != "de" || m.Kind != "consultation_invited" || m.Attempts != 0 || !m.CreatedAt.Equal(n.CreatedAt) {
			t.Errorf("mail = %+v", m)
		}
		if got := decoded(t, m.Kind, m.Args); got != sent {
			t.Errorf("the mail's notice = %+v, want %+v", got, sent)
		}

		// Without mail only the in-app notification is written.
		tell(t, db, []int64{ada.ID}, notifyInvited(8, "Nur in der App"), false)
		if got := pending(t, db); len(got) != 0 {
			t.Errorf("a notice without mail queued %d mails", len(got))
		}
		if n, _ := db.Notifications().UnreadNotifications(ctx, ada.ID); n != 2 {
			t.Errorf("Ada's unread = %d, want 2", n)
		}
	})
}

// TestMailIsWrittenInTheLanguageTheRecipientHasWhenItIsSent: the outbox hands out
// the recipient's name and language as they are when the mail goes out.
func TestMailIsWrittenInTheLanguageTheRecipientHasWhenItIsSent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ada := newUser(t, db, "ada@example.de", "Ada")
		tell(t, db, []int64{ada.ID}, notifyInvited(7, "Sprachkurse"), true)
		err := db.Update(ctx, func(tx *store.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE users SET locale = 'en', name = 'Ada Lovelace' WHERE id = $1`, ada.ID)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if mails := pending(t, db); len(mails) != 1 || mails[0].Locale != "en" || mails[0].Name != "Ada Lovelace" || mails[0].To != "ada@example.de" {
			t.Errorf("mails = %+v", mails)
		}
	})
}

func TestNotifyIsPartOfTheCallersTransaction(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ada := newUser(t, db, "ada@example.de", "Ada")
		failed := errors.New("the change failed")
		err := db.Update(ctx, func(tx *store.Tx) error {
			if err := tx.Notify(ctx, []int64{ada.ID}, notifyInvited(7, "T"), true); err != nil {
				return err
			}
			return failed
		})
		if !errors.Is(err, failed) {
			t.Fatalf("update = %v", err)
		}
		if n, _ := db.Notifications().UnreadNotifications(ctx, ada.ID); n != 0 {
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
		notes := db.Notifications()
		ada := newUser(t, db, "ada@example.de", "Ada")
		bert := newUser(t, db, "bert@example.de", "Bert")
		for _, title := range []string{"Erste", "Zweite", "Dritte"} {
			tell(t, db, []int64{ada.ID, bert.ID}, notifyInvited(1, title), false)
			clk.advance(time.Minute)
		}
		list, err := notes.Notifications(ctx, ada.ID, 10)
		if err != nil || len(list) != 3 || decoded(t, list[0].Kind, list[0].Args).Programme != "Dritte" || decoded(t, list[2].Kind, list[2].Args).Programme != "Erste" {
			t.Fatalf("newest first: %+v, %v", list, err)
		}
		if !list[0].CreatedAt.Equal(clk.t.Add(-time.Minute)) {
			t.Errorf("created at %v", list[0].CreatedAt)
		}
		if short, _ := notes.Notifications(ctx, ada.ID, 2); len(short) != 2 || short[0].ID != list[0].ID {
			t.Errorf("limit 2 = %+v", short)
		}
		if n, _ := notes.UnreadNotifications(ctx, ada.ID); n != 3 {
			t.Fatalf("unread = %d, want 3", n)
		}
		bertNotes, _ := notes.Notifications(ctx, bert.ID, 10)

		// Ada cannot mark Bert's notification; her own one is marked once.
		marked, err := notes.MarkNotificationsRead(ctx, ada.ID, list[2].ID, bertNotes[0].ID)
		if err != nil || marked != 1 {
			t.Fatalf("mark = %d, %v; want 1", marked, err)
		}
		if n, _ := notes.UnreadNotifications(ctx, bert.ID); n != 3 {
			t.Errorf("Bert's unread = %d after Ada marked one of his", n)
		}
		if marked, _ := notes.MarkNotificationsRead(ctx, ada.ID, list[2].ID); marked != 0 {
			t.Errorf("marking a read notification again counted %d", marked)
		}
		if marked, err := notes.MarkNotificationsRead(ctx, ada.ID); err != nil || marked != 0 {
			t.Errorf("marking none = %d, %v", marked, err)
		}

		// "Alle als gelesen markieren" covers what the page showed, not what came
		// after.
		shownUpTo := list[0].ID
		tell(t, db, []int64{ada.ID}, notifyInvited(1, "Vierte"), false)
		if marked, err := notes.MarkAllNotificationsRead(ctx, ada.ID, shownUpTo); err != nil || marked != 2 {
			t.Fatalf("mark all = %d, %v; want 2", marked, err)
		}
		list, _ = notes.Notifications(ctx, ada.ID, 10)
		if n, _ := notes.UnreadNotifications(ctx, ada.ID); n != 1 || decoded(t, list[0].Kind, list[0].Args).Programme != "Vierte" || !list[0].Unread() || list[1].Unread() {
			t.Errorf("after mark all: unread %d, %+v", n, list)
		}
		if !list[1].ReadAt.Equal(clk.t) {
			t.Errorf("read at %v, want %v", list[1].ReadAt, clk.t)
		}
		if marked, _ := notes.MarkAllNotificationsRead(ctx, ada.ID, 0); marked != 1 {
			t.Errorf("mark all without limit = %d, want 1", marked)
		}
		if n, _ := notes.UnreadNotifications(ctx, bert.ID); n != 3 {
			t.Errorf("Bert's unread = %d after Ada marked all of hers", n)
		}
	})
}

func TestMailOutboxRetriesWithBackoffAndKeepsWhatFailed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clk := &clock{t: time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)}
		db.Now = clk.now
		outbox := db.Mail()
		ada := newUser(t, db, "ada@example.de", "Ada")
		bert := newUser(t, db, "bert@example.de", "Bert")
		tell(t, db, []int64{ada.ID}, notifyInvited(1, "An Ada"), true)
		clk.advance(time.Second)
		tell(t, db, []int64{bert.ID}, notifyInvited(1, "An Bert"), true)

		now := clk.t
		got, err := outbox.PendingMail(ctx, now, 10)
		if err != nil || len(got) != 2 || got[0].To != "ada@example.de" || got[1].To != "bert@example.de" || got[0].Attempts != 0 {
			t.Fatalf("pending = %+v, %v", got, err)
		}
		// A second worker at the same moment gets nothing: the mails are claimed.
		if again, _ := outbox.PendingMail(ctx, now, 10); len(again) != 0 {
			t.Fatalf("claimed mails handed out twice: %+v", again)
		}
		if err := outbox.MarkMailSent(ctx, got[0].ID); err != nil {
			t.Fatal(err)
		}
		if err := outbox.MarkMailSent(ctx, got[0].ID); teilhabe.ErrorCode(err) != teilhabe.ENOTFOUND {
			t.Errorf("marking a sent mail sent again: %v", err)
		}
		retry := now.Add(time.Minute)
		if gaveUp, err := outbox.MarkMailFailed(ctx, got[1].ID, errors.New("421 try again later"), retry); err != nil || gaveUp {
			t.Fatalf("first failure: gave up %v, %v", gaveUp, err)
		}
		if early, _ := outbox.PendingMail(ctx, retry.Add(-time.Second), 10); len(early) != 0 {
			t.Errorf("a failed mail came back before its next attempt: %+v", early)
		}
		for i := 2; i <= notify.MaxMailAttempts; i++ {
			due, err := outbox.PendingMail(ctx, retry, 10)
			if err != nil || len(due) != 1 || due[0].Attempts != i-1 {
				t.Fatalf("attempt %d: pending = %+v, %v", i, due, err)
			}
			retry = retry.Add(time.Hour)
			gaveUp, err := outbox.MarkMailFailed(ctx, due[0].ID, errors.New("550 mailbox unavailable"), retry)
			if err != nil || gaveUp != (i == notify.MaxMailAttempts) {
				t.Fatalf("attempt %d: gave up %v, %v", i, gaveUp, err)
			}
		}
		if late, _ := outbox.PendingMail(ctx, retry.Add(24*time.Hour), 10); len(late) != 0 {
			t.Errorf("a mail was tried after the last attempt: %+v", late)
		}
		if _, err := outbox.MarkMailFailed(ctx, got[0].ID, errors.New("x"), retry); teilhabe.ErrorCode(err) != teilhabe.ENOTFOUND {
			t.Errorf("marking a sent mail failed: %v", err)
		}
		st, err := outbox.Status(ctx)
		if err != nil || st != (notify.MailStatus{Pending: 0, Failed: 1, Sent: 1}) {
			t.Errorf("status = %+v, %v", st, err)
		}
		var lastErr string
		if err := db.Reader().QueryRowContext(ctx, `SELECT last_error FROM mail_outbox WHERE id = $1`, got[1].ID).Scan(&lastErr); err != nil || lastErr != "550 mailbox unavailable" {
			t.Errorf("the given-up mail keeps its error: %q, %v", lastErr, err)
		}

		// A worker that dies between claim and report: the mail is due again after
		// the lease.
		clk.advance(time.Hour)
		tell(t, db, []int64{ada.ID}, notifyInvited(1, "Noch eine"), true)
		claimed, _ := outbox.PendingMail(ctx, clk.t, 10)
		if len(claimed) != 1 {
			t.Fatalf("claimed = %+v", claimed)
		}
		if again, _ := outbox.PendingMail(ctx, clk.t.Add(11*time.Minute), 10); len(again) != 1 || again[0].ID != claimed[0].ID {
			t.Errorf("after the lease the mail is due again: %+v", again)
		}

		if n, err := outbox.PurgeSentMail(ctx, clk.t.Add(time.Hour)); err != nil || n != 1 {
			t.Errorf("purge = %d, %v; want the one sent mail", n, err)
		}
		if st, _ := outbox.Status(ctx); st.Sent != 0 || st.Failed != 1 || st.Pending != 1 {
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
		for i := range 10 {
			tell(t, db, ids, notifyInvited(int64(i), "T"), true)
		}
		now := db.Now()
		seen := make(chan int64, 100)
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				for {
					mails, err := db.Mail().PendingMail(ctx, now, 3)
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
