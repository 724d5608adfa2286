package applications_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/teilhabe/teilhabe/internal/applications"
)

// pdf is a small but well-formed PDF with one page saying text.
func pdf(text string) []byte {
	return []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n" +
		"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n" +
		"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>\nendobj\n" +
		"4 0 obj\n<< /Length " + itoa(len(text)+20) + " >>\nstream\nBT /F1 12 Tf (" + text + ") Tj ET\nendstream\nendobj\n" +
		"trailer\n<< /Root 1 0 R >>\n%%EOF\n")
}

func itoa(n int) string {
	var b []byte
	for n > 0 || len(b) == 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

func TestCheckPDFByContent(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")
	big := append(pdf("x"), bytes.Repeat([]byte(" "), applications.MaxAttachmentSize)...)
	for _, tc := range []struct {
		name    string
		content []byte
		code    string // "" for a PDF that is taken
	}{
		{"a PDF", pdf("Satzung des Vereins"), ""},
		{"a PDF with bytes before its header and after its end", append(append([]byte("\xef\xbb\xbfjunk\n"), pdf("x")...), "\r\n\r\n"...), ""},
		{"a PDF of exactly the limit", append(pdf("x")[:len(pdf("x"))-6], append(bytes.Repeat([]byte(" "), applications.MaxAttachmentSize-len(pdf("x"))), "%%EOF\n"...)...), ""},
		{"a PNG named .pdf", png, "not_pdf"},
		{"empty", nil, "empty"},
		{"HTML", []byte("<!doctype html><html><body><script>alert(1)</script></body></html>"), "not_pdf"},
		{"HTML that mentions %PDF- but has no end", []byte("<html>%PDF-1.4 <script>alert(1)</script></html>"), "not_pdf"},
		{"a truncated PDF", pdf("x")[:200], "not_pdf"},
		{"a header without version", []byte("%PDF-x\n%%EOF"), "not_pdf"},
		{"too large", big, "too_large"},
	} {
		f := applications.CheckPDF(tc.content)
		switch {
		case tc.code == "" && f != nil:
			t.Errorf("%s: refused with %s", tc.name, f.Code)
		case tc.code != "" && (f == nil || f.Code != tc.code || f.Field != "file"):
			t.Errorf("%s: %+v; want file %s", tc.name, f, tc.code)
		}
	}
	if len(append(pdf("x")[:len(pdf("x"))-6], append(bytes.Repeat([]byte(" "), applications.MaxAttachmentSize-len(pdf("x"))), "%%EOF\n"...)...)) != applications.MaxAttachmentSize {
		t.Fatal("the limit case is not at the limit")
	}
}

func TestCleanAttachmentName(t *testing.T) {
	for in, want := range map[string]string{
		"Satzung.pdf":                       "Satzung.pdf",
		"Satzung.PDF":                       "Satzung.pdf",
		`C:\Users\anna\Finanzplan 2026.pdf`: "Finanzplan 2026.pdf",
		"../../etc/passwd":                  "passwd.pdf",
		"Brief\r\nSet-Cookie: x.pdf":        "Brief Set-Cookie: x.pdf",
		"\u202eFDP.exe":                     "FDP.exe.pdf",
		`Zeugnis "neu".pdf`:                 "Zeugnis neu.pdf",
		"   ":                               "Anlage.pdf",
		".pdf":                              "Anlage.pdf",
		"Übersicht   der  Träger.pdf":       "Übersicht der Träger.pdf",
		strings.Repeat("ä", 300) + ".pdf":   strings.Repeat("ä", 116) + ".pdf",
		"Bescheid.pdf.":                     "Bescheid.pdf",
		"bild.png":                          "bild.png.pdf",
		"\xff\xfeName.pdf":                  "Name.pdf",
	} {
		if got := applications.CleanAttachmentName(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}
