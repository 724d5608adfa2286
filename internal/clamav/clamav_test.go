package clamav_test

import (
	"bytes"
	"context"
	"net"
	"strings"
	"testing"

	"github.com/teilhabe/teilhabe/internal/clamav"
	"github.com/teilhabe/teilhabe/internal/testenv"
)

// eicar is the EICAR anti-virus test file: harmless, and reported by every scanner.
const eicar = `X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*`

func TestScanWithClamd(t *testing.T) {
	c, err := clamav.New(testenv.Clamd(t))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	clean := "%PDF-1.4\n" + strings.Repeat("Kursplan für Eltern\n", 200_000) + "%%EOF\n" // ~4 MB: many chunks
	for _, tc := range []struct {
		name     string
		content  string
		infected bool
	}{
		{"the EICAR file", eicar, true},
		{"EICAR inside a PDF", "%PDF-1.4\n1 0 obj\n(" + eicar + ")\nendobj\n%%EOF\n", true},
		{"a clean PDF of several MB", clean, false},
		{"nothing", "", false},
	} {
		infected, sig, err := c.Scan(ctx, strings.NewReader(tc.content))
		if err != nil || infected != tc.infected || (infected && sig == "") {
			t.Errorf("%s: infected %v (%q), %v; want %v", tc.name, infected, sig, err, tc.infected)
		}
	}
}

func TestScanFailsClosed(t *testing.T) {
	// Nothing listens here any more: the scan is an error, never "clean".
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	c, _ := clamav.New("tcp:" + addr)
	if infected, _, err := c.Scan(context.Background(), strings.NewReader(eicar)); err == nil || infected {
		t.Fatalf("unreachable clamd: infected %v, err %v", infected, err)
	}

	// A daemon that answers something else, or refuses the stream, is an error too.
	for _, reply := range []string{"INSTREAM size limit exceeded. ERROR", "stream: lstat() failed. ERROR", "PONG"} {
		addr := fakeClamd(t, reply)
		c, _ := clamav.New(addr)
		infected, _, err := c.Scan(context.Background(), bytes.NewReader([]byte("%PDF-1.4\n%%EOF")))
		if err == nil || infected {
			t.Errorf("reply %q: infected %v, err %v", reply, infected, err)
		}
	}
}

func TestScanSpeaksInstream(t *testing.T) {
	got := make(chan []byte, 1)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		var buf bytes.Buffer
		b := make([]byte, 4096)
		for !bytes.HasSuffix(buf.Bytes(), []byte{0, 0, 0, 0}) {
			n, err := conn.Read(b)
			buf.Write(b[:n])
			if err != nil {
				break
			}
		}
		got <- buf.Bytes()
		_, _ = conn.Write([]byte("stream: Teilhabe.Test FOUND\x00"))
	}()
	c, _ := clamav.New(ln.Addr().String())
	infected, sig, err := c.Scan(context.Background(), strings.NewReader("abc"))
	if err != nil || !infected || sig != "Teilhabe.Test" {
		t.Fatalf("infected %v, %q, %v", infected, sig, err)
	}
	want := []byte("zINSTREAM\x00\x00\x00\x00\x03abc\x00\x00\x00\x00")
	if b := <-got; !bytes.Equal(b, want) {
		t.Fatalf("sent %q, want %q", b, want)
	}
}

// fakeClamd answers every connection with reply once it has read the stream.
func fakeClamd(t *testing.T, reply string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			b := make([]byte, 4096)
			var seen []byte
			for !bytes.HasSuffix(seen, []byte{0, 0, 0, 0}) {
				n, err := conn.Read(b)
				seen = append(seen, b[:n]...)
				if err != nil {
					break
				}
			}
			_, _ = conn.Write([]byte(reply + "\x00"))
			conn.Close()
		}
	}()
	return "tcp:" + ln.Addr().String()
}

func TestAddresses(t *testing.T) {
	for addr, want := range map[string]string{
		"tcp:127.0.0.1:3310":         "tcp:127.0.0.1:3310",
		"localhost:3310":             "tcp:localhost:3310",
		"unix:/run/clamav/clamd.ctl": "unix:/run/clamav/clamd.ctl",
		"/run/clamav/clamd.ctl":      "unix:/run/clamav/clamd.ctl",
		" tcp:[::1]:3310 ":           "tcp:[::1]:3310",
	} {
		c, err := clamav.New(addr)
		if err != nil || c.String() != want {
			t.Errorf("%q: %v, %v; want %s", addr, c, err, want)
		}
	}
	for _, bad := range []string{"", "unix:", "tcp:localhost", "clamd"} {
		if _, err := clamav.New(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
