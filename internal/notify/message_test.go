package notify

import (
	"bufio"
	"bytes"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"testing"
	"time"
)

func build(t *testing.T, m Message) []byte {
	t.Helper()
	raw, err := m.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestMessageKeepsGermanTextIntact(t *testing.T) {
	subject := "Erinnerung: Beteiligung „Integration vor Ort – Förderung der Teilhabe in Städten und Gemeinden“ endet am 06.05.2026 12:00 Uhr"
	body := "Guten Tag Şule Öztürk,\n\nÄnderungen an „Förderprogramm Süd“ sind da. Diese Zeile ist absichtlich sehr lang, damit quoted-printable sie umbrechen muss, ohne dass ein Wort verloren geht.\n.\nEine Zeile mit nur einem Punkt.\n-- \nTeilhabe\n"
	raw := build(t, Message{
		From:      mail.Address{Name: "Teilhabe – Land BW", Address: "teilhabe@land.example"},
		To:        "sule@stuttgart.example",
		Subject:   subject,
		Body:      body,
		Date:      time.Date(2026, 5, 4, 10, 0, 0, 0, time.FixedZone("CEST", 2*3600)),
		MessageID: "teilhabe.42.1",
	})
	for i, line := range strings.Split(strings.TrimSuffix(string(raw), "\r\n"), "\r\n") {
		if len(line) > 78 {
			t.Errorf("line %d has %d characters: %q", i+1, len(line), line)
		}
		if strings.ContainsAny(line, "\r\n") {
			t.Errorf("line %d has a bare line break: %q", i+1, line)
		}
		for _, r := range line {
			if r > 127 {
				t.Fatalf("line %d is not 7-bit: %q", i+1, line)
			}
		}
	}

	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	dec := new(mime.WordDecoder)
	if got, err := dec.DecodeHeader(msg.Header.Get("Subject")); err != nil || got != subject {
		t.Errorf("subject = %q, %v", got, err)
	}
	from, err := msg.Header.AddressList("From")
	if err != nil || len(from) != 1 || from[0].Name != "Teilhabe – Land BW" || from[0].Address != "teilhabe@land.example" {
		t.Errorf("from = %v, %v", from, err)
	}
	if to, err := msg.Header.AddressList("To"); err != nil || len(to) != 1 || to[0].Address != "sule@stuttgart.example" {
		t.Errorf("to = %v, %v", to, err)
	}
	if d, err := msg.Header.Date(); err != nil || !d.Equal(time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("date = %v, %v", d, err)
	}
	for name, want := range map[string]string{
		"Message-ID":                "<teilhabe.42.1@land.example>",
		"MIME-Version":              "1.0",
		"Content-Type":              "text/plain; charset=utf-8",
		"Content-Transfer-Encoding": "quoted-printable",
		"Auto-Submitted":            "auto-generated",
	} {
		if got := msg.Header.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	text, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.ReplaceAll(string(text), "\r\n", "\n"); got != body {
		t.Errorf("body:\n%q\nwant:\n%q", got, body)
	}
}

func TestMessageHeadersCannotBeInjected(t *testing.T) {
	raw := build(t, Message{
		From:    mail.Address{Address: "teilhabe@land.example"},
		To:      "a@example.de",
		Subject: "Hallo\r\nBcc: victim@example.org\r\n\r\nfalscher Text",
		Body:    "Text",
	})
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if msg.Header.Get("Bcc") != "" {
		t.Errorf("the subject opened a Bcc header:\n%s", raw)
	}
	if got := msg.Header.Get("Subject"); got != "Hallo Bcc: victim@example.org falscher Text" {
		t.Errorf("subject = %q", got)
	}
	for _, to := range []string{"a@example.de\r\nBcc: victim@example.org", "kein Name", ""} {
		m := Message{From: mail.Address{Address: "teilhabe@land.example"}, To: to, Subject: "x", Body: "y"}
		if _, err := m.Bytes(); err == nil {
			t.Errorf("recipient %q was accepted", to)
		}
	}
}

func TestMessageWithoutIDGetsAUniqueOne(t *testing.T) {
	id := func() string {
		raw := build(t, Message{From: mail.Address{Address: "t@land.example"}, To: "a@example.de", Subject: "x", Body: "y"})
		msg, err := mail.ReadMessage(bufio.NewReader(bytes.NewReader(raw)))
		if err != nil {
			t.Fatal(err)
		}
		return msg.Header.Get("Message-ID")
	}
	a, b := id(), id()
	if a == b || !strings.HasSuffix(a, "@land.example>") || !strings.HasPrefix(a, "<") {
		t.Errorf("message ids %q and %q", a, b)
	}
}

func TestFoldKeepsTheHeaderValue(t *testing.T) {
	long := "Subject: " + mime.QEncoding.Encode("utf-8", strings.Repeat("Förderung ", 30))
	folded := fold(long)
	for _, line := range strings.Split(folded, "\r\n") {
		if len(line) > 78 {
			t.Errorf("folded line of %d characters: %q", len(line), line)
		}
	}
	if strings.ReplaceAll(folded, "\r\n", "") != long {
		t.Error("unfolding does not give back the header")
	}
}
