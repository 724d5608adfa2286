// Package browsertest runs end-to-end tests of the server in a real headless
// Chromium, with axe-core accessibility checks.
//
//	b := browsertest.New(t)   // one browser, shared by the subtests
//	p := b.NewPage(t)         // one tab per subtest
//	p.Go(t, srv.URL+"/anmelden")
//	p.Fill(t, "#email", "ada@example.org")
//	p.Click(t, "button[type=submit]") // waits for the next page
//	p.CheckAccessibility(t, "Startseite")
//
// Each helper takes the testing.TB of the calling (sub)test and fails it with
// t.Fatal, naming the step, the page URL and the console errors so far. Every
// step has its own timeout (Page.Timeout, 20s by default); the browser itself
// has none. Page.Run and Get run any chromedp action with the same handling.
package browsertest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/teilhabe/teilhabe/internal/testenv"
)

const (
	// DefaultTimeout limits each step of a Page.
	DefaultTimeout = 20 * time.Second
	// startTimeout limits the start of the browser and the opening of a tab.
	startTimeout = 60 * time.Second
	windowWidth  = 1280
	windowHeight = 900
)

// Browser is one headless Chromium process. It is safe to open pages from
// parallel subtests; each Page must stay in one goroutine.
type Browser struct {
	ctx context.Context // the first tab of the browser; has no deadline
	out *limitedBuffer  // what Chromium printed, for error messages
}

// New starts a headless Chromium with a fresh profile in t.TempDir. It is
// stopped in t.Cleanup. It skips the test when no Chromium is installed
// (and fails it under CI=true).
func New(t testing.TB) *Browser {
	t.Helper()
	exe := testenv.ChromiumPath(t)
	dir := t.TempDir() // registered before our cleanup, so removed after it
	out := &limitedBuffer{max: 16 << 10}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(dir),
		chromedp.WindowSize(windowWidth, windowHeight),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		// German, as the platform's users: Accept-Language and
		// navigator.language (Intl: see setup).
		chromedp.Flag("lang", "de-DE"),
		chromedp.Flag("accept-lang", "de-DE,de"),
		chromedp.CombinedOutput(out),
	)
	allocCtx, allocCancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		// Close gracefully so that Chromium stops its child processes
		// before the profile directory is removed.
		cctx, ccancel := context.WithTimeout(ctx, 15*time.Second)
		defer ccancel()
		_ = chromedp.Cancel(cctx)
		cancel()
		allocCancel()
		removeAllRetry(dir)
	})
	// The first Run binds the browser's life to its context, so it must
	// not have a deadline: time it out from the outside.
	if err := withDeadline(startTimeout, cancel, func() error { return chromedp.Do(ctx) }); err != nil {
		t.Fatalf("browsertest: starting %s: %v\nChromium printed:\n%s", exe, err, out.String())
	}
	return &Browser{ctx: ctx, out: out}
}

// Context returns the context of the browser's first tab, for direct use
// of chromedp (chromedp.NewContext(b.Context()) opens another tab).
func (b *Browser) Context() context.Context { return b.ctx }

// NewPage opens a new tab (in its own window, viewport 1280x900) that is
// closed in t.Cleanup. The tab records console errors and uncaught exceptions.
// By default it bypasses the pages' Content-Security-Policy (see EnforceCSP).
func (b *Browser) NewPage(t testing.TB, opts ...PageOption) *Page {
	t.Helper()
	cfg := pageConfig{bypassCSP: true}
	for _, o := range opts {
		o(&cfg)
	}
	var ctxOpts []chromedp.ContextOption
	if cfg.isolated {
		ctxOpts = append(ctxOpts, chromedp.WithNewBrowserContext())
	}
	ctx, cancel := chromedp.NewContext(b.ctx, ctxOpts...)
	t.Cleanup(cancel)
	p := &Page{ctx: ctx, Timeout: DefaultTimeout}
	// The first Run on the tab starts the tab's event loop on the context of
	// that Run: no deadline here either.
	err := withDeadline(startTimeout, cancel, func() error {
		if err := chromedp.Listen(ctx, p.record); err != nil {
			return err
		}
		return chromedp.Do(ctx, setup(cfg))
	})
	if err != nil {
		t.Fatalf("browsertest: opening a tab: %v\nChromium printed:\n%s", err, b.out.String())
	}
	return p
}

// PageOption changes how NewPage sets up a tab.
type PageOption func(*pageConfig)

type pageConfig struct {
	bypassCSP bool
	isolated  bool
}

// Isolated opens the tab in its own browser context, like a private window: it
// shares no cookies with other tabs, so two users can be logged in at once.
func Isolated() PageOption {
	return func(c *pageConfig) { c.isolated = true }
}

// EnforceCSP keeps the pages' Content-Security-Policy in force, as in a real
// browser. axe still runs (DevTools evaluates it, which the policy does not
// restrict), and whatever the policy blocks, such as an inline script or
// style, shows up in ConsoleErrors. Without it, the tab ignores the policy
// (Page.setBypassCSP), and such mistakes go unnoticed.
func EnforceCSP() PageOption {
	return func(c *pageConfig) { c.bypassCSP = false }
}

// withDeadline runs f and gives up after d, calling cancel (which must make f
// return) so that no goroutine is left behind.
func withDeadline(d time.Duration, cancel func(), f func() error) error {
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-time.After(d):
		cancel()
		<-done
		return fmt.Errorf("timed out after %v", d)
	}
}

// removeAllRetry removes dir; a child process of Chromium can still write in
// it for a moment after the browser exits.
func removeAllRetry(dir string) {
	for i := 0; i < 20; i++ {
		if err := os.RemoveAll(dir); err == nil || errors.Is(err, os.ErrNotExist) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// limitedBuffer keeps the last max bytes written to it; Chromium writes to it
// from another goroutine.
type limitedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
	max int
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf.Write(p)
	if over := l.buf.Len() - l.max; over > 0 {
		l.buf.Next(over)
	}
	return len(p), nil
}

func (l *limitedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}
