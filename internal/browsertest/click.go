package browsertest

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// navGrace is how long a click waits for a navigation to begin. In Chromium
// the navigation request of a link or of a form submission arrives before the
// reply to the mouse event; the grace only covers a slow renderer.
const navGrace = 150 * time.Millisecond

// clickAndWait clicks the first element that sel matches. If the click starts
// a navigation of the tab (a link, a form submission, a script that sets
// location), it waits until the next document has loaded and its readyState
// is "complete"; a navigation within the document, or none, returns at once.
func clickAndWait(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		tree, err := cdp.Call(ctx, t, page.GetFrameTree, cdp.Empty{})
		if err != nil {
			return err
		}
		w := &navWatch{main: tree.FrameTree.Frame.ID, changed: make(chan struct{}, 1)}
		lctx, cancel := context.WithCancel(ctx)
		defer cancel()
		// Listen's func runs in order with the replies, so every event that
		// came before the reply to the click is seen before Click returns.
		if err := chromedp.Listen(lctx, w.handle); err != nil {
			return err
		}
		if _, err := chromedp.Click(chromedp.CSS(sel))(ctx, t); err != nil {
			return err
		}
		if err := w.wait(ctx, navGrace); err != nil {
			return err
		}
		return waitComplete(ctx, t)
	})
}

// navWatch follows the navigation state of the main frame.
type navWatch struct {
	main    cdp.FrameID
	changed chan struct{} // poked on every state change

	mu        sync.Mutex
	started   bool // a cross-document navigation began
	committed bool // the new document replaced the old one
	loader    cdp.LoaderID
	done      bool // loaded, aborted, or navigated within the document
}

func (w *navWatch) handle(ev any) {
	w.mu.Lock()
	defer w.mu.Unlock()
	switch ev := ev.(type) {
	case *page.EventFrameRequestedNavigation:
		if ev.FrameID == w.main && ev.Disposition == page.ClientNavigationDispositionCurrentTab {
			w.started = true
		}
	case *page.EventFrameStartedNavigating:
		switch ev.NavigationType {
		case page.FrameStartedNavigatingNavigationTypeSameDocument,
			page.FrameStartedNavigatingNavigationTypeHistorySameDocument:
		default:
			if ev.FrameID == w.main {
				w.started = true
			}
		}
	case *page.EventNavigatedWithinDocument:
		if ev.FrameID == w.main && !w.started {
			w.done = true
		}
	case *page.EventFrameNavigated:
		if ev.Frame.ParentID == "" {
			w.started, w.committed, w.loader = true, true, ev.Frame.LoaderID
		}
	case *page.EventLifecycleEvent:
		if w.committed && ev.Name == "load" && ev.FrameID == w.main && ev.LoaderID == w.loader {
			w.done = true
		}
	case *page.EventLoadEventFired:
		if w.committed {
			w.done = true
		}
	case *page.EventFrameStoppedLoading:
		// A navigation that never commits (204, a download, a cancel).
		if ev.FrameID == w.main && w.started && !w.committed {
			w.done = true
		}
	default:
		return
	}
	select {
	case w.changed <- struct{}{}:
	default:
	}
}

// wait returns when no navigation began within grace, or when the one that
// began is done.
func (w *navWatch) wait(ctx context.Context, grace time.Duration) error {
	timer := time.NewTimer(grace)
	defer timer.Stop()
	for {
		w.mu.Lock()
		started, done := w.started, w.done
		w.mu.Unlock()
		if done {
			return nil
		}
		var graceOver <-chan time.Time
		if !started {
			graceOver = timer.C
		}
		select {
		case <-w.changed:
		case <-graceOver:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// waitComplete waits until document.readyState is "complete". While the
// document changes, the evaluation can fail: it retries.
func waitComplete(ctx context.Context, t *chromedp.Target) error {
	for {
		state, err := chromedp.Evaluate[string](`document.readyState`)(ctx, t)
		if err == nil && state == "complete" {
			return nil
		}
		select {
		case <-ctx.Done():
			if err != nil {
				return fmt.Errorf("waiting for the page to load: %w (last error: %v)", ctx.Err(), err)
			}
			return fmt.Errorf("waiting for the page to load: %w (readyState %q)", ctx.Err(), state)
		case <-time.After(10 * time.Millisecond):
		}
	}
}
