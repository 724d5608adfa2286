package browsertest

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowser shares one Chromium between subtests, each in its own tab: the
// pattern for the project's end-to-end tests. (Subtests may also run with
// t.Parallel, but on two cores that is no faster.)
func TestBrowser(t *testing.T) {
	srv := newTestServer(t)
	b := New(t)

	t.Run("login form navigates to the next page", func(t *testing.T) {
		p := b.NewPage(t)
		if status := p.Go(t, srv.URL+"/"); status != 200 {
			t.Fatalf("status %d", status)
		}
		p.CheckAccessibility(t, "Anmeldung")
		p.Fill(t, "#name", "zuerst etwas anderes")
		p.Fill(t, "#name", "Ada Lovelace")
		p.Fill(t, "#kreis", "08111")
		p.Fill(t, "#termin", "2026-03-01")
		if got := Get(t, p, chromedp.Value(chromedp.CSS("#name"))); got != "Ada Lovelace" {
			t.Errorf("#name = %q after a second Fill", got)
		}
		if got := Get(t, p, chromedp.Value(chromedp.CSS("#termin"))); got != "2026-03-01" {
			t.Errorf("#termin = %q", got)
		}
		p.Click(t, "button[type=submit]")
		if got, want := p.URL(t), srv.URL+"/willkommen?kreis=08111&name=Ada+Lovelace"; got != want {
			t.Errorf("URL after Anmelden = %q, want %q", got, want)
		}
		if got := p.Text(t, "#gruss"); got != "Willkommen, Ada Lovelace!" {
			t.Errorf("greeting = %q", got)
		}
		if got := p.Text(t, "#kreis"); got != "Kreis 08111" {
			t.Errorf("Kreis = %q", got)
		}
		if got := Get(t, p, chromedp.Title()); got != "Willkommen" {
			t.Errorf("title = %q", got)
		}
		if r := p.CheckAccessibility(t, "Willkommen"); len(r.Violations) != 0 {
			t.Errorf("violations of any impact on Willkommen: %v", r.Violations)
		}
		if errs := p.ConsoleErrors(); len(errs) != 0 {
			t.Errorf("console errors: %q", errs)
		}
	})

	t.Run("link click waits for the next page", func(t *testing.T) {
		p := b.NewPage(t)
		p.Go(t, srv.URL+"/")
		p.Click(t, `a[href^="/willkommen"]`)
		if got := p.Text(t, "#gruss"); got != "Willkommen, Gast!" {
			t.Errorf("greeting = %q", got)
		}
	})

	t.Run("click without navigation returns promptly", func(t *testing.T) {
		p := b.NewPage(t)
		p.Go(t, srv.URL+"/skript")
		start := time.Now()
		p.Click(t, "#mehr")
		p.Click(t, `a[href="#unten"]`)
		p.Click(t, "#still")
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("three clicks without a new page took %v", d)
		}
		if got := p.URL(t); got != srv.URL+"/skript#unten" {
			t.Errorf("URL = %q", got)
		}
		if got := p.WaitText(t, "#ziel", "geladen"); got != "geladen" {
			t.Errorf("WaitText = %q", got)
		}
	})

	t.Run("inaccessible page is reported", func(t *testing.T) {
		p := b.NewPage(t)
		p.Go(t, srv.URL+"/kaputt")
		r := p.Axe(t)
		want := []string{"color-contrast", "image-alt", "label"}
		var got []string
		for _, v := range r.Serious() {
			got = append(got, v.ID)
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("serious violations = %v, want %v\nall: %v", got, want, r.Violations)
		}
		if v, ok := r.Find("image-alt"); !ok || len(v.Nodes) != 1 || v.Nodes[0].Target[0] != "img" ||
			!strings.Contains(v.Nodes[0].HTML, `src="/bild.svg"`) || v.Impact != "critical" {
			t.Errorf("image-alt = %+v", v)
		}

		// CheckAccessibility reports each of them with t.Errorf.
		rec := &recordingTB{TB: t}
		p.CheckAccessibility(rec, "Kaputte Seite")
		if len(rec.errors) != len(want) {
			t.Fatalf("CheckAccessibility reported %d errors, want %d: %q", len(rec.errors), len(want), rec.errors)
		}
		for _, e := range rec.errors {
			if !strings.HasPrefix(e, "Kaputte Seite: accessibility violation on "+srv.URL+"/kaputt") {
				t.Errorf("report does not start with the page's name and URL: %s", e)
			}
		}
		report := strings.Join(rec.errors, "\n")
		for _, s := range []string{"[critical] label:", "[critical] image-alt:", "[serious] color-contrast:",
			`<input type="text" name="suche">`, "Kaum lesbarer Text", "https://dequeuniversity.com/rules/axe/"} {
			if !strings.Contains(report, s) {
				t.Errorf("report lacks %q:\n%s", s, report)
			}
		}
		t.Logf("what a failing test prints:\n%s", report)
	})

	t.Run("axe runs under a strict Content-Security-Policy", func(t *testing.T) {
		p := b.NewPage(t)
		p.Go(t, srv.URL+"/csp")
		r := p.Axe(t)
		if _, ok := r.Find("image-alt"); !ok || r.Engine != "4.14.1" {
			t.Errorf("axe %q did not find the image without alt: %v", r.Engine, r.Violations)
		}
		// A second run in the same document reuses the injected axe.
		p.Axe(t)
		if errs := p.ConsoleErrors(); len(errs) != 0 {
			t.Errorf("console errors: %q", errs)
		}

		// With the policy in force, axe runs all the same, and what the
		// policy blocks (here the page's inline <style>) is reported.
		strict := b.NewPage(t, EnforceCSP())
		strict.Go(t, srv.URL+"/csp")
		if _, ok := strict.Axe(t).Find("image-alt"); !ok {
			t.Error("axe did not run under an enforced policy")
		}
		if errs := strict.ConsoleErrors(); len(errs) != 1 || !strings.Contains(errs[0], "Content Security Policy") {
			t.Errorf("console errors under an enforced policy = %q", errs)
		}
	})

	t.Run("console errors and exceptions are collected", func(t *testing.T) {
		p := b.NewPage(t)
		p.Go(t, srv.URL+"/fehler")
		errs := p.ConsoleErrors()
		if len(errs) != 2 || !strings.Contains(errs[0], "console.error: Daten fehlen: 42 ("+srv.URL+"/fehler.js:1") ||
			!strings.Contains(errs[1], "Error: kaputtes Skript") {
			t.Errorf("console errors = %q", errs)
		}
	})

	t.Run("a failing step names the selector and the URL", func(t *testing.T) {
		p := b.NewPage(t)
		p.Go(t, srv.URL+"/")
		p.Timeout = 300 * time.Millisecond
		rec := &recordingTB{TB: t}
		if !catchFatal(func() { p.Text(rec, "#gibt-es-nicht") }) {
			t.Fatal("Text of a missing element did not fail")
		}
		for _, s := range []string{`Text "#gibt-es-nicht" (no element matches)`, "timed out after 300ms", "page URL: " + srv.URL + "/"} {
			if !strings.Contains(rec.fatal, s) {
				t.Errorf("message lacks %q: %s", s, rec.fatal)
			}
		}
	})

	t.Run("screenshot and raw chromedp actions", func(t *testing.T) {
		p := b.NewPage(t)
		p.Run(t, chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS("main")))
		size := Get(t, p, chromedp.Evaluate[[]int](`[innerWidth, innerHeight]`))
		if !slices.Equal(size, []int{1280, 900}) {
			t.Errorf("viewport = %v, want 1280x900", size)
		}
		path := filepath.Join(t.TempDir(), "shots", "anmeldung.png")
		p.Screenshot(t, path)
		if buf, err := os.ReadFile(path); err != nil || !bytes.HasPrefix(buf, []byte("\x89PNG")) {
			t.Errorf("screenshot: %v, %d bytes", err, len(buf))
		}
	})
}
