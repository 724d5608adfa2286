package browsertest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Page is one browser tab. Use it from one goroutine only.
type Page struct {
	// Timeout limits each step (each action of Run, each helper call).
	Timeout time.Duration

	ctx     context.Context // the tab; has no deadline
	mu      sync.Mutex
	console []string
}

// setup prepares a new tab. Page.setBypassCSP applies from the next
// navigation on, so it must come before the first Go. The viewport is set
// too: a headless window of 1280x900 has a viewport of only 1280x757. (The
// built-in widgets, such as a date input's mm/dd/yyyy, keep the browser's
// English: that follows the process locale.)
func setup(cfg pageConfig) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: cfg.bypassCSP})
			if err == nil { // Intl formats numbers and dates the German way
				_, err = cdp.Call(ctx, t, emulation.SetLocaleOverride, emulation.SetLocaleOverrideParams{Locale: "de_DE"})
			}
			if err == nil {
				// No smooth scrolling (KERN turns it on): a click while the page still
				// scrolls to an #anchor would land beside its target.
				_, err = cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
					Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}}})
			}
			return err
		}),
		chromedp.EmulateViewport(windowWidth, windowHeight),
	)
}

// Context returns the tab's context (without a deadline), for direct use of
// chromedp.
func (p *Page) Context() context.Context { return p.ctx }

// Run runs the actions in order, each with its own timeout, and fails the
// test with the step, the error and the current URL at the first error.
func (p *Page) Run(t testing.TB, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	for i, a := range actions {
		p.do(t, fmt.Sprintf("Run: action %d of %d", i+1, len(actions)), a)
	}
}

// Get runs one action that returns a value, such as chromedp.Evaluate or
// chromedp.AttributeValue, with the page's step timeout, and fails the test on
// error. (Go methods cannot have type parameters, hence a function.)
func Get[T any](t testing.TB, p *Page, a chromedp.Action[T]) T {
	t.Helper()
	v, err := run(p, p.Timeout, a)
	if err != nil {
		p.fail(t, "Get", err)
	}
	return v
}

// ConsoleErrors returns what the page reported so far as console.error and
// console.assert calls, uncaught exceptions, unhandled promise rejections and
// error entries of the browser log (such as a failed sub-resource load),
// oldest first. A missing /favicon.ico is ignored.
func (p *Page) ConsoleErrors() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.console...)
}

// do runs a and fails the test with what on error.
func (p *Page) do(t testing.TB, what string, a chromedp.Action[chromedp.Void]) {
	t.Helper()
	if _, err := run(p, p.Timeout, a); err != nil {
		p.fail(t, what, err)
	}
}

// run runs a with the timeout d (none when d <= 0).
func run[T any](p *Page, d time.Duration, a chromedp.Action[T]) (T, error) {
	ctx := p.ctx
	if d > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, d)
		defer cancel()
	}
	v, err := chromedp.Run(ctx, a)
	if errors.Is(err, context.DeadlineExceeded) {
		err = fmt.Errorf("timed out after %v: %w", d, err)
	}
	return v, err
}

// fail ends the test with a message that names the step, the page URL and
// the console errors so far.
func (p *Page) fail(t testing.TB, what string, err error) {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "browsertest: %s: %v\n\tpage URL: %s", what, err, p.currentURL())
	for _, c := range p.ConsoleErrors() {
		fmt.Fprintf(&b, "\n\tconsole: %s", c)
	}
	t.Fatal(b.String())
}

// currentURL returns the URL of the tab for error messages; it never fails.
func (p *Page) currentURL() string {
	if p.ctx.Err() != nil {
		return "(tab closed)"
	}
	u, err := run(p, 2*time.Second, chromedp.Location())
	if err != nil {
		return fmt.Sprintf("(unknown: %v)", err)
	}
	return u
}

// record is the chromedp.Listen func of the tab. It runs in the tab's event
// loop: it must be quick and must not send commands.
func (p *Page) record(ev any) {
	var msg string
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.ConsoleAPICalledTypeError && ev.Type != runtime.ConsoleAPICalledTypeAssert {
			return
		}
		args := make([]string, 0, len(ev.Args))
		for _, a := range ev.Args {
			args = append(args, remoteText(a))
		}
		msg = "console." + string(ev.Type) + ": " + strings.Join(args, " ") + stackPlace(ev.StackTrace)
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			text += " " + d.Exception.Description
		}
		msg = fmt.Sprintf("exception: %s (%s:%d:%d)", text, d.URL, d.LineNumber+1, d.ColumnNumber+1)
	case *log.EventEntryAdded:
		e := ev.Entry
		if e.Level != log.EntryLevelError || strings.HasSuffix(e.URL, "/favicon.ico") {
			return
		}
		msg = fmt.Sprintf("%s: %s (%s)", e.Source, e.Text, e.URL)
	default:
		return
	}
	p.mu.Lock()
	p.console = append(p.console, msg)
	p.mu.Unlock()
}

// remoteText renders one console argument: strings as they are, other values
// by their JSON or description.
func remoteText(o *runtime.RemoteObject) string {
	if len(o.Value) > 0 {
		var s string
		if json.Unmarshal(o.Value, &s) == nil {
			return s
		}
		return string(o.Value)
	}
	if o.UnserializableValue != "" {
		return string(o.UnserializableValue)
	}
	return o.Description
}

func stackPlace(st *runtime.StackTrace) string {
	if st == nil || len(st.CallFrames) == 0 {
		return ""
	}
	f := st.CallFrames[0]
	return fmt.Sprintf(" (%s:%d:%d)", f.URL, f.LineNumber+1, f.ColumnNumber+1)
}
