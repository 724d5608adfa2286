package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/i18n"
)

// Job is work the worker runs every JobsEvery, such as the reminders of
// consultations; it returns how many things it did, for the log.
type Job struct {
	Name string
	Run  func(ctx context.Context) (int, error)
}

// Sender delivers one message; *SMTP is the real one.
type Sender interface {
	Send(ctx context.Context, m *Message) error
}

// Worker sends the outbox and runs the notification jobs. Every instance of the
// server runs one: the store hands each mail and each job to one worker only.
type Worker struct {
	Outbox Outbox
	// Jobs run every JobsEvery: the capabilities' reminders and digests.
	Jobs []Job
	// Messages renders each mail in its recipient's language.
	Messages *i18n.Bundle
	// BaseURL is where users reach the web UI, e.g. "https://teilhabe.example.org":
	// links in mail point there. Empty leaves them as bare paths.
	BaseURL string
	// Sender delivers mail; nil when no SMTP server is configured, and then mail
	// waits in the outbox (in-app notifications and the jobs work all the same).
	Sender Sender
	// MailEvery is how often the outbox is sent; default 5 seconds.
	MailEvery time.Duration
	// JobsEvery is how often the jobs run; default 1 minute.
	JobsEvery time.Duration
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
	if w.Messages == nil {
		b, err := i18n.New()
		if err != nil {
			panic(err) // the embedded catalogues are checked by the tests
		}
		w.Messages = b
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

// RunJobs runs the jobs once and deletes old sent mail.
func (w *Worker) RunJobs(ctx context.Context) {
	w.defaults()
	for _, j := range w.Jobs {
		if n, err := j.Run(ctx); err != nil {
			w.logJobError(ctx, j.Name, err)
		} else if n > 0 {
			w.Log.InfoContext(ctx, "notification job done", "job", j.Name, "count", n)
		}
	}
	if n, err := w.Outbox.PurgeSentMail(ctx, w.Now().Add(-w.KeepSent)); err != nil {
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
	mails, err := w.Outbox.PendingMail(ctx, w.Now(), w.Batch)
	if err != nil {
		w.logJobError(ctx, "send mail", err)
		return 0
	}
	sent := 0
	var serverErr error
	for _, m := range mails {
		err := serverErr
		if err == nil {
			var msg *Message
			if msg, err = w.message(m); err == nil {
				err = w.Sender.Send(ctx, msg)
			}
		}
		if ctx.Err() != nil {
			return sent // shutting down: the claim expires and the mail is tried again
		}
		if err == nil {
			if err := w.Outbox.MarkMailSent(ctx, m.ID); err != nil {
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

// message turns an outbox row into a mail in its recipient's language. Its
// Message-ID comes from the row, so that a repeated attempt sends the same message.
func (w *Worker) message(m Mail) (*Message, error) {
	subject, body, err := mailText(w.Messages.For(m.Locale), w.BaseURL, m)
	if err != nil {
		return nil, err
	}
	return &Message{
		To:        m.To,
		Subject:   subject,
		Body:      body,
		Date:      m.CreatedAt,
		MessageID: fmt.Sprintf("teilhabe.%d.%d", m.ID, m.CreatedAt.UnixNano()),
	}, nil
}

func (w *Worker) failed(ctx context.Context, m Mail, sendErr error) {
	attempt := m.Attempts + 1
	next := w.Now().Add(Backoff(attempt))
	gaveUp, err := w.Outbox.MarkMailFailed(ctx, m.ID, sendErr, next)
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
// attempt, at most four hours. With MaxMailAttempts attempts a mail is tried
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
