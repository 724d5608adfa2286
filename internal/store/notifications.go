package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/teilhabe/teilhabe/internal/notify"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Notifications reach users in two ways: an in-app notification (the page
// /notifications) and, for what must not be missed, an e-mail. Both are written by
// Tx.Notify in the transaction of the change that causes them, so that a change and
// its notice happen together or not at all. A notice is stored as its kind and
// arguments (package notify renders it in the reader's language when it is shown or
// sent). Mail goes into mail_outbox; the worker in package notify sends it later and
// retries with backoff, so that a slow or broken SMTP server never fails or delays
// the change itself.

// Notify gives every active user among userIDs a notification and, with mail, queues
// one mail per user, in the caller's transaction. Disabled accounts and unknown ids
// are skipped, a user named twice gets one notice.
func (tx *Tx) Notify(ctx context.Context, userIDs []int64, n notify.Notice, mail bool) error {
	kind, args, err := notify.Encode(n)
	if err != nil {
		return err
	}
	users, err := activeUsers(ctx, tx, userIDs)
	if err != nil || len(users) == 0 {
		return err
	}
	note, err := tx.PrepareContext(ctx, `INSERT INTO notifications (user_id, kind, args, title, link, created_at) VALUES ($1, $2, $3, '', $4, $5)`)
	if err != nil {
		return err
	}
	defer note.Close()
	var out *sql.Stmt
	if mail {
		if out, err = tx.PrepareContext(ctx, `INSERT INTO mail_outbox (to_address, user_id, kind, args, subject, body, created_at, next_attempt_at)
			VALUES ($1, $2, $3, $4, '', '', $5, $5)`); err != nil {
			return err
		}
		defer out.Close()
	}
	for _, u := range users {
		if _, err := note.ExecContext(ctx, u.id, kind, string(args), n.Link(), tx.now); err != nil {
			return fmt.Errorf("notification for user %d: %w", u.id, err)
		}
		if out != nil {
			if _, err := out.ExecContext(ctx, u.email, u.id, kind, string(args), tx.now); err != nil {
				return fmt.Errorf("mail for user %d: %w", u.id, err)
			}
		}
	}
	return nil
}

type recipient struct {
	id    int64
	email string
}

// activeUsers returns the users with these ids whose accounts are not disabled, by id.
// The ids go into the query in chunks, to stay far below either engine's limit on
// bind parameters when a consultation invites all of Germany.
func activeUsers(ctx context.Context, tx *Tx, ids []int64) ([]recipient, error) {
	ids = slices.Clone(ids)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	var out []recipient
	for chunk := range slices.Chunk(ids, maxIDList) {
		var args []any
		in := inList(&args, chunk...)
		part, err := collect(ctx, tx, func(rows *sql.Rows) (recipient, error) {
			var r recipient
			return r, rows.Scan(&r.id, &r.email)
		}, `SELECT id, email FROM users WHERE disabled_at IS NULL AND id IN (`+in+`) ORDER BY id`, args...)
		if err != nil {
			return nil, err
		}
		out = append(out, part...)
	}
	return out, nil
}

// NotificationStore is the notifications view: each user's in-app notifications. It
// implements notify.Store.
type NotificationStore struct{ db *DB }

// Notifications returns the notifications view.
func (db *DB) Notifications() *NotificationStore { return &NotificationStore{db: db} }

var _ notify.Store = (*NotificationStore)(nil)

// Notifications returns a user's newest notifications first, at most limit (1–200,
// default 50).
func (s *NotificationStore) Notifications(ctx context.Context, userID int64, limit int) ([]notify.Notification, error) {
	return collect(ctx, s.db.read, func(rows *sql.Rows) (notify.Notification, error) {
		var n notify.Notification
		var read sql.NullTime
		var args sql.NullString
		err := rows.Scan(&n.ID, &n.UserID, &n.Kind, &args, &n.Title, &n.Body, &n.Link, &n.CreatedAt, &read)
		n.CreatedAt, n.ReadAt = n.CreatedAt.UTC(), read.Time.UTC()
		if args.Valid {
			n.Args = []byte(args.String)
		}
		return n, err
	}, `SELECT id, user_id, kind, CAST(args AS TEXT), title, body, link, created_at, read_at
		FROM notifications WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`, userID, limit)
}

// UnreadNotifications counts a user's unread notifications, for the badge in the
// page header.
func (s *NotificationStore) UnreadNotifications(ctx context.Context, userID int64) (int, error) {
	var n int
	err := s.db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL`, userID).Scan(&n)
	return n, err
}

// MarkNotificationsRead marks the given notifications of the user read and returns
// how many were unread. Ids of other users' notifications are ignored: nobody
// marks, or learns about, someone else's notifications.
func (s *NotificationStore) MarkNotificationsRead(ctx context.Context, userID int64, ids ...int64) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	var marked int
	err := s.db.Update(ctx, func(tx *Tx) error {
		for chunk := range slices.Chunk(ids, maxIDList) {
			args := []any{userID, tx.now}
			in := inList(&args, chunk...)
			res, err := tx.ExecContext(ctx, `UPDATE notifications SET read_at = $2
				WHERE user_id = $1 AND read_at IS NULL AND id IN (`+in+`)`, args...)
			if err != nil {
				return err
			}
			n, _ := res.RowsAffected()
			marked += int(n)
		}
		return nil
	})
	return marked, err
}

// MarkAllNotificationsRead marks every unread notification of the user read whose id
// is at most upTo (0: all), and returns how many. The page passes the newest id it
// showed, so that a notification that arrives while the user reads stays unread.
func (s *NotificationStore) MarkAllNotificationsRead(ctx context.Context, userID, upTo int64) (int, error) {
	if upTo <= 0 {
		upTo = math.MaxInt64
	}
	var marked int
	err := s.db.Update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE notifications SET read_at = $2
			WHERE user_id = $1 AND read_at IS NULL AND id <= $3`, userID, tx.now, upTo)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		marked = int(n)
		return nil
	})
	return marked, err
}

// MailStore is the outbox view: the mail the worker sends. It implements
// notify.Outbox.
type MailStore struct{ db *DB }

// Mail returns the outbox view.
func (db *DB) Mail() *MailStore { return &MailStore{db: db} }

var _ notify.Outbox = (*MailStore)(nil)

// mailLease is how long a mail handed out by PendingMail is held for the worker that
// got it. A worker that dies while sending leaves it due again after this time.
const mailLease = 10 * time.Minute

// PendingMail claims up to limit mails that are due at now, oldest first: it holds
// them for mailLease, so that the worker of another instance sharing the database
// does not send them too. The caller reports each with MarkMailSent or
// MarkMailFailed.
func (s *MailStore) PendingMail(ctx context.Context, now time.Time, limit int) ([]notify.Mail, error) {
	if limit <= 0 {
		limit = 50
	}
	now = now.UTC()
	var out []notify.Mail
	err := s.db.Update(ctx, func(tx *Tx) error {
		// The outer condition is checked again on PostgreSQL when a concurrent claim
		// changed the row first, so a mail is only ever claimed once per lease.
		ids, err := queryIDs(ctx, tx, `UPDATE mail_outbox SET next_attempt_at = $3
			WHERE sent_at IS NULL AND attempts < $4 AND next_attempt_at <= $1 AND id IN (
				SELECT id FROM mail_outbox WHERE sent_at IS NULL AND attempts < $4 AND next_attempt_at <= $1
				ORDER BY next_attempt_at, id LIMIT $2)
			RETURNING id`, now, limit, now.Add(mailLease), notify.MaxMailAttempts)
		if err != nil || len(ids) == 0 {
			return err
		}
		// The recipient's name and language as they are now: a user who switched to
		// English gets English mail, also of notices queued before.
		args := []any{}
		in := inList(&args, ids...)
		out, err = collect(ctx, tx, func(rows *sql.Rows) (notify.Mail, error) {
			var m notify.Mail
			var a sql.NullString
			err := rows.Scan(&m.ID, &m.To, &m.Name, &m.Locale, &m.Kind, &a, &m.Subject, &m.Body, &m.CreatedAt, &m.Attempts)
			if a.Valid {
				m.Args = []byte(a.String)
			}
			m.CreatedAt = m.CreatedAt.UTC()
			return m, err
		}, `SELECT m.id, m.to_address, COALESCE(u.name, ''), COALESCE(u.locale, 'de'), m.kind, CAST(m.args AS TEXT), m.subject, m.body,
			m.created_at, m.attempts FROM mail_outbox m LEFT JOIN users u ON u.id = m.user_id WHERE m.id IN (`+in+`)`, args...)
		return err
	})
	slices.SortFunc(out, func(a, b notify.Mail) int { return cmp.Compare(a.ID, b.ID) })
	return out, err
}

// MarkMailSent records that the SMTP server accepted the mail.
func (s *MailStore) MarkMailSent(ctx context.Context, id int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE mail_outbox SET sent_at = $2, attempts = attempts + 1, last_error = '' WHERE id = $1 AND sent_at IS NULL`, id, tx.now)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return teilhabe.E(teilhabe.ENOTFOUND, "")
		}
		return nil
	})
}

// MarkMailFailed records a failed attempt with its error and when to try again. It
// reports true when that was the last attempt (MaxMailAttempts): the mail then stays
// in the outbox, unsent, with its error.
func (s *MailStore) MarkMailFailed(ctx context.Context, id int64, sendErr error, next time.Time) (gaveUp bool, err error) {
	msg := "unknown error"
	if sendErr != nil {
		msg = sendErr.Error()
	}
	if r := []rune(msg); len(r) > 1000 {
		msg = string(r[:1000])
	}
	err = s.db.Update(ctx, func(tx *Tx) error {
		var attempts int
		err := tx.QueryRowContext(ctx, `UPDATE mail_outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3
			WHERE id = $1 AND sent_at IS NULL RETURNING attempts`, id, msg, next.UTC()).Scan(&attempts)
		if errors.Is(err, sql.ErrNoRows) {
			return teilhabe.E(teilhabe.ENOTFOUND, "")
		}
		gaveUp = attempts >= notify.MaxMailAttempts
		return err
	})
	return gaveUp, err
}

// Status counts the outbox's mails by state.
func (s *MailStore) Status(ctx context.Context) (notify.MailStatus, error) {
	var st notify.MailStatus
	err := s.db.read.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN sent_at IS NULL AND attempts < $1 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN sent_at IS NULL AND attempts >= $1 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN sent_at IS NOT NULL THEN 1 ELSE 0 END), 0)
		FROM mail_outbox`, notify.MaxMailAttempts).Scan(&st.Pending, &st.Failed, &st.Sent)
	return st, err
}

// PurgeSentMail deletes mails sent before the given time and returns how many. A
// sent mail's copy is of no further use, and it holds names and addresses.
func (s *MailStore) PurgeSentMail(ctx context.Context, before time.Time) (int, error) {
	var n int64
	err := s.db.Update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM mail_outbox WHERE sent_at IS NOT NULL AND sent_at < $1`, before.UTC())
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		return nil
	})
	return int(n), err
}
