package decisions_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/audit"
	"github.com/teilhabe/teilhabe/internal/decisions"
	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/notify"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

func TestFunderApprovesWithConditionsAndTheProviderIsTold(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		fctx := w.as(w.funderStaff)
		a := w.inReview(w.staff, "Deutsch im Stadtteil", 36000)
		w.review(a.ID, w.reviewer, 420, "approve_conditions", false)
		w.review(a.ID, w.funderStaff, 0, "", true) // a declared conflict counts for nothing
		w.statement(a.ID, w.stuttgartOrg, "supported", w.clock.Now().Add(24*time.Hour))

		sum, err := w.svc.Summary(fctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if score, n := sum.Score(); score != 420 || n != 1 || len(sum.Reviews) != 2 || len(sum.Statements) != 1 || sum.Statements[0].Municipality != "Stadt Stuttgart" ||
			sum.Budget != eur(100000) || sum.Remaining != eur(100000) || !sum.Decidable() || sum.Decision != nil || sum.Reviews[1].Scores[0].Comment != "überzeugend" {
			t.Fatalf("summary: score %v, %+v", score, sum)
		}

		d, err := w.svc.Decide(fctx, a.ID, decisions.Input{Outcome: decisions.Approved, Conditions: "Nachweis der Räume.", Revision: a.Revision})
		if err != nil || d.Amount != eur(36000) || d.DecidedBy != w.funderStaff.ID {
			t.Fatalf("decide: %+v, %v", d, err)
		}
		got, err := w.apps.Get(fctx, a.ID)
		if err != nil || got.Status != applications.StatusApproved || got.Revision != a.Revision+1 {
			t.Fatalf("after the decision: %s rev %d, %v", got.Status, got.Revision, err)
		}
		sum, _ = w.svc.Summary(fctx, a.ID)
		if sum.Decision == nil || sum.Decision.Conditions != "Nachweis der Räume." || sum.Remaining != eur(64000) || sum.Decidable() {
			t.Fatalf("summary after: %+v", sum.Decision)
		}
		events, err := db.Audit().Events(context.Background(), audit.Filter{Entity: "decision", EntityID: itoa(a.ID)})
		if err != nil || len(events) != 1 || events[0].Action != "approved" {
			t.Fatalf("audit: %+v, %v", events, err)
		}

		// The provider's staff reads it in English, the language of their account,
		// in-app and by mail; the other provider hears nothing.
		ns, _, err := notify.NewService(db.Notifications()).List(w.as(w.staff), 10)
		if err != nil || len(ns) != 1 || ns[0].Link != "/applications/"+itoa(a.ID) {
			t.Fatalf("notifications: %+v, %v", ns, err)
		}
		n, err := notify.Decode(ns[0].Kind, ns[0].Args)
		if err != nil {
			t.Fatal(err)
		}
		r := notify.Render(bundle.For("en"), n)
		if r.Title != "Your application “Deutsch im Stadtteil” is approved" || !strings.Contains(r.Body, "€36,000.00") || !strings.Contains(r.Body, "Nachweis der Räume.") {
			t.Errorf("English notice: %+v", r)
		}
		if de := notify.Render(bundle.For("de"), n); !strings.Contains(de.Body, "36.000,00 €") {
			t.Errorf("German notice: %+v", de)
		}
		if others, _, _ := notify.NewService(db.Notifications()).List(w.as(w.otherStaff), 10); len(others) != 0 {
			t.Errorf("other provider notified: %+v", others)
		}
		var mails int
		if err := db.Reader().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM mail_outbox WHERE to_address = $1`, w.staff.Email).Scan(&mails); err != nil || mails != 1 {
			t.Errorf("mails to the provider: %d, %v", mails, err)
		}
	})
}

func TestIllegalStepsChangeNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		fctx := w.as(w.funderStaff)
		a := w.submitted(w.staff, "Noch nicht geprüft", 20000)
		// Submitted is not in review: no decision yet.
		_, err := w.svc.Decide(fctx, a.ID, decisions.Input{Outcome: decisions.Approved})
		wantErr(t, "decide a submitted one", err, teilhabe.ECONFLICT, "applications.error.transition")
		if got, _ := w.apps.Get(fctx, a.ID); got.Status != a.Status || got.Revision != a.Revision {
			t.Fatalf("after the refused decision: %s rev %d", got.Status, got.Revision)
		}
		if sum, _ := w.svc.Summary(fctx, a.ID); sum.Decision != nil {
			t.Fatalf("a decision was written: %+v", sum.Decision)
		}
		// A stale revision is refused too.
		_, err = w.svc.StartReview(fctx, a.ID, a.Revision-1)
		wantErr(t, "stale start", err, teilhabe.ECONFLICT, "decisions.error.changed")
		a, err = w.svc.StartReview(fctx, a.ID, a.Revision)
		if err != nil || a.Status != applications.StatusInReview {
			t.Fatalf("start review: %v", err)
		}
		_, err = w.svc.StartReview(fctx, a.ID, 0)
		wantErr(t, "second start", err, teilhabe.ECONFLICT, "applications.error.transition")
		// Rejected once, it stays rejected.
		if _, err := w.svc.Decide(fctx, a.ID, decisions.Input{Outcome: decisions.Rejected, Reason: "Kein Bezug."}); err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.Decide(fctx, a.ID, decisions.Input{Outcome: decisions.Approved})
		wantErr(t, "approve a rejected one", err, teilhabe.ECONFLICT, "applications.error.transition")
		if sum, _ := w.svc.Summary(fctx, a.ID); sum.Decision == nil || sum.Decision.Outcome != decisions.Rejected || sum.Decision.Reason != "Kein Bezug." {
			t.Fatalf("the rejection was changed: %+v", sum.Decision)
		}
		// Invalid input changes nothing either.
		b := w.inReview(w.staff, "Zu viel gewollt", 20000)
		_, err = w.svc.Decide(fctx, b.ID, decisions.Input{Outcome: decisions.Approved, Amount: eur(20001)})
		wantErr(t, "above requested", err, teilhabe.EINVALID, "decisions.error.invalid")
		if got, _ := w.apps.Get(fctx, b.ID); got.Status != applications.StatusInReview {
			t.Fatalf("after the invalid decision: %s", got.Status)
		}
		// A sketch is decided elsewhere.
		w.exec(`UPDATE applications SET stage = 'sketch' WHERE id = $1`, b.ID)
		_, err = w.svc.Decide(fctx, b.ID, decisions.Input{Outcome: decisions.Approved})
		wantErr(t, "sketch", err, teilhabe.ECONFLICT, "decisions.error.sketch")
	})
}

func TestConcurrentDecisionsOneWins(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		a := w.inReview(w.staff, "Umkämpft", 30000)
		second := storetest.User(t, db, userOf("kollegin@land.example"), membership(w, a))
		inputs := []decisions.Input{{Outcome: decisions.Approved, Revision: a.Revision}, {Outcome: decisions.Rejected, Reason: "Zu teuer.", Revision: a.Revision}}
		ctxs := []context.Context{w.as(w.funderStaff), w.as(second)}
		errs := make([]error, 2)
		var wg sync.WaitGroup
		for i := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = w.svc.Decide(ctxs[i], a.ID, inputs[i])
			}()
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			switch teilhabe.ErrorCode(err) {
			case "":
				won++
			case teilhabe.ECONFLICT:
			default:
				t.Fatalf("unexpected: %v", err)
			}
		}
		if won != 1 {
			t.Fatalf("%d decisions won: %v", won, errs)
		}
		sum, err := w.svc.Summary(ctxs[0], a.ID)
		if err != nil || sum.Decision == nil || string(sum.App.Status) != string(sum.Decision.Outcome) {
			t.Fatalf("status %s, decision %+v, %v", sum.App.Status, sum.Decision, err)
		}
		var rows int
		_ = db.Reader().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM decisions WHERE application_id = $1`, a.ID).Scan(&rows)
		if rows != 1 {
			t.Fatalf("%d decision rows", rows)
		}
	})
}

func TestBatchIsAllOrNothingWithinTheBudget(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		fctx := w.as(w.funderStaff)
		a := w.inReview(w.staff, "Kurs A", 40000)
		b := w.inReview(w.otherStaff, "Kurs B", 30000)
		c := w.inReview(w.staff, "Kurs C", 50000)
		d := w.submitted(w.otherStaff, "Kurs D", 10000)
		w.review(a.ID, w.reviewer, 450, "approve", false)
		w.review(b.ID, w.reviewer, 300, "approve", false)
		w.review(c.ID, w.reviewer, 200, "reject", false)
		w.statement(c.ID, w.stuttgartOrg, "", w.clock.Now().Add(-time.Hour)) // keine Stellungnahme

		rk, err := w.svc.Ranking(fctx, w.call.ID)
		if err != nil || len(rk.Rows) != 4 {
			t.Fatalf("ranking: %+v, %v", rk.Rows, err)
		}
		if rk.Rows[0].ApplicationID != a.ID || rk.Rows[1].ApplicationID != b.ID || rk.Rows[2].ApplicationID != c.ID || rk.Rows[3].ApplicationID != d.ID ||
			!rk.Rows[1].Within || !rk.Rows[2].Cut || rk.Rows[2].Statements.Missing != 1 || rk.Rows[2].Recommendations.Reject != 1 {
			t.Fatalf("ranking rows: %+v", rk.Rows)
		}
		if rk.Budget != eur(100000) || rk.Total() != 4 || rk.Counts[4].Status != applications.StatusInReview || rk.Counts[4].Count != 3 || rk.Counts[4].Requested != eur(120000) {
			t.Fatalf("pipeline: %+v", rk.Pipeline)
		}

		// One not in review refuses the batch, and is named.
		_, err = w.svc.DecideBatch(fctx, w.call.ID, decisions.BatchInput{Outcome: decisions.Approved, IDs: []int64{a.ID, d.ID}})
		wantErr(t, "batch with a submitted one", err, teilhabe.ECONFLICT, "decisions.error.batch_not_in_review")
		if msg, _ := bundle.For("de").Error(err); !strings.Contains(msg, "Kurs D") || strings.Contains(msg, "Kurs A") {
			t.Errorf("message: %s", msg)
		}
		// 120,000 € against 100,000 €: refused, nothing decided.
		_, err = w.svc.DecideBatch(fctx, w.call.ID, decisions.BatchInput{Outcome: decisions.Approved, IDs: []int64{a.ID, b.ID, c.ID}})
		wantErr(t, "over budget", err, teilhabe.ECONFLICT, "decisions.error.over_budget")
		if msg, _ := bundle.For("de").Error(err); !strings.Contains(msg, "20.000,00 €") {
			t.Errorf("over-budget message: %s", msg)
		}
		for _, x := range []applications.Application{a, b, c} {
			if got, _ := w.apps.Get(fctx, x.ID); got.Status != applications.StatusInReview {
				t.Fatalf("%s after the refused batch: %s", x.Title, got.Status)
			}
		}
		if p, _ := w.svc.Pipeline(fctx, w.call.ID); p.Approved != 0 {
			t.Fatalf("approved after the refused batch: %v", p.Approved)
		}

		ds, err := w.svc.DecideBatch(fctx, w.call.ID, decisions.BatchInput{Outcome: decisions.Approved, IDs: []int64{a.ID, b.ID},
			Revisions: map[int64]int{a.ID: a.Revision, b.ID: b.Revision}, Conditions: "Verwendungsnachweis bis 31. 3."})
		if err != nil || len(ds) != 2 || ds[0].Batch == "" || ds[0].Batch != ds[1].Batch {
			t.Fatalf("batch: %+v, %v", ds, err)
		}
		p, _ := w.svc.Pipeline(fctx, w.call.ID)
		if p.Approved != eur(70000) || p.Remaining != eur(30000) || p.Counts[5].Count != 2 || p.Counts[5].Requested != eur(70000) {
			t.Fatalf("pipeline after: %+v", p)
		}
		// A single approval beyond what remains is refused as well.
		_, err = w.svc.Decide(fctx, c.ID, decisions.Input{Outcome: decisions.Approved})
		wantErr(t, "single over budget", err, teilhabe.ECONFLICT, "decisions.error.over_budget")
		ds, err = w.svc.DecideBatch(fctx, w.call.ID, decisions.BatchInput{Outcome: decisions.Rejected, IDs: []int64{c.ID}})
		wantErr(t, "rejection without reason", err, teilhabe.EINVALID, "decisions.error.invalid")
		if ds, err = w.svc.DecideBatch(fctx, w.call.ID, decisions.BatchInput{Outcome: decisions.Rejected, IDs: []int64{c.ID}, Reason: "Budget erschöpft."}); err != nil || ds[0].Reason != "Budget erschöpft." {
			t.Fatalf("batch rejection: %+v, %v", ds, err)
		}
		if ns, _, _ := notify.NewService(db.Notifications()).List(w.as(w.staff), 10); len(ns) != 2 {
			t.Errorf("provider's notices: %d", len(ns))
		}

		// Starting the review in a batch: all or nothing too.
		e := w.submitted(w.staff, "Kurs E", 1000)
		_, err = w.svc.StartReviewBatch(fctx, w.call.ID, []int64{e.ID, a.ID}, nil)
		wantErr(t, "start batch with a decided one", err, teilhabe.ECONFLICT, "decisions.error.batch_not_reviewable")
		if got, _ := w.apps.Get(fctx, e.ID); got.Status != e.Status {
			t.Fatalf("E after the refused start: %s", got.Status)
		}
		if started, err := w.svc.StartReviewBatch(fctx, w.call.ID, []int64{e.ID, d.ID}, nil); err != nil || len(started) != 2 || started[1].Status != applications.StatusInReview {
			t.Fatalf("start batch: %+v, %v", started, err)
		}
		_, err = w.svc.DecideBatch(fctx, w.call.ID, decisions.BatchInput{Outcome: decisions.Rejected, Reason: "x"})
		wantErr(t, "empty batch", err, teilhabe.EINVALID, "decisions.error.invalid")
	})
}

func TestOnlyTheProgrammesFunderSeesDecisions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		a := w.inReview(w.staff, "Vertraulich", 10000)
		for _, u := range []struct {
			name string
			ctx  context.Context
		}{{"other funder", w.as(w.otherFunder)}, {"provider", w.as(w.staff)}, {"commissioner", w.as(w.stuttgart)},
			{"reviewer", w.as(w.reviewer)}, {"anonymous", context.Background()}} {
			_, err := w.svc.Summary(u.ctx, a.ID)
			wantErr(t, u.name+" summary", err, teilhabe.ENOTFOUND, "applications.error.not_found")
			_, err = w.svc.Decide(u.ctx, a.ID, decisions.Input{Outcome: decisions.Approved})
			wantErr(t, u.name+" decide", err, teilhabe.ENOTFOUND, "applications.error.not_found")
			_, err = w.svc.Ranking(u.ctx, w.call.ID)
			wantErr(t, u.name+" ranking", err, teilhabe.ENOTFOUND, "decisions.error.call_unknown")
			_, err = w.svc.DecideBatch(u.ctx, w.call.ID, decisions.BatchInput{Outcome: decisions.Approved, IDs: []int64{a.ID}})
			wantErr(t, u.name+" batch", err, teilhabe.ENOTFOUND, "decisions.error.call_unknown")
		}
		// Unknown things answer alike.
		_, err := w.svc.Summary(w.as(w.funderStaff), 999999)
		wantErr(t, "unknown application", err, teilhabe.ENOTFOUND, "applications.error.not_found")
		_, err = w.svc.Pipeline(w.as(w.funderStaff), 999999)
		wantErr(t, "unknown call", err, teilhabe.ENOTFOUND, "decisions.error.call_unknown")
		// A draft is the provider's alone.
		draft, err := w.apps.Create(w.as(w.staff), w.call.ID, 0, applications.Content{Title: "Entwurf"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.Summary(w.as(w.funderStaff), draft.ID)
		wantErr(t, "draft", err, teilhabe.ENOTFOUND, "applications.error.not_found")
		if got, _ := w.apps.Get(w.as(w.funderStaff), a.ID); got.Status != applications.StatusInReview {
			t.Fatalf("changed by outsiders: %s", got.Status)
		}
	})
}

var bundle = func() *i18n.Bundle {
	b, err := i18n.New()
	if err != nil {
		panic(err)
	}
	return b
}()
