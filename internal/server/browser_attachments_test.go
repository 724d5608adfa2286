package server_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/teilhabe/teilhabe/internal/browsertest"
	"github.com/teilhabe/teilhabe/internal/demo"
)

// TestBrowserAttachments: in Chromium, at 1280 px and at 375 px, a provider uploads
// a PDF to a new draft from its page, is refused a PNG named .pdf with the reason
// at the field, and sees the Anlagen in English too. axe-core checks every page,
// and no page is wider than the screen.
func TestBrowserAttachments(t *testing.T) {
	a := newApp(t)
	b := browsertest.New(t)
	check := pageCheck()
	call := callOf(t, a.db, programmeID(t, a.db, "Sprachkurse im Alltag – Deutsch für Eltern und Neuzugewanderte"))
	dir := t.TempDir()
	good, bad := filepath.Join(dir, "Satzung des Trägervereins (Fassung vom 12. März 2025).pdf"), filepath.Join(dir, "Foto.pdf")
	if err := os.WriteFile(good, testPDF("Satzung"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, width := range []int64{1280, 375} {
		narrow := func(t *testing.T, p *browsertest.Page, name string) {
			t.Helper()
			check(t, p, name)
			if w := browsertest.Get(t, p, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, innerWidth]`)); w[0] > w[1] {
				t.Errorf("%s at %d px: the page is %d px wide", name, width, w[0])
			}
		}
		p := b.NewPage(t, browsertest.EnforceCSP(), browsertest.Isolated())
		p.Run(t, chromedp.EmulateViewport(width, 900))
		p.Go(t, a.srv.URL+"/language?lang=de&next=/")
		p.Go(t, a.srv.URL+"/login?next=/applications/new?call="+call)
		p.Fill(t, "#email", "provider_staff@"+demo.EmailDomain)
		p.Fill(t, "#password", demo.Password)
		p.Click(t, "form[action='/login'] button[type=submit]")
		p.WaitText(t, "h1", "Neuer Antrag")
		p.Fill(t, "#title", "Antrag mit Satzung "+map[int64]string{1280: "(breit)", 375: "(schmal)"}[width])
		p.Click(t, "form.wide-form button[type=submit]")
		p.WaitText(t, ".kern-alert--success", "Der Antrag ist gespeichert")
		p.WaitText(t, "#anlagen", "Noch keine Anlagen.")

		p.Run(t, chromedp.SetUploadFiles("#file", []string{good}))
		p.Click(t, "form.attachment-upload button[type=submit]")
		p.WaitText(t, ".kern-alert--success", "Die Anlage ist gespeichert")
		txt := p.WaitText(t, "#anlagen", "Satzung des Trägervereins")
		if !strings.Contains(txt, "allgemeine Anlage") || !strings.Contains(txt, "Entfernen") {
			t.Errorf("Anlagen: %s", txt)
		}
		narrow(t, p, "Antrag mit Anlage")

		p.Run(t, chromedp.SetUploadFiles("#file", []string{bad}))
		p.Click(t, "form.attachment-upload button[type=submit]")
		p.WaitText(t, ".error-summary", "Die Datei wurde nicht gespeichert")
		p.WaitText(t, "#file-error", "kein PDF")
		narrow(t, p, "Anlage abgelehnt")

		// The refused upload's page switches language to the application's page.
		p.Click(t, `a[href^="/language?lang=en"]`)
		p.WaitText(t, "#anlagen", "general attachment")
		narrow(t, p, "Attachments in English")
	}
}
