package notify

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"net"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

func TestParseSMTP(t *testing.T) {
	cases := []struct {
		url                          string
		host, port, user, pass, from string
		name                         string
		mode                         TLSMode
	}{
		{url: "smtp://mail.kommune.example?from=teilhabe@kommune.example",
			host: "mail.kommune.example", port: "587", from: "teilhabe@kommune.example", name: "Teilhabe", mode: StartTLS},
		{url: "smtp://teilhabe%40kommune.example:p%C3%A4ss%2Fwort@mail.kommune.example:2525?from=Integration%20Stuttgart%20%3Cteilhabe@kommune.example%3E&tls=starttls",
			host: "mail.kommune.example", port: "2525", user: "teilhabe@kommune.example", pass: "päss/wort", from: "teilhabe@kommune.example", name: "Integration Stuttgart", mode: StartTLS},
		{url: "smtps://u:p@mail.example?from=a@example.org",
			host: "mail.example", port: "465", user: "u", pass: "p", from: "a@example.org", name: "Teilhabe", mode: ImplicitTLS},
		{url: "smtp://127.0.0.1:1025?from=a@example.org&tls=none",
			host: "127.0.0.1", port: "1025", from: "a@example.org", name: "Teilhabe", mode: NoTLS},
		{url: "smtp://relay:pw@localhost:2525?from=a@example.org&tls=none",
			host: "localhost", port: "2525", user: "relay", pass: "pw", from: "a@example.org", name: "Teilhabe", mode: NoTLS},
		{url: "smtp://localhost?from=a@example.org&tls=none",
			host: "localhost", port: "25", from: "a@example.org", name: "Teilhabe", mode: NoTLS},
	}
	for _, c := range cases {
		s, err := ParseSMTP(c.url)
		if err != nil {
			t.Errorf("%s: %v", c.url, err)
			continue
		}
		if s.Host != c.host || s.Port != c.port || s.Username != c.user || s.Password != c.pass ||
			s.From.Address != c.from || s.From.Name != c.name || s.TLS != c.mode {
			t.Errorf("%s: %+v", c.url, s)
		}
	}
	for _, bad := range []string{
		"",
		"http://mail.example?from=a@example.org",
		"smtp://?from=a@example.org",
		"smtp://mail.example",
		"smtp://mail.example?from=kein-absender",
		"smtp://mail.example?from=a@example.org&tls=maybe",
		"smtp://mail.example?from=a@example.org&form=typo",
		"smtp://u:p@mail.example?from=a@example.org&tls=none",
	} {
		if _, err := ParseSMTP(bad); teilhabe.ErrorCode(err) != teilhabe.EINVALID {
			t.Errorf("%q: %v, want an invalid-configuration error", bad, err)
		}
	}
	_, err := ParseSMTP("smtp://u:GEHEIM@mail.example?tls=maybe&from=a@example.org")
	if err == nil || strings.Contains(err.Error(), "GEHEIM") {
		t.Errorf("an error shows the password: %v", err)
	}
	s, _ := ParseSMTP("smtp://u:GEHEIM@mail.example?from=a@example.org")
	if str := s.String(); strings.Contains(str, "GEHEIM") || !strings.Contains(str, "mail.example:587") {
		t.Errorf("String() = %q", str)
	}
}

// fakeSMTP is a minimal SMTP server that records what the client did: enough to see
// that TLS comes before the password, which Mailpit in the test suite (plain text
// on loopback) cannot show.
type fakeSMTP struct {
	t           *testing.T
	ln          net.Listener
	cert        tls.Certificate
	startTLS    bool // offer STARTTLS on a plain connection
	implicitTLS bool // speak TLS from the first byte

	mu   sync.Mutex
	log  []string // commands, prefixed "tls " when they came over TLS
	data []string
}

func newFakeSMTP(t *testing.T, startTLS, implicitTLS bool) (*fakeSMTP, *x509.CertPool) {
	cert, pool := selfSigned(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeSMTP{t: t, ln: ln, cert: cert, startTLS: startTLS, implicitTLS: implicitTLS}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go f.serve(conn)
		}
	}()
	return f, pool
}

func (f *fakeSMTP) port() string {
	_, port, _ := net.SplitHostPort(f.ln.Addr().String())
	return port
}

func (f *fakeSMTP) record(secure bool, line string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if secure {
		line = "tls " + line
	}
	f.log = append(f.log, line)
}

func (f *fakeSMTP) commands() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return strings.Join(f.log, "\n")
}

func (f *fakeSMTP) serve(conn net.Conn) {
	defer conn.Close()
	conf := &tls.Config{Certificates: []tls.Certificate{f.cert}}
	secure := f.implicitTLS
	if secure {
		conn = tls.Server(conn, conf)
	}
	tp := textproto.NewConn(conn)
	reply := func(lines ...string) {
		for _, l := range lines {
			_ = tp.PrintfLine("%s", l)
		}
	}
	reply("220 fake ESMTP")
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb := strings.ToUpper(strings.Fields(line + " x")[0])
		f.record(secure, verb)
		switch verb {
		case "EHLO":
			ext := []string{"250-fake"}
			if f.startTLS && !secure {
				ext = append(ext, "250-STARTTLS")
			}
			if secure {
				ext = append(ext, "250-AUTH PLAIN") // a login only over TLS, as real servers do
			}
			reply(append(ext, "250 8BITMIME")...)
		case "STARTTLS":
			reply("220 go ahead")
			conn = tls.Server(conn, conf)
			tp = textproto.NewConn(conn)
			secure = true
		case "AUTH":
			reply("235 ok")
		case "MAIL", "RCPT":
			reply("250 ok")
		case "DATA":
			reply("354 go ahead")
			b, err := tp.ReadDotBytes()
			if err != nil {
				return
			}
			f.mu.Lock()
			f.data = append(f.data, string(b))
			f.mu.Unlock()
			reply("250 queued")
		case "QUIT":
			reply("221 bye")
			return
		default:
			reply("502 not implemented")
		}
	}
}

// selfSigned makes a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "fake smtp"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}

func sendTo(t *testing.T, f *fakeSMTP, pool *x509.CertPool, mode TLSMode) error {
	t.Helper()
	s, err := ParseSMTP("smtp://user:secret@127.0.0.1:" + f.port() + "?from=teilhabe@land.example&tls=" + string(mode))
	if err != nil {
		t.Fatal(err)
	}
	s.TLSConfig = &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}
	s.Timeout = 5 * time.Second
	return s.Send(context.Background(), &Message{To: "a@example.de", Subject: "Grüße", Body: "Hallo"})
}

func TestSMTPLogsInOnlyAfterStartTLS(t *testing.T) {
	f, pool := newFakeSMTP(t, true, false)
	if err := sendTo(t, f, pool, StartTLS); err != nil {
		t.Fatal(err)
	}
	want := "EHLO\nSTARTTLS\ntls EHLO\ntls AUTH\ntls MAIL\ntls RCPT\ntls DATA\ntls QUIT"
	if got := f.commands(); got != want {
		t.Errorf("conversation:\n%s\nwant:\n%s", got, want)
	}
	if len(f.data) != 1 || !strings.Contains(f.data[0], "Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=") {
		t.Errorf("message: %q", f.data)
	}
}

func TestSMTPRefusesAServerWithoutStartTLS(t *testing.T) {
	f, pool := newFakeSMTP(t, false, false)
	err := sendTo(t, f, pool, StartTLS)
	var se *ServerError
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "STARTTLS") {
		t.Fatalf("err = %v, want a server error about STARTTLS", err)
	}
	if got := f.commands(); strings.Contains(got, "AUTH") || strings.Contains(got, "MAIL") {
		t.Errorf("the client went on without TLS:\n%s", got)
	}
}

func TestSMTPImplicitTLS(t *testing.T) {
	f, pool := newFakeSMTP(t, false, true)
	if err := sendTo(t, f, pool, ImplicitTLS); err != nil {
		t.Fatal(err)
	}
	if got := f.commands(); !strings.HasPrefix(got, "tls EHLO\ntls AUTH\ntls MAIL") {
		t.Errorf("conversation:\n%s", got)
	}
}

func TestSMTPUnreachableServerIsAServerError(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nobody listens there now
	s, _ := ParseSMTP("smtp://" + addr + "?from=a@example.org&tls=none")
	err = s.Send(context.Background(), &Message{To: "b@example.org", Subject: "x", Body: "y"})
	var se *ServerError
	if !errors.As(err, &se) {
		t.Fatalf("err = %v, want a server error", err)
	}
	// A message that cannot be built is the message's fault, not the server's.
	err = s.Send(context.Background(), &Message{To: "kein Empfänger", Subject: "x", Body: "y"})
	if err == nil || errors.As(err, &se) {
		t.Fatalf("bad recipient: %v", err)
	}
}
