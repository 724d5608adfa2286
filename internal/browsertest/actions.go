package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Go navigates to url, waits until the page has loaded and returns the HTTP
// status of the document (0 when there is none, as for about:blank).
func (p *Page) Go(t testing.TB, url string) int {
	t.Helper()
	resp, err := run(p, p.Timeout, chromedp.NavigateResponse(url))
	if err != nil {
		p.fail(t, fmt.Sprintf("Go %s", url), err)
	}
	if resp == nil {
		return 0
	}
	return int(resp.Status)
}

// URL returns the URL of the current document.
func (p *Page) URL(t testing.TB) string {
	t.Helper()
	u, err := run(p, p.Timeout, chromedp.Location())
	if err != nil {
		p.fail(t, "URL", err)
	}
	return u
}

// Text returns the visible text (innerText, trimmed) of the first element that
// the CSS selector sel matches, waiting for the element to exist.
func (p *Page) Text(t testing.TB, sel string) string {
	t.Helper()
	s, err := run(p, p.Timeout, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		p.failSel(t, "Text", sel, err)
	}
	return strings.TrimSpace(s)
}

// WaitText waits until the visible text of the first element that sel
// matches contains want (for content that a script or htmx swaps in), and
// returns that text.
func (p *Page) WaitText(t testing.TB, sel, want string) string {
	t.Helper()
	expr := fmt.Sprintf(`(() => { const el = document.querySelector(%s); return el ? el.innerText : null })()`, jsString(sel))
	var last *string
	poll := func(ctx context.Context, tg *chromedp.Target) (string, error) {
		for {
			s, err := chromedp.Evaluate[*string](expr)(ctx, tg)
			if err == nil && s != nil && strings.Contains(*s, want) {
				return strings.TrimSpace(*s), nil
			}
			if err == nil {
				last = s
			}
			select {
			case <-ctx.Done():
				if last == nil {
					return "", fmt.Errorf("no element matched: %w", ctx.Err())
				}
				return "", fmt.Errorf("text %q does not contain %q: %w", *last, want, ctx.Err())
			case <-time.After(20 * time.Millisecond):
			}
		}
	}
	s, err := run(p, p.Timeout, poll)
	if err != nil {
		p.failSel(t, "WaitText", sel, err)
	}
	return s
}

// Fill sets the value of the form field that sel matches as a user would: it
// empties the field and types value (a "\n" in value presses Enter). For a
// <select> it chooses the option with that value, and for inputs that take no
// typing (date, time, color, range, hidden, ...) it sets the value; both fire
// input and change. Checkboxes and radio buttons take Click.
func (p *Page) Fill(t testing.TB, sel, value string) {
	t.Helper()
	prepare := fmt.Sprintf(`((sel, v) => {
		const el = document.querySelector(sel);
		if (!el) throw new Error("no element matches " + sel);
		const fire = (type) => el.dispatchEvent(new Event(type, {bubbles: true}));
		const direct = ["date", "time", "datetime-local", "month", "week", "color", "range", "hidden"];
		if (el.tagName === "SELECT" || direct.includes(el.type)) {
			el.value = v;
			if (el.value !== v) throw new Error("cannot set the value " + JSON.stringify(v) + " (no such option, or a bad format)");
			fire("input"); fire("change");
			return true;
		}
		if (el.type === "checkbox" || el.type === "radio") throw new Error("use Click for a " + el.type);
		el.focus();
		if (el.value !== "") { el.value = ""; fire("input"); }
		return false;
	})(%s, %s)`, jsString(sel), jsString(value))
	fill := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := chromedp.WaitReady(chromedp.CSS(sel))(ctx, tg); err != nil {
			return err
		}
		done, err := chromedp.Evaluate[bool](prepare)(ctx, tg)
		if err != nil || done || value == "" {
			return err
		}
		_, err = chromedp.SendKeys(chromedp.CSS(sel), value)(ctx, tg)
		return err
	})
	if _, err := run(p, p.Timeout, fill); err != nil {
		p.failSel(t, "Fill", sel, err)
	}
}

// Click clicks the first element that sel matches (waiting for it to be
// visible). When the click navigates the tab (a link, a submit button), Click
// returns once the next page has loaded completely, so the test can read it.
func (p *Page) Click(t testing.TB, sel string) {
	t.Helper()
	if _, err := run(p, p.Timeout, clickAndWait(sel)); err != nil {
		p.failSel(t, "Click", sel, err)
	}
}

// Screenshot saves a screenshot of the whole page to path (PNG, or JPEG when
// path ends in .jpg or .jpeg), creating its directory.
func (p *Page) Screenshot(t testing.TB, path string) {
	t.Helper()
	quality := 100 // PNG
	if ext := strings.ToLower(filepath.Ext(path)); ext == ".jpg" || ext == ".jpeg" {
		quality = 90
	}
	buf, err := run(p, p.Timeout, chromedp.FullScreenshot(quality))
	if err != nil {
		p.fail(t, "Screenshot", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatalf("browsertest: Screenshot: %v", err)
	}
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		t.Fatalf("browsertest: Screenshot: %v", err)
	}
}

// failSel is fail for a step on a selector; it tells how many elements the
// selector matches now, which explains most time-outs.
func (p *Page) failSel(t testing.TB, what, sel string, err error) {
	t.Helper()
	expr := fmt.Sprintf(`document.querySelectorAll(%s).length`, jsString(sel))
	n, cerr := run(p, 2*time.Second, chromedp.Evaluate[int](expr))
	var matches string
	switch {
	case cerr != nil:
		matches = fmt.Sprintf("cannot count matches: %v", cerr)
	case n == 0:
		matches = "no element matches"
	default:
		matches = fmt.Sprintf("%d elements match", n)
	}
	p.fail(t, fmt.Sprintf("%s %q (%s)", what, sel, matches), err)
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
