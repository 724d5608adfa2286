package notify

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/smtp"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// TLSMode is how the connection to the SMTP server is protected.
type TLSMode string

const (
	// StartTLS connects in plain text and switches to TLS before anything else
	// (submission, port 587). The default: a server that does not offer it is refused.
	StartTLS TLSMode = "starttls"
	// ImplicitTLS speaks TLS from the first byte ("SMTPS", port 465).
	ImplicitTLS TLSMode = "tls"
	// NoTLS sends in plain text: only for a relay on the same machine or a test
	// server such as Mailpit. net/smtp still refuses to send a password in plain
	// text to any host but localhost.
	NoTLS TLSMode = "none"
)

// SMTP sends mail through one SMTP server. ParseSMTP builds it from the URL in
// TEILHABE_SMTP (or serve --smtp):
//
//	smtp://USER:PASSWORD@HOST:PORT?from=ADDRESS&tls=starttls|tls|none&helo=NAME
//	smtps://USER:PASSWORD@HOST:PORT?from=ADDRESS    (the same as tls=tls)
//
// The parts:
//   - USER and PASSWORD are optional (no AUTH without them) and URL-encoded: an @ in
//     the user name is %40. The password goes only over TLS (or to localhost).
//   - PORT defaults to 587 for starttls, 465 for tls and 25 for none.
//   - from is required: the sender address, optionally with a name,
//     "Teilhabe <teilhabe@kommune.example>" (URL-encoded); without a name the mail
//     comes from "Teilhabe".
//   - tls defaults to starttls (smtps://: tls). The server's certificate is verified.
//   - helo is the name the client greets the server with; default: this machine's
//     host name.
//
// Example: smtp://teilhabe%40kommune.example:GEHEIM@mail.kommune.example:587?from=teilhabe%40kommune.example
type SMTP struct {
	Host     string
	Port     string
	Username string
	Password string
	From     mail.Address
	TLS      TLSMode
	Helo     string
	// Timeout bounds one mail from connecting to QUIT; default 30 seconds.
	Timeout time.Duration
	// TLSConfig replaces the default TLS settings (the system's roots, server name
	// Host); for tests with a server of their own.
	TLSConfig *tls.Config
}

// ParseSMTP reads an SMTP URL (see SMTP).
func ParseSMTP(raw string) (*SMTP, error) {
	// fail names the URL (without its password) and what is wrong with it.
	fail := func(problem string, args ...any) error {
		return teilhabe.E(teilhabe.EINVALID, "smtp.error.url", "URL", redact(raw), "Problem", teilhabe.M(problem, args...))
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fail("smtp.error.unreadable", "Detail", err.Error())
	}
	s := &SMTP{Host: u.Hostname(), Port: u.Port(), TLS: StartTLS}
	switch u.Scheme {
	case "smtp":
	case "smtps":
		s.TLS = ImplicitTLS
	default:
		return nil, fail("smtp.error.scheme")
	}
	if s.Host == "" {
		return nil, fail("smtp.error.host")
	}
	if u.User != nil {
		s.Username = u.User.Username()
		s.Password, _ = u.User.Password()
	}
	q := u.Query()
	for key := range q {
		switch key {
		case "from", "tls", "helo":
		default:
			return nil, fail("smtp.error.parameter", "Key", key)
		}
	}
	if t := q.Get("tls"); t != "" {
		switch TLSMode(t) {
		case StartTLS, ImplicitTLS, NoTLS:
			s.TLS = TLSMode(t)
		default:
			return nil, fail("smtp.error.tls", "Value", t)
		}
	}
	if s.TLS == NoTLS && s.Username != "" && !isLoopback(s.Host) {
		return nil, fail("smtp.error.plaintext")
	}
	if q.Get("from") == "" {
		return nil, fail("smtp.error.from_missing")
	}
	from, err := mail.ParseAddress(q.Get("from"))
	if err != nil {
		return nil, fail("smtp.error.from", "Value", q.Get("from"))
	}
	if from.Name == "" {
		from.Name = "Teilhabe"
	}
	s.From = *from
	s.Helo = q.Get("helo")
	if s.Port == "" {
		s.Port = map[TLSMode]string{StartTLS: "587", ImplicitTLS: "465", NoTLS: "25"}[s.TLS]
	}
	return s, nil
}

// isLoopback reports whether host is this machine, the only place tls=none may send
// a password to (as net/smtp also insists).
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// String describes the server for logs, without the password.
func (s *SMTP) String() string {
	user := ""
	if s.Username != "" {
		user = url.User(s.Username).String() + "@"
	}
	return fmt.Sprintf("smtp://%s%s (tls=%s, from=%s)", user, net.JoinHostPort(s.Host, s.Port), s.TLS, s.From.Address)
}

// redact hides the password of an SMTP URL for messages.
func redact(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.User == nil {
		return raw
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// ServerError is a failure of the server or the connection rather than of one
// message: unreachable, no TLS, login refused. Every other mail would fail the same
// way just now, so the worker ends its round.
type ServerError struct{ Err error }

func (e *ServerError) Error() string { return "SMTP server: " + e.Err.Error() }
func (e *ServerError) Unwrap() error { return e.Err }

// Send delivers one message over a connection of its own. Without m.From the
// configured sender is used.
func (s *SMTP) Send(ctx context.Context, m *Message) error {
	if m.From.Address == "" {
		m.From = s.From
	}
	data, err := m.Bytes()
	if err != nil {
		return err
	}
	c, err := s.connect(ctx)
	if err != nil {
		return &ServerError{Err: err}
	}
	defer c.Close()
	// Shutting down must not wait for a slow server.
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	if err := c.Mail(m.From.Address); err != nil {
		return fmt.Errorf("MAIL FROM: %w", err)
	}
	if err := c.Rcpt(m.To); err != nil {
		return fmt.Errorf("RCPT TO: %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("DATA: %w", err)
	}
	if _, err := w.Write(data); err != nil {
		return fmt.Errorf("DATA: %w", err)
	}
	if err := w.Close(); err != nil { // the server's answer to the message
		return fmt.Errorf("DATA: %w", err)
	}
	// The server has taken the message; a failing QUIT does not change that.
	_ = c.Quit()
	return nil
}

// connect dials, greets, secures and logs in.
func (s *SMTP) connect(ctx context.Context) (*smtp.Client, error) {
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	addr := net.JoinHostPort(s.Host, s.Port)
	dialer := &net.Dialer{Timeout: timeout}
	var conn net.Conn
	var err error
	if s.TLS == ImplicitTLS {
		conn, err = (&tls.Dialer{NetDialer: dialer, Config: s.tlsConfig()}).DialContext(ctx, "tcp", addr)
	} else {
		conn, err = dialer.DialContext(ctx, "tcp", addr)
	}
	if err != nil {
		return nil, err
	}
	// One deadline for the whole conversation, and none longer than the caller's.
	deadline := time.Now().Add(timeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	_ = conn.SetDeadline(deadline)
	c, err := smtp.NewClient(conn, s.Host)
	if err != nil {
		conn.Close()
		return nil, err
	}
	if err := c.Hello(s.helo()); err != nil {
		c.Close()
		return nil, err
	}
	if s.TLS == StartTLS {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			c.Close()
			return nil, errors.New("the server does not offer STARTTLS; use tls=tls for a server that speaks TLS from the start, or tls=none for a relay on this machine")
		}
		if err := c.StartTLS(s.tlsConfig()); err != nil {
			c.Close()
			return nil, fmt.Errorf("STARTTLS: %w", err)
		}
	}
	if s.Username != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			c.Close()
			return nil, errors.New("the server offers no login (AUTH), but a user name is configured")
		}
		if err := c.Auth(smtp.PlainAuth("", s.Username, s.Password, s.Host)); err != nil {
			c.Close()
			return nil, fmt.Errorf("AUTH: %w", err)
		}
	}
	return c, nil
}

func (s *SMTP) tlsConfig() *tls.Config {
	if s.TLSConfig != nil {
		return s.TLSConfig
	}
	return &tls.Config{ServerName: s.Host, MinVersion: tls.VersionTLS12}
}

func (s *SMTP) helo() string {
	if s.Helo != "" {
		return s.Helo
	}
	if h, err := os.Hostname(); err == nil && h != "" {
		return h
	}
	return "localhost"
}
