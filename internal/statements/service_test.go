package statements_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/audit"
	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/notify"
	"github.com/teilhabe/teilhabe/internal/statements"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestSubmissionAsksTheCommissionerOfEveryRegion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		// Löchgau lies in Landkreis Ludwigsburg, which has nobody to answer yet:
		// nobody is asked, and the application stays "eingereicht".
		early := w.submitted("Elterncafé Löchgau", "08118079")
		if early.Status != applications.StatusSubmitted {
			t.Fatalf("with no commissioner: %s", early.Status)
		}
		w.ludwigsburgJoins()
		submittedAt := w.clock.Now()
		a := w.submitted("Deutsch im Quartier", "08111000", "08118016")
		if a.Status != applications.StatusStatementsRequested {
			t.Fatalf("status after submission: %s", a.Status)
		}
		// 14 days from 2 March 2026, 11:00 UTC: the end of 16 March in Berlin.
		due := time.Date(2026, 3, 16, 22, 59, 59, 0, time.UTC)
		for _, c := range []struct {
			who  string
			ctx  context.Context
			name string
		}{{"Stuttgart", w.as(w.stuttgart), "Stadt Stuttgart"}, {"Ludwigsburg", w.as(w.ludwigsburg), "Landkreis Ludwigsburg"}} {
			items, now, err := w.svc.Asked(c.ctx)
			if err != nil || len(items) != 1 || items[0].ApplicationID != a.ID || items[0].Municipality != c.name || !items[0].DueAt.Equal(due) ||
				!items[0].RequestedAt.Equal(submittedAt) || items[0].StateAt(now) != statements.StateOpen || items[0].Title != "Deutsch im Quartier" ||
				items[0].Provider != "Sprachschule Neckar" || items[0].CallID != w.call.ID || items[0].Status != applications.StatusStatementsRequested {
				t.Fatalf("%s asked: %+v, %v", c.who, items, err)
			}
		}
		if items, _, err := w.svc.Asked(w.as(w.munich)); err != nil || len(items) != 0 {
			t.Errorf("München asked: %+v, %v", items, err)
		}
		if items, _, err := w.svc.Asked(w.as(w.funderStaff)); err != nil || len(items) != 0 {
			t.Errorf("a funder asked: %+v, %v", items, err)
		}

		// Every commissioner of the administration hears of it, each in their own
		// language, in-app and by mail.
		bundle, err := i18n.New()
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			lang, title string
			ctx         context.Context
		}{{"de", "Bitte um Stellungnahme: Deutsch im Quartier", w.as(w.stuttgart)}, {"en", "Statement requested: Deutsch im Quartier", w.as(w.stuttgartEn)}} {
			all, _, err := notify.NewService(db.Notifications()).List(c.ctx, 10)
			var ns []notify.Notification
			for _, n := range all {
				if n.Kind == "statement_requested" {
					ns = append(ns, n)
				}
			}
			if err != nil || len(ns) != 1 || ns[0].Link != "/applications/"+itoa(a.ID)+"/statement" {
				t.Fatalf("%s notices: %+v, %v", c.lang, ns, err)
			}
			n, err := notify.Decode(ns[0].Kind, ns[0].Args)
			if err != nil {
				t.Fatal(err)
			}
			if r := notify.Render(bundle.For(c.lang), n); r.Title != c.title || !strings.Contains(r.Body, "Sprachschule Neckar") {
				t.Errorf("%s notice: %+v", c.lang, r)
			}
		}
		// The mails are written at sending, in the recipient's language, from the
		// same notice.
		mails := `SELECT COUNT(*) FROM mail_outbox WHERE to_address = $1 AND kind = 'statement_requested'`
		for _, u := range []string{w.stuttgart.Email, w.stuttgartEn.Email, w.ludwigsburg.Email} {
			if n := w.count(mails, u); n != 1 {
				t.Errorf("mails to %s: %d", u, n)
			}
		}
		if n := w.count(mails, w.munich.Email); n != 0 {
			t.Errorf("mails to München: %d", n)
		}
		events, err := db.Audit().Events(context.Background(), audit.Filter{Entity: "statement"})
		if err != nil || len(events) != 2 || events[0].Action != "request" {
			t.Fatalf("audit: %+v, %v", events, err)
		}
	})
}

func TestCommissionersGiveTheirStatements(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		w.ludwigsburgJoins()
		a := w.submitted("Deutsch im Quartier", "08111000", "08118016")
		sctx := w.as(w.stuttgart)

		// Every gap at once, and nothing written.
		_, err := w.svc.Give(sctx, a.ID, 0, statements.Input{Conditions: "  "})
		wantErr(t, "empty statement", err, teilhabe.EINVALID, "statements.error.invalid")
		var fields []string
		for _, f := range teilhabe.AsError(err).Fields {
			fields = append(fields, f.Field)
		}
		if want := []string{"strategy_fit", "overlap", "recommendation", "text"}; !slices.Equal(fields, want) {
			t.Errorf("fields: %v, want %v", fields, want)
		}
		cond := good(statements.Conditional)
		cond.Conditions = ""
		_, err = w.svc.Give(sctx, a.ID, 0, cond)
		wantErr(t, "conditional without conditions", err, teilhabe.EINVALID, "statements.error.invalid")
		if f := teilhabe.AsError(err).Fields; len(f) != 1 || f[0].Field != "conditions" {
			t.Errorf("conditional fields: %+v", f)
		}
		ws, err := w.svc.Open(sctx, a.ID)
		if err != nil || len(ws.Statements) != 1 || ws.Statements[0].Given() || ws.Statements[0].Revision != 1 {
			t.Fatalf("after the refusals: %+v, %v", ws.Statements, err)
		}

		// Conditions belong to a conditional recommendation only.
		in := good(statements.Supported)
		in.Conditions, in.Revision = "übrig", 1
		in.Text = "  Wir befürworten das Vorhaben.  "
		st, err := w.svc.Give(sctx, a.ID, 0, in)
		if err != nil || st.Recommendation != statements.Supported || st.Conditions != "" || st.Text != "Wir befürworten das Vorhaben." ||
			st.GivenBy != w.stuttgart.ID || st.Revision != 2 || !st.GivenAt.Equal(w.clock.Now()) {
			t.Fatalf("give: %+v, %v", st, err)
		}
		// One of two given: still waiting for Ludwigsburg.
		if got, _ := w.apps.Get(w.as(w.funderStaff), a.ID); got.Status != applications.StatusStatementsRequested {
			t.Fatalf("after one of two: %s", got.Status)
		}
		// The form showed revision 1: a second tab's save is refused.
		_, err = w.svc.Give(w.as(w.stuttgartEn), a.ID, 0, in)
		wantErr(t, "stale revision", err, teilhabe.ECONFLICT, "statements.error.changed")

		// Revised before the deadline, by a colleague.
		rev := good(statements.Conditional)
		rev.Revision = 2
		if st, err = w.svc.Give(w.as(w.stuttgartEn), a.ID, 0, rev); err != nil || st.Conditions != "Abstimmung mit dem Elternseminar der Stadt." || st.Revision != 3 {
			t.Fatalf("revise: %+v, %v", st, err)
		}
		if _, err := w.svc.Give(w.as(w.ludwigsburg), a.ID, 0, good(statements.NotSupported)); err != nil {
			t.Fatal(err)
		}
		got, err := w.apps.Get(w.as(w.funderStaff), a.ID)
		if err != nil || got.Status != applications.StatusStatementsReceived || got.Revision != a.Revision+1 {
			t.Fatalf("after both: %s rev %d (was %d), %v", got.Status, got.Revision, a.Revision, err)
		}
		var actions []string
		events, err := db.Audit().Events(context.Background(), audit.Filter{Entity: "statement"})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range events {
			actions = append(actions, e.Action)
		}
		slices.Sort(actions)
		if want := []string{"give", "give", "request", "request", "update"}; !slices.Equal(actions, want) {
			t.Errorf("audit actions: %v, want %v", actions, want)
		}
		if ev, _ := db.Audit().Events(context.Background(), audit.Filter{Entity: "application", EntityID: itoa(a.ID)}); !slices.ContainsFunc(ev, func(e audit.Event) bool { return e.Action == "statements_received" }) {
			t.Errorf("no statements_received event: %+v", ev)
		}

		// Those who were not asked may not answer; those who may not see the
		// application are told it does not exist.
		_, err = w.svc.Give(w.as(w.funderStaff), a.ID, 0, good(statements.Supported))
		wantErr(t, "the funder answers", err, teilhabe.EFORBIDDEN, "statements.error.not_asked")
		_, err = w.svc.Give(w.as(w.munich), a.ID, 0, good(statements.Supported))
		wantErr(t, "München answers", err, teilhabe.ENOTFOUND, "")
		_, err = w.svc.Give(w.as(w.staff), a.ID, 0, good(statements.Supported))
		wantErr(t, "the provider answers", err, teilhabe.EFORBIDDEN, "statements.error.not_asked")
	})
}

func TestNoStatementByTheDeadlineIsMissingNotConsent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		late := w.submitted("Sprachcafé", "08111000")
		w.clock.Advance(24 * time.Hour)
		fresh := w.submitted("Lesepaten", "08111000")
		sctx := w.as(w.stuttgart)
		// 15 days on: the first deadline has passed, the second has not.
		w.clock.Set(time.Date(2026, 3, 17, 8, 0, 0, 0, time.UTC))
		items, now, err := w.svc.Asked(sctx)
		if err != nil || len(items) != 2 || items[0].ApplicationID != fresh.ID || items[0].StateAt(now) != statements.StateOpen ||
			items[1].ApplicationID != late.ID || items[1].StateAt(now) != statements.StateMissing {
			t.Fatalf("asked after the first deadline: %+v, %v", items, err)
		}
		_, err = w.svc.Give(sctx, late.ID, 0, good(statements.Supported))
		wantErr(t, "after the deadline", err, teilhabe.ECONFLICT, "statements.error.deadline")
		list, now, err := w.svc.OfApplication(w.as(w.funderStaff), late.ID)
		if err != nil || len(list) != 1 || list[0].StateAt(now) != statements.StateMissing || list[0].Given() {
			t.Fatalf("the funder reads: %+v, %v", list, err)
		}
		if got, _ := w.apps.Get(w.as(w.funderStaff), late.ID); got.Status != applications.StatusStatementsRequested {
			t.Errorf("a missing statement moved the application on: %s", got.Status)
		}
	})
}

func TestAWithdrawnApplicationTakesNoStatement(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		a := w.submitted("Sprachcafé", "08111000")
		if _, err := w.apps.Withdraw(w.as(w.staff), a.ID, a.Revision); err != nil {
			t.Fatal(err)
		}
		_, err := w.svc.Give(w.as(w.stuttgart), a.ID, 0, good(statements.Supported))
		wantErr(t, "withdrawn", err, teilhabe.ECONFLICT, "statements.error.closed")
	})
}

func TestWhoReadsAStatement(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		w.ludwigsburgJoins()
		a := w.submitted("Deutsch im Quartier", "08111000", "08118016")
		if _, err := w.svc.Give(w.as(w.stuttgart), a.ID, 0, good(statements.Supported)); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			who  string
			ctx  context.Context
			want []string // the administrations whose statements they read
		}{
			{"the funder", w.as(w.funderStaff), []string{"Landkreis Ludwigsburg", "Stadt Stuttgart"}},
			{"Stuttgart", w.as(w.stuttgart), []string{"Stadt Stuttgart"}},
			{"Ludwigsburg", w.as(w.ludwigsburg), []string{"Landkreis Ludwigsburg"}},
			{"the provider", w.as(w.staff), nil},
		} {
			list, _, err := w.svc.OfApplication(c.ctx, a.ID)
			var got []string
			for _, s := range list {
				got = append(got, s.Municipality)
			}
			slices.Sort(got)
			if err != nil || !slices.Equal(got, c.want) {
				t.Errorf("%s reads %v, %v; want %v", c.who, got, err, c.want)
			}
		}
		for _, c := range []struct {
			who string
			ctx context.Context
		}{{"München", w.as(w.munich)}, {"another funder", w.as(w.otherFunder)}} {
			_, _, err := w.svc.OfApplication(c.ctx, a.ID)
			wantErr(t, c.who, err, teilhabe.ENOTFOUND, "")
			_, err = w.svc.Open(c.ctx, a.ID)
			wantErr(t, c.who+" opens", err, teilhabe.ENOTFOUND, "")
			_, _, missing := w.svc.OfApplication(c.ctx, a.ID+1000)
			if teilhabe.ErrorCode(missing) != teilhabe.ErrorCode(err) {
				t.Errorf("%s: an unknown id answers %v, a hidden one %v", c.who, missing, err)
			}
		}
	})
}

func TestCommissionerComparesACallsApplicationsInTheirRegions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		w.ludwigsburgJoins()
		both := w.submitted("Deutsch im Quartier", "08111000", "08118016")
		city := w.submitted("Sprachcafé Mitte", "08111000")
		w.submitted("Elterncafé Löchgau", "08118079")
		if _, err := w.svc.Give(w.as(w.stuttgart), city.ID, 0, good(statements.Conditional)); err != nil {
			t.Fatal(err)
		}
		c, err := w.svc.Compare(w.as(w.stuttgart), w.call.ID)
		if err != nil || c.Total != 2 || len(c.Rows) != 2 || c.Call.ID != w.call.ID {
			t.Fatalf("Stuttgart compares: %+v, %v", c, err)
		}
		byID := map[int64]statements.CompareRow{}
		for _, r := range c.Rows {
			byID[r.App.ID] = r
		}
		if r := byID[city.ID]; len(r.Mine) != 1 || r.Mine[0].Recommendation != statements.Conditional {
			t.Errorf("Stuttgart's own statement on the city project: %+v", r.Mine)
		}
		if r := byID[both.ID]; len(r.Mine) != 1 || r.Mine[0].Given() || r.Mine[0].Municipality != "Stadt Stuttgart" {
			t.Errorf("Stuttgart's own statement on the shared project: %+v", r.Mine)
		}
		if c, err := w.svc.Compare(w.as(w.ludwigsburg), w.call.ID); err != nil || c.Total != 2 || len(c.Rows) != 2 {
			t.Errorf("Ludwigsburg compares: %d rows, %v", len(c.Rows), err)
		}
		if c, err := w.svc.Compare(w.as(w.munich), w.call.ID); err != nil || len(c.Rows) != 0 {
			t.Errorf("München compares: %+v, %v", c.Rows, err)
		}
		_, err = w.svc.Compare(w.as(w.funderStaff), w.call.ID)
		wantErr(t, "the funder compares", err, teilhabe.EFORBIDDEN, "statements.error.not_commissioner")
		_, err = w.svc.Compare(w.as(w.stuttgart), w.call.ID+1000)
		wantErr(t, "an unknown call", err, teilhabe.ENOTFOUND, "")
	})
}
