package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// Notifications reach users in two ways: an in-app notification (the page
// /notifications) and, for what must not be missed, an e-mail. Both are written by
// Tx.Notify in the transaction of the change that causes them, so that a change and
// its notice happen together or not at all. Mail goes into mail_outbox; the worker
// in package notify sends it later and retries with backoff, so that a slow or
// broken SMTP server never fails or delays the change itself.

// Notice is something to tell users.
type Notice struct {
	Kind  string // what happened, e.g. "consultation_invited"; stable, for filters and tests
	Title string // one line: the notification's heading and the mail's subject
	Body  string // plain text, German; a blank line separates paragraphs
	Link  string // a path in the web UI, e.g. "/programmes/7/consultation"
	Mail  bool   // also send an e-mail to each user
}

// Notification is a notice as one user received it.
type Notification struct {
	ID        int64
	UserID    int64
	Kind      string
	Title     string
	Body      string
	Link      string
	CreatedAt time.Time
	ReadAt    time.Time // zero while unread
}

// Unread reports whether the user has not marked the notification read yet.
func (n Notification) Unread() bool { return n.ReadAt.IsZero() }

// Notify gives every active user among userIDs a notification and, when n.Mail is
// set, queues one mail per user, in the caller's transaction. Disabled accounts and
// unknown ids are skipped, a user named twice gets one notice. Mail text is German
// (the UI's default language), plain text, and links to db.BaseURL + n.Link.
func (tx *Tx) Notify(ctx context.Context, userIDs []int64, n Notice) error {
	n.Kind, n.Link = strings.TrimSpace(n.Kind), strings.TrimSpace(n.Link)
	// The title becomes a mail header: a line break in it must not start a new one.
	n.Title = strings.Join(strings.Fields(n.Title), " ")
	n.Body = strings.TrimSpace(strings.ReplaceAll(n.Body, "\r\n", "\n"))
	if n.Kind == "" || n.Title == "" {
		return errors.New("store: a notice needs a kind and a title")
	}
	users, err := activeUsers(ctx, tx, userIDs)
	if err != nil || len(users) == 0 {
		return err
	}
	note, err := tx.PrepareContext(ctx, `INSERT INTO notifications (user_id, kind, title, body, link, created_at) VALUES ($1, $2, $3, $4, $5, $6)`)
	if err != nil {
		return err
	}
	defer note.Close()
	var mail *sql.Stmt
	if n.Mail {
		if mail, err = tx.PrepareContext(ctx, `INSERT INTO mail_outbox (to_address, subject, body, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $4)`); err != nil {
			return err
		}
		defer mail.Close()
	}
	for _, u := range users {
		if _, err := note.ExecContext(ctx, u.id, n.Kind, n.Title, n.Body, n.Link, tx.now); err != nil {
			return fmt.Errorf("notification for user %d: %w", u.id, err)
		}
		if mail != nil {
			if _, err := mail.ExecContext(ctx, u.email, n.Title, mailText(tx.db.BaseURL, u.name, n), tx.now); err != nil {
				return fmt.Errorf("mail for user %d: %w", u.id, err)
			}
		}
	}
	return nil
}

type recipient struct {
	id          int64
	email, name string
}

// activeUsers returns the users with these ids whose accounts are not disabled, by id.
// The ids go into the query in chunks, to stay far below either engine's limit on
// bind parameters when a consultation invites all of Germany.
func activeUsers(ctx context.Context, tx *Tx, ids []int64) ([]recipient, error) {
	ids = slices.Clone(ids)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	var out []recipient
	for chunk := range slices.Chunk(ids, 500) {
		marks := make([]string, len(chunk))
		args := make([]any, len(chunk))
		for i, id := range chunk {
			marks[i], args[i] = tx.db.Dialect.placeholder(i+1), id
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, email, name FROM users WHERE disabled_at IS NULL AND id IN (`+strings.Join(marks, ", ")+`) ORDER BY id`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var r recipient
			if err := rows.Scan(&r.id, &r.email, &r.name); err != nil {
				rows.Close()
				return nil, err
			}
			out = append(out, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// mailText is the body of a notice's mail: a greeting, the notice, the link and a
// footer that says why the mail came and where all notifications are.
func mailText(baseURL, name string, n Notice) string {
	base := strings.TrimRight(baseURL, "/")
	var b strings.Builder
	fmt.Fprintf(&b, "Guten Tag %s,\n\n", name)
	if n.Body != "" {
		b.WriteString(n.Body + "\n\n")
	} else {
		b.WriteString(n.Title + "\n\n")
	}
	if n.Link != "" {
		link := n.Link
		if strings.HasPrefix(link, "/") {
			link = base + link
		}
		fmt.Fprintf(&b, "Zur Ansicht in Teilhabe:\n%s\n\n", link)
	}
	// "-- " opens a signature (RFC 3676): mail programs leave it out of replies.
	b.WriteString("-- \nTeilhabe – Planung, Förderung und Monitoring kommunaler Integrationsarbeit\n")
	fmt.Fprintf(&b, "Diese Nachricht wurde automatisch versandt. Alle Ihre Benachrichtigungen: %s/notifications\n", base)
	return b.String()
}

// Notifications returns a user's newest notifications first, at most limit (1–200,
// default 50).
func (db *DB) Notifications(ctx context.Context, userID int64, limit int) ([]Notification, error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	rows, err := db.read.QueryContext(ctx, `SELECT id, user_id, kind, title, body, link, created_at, read_at
		FROM notifications WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`, userID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Notification
	for rows.Next() {
		var n Notification
		var read sql.NullTime
		if err := rows.Scan(&n.ID, &n.UserID, &n.Kind, &n.Title, &n.Body, &n.Link, &n.CreatedAt, &read); err != nil {
			return nil, err
		}
		n.CreatedAt = n.CreatedAt.UTC()
		if read.Valid {
			n.ReadAt = read.Time.UTC()
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// UnreadNotifications counts a user's unread notifications, for the badge in the
// page header.
func (db *DB) UnreadNotifications(ctx context.Context, userID int64) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL`, userID).Scan(&n)
	return n, err
}

// MarkNotificationsRead marks the given notifications of the user read and returns
// how many were unread. Ids of other users' notifications are ignored: nobody
// marks, or learns about, someone else's notifications.
func (db *DB) MarkNotificationsRead(ctx context.Context, userID int64, ids ...int64) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	var marked int
	err := db.Update(ctx, func(tx *Tx) error {
		for chunk := range slices.Chunk(ids, 500) {
			args := []any{userID, tx.now}
			marks := make([]string, len(chunk))
			for i, id := range chunk {
				marks[i] = fmt.Sprintf("$%d", i+3)
				args = append(args, id)
			}
			res, err := tx.ExecContext(ctx, `UPDATE notifications SET read_at = $2
				WHERE user_id = $1 AND read_at IS NULL AND id IN (`+strings.Join(marks, ", ")+`)`, args...)
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
func (db *DB) MarkAllNotificationsRead(ctx context.Context, userID, upTo int64) (int, error) {
	if upTo <= 0 {
		upTo = math.MaxInt64
	}
	var marked int
	err := db.Update(ctx, func(tx *Tx) error {
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

// Mail is one message of the outbox.
type Mail struct {
	ID        int64
	To        string
	Subject   string
	Body      string // plain text
	CreatedAt time.Time
	Attempts  int // attempts made before this one
}

// MaxMailAttempts is how often the worker tries to send a mail. After the last
// failure the mail stays in the outbox with its error, for an admin to see, and is
// not tried again.
const MaxMailAttempts = 10

// mailLease is how long a mail handed out by PendingMail is held for the worker that
// got it. A worker that dies while sending leaves it due again after this time.
const mailLease = 10 * time.Minute

// PendingMail claims up to limit mails that are due at now, oldest first: it holds
// them for mailLease, so that the worker of another instance sharing the database
// does not send them too. The caller reports each with MarkMailSent or
// MarkMailFailed.
func (db *DB) PendingMail(ctx context.Context, now time.Time, limit int) ([]Mail, error) {
	if limit <= 0 {
		limit = 50
	}
	now = now.UTC()
	var out []Mail
	err := db.Update(ctx, func(tx *Tx) error {
		// The outer condition is checked again on PostgreSQL when a concurrent claim
		// changed the row first, so a mail is only ever claimed once per lease.
		rows, err := tx.QueryContext(ctx, `UPDATE mail_outbox SET next_attempt_at = $3
			WHERE sent_at IS NULL AND attempts < $4 AND next_attempt_at <= $1 AND id IN (
				SELECT id FROM mail_outbox WHERE sent_at IS NULL AND attempts < $4 AND next_attempt_at <= $1
				ORDER BY next_attempt_at, id LIMIT $2)
			RETURNING id, to_address, subject, body, created_at, attempts`, now, limit, now.Add(mailLease), MaxMailAttempts)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var m Mail
			if err := rows.Scan(&m.ID, &m.To, &m.Subject, &m.Body, &m.CreatedAt, &m.Attempts); err != nil {
				return err
			}
			m.CreatedAt = m.CreatedAt.UTC()
			out = append(out, m)
		}
		return rows.Err()
	})
	slices.SortFunc(out, func(a, b Mail) int { return cmp.Compare(a.ID, b.ID) })
	return out, err
}

// MarkMailSent records that the SMTP server accepted the mail.
func (db *DB) MarkMailSent(ctx context.Context, id int64) error {
	return db.Update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE mail_outbox SET sent_at = $2, attempts = attempts + 1, last_error = '' WHERE id = $1 AND sent_at IS NULL`, id, tx.now)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errNotFound("Ungesendete E-Mail", id)
		}
		return nil
	})
}

// MarkMailFailed records a failed attempt with its error and when to try again. It
// reports true when that was the last attempt (MaxMailAttempts): the mail then stays
// in the outbox, unsent, with its error.
func (db *DB) MarkMailFailed(ctx context.Context, id int64, sendErr error, next time.Time) (gaveUp bool, err error) {
	msg := "unknown error"
	if sendErr != nil {
		msg = sendErr.Error()
	}
	if r := []rune(msg); len(r) > 1000 {
		msg = string(r[:1000])
	}
	err = db.Update(ctx, func(tx *Tx) error {
		var attempts int
		err := tx.QueryRowContext(ctx, `UPDATE mail_outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3
			WHERE id = $1 AND sent_at IS NULL RETURNING attempts`, id, msg, next.UTC()).Scan(&attempts)
		if errors.Is(err, sql.ErrNoRows) {
			return errNotFound("Ungesendete E-Mail", id)
		}
		gaveUp = attempts >= MaxMailAttempts
		return err
	})
	return gaveUp, err
}

// MailStatus is the outbox at a glance, for logs and admins.
type MailStatus struct {
	Pending int // not sent yet, still to be tried
	Failed  int // given up after MaxMailAttempts
	Sent    int
}

// MailOutboxStatus counts the outbox's mails by state.
func (db *DB) MailOutboxStatus(ctx context.Context) (MailStatus, error) {
	var s MailStatus
	err := db.read.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN sent_at IS NULL AND attempts < $1 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN sent_at IS NULL AND attempts >= $1 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN sent_at IS NOT NULL THEN 1 ELSE 0 END), 0)
		FROM mail_outbox`, MaxMailAttempts).Scan(&s.Pending, &s.Failed, &s.Sent)
	return s, err
}

// PurgeSentMail deletes mails sent before the given time and returns how many. A
// sent mail's copy is of no further use, and it holds names and addresses.
func (db *DB) PurgeSentMail(ctx context.Context, before time.Time) (int, error) {
	var n int64
	err := db.Update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM mail_outbox WHERE sent_at IS NOT NULL AND sent_at < $1`, before.UTC())
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		return nil
	})
	return int(n), err
}
