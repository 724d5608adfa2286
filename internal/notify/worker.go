package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/store"
)

// Store is what the worker needs from storage; *store.DB implements it.
type Store interface {
	PendingMail(ctx context.Context, now time.Time, limit int) ([]store.Mail, error)
	MarkMailSent(ctx context.Context, id int64) error
	MarkMailFailed(ctx context.Context, id int64, sendErr error, next time.Time) (bool, error)
	PurgeSentMail(ctx context.Context, before time.Time) (int, error)
	RemindConsultations(ctx context.Context) (int, error)
	DigestContributions(ctx context.Context, every time.Duration) (int, error)
}

// Sender delivers one message; *SMTP is the real one.
type Sender interface {
	Send(ctx context.Context, m *Message) error
}

// Worker sends the outbox and runs the notification jobs. Every instance of the
// server runs one: the store hands each mail and each job to one worker only.
type Worker struct {
	Store Store
	// Sender delivers mail; nil when no SMTP server is configured, and then mail
	// waits in the outbox (in-app notifications and the jobs work all the same).
	Sender Sender
	// MailEvery is how often the outbox is sent; default 5 seconds.
	MailEvery time.Duration
	// JobsEvery is how often reminders and digests are looked for; default 1 minute.
	JobsEvery time.Duration
	// DigestEvery is the least time between two digests of one consultation; default 1 hour.
	DigestEvery time.Duration
	// KeepSent is how long a sent mail stays in the outbox; default 30 days.
	KeepSent time.Duration
	// Batch is how many mails one round sends at most; default 50.
	Batch int
	Now   func() time.Time // default time.Now
	Log   *slog.Logger     // default slog.Default()
}

func (w *Worker) defaults() {
	if w.MailEvery <= 0 {
		w.MailEvery = 5 * time.Second
	}
	if w.JobsEvery <= 0 {
		w.JobsEvery = time.Minute
	}
	if w.DigestEvery <= 0 {
		w.DigestEvery = time.Hour
	}
	if w.KeepSent <= 0 {
		w.KeepSent = 30 * 24 * time.Hour
	}
	if w.Batch <= 0 {
		w.Batch = 50
	}
	if w.Now == nil {
		w.Now = time.Now
	}
	if w.Log == nil {
		w.Log = slog.Default()
	}
}

// Run works until ctx ends. Failures are logged and tried again at the next tick:
// a database or mail server that is away for a while must not stop the worker.
func (w *Worker) Run(ctx context.Context) {
	w.defaults()
	if w.Sender == nil {
		w.Log.Info("no SMTP server configured (serve --smtp or TEILHABE_SMTP): e-mails stay in the outbox until one is")
	}
	mailTick := time.NewTicker(w.MailEvery)
	defer mailTick.Stop()
	jobTick := time.NewTicker(w.JobsEvery)
	defer jobTick.Stop()
	w.RunJobs(ctx)
	w.SendMail(ctx)
	for {
		select {
		case <-ctx.Done():
			return
		case <-mailTick.C:
			w.SendMail(ctx)
		case <-jobTick.C:
			w.RunJobs(ctx)
			w.SendMail(ctx) // what the jobs queued goes out now, not a tick later
		}
	}
}

// RunJobs runs the reminder and digest jobs once and deletes old sent mail.
func (w *Worker) RunJobs(ctx context.Context) {
	w.defaults()
	if n, err := w.Store.RemindConsultations(ctx); err != nil {
		w.logJobError(ctx, "consultation reminders", err)
	} else if n > 0 {
		w.Log.InfoContext(ctx, "consultation reminders sent", "consultations", n)
	}
	if n, err := w.Store.DigestContributions(ctx, w.DigestEvery); err != nil {
		w.logJobError(ctx, "contribution digests", err)
	} else if n > 0 {
		w.Log.InfoContext(ctx, "contribution digests sent", "consultations", n)
	}
	if n, err := w.Store.PurgeSentMail(ctx, w.Now().Add(-w.KeepSent)); err != nil {
		w.logJobError(ctx, "purge sent mail", err)
	} else if n > 0 {
		w.Log.InfoContext(ctx, "sent mail purged", "mails", n)
	}
}

func (w *Worker) logJobError(ctx context.Context, job string, err error) {
	if ctx.Err() == nil {
		w.Log.ErrorContext(ctx, "notification job failed", "job", job, "err", err)
	}
}

// SendMail sends one round of due mail: up to Batch mails, each marked sent or
// failed. A failure of the server rather than of one message ends the round, and
// the mails still in hand are marked failed with the same error instead of each
// waiting for its own timeout. It returns how many were sent.
func (w *Worker) SendMail(ctx context.Context) int {
	w.defaults()
	if w.Sender == nil {
		return 0
	}
	mails, err := w.Store.PendingMail(ctx, w.Now(), w.Batch)
	if err != nil {
		w.logJobError(ctx, "send mail", err)
		return 0
	}
	sent := 0
	var serverErr error
	for _, m := range mails {
		err := serverErr
		if err == nil {
			err = w.Sender.Send(ctx, w.message(m))
		}
		if ctx.Err() != nil {
			return sent // shutting down: the claim expires and the mail is tried again
		}
		if err == nil {
			if err := w.Store.MarkMailSent(ctx, m.ID); err != nil {
				w.Log.ErrorContext(ctx, "mail sent but not marked sent: it may go out again", "mail_id", m.ID, "err", err)
			}
			sent++
			continue
		}
		var se *ServerError
		if errors.As(err, &se) {
			serverErr = err
		}
		w.failed(ctx, m, err)
	}
	if sent > 0 {
		w.Log.InfoContext(ctx, "mail sent", "mails", sent)
	}
	return sent
}

// message turns an outbox row into a mail. Its Message-ID comes from the row, so
// that a repeated attempt sends the same message.
func (w *Worker) message(m store.Mail) *Message {
	return &Message{
		To:        m.To,
		Subject:   m.Subject,
		Body:      m.Body,
		Date:      m.CreatedAt,
		MessageID: fmt.Sprintf("teilhabe.%d.%d", m.ID, m.CreatedAt.UnixNano()),
	}
}

func (w *Worker) failed(ctx context.Context, m store.Mail, sendErr error) {
	attempt := m.Attempts + 1
	next := w.Now().Add(Backoff(attempt))
	gaveUp, err := w.Store.MarkMailFailed(ctx, m.ID, sendErr, next)
	switch {
	case err != nil:
		w.Log.ErrorContext(ctx, "mail failed and could not be marked failed", "mail_id", m.ID, "send_err", sendErr, "err", err)
	case gaveUp:
		w.Log.ErrorContext(ctx, "mail given up: it stays unsent in the outbox", "mail_id", m.ID, "to_domain", domainOf(m.To), "attempts", attempt, "err", sendErr)
	default:
		w.Log.WarnContext(ctx, "mail not sent, will try again", "mail_id", m.ID, "to_domain", domainOf(m.To), "attempt", attempt, "next_attempt", next, "err", sendErr)
	}
}

// Backoff is the wait after the n-th failed attempt: a minute, doubling with each
// attempt, at most four hours. With store.MaxMailAttempts attempts a mail is tried
// for about eight hours before the worker gives up.
func Backoff(n int) time.Duration {
	d := time.Minute
	for i := 1; i < n && d < 4*time.Hour; i++ {
		d *= 2
	}
	return min(d, 4*time.Hour)
}

// domainOf is what logs show of an address: the domain tells which mail server
// refused, the whole address is personal data the log does not need.
func domainOf(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		return addr[i+1:]
	}
	return ""
}
