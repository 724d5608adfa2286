package applications_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/audit"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

func TestApplicationFromDraftToWithdrawal(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		ctx := w.as(w.staff)
		// A draft may be incomplete: a title is enough to keep it.
		a, err := w.svc.Create(ctx, w.call.ID, 0, applications.Content{Title: "  Deutsch im Stadtteil "})
		if err != nil || a.Status != applications.StatusDraft || a.ProviderID != w.provider.ID || a.Title != "Deutsch im Stadtteil" || a.Revision != 1 {
			t.Fatalf("draft = %+v, %v", a, err)
		}
		_, err = w.svc.Create(ctx, w.call.ID, 0, applications.Content{})
		wantErr(t, "draft without title", err, teilhabe.EINVALID, "applications.error.invalid")

		// Submitting the incomplete draft names every gap at once and changes nothing.
		_, err = w.svc.Submit(ctx, a.ID, a.Revision)
		wantErr(t, "incomplete submission", err, teilhabe.EINVALID, "applications.error.incomplete")
		var got []string
		for _, f := range teilhabe.AsError(err).Fields {
			got = append(got, f.Field)
		}
		for _, f := range []string{"description", "regions", "action_fields", "period_start", "outputs", "contact_name", "contact_email", "finance_plan.costs", "finance_plan.requested"} {
			if !slices.Contains(got, f) {
				t.Errorf("incomplete submission does not name %s: %v", f, got)
			}
		}
		if cur, _ := w.svc.Get(ctx, a.ID); cur.Status != applications.StatusDraft || cur.Revision != 1 {
			t.Fatalf("after the refused submission: %s, revision %d", cur.Status, cur.Revision)
		}

		// Finished in a second session; a save on a stale revision is refused.
		a, err = w.svc.Save(ctx, a.ID, a.Revision, complete())
		if err != nil || a.Revision != 2 || a.Plan.TotalCosts() != eur(50400) {
			t.Fatalf("save: %+v, %v", a, err)
		}
		_, err = w.svc.Save(ctx, a.ID, 1, complete())
		wantErr(t, "stale save", err, teilhabe.ECONFLICT, "applications.error.changed")
		reread, err := w.svc.Get(ctx, a.ID)
		if err != nil || reread.Plan.Requested != eur(40320) || reread.Plan.ThirdParty[0].Source != "Stiftung Bürgersinn" || !slices.Equal(reread.RegionKeys, []string{"08111000"}) ||
			reread.PeriodStart.Format(time.DateOnly) != "2026-09-01" || reread.Outputs[0].Quantity != 60 || reread.CallTitle != "Aufruf 2026" {
			t.Fatalf("reread: %+v, %v", reread, err)
		}

		// Stuttgart has an integration commissioner: submitting asks for their statement.
		a, err = w.svc.Submit(ctx, a.ID, a.Revision)
		if err != nil || a.Status != applications.StatusStatementsRequested || a.SubmittedAt.IsZero() {
			t.Fatalf("submit: %+v, %v", a, err)
		}
		// Frozen: no more changes, no second submission.
		_, err = w.svc.Save(ctx, a.ID, 0, complete())
		wantErr(t, "save after submission", err, teilhabe.ECONFLICT, "applications.error.frozen")
		_, err = w.svc.Submit(ctx, a.ID, 0)
		wantErr(t, "second submission", err, teilhabe.ECONFLICT, "applications.error.transition")

		a, err = w.svc.Withdraw(ctx, a.ID, a.Revision)
		if err != nil || a.Status != applications.StatusWithdrawn {
			t.Fatalf("withdraw: %+v, %v", a, err)
		}
		_, err = w.svc.Withdraw(ctx, a.ID, 0)
		wantErr(t, "second withdrawal", err, teilhabe.ECONFLICT, "applications.error.transition")
		if msg := say("de", err); msg != "Ein Antrag im Status „zurückgezogen“ kann nicht in den Status „zurückgezogen“ wechseln." {
			t.Errorf("German: %q", msg)
		}

		events, err := db.Audit().Events(context.Background(), audit.Filter{Entity: "application"})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range events {
			actions = append(actions, e.Action+" by "+e.Actor)
		}
		slices.Sort(actions)
		if want := []string{"create by anna@neckar.example", "submit by anna@neckar.example", "update by anna@neckar.example", "withdraw by anna@neckar.example"}; !slices.Equal(actions, want) {
			t.Errorf("audit = %v", actions)
		}
	})
}

func TestSubmissionIsJudgedByTheServersClockInBerlin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		ctx := w.as(w.staff)
		a, err := w.svc.Create(ctx, w.call.ID, 0, complete())
		if err != nil {
			t.Fatal(err)
		}
		// The call closes at 31 March 2026, 24:00 in Berlin (22:00 UTC, summer time).
		w.clock.Set(w.call.ClosesAt)
		_, err = w.svc.Submit(ctx, a.ID, a.Revision)
		wantErr(t, "late submission", err, teilhabe.ECONFLICT, "applications.error.call_closed")
		if msg := say("de", err); !strings.Contains(msg, "01.04.2026, 00:00 Uhr") {
			t.Errorf("late submission says %q", msg)
		}
		if cur, _ := w.svc.Get(ctx, a.ID); cur.Status != applications.StatusDraft || cur.Revision != a.Revision {
			t.Errorf("a late submission changed the application: %s, revision %d", cur.Status, cur.Revision)
		}
		_, err = w.svc.Create(ctx, w.call.ID, 0, complete())
		wantErr(t, "draft after the deadline", err, teilhabe.ECONFLICT, "applications.error.call_closed")

		w.clock.Set(w.call.ClosesAt.Add(-time.Second))
		if a, err = w.svc.Submit(ctx, a.ID, a.Revision); err != nil || a.Status != applications.StatusStatementsRequested {
			t.Fatalf("a second before the deadline: %+v, %v", a, err)
		}
	})
}

func TestOnlyEligibleProvidersApply(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		_, err := w.svc.Create(w.as(w.welfareStaff), w.call.ID, 0, complete())
		wantErr(t, "welfare association", err, teilhabe.EFORBIDDEN, "applications.error.not_eligible")
		_, err = w.svc.Create(w.as(w.stuttgart), w.call.ID, 0, complete())
		wantErr(t, "commissioner", err, teilhabe.EFORBIDDEN, "applications.error.not_provider")
		_, err = w.svc.Create(context.Background(), w.call.ID, 0, complete())
		wantErr(t, "anonymous", err, teilhabe.EUNAUTHORIZED, "")
		_, err = w.svc.Create(w.as(w.staff), w.call.ID, w.other.ID, complete())
		wantErr(t, "for another provider", err, teilhabe.EFORBIDDEN, "applications.error.not_provider")
		_, err = w.svc.Create(w.as(w.staff), 999999, 0, complete())
		wantErr(t, "unknown call", err, teilhabe.ENOTFOUND, "applications.error.call_unknown")
		bad := complete()
		bad.RegionKeys = []string{"08111000", "99999"}
		_, err = w.svc.Create(w.as(w.staff), w.call.ID, 0, bad)
		wantErr(t, "unknown region", err, teilhabe.EINVALID, "applications.error.invalid")
		if f := teilhabe.AsError(err).Fields; len(f) != 1 || f[0].Field != "regions" || bundle.For("en").FieldError(f[0]) != "These regions do not exist: 99999." {
			t.Errorf("fields = %+v", f)
		}
	})
}

func TestEachRoleSeesOnlyItsApplications(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		mine, err := w.svc.Create(w.as(w.staff), w.call.ID, 0, complete())
		if err != nil {
			t.Fatal(err)
		}
		theirs := complete()
		theirs.RegionKeys = []string{"08118016"}
		other, err := w.svc.Create(w.as(w.otherStaff), w.call.ID, 0, theirs)
		if err != nil {
			t.Fatal(err)
		}
		sees := func(u accounts.User) []int64 {
			t.Helper()
			list, total, err := w.svc.List(w.as(u), applications.Filter{})
			if err != nil || total != len(list) {
				t.Fatalf("%s: %d of %d, %v", u.Email, len(list), total, err)
			}
			var ids []int64
			for _, a := range list {
				if _, err := w.svc.Get(w.as(u), a.ID); err != nil {
					t.Errorf("%s lists %d but cannot open it: %v", u.Email, a.ID, err)
				}
				ids = append(ids, a.ID)
			}
			slices.Sort(ids)
			return ids
		}
		hidden := func(u accounts.User, id int64) {
			t.Helper()
			_, err := w.svc.Get(w.as(u), id)
			_, missing := w.svc.Get(w.as(u), 987654)
			if err == nil || say("de", err) != say("de", missing) || teilhabe.ErrorCode(err) != teilhabe.ENOTFOUND {
				t.Errorf("%s opens %d: %v (missing: %v)", u.Email, id, err, missing)
			}
			_, err = w.svc.Withdraw(w.as(u), id, 0)
			wantErr(t, u.Email+" withdraws", err, teilhabe.ENOTFOUND, "applications.error.not_found")
		}
		// Drafts belong to their provider alone.
		for _, c := range []struct {
			u    accounts.User
			want []int64
		}{{w.staff, []int64{mine.ID}}, {w.otherStaff, []int64{other.ID}}, {w.funderStaff, nil}, {w.stuttgart, nil}, {w.admin, nil}, {w.welfareStaff, nil}} {
			if got := sees(c.u); !slices.Equal(got, c.want) {
				t.Errorf("drafts: %s sees %v, want %v", c.u.Email, got, c.want)
			}
		}
		hidden(w.otherStaff, mine.ID)
		hidden(w.funderStaff, mine.ID)
		hidden(w.admin, mine.ID)
		for _, x := range []struct {
			u  accounts.User
			id int64
		}{{w.staff, mine.ID}, {w.otherStaff, other.ID}} {
			if _, err := w.svc.Submit(w.as(x.u), x.id, 0); err != nil {
				t.Fatal(err)
			}
		}
		// Submitted: the funder sees both, Stuttgart's commissioner the one serving
		// Stuttgart, München's none; other providers and platform admins still none.
		both := []int64{mine.ID, other.ID}
		slices.Sort(both)
		for _, c := range []struct {
			u    accounts.User
			want []int64
		}{{w.staff, []int64{mine.ID}}, {w.funderStaff, both}, {w.stuttgart, []int64{mine.ID}}, {w.muenchen, nil}, {w.admin, nil}, {w.welfareStaff, nil}} {
			if got := sees(c.u); !slices.Equal(got, c.want) {
				t.Errorf("submitted: %s sees %v, want %v", c.u.Email, got, c.want)
			}
		}
		hidden(w.muenchen, mine.ID)
		hidden(w.stuttgart, other.ID)
		hidden(w.admin, other.ID)
		// Readers cannot act for the provider.
		_, err = w.svc.Withdraw(w.as(w.funderStaff), mine.ID, 0)
		wantErr(t, "funder withdraws", err, teilhabe.EFORBIDDEN, "")
		if list, total, err := w.svc.List(w.as(w.funderStaff), applications.Filter{CallID: w.call.ID, Limit: 1}); err != nil || total != 2 || len(list) != 1 {
			t.Errorf("a page of one: %d of %d, %v", len(list), total, err)
		}
		_, _, err = w.svc.List(w.as(w.funderStaff), applications.Filter{Status: "bogus"})
		wantErr(t, "unknown status", err, teilhabe.EINVALID, "applications.error.invalid")
	})
}

func TestOfTwoSavesOnOneRevisionOneWins(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		a, err := w.svc.Create(w.as(w.staff), w.call.ID, 0, complete())
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c := complete()
				c.Title = []string{"Erste Fassung", "Zweite Fassung"}[i]
				_, errs[i] = w.svc.Save(w.as(w.staff), a.ID, a.Revision, c)
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
			} else {
				wantErr(t, "the loser", err, teilhabe.ECONFLICT, "applications.error.changed")
			}
		}
		if cur, _ := w.svc.Get(w.as(w.staff), a.ID); ok != 1 || cur.Revision != a.Revision+1 {
			t.Errorf("%d winners, revision %d", ok, cur.Revision)
		}
	})
}

func TestACallWithApplicationsStays(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		if _, err := w.svc.Create(w.as(w.staff), w.call.ID, 0, complete()); err != nil {
			t.Fatal(err)
		}
		progs := programmes.NewService(db.Programmes())
		p := w.programme
		p.Calls = []programmes.Call{{Title: "Neuer Aufruf", OpensAt: w.clock.Now(), ClosesAt: w.clock.Now().Add(24 * time.Hour)}}
		_, err := progs.Update(w.as(w.funderStaff), p.ID, p, "Aufruf ersetzt", 0)
		wantErr(t, "removing the call", err, teilhabe.EINVALID, "programme.error.call_has_applications")
		if f := teilhabe.AsError(err).Fields; len(f) != 1 || !strings.Contains(bundle.For("de").FieldError(f[0]), "„Aufruf 2026“ hat schon Anträge (1)") {
			t.Errorf("fields = %+v", f)
		}
		v, err := progs.Programme(w.as(w.funderStaff), p.ID)
		if err != nil || len(v.Programme.Calls) != 1 || v.Programme.Calls[0].ID != w.call.ID || v.Programme.Version != w.programme.Version {
			t.Errorf("after the refused change: %+v, %v", v.Programme.Calls, err)
		}
	})
}
