// Package notify delivers the mail that the store queues in its outbox: an SMTP
// sender configured from a URL (TEILHABE_SMTP), the building of plain-text RFC 5322
// messages, and the worker that sends the outbox and runs the notification jobs
// (consultation reminders and the funders' digests).
//
// Only the standard library is used: net/smtp speaks the protocol, mime and
// mime/quotedprintable encode German text.
package notify

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"time"
)

// Message is a plain-text mail to one recipient.
type Message struct {
	From    mail.Address
	To      string // the recipient's address, without a name
	Subject string
	Body    string // plain text; any line ending
	Date    time.Time
	// MessageID is the unique left part of the Message-ID header (the From address's
	// domain is added). The worker derives it from the outbox row, so that a mail
	// sent twice after a lost answer from the server keeps its id and a mail
	// program can drop the copy. Empty: a random one.
	MessageID string
}

// Bytes builds the message as it goes over the wire: RFC 5322 headers with the
// subject and sender name in MIME encoded-words (RFC 2047), and the body as UTF-8
// text in quoted-printable, so that umlauts survive any relay and no line is too long.
func (m *Message) Bytes() ([]byte, error) {
	from, err := mail.ParseAddress(m.From.Address)
	if err != nil {
		return nil, fmt.Errorf("notify: sender address %q: %w", m.From.Address, err)
	}
	from.Name = m.From.Name
	to, err := mail.ParseAddress(m.To)
	if err != nil {
		return nil, fmt.Errorf("notify: recipient address %q: %w", m.To, err)
	}
	to.Name = ""
	date := m.Date
	if date.IsZero() {
		date = time.Now()
	}
	id := m.MessageID
	if id == "" {
		b := make([]byte, 16)
		_, _ = rand.Read(b)
		id = hex.EncodeToString(b)
	}
	if strings.ContainsAny(id, "<>@ \r\n") {
		return nil, errors.New("notify: a Message-ID part must not contain <, >, @ or white space")
	}
	domain := from.Address[strings.LastIndexByte(from.Address, '@')+1:]
	// A line break in the subject would end the header early and start another one.
	subject := strings.Join(strings.Fields(m.Subject), " ")

	var b bytes.Buffer
	header := func(name, value string) { b.WriteString(fold(name+": "+value) + "\r\n") }
	header("Date", date.Format(time.RFC1123Z))
	header("From", from.String())
	header("To", to.String())
	header("Subject", mime.QEncoding.Encode("utf-8", subject))
	header("Message-ID", "<"+id+"@"+domain+">")
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	// Tell mail servers and programs that a machine wrote this (RFC 3834), so that
	// absence notices do not answer it; Exchange, common in administrations, reads
	// its own header for the same.
	header("Auto-Submitted", "auto-generated")
	header("X-Auto-Response-Suppress", "All")
	b.WriteString("\r\n")

	body := strings.ReplaceAll(m.Body, "\r\n", "\n")
	if !strings.HasSuffix(body, "\n") {
		body += "\n"
	}
	qp := quotedprintable.NewWriter(&b) // writes line breaks as CRLF
	if _, err := qp.Write([]byte(body)); err != nil {
		return nil, err
	}
	if err := qp.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// fold breaks a header line at spaces so that its lines stay within the 78
// characters RFC 5322 recommends. Encoded-words never contain spaces, so a long
// subject folds between them, and the reader's unfolding gives back the same text.
func fold(line string) string {
	const limit = 78
	if len(line) <= limit {
		return line
	}
	var b strings.Builder
	n := 0 // length of the current line
	for i, w := range strings.Split(line, " ") {
		if i > 0 {
			if n+1+len(w) > limit {
				b.WriteString("\r\n")
				n = 0
			}
			b.WriteByte(' ') // the folding white space, or the space between words
			n++
		}
		b.WriteString(w)
		n += len(w)
	}
	return b.String()
}
