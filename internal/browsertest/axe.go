package browsertest

import (
	"context"
	_ "embed"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// axeSource is axe-core 4.14.1 (MPL-2.0, see axe/LICENSE), from the npm
// package axe-core.
//
//go:embed axe/axe.min.js
var axeSource string

// AxeTags are the rule tags that CheckAccessibility runs: WCAG 2.1 A and AA.
var AxeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// minAxeTimeout is the least time an axe run gets, whatever Page.Timeout is.
const minAxeTimeout = 60 * time.Second

// AxeResult is what axe-core found on one document.
type AxeResult struct {
	URL        string      `json:"url"`
	Engine     string      `json:"engine"` // axe-core version
	Violations []Violation `json:"violations"`
}

// Violation is one failed axe rule, with the elements that fail it.
type Violation struct {
	ID          string          `json:"id"`     // rule id, such as "color-contrast"
	Impact      string          `json:"impact"` // "minor", "moderate", "serious" or "critical"
	Description string          `json:"description"`
	Help        string          `json:"help"`
	HelpURL     string          `json:"helpUrl"`
	Tags        []string        `json:"tags"`
	Nodes       []ViolationNode `json:"nodes"`
}

// ViolationNode is one element that fails a rule.
type ViolationNode struct {
	Target         []string `json:"target"` // CSS selectors; " >>> " joins the parts inside iframes and shadow roots
	HTML           string   `json:"html"`
	Impact         string   `json:"impact"`
	FailureSummary string   `json:"failureSummary"`
}

// Serious returns the violations with impact "serious" or "critical".
func (r AxeResult) Serious() []Violation {
	var out []Violation
	for _, v := range r.Violations {
		if v.Impact == "serious" || v.Impact == "critical" {
			out = append(out, v)
		}
	}
	return out
}

// Find returns the violation of the rule id, if there is one.
func (r AxeResult) Find(id string) (Violation, bool) {
	for _, v := range r.Violations {
		if v.ID == id {
			return v, true
		}
	}
	return Violation{}, false
}

// String renders the violation for a test log: rule, impact, help, and each
// element's selectors, HTML and what to fix.
func (v Violation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "[%s] %s: %s (%s)", v.Impact, v.ID, v.Help, v.HelpURL)
	for _, n := range v.Nodes {
		fmt.Fprintf(&b, "\n\t- %s\n\t  %s", strings.Join(n.Target, ", "), n.HTML)
		if n.FailureSummary != "" {
			fmt.Fprintf(&b, "\n\t  %s", strings.ReplaceAll(n.FailureSummary, "\n", "\n\t  "))
		}
	}
	return b.String()
}

// CheckAccessibility runs axe-core on the current document with AxeTags and
// reports every violation of impact "serious" or "critical" with t.Errorf,
// prefixed with name (the page's name in the test). It returns the full
// result, with the violations of every impact.
func (p *Page) CheckAccessibility(t testing.TB, name string) AxeResult {
	t.Helper()
	r := p.Axe(t)
	for _, v := range r.Serious() {
		t.Errorf("%s: accessibility violation on %s (axe-core %s):\n%s", name, r.URL, r.Engine, v)
	}
	return r
}

// Axe runs axe-core on the current document and returns what it found. It
// fails the test only when axe cannot run. axe is injected once per document;
// the tab bypasses the Content-Security-Policy, so a strict policy does not
// stop it.
func (p *Page) Axe(t testing.TB) AxeResult {
	t.Helper()
	r, err := run(p, max(p.Timeout, minAxeTimeout), runAxe())
	if err != nil {
		p.fail(t, "axe", err)
	}
	return r
}

func runAxe() chromedp.Action[AxeResult] {
	script := fmt.Sprintf(`(async () => {
		const r = await axe.run(document, {
			runOnly: {type: "tag", values: %s},
			resultTypes: ["violations"],
		});
		const sel = (s) => Array.isArray(s) ? s.join(" >>> ") : String(s);
		return {
			url: r.url,
			engine: r.testEngine.version,
			violations: r.violations.map((v) => ({
				id: v.id, impact: v.impact || "", description: v.description,
				help: v.help, helpUrl: v.helpUrl, tags: v.tags,
				nodes: v.nodes.map((n) => ({
					target: n.target.map(sel), html: n.html,
					impact: n.impact || "", failureSummary: n.failureSummary || "",
				})),
			})),
		};
	})()`, jsonList(AxeTags))
	return func(ctx context.Context, t *chromedp.Target) (AxeResult, error) {
		loaded, err := chromedp.Evaluate[bool](`typeof window.axe === "object" && typeof window.axe.run === "function"`)(ctx, t)
		if err != nil {
			return AxeResult{}, err
		}
		if !loaded {
			if _, err := chromedp.Evaluate[chromedp.Void](axeSource)(ctx, t); err != nil {
				return AxeResult{}, fmt.Errorf("injecting axe-core: %w", err)
			}
		}
		r, err := chromedp.Evaluate[AxeResult](script, chromedp.EvalAwaitPromise)(ctx, t)
		if err != nil {
			return AxeResult{}, fmt.Errorf("axe.run: %w", err)
		}
		return r, nil
	}
}

func jsonList(s []string) string {
	q := make([]string, len(s))
	for i, v := range s {
		q[i] = jsString(v)
	}
	return "[" + strings.Join(q, ", ") + "]"
}
