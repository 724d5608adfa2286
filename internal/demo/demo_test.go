package demo_test

import (
	"context"
	"maps"
	"slices"
	"testing"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/audit"
	"github.com/teilhabe/teilhabe/internal/decisions"
	"github.com/teilhabe/teilhabe/internal/demo"
	"github.com/teilhabe/teilhabe/internal/reviews"
	"github.com/teilhabe/teilhabe/internal/statements"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
)

const (
	openProgramme   = "Sprachkurse im Alltag – Deutsch für Eltern und Neuzugewanderte"
	closedProgramme = "Kommunales Integrationsmanagement stärken"
)

// TestDemoPlaysTheProcedure loads the demo twice and finds the grant procedure in
// every state, as its people see it: the Land's staff the applications of both
// calls, the decisions and the reviews; Stuttgart's commissioner a statement still
// to give; the Land's reviewer her assignments. The second load adds nothing.
func TestDemoPlaysTheProcedure(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		logins, err := demo.Load(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(logins, func(l demo.Login) bool {
			return l.Email == "reviewer.bw@"+demo.EmailDomain && l.Role == string(accounts.RoleReviewer)
		}) {
			t.Error("the Land's reviewer is not among the demo logins")
		}
		as := func(local string) context.Context {
			t.Helper()
			u, err := db.Accounts().UserByEmail(ctx, local+"@"+demo.EmailDomain)
			if err != nil {
				t.Fatal(err)
			}
			return storetest.As(t, db, u.ID)
		}
		staff, reviewer, stuttgart := as("funder_staff.bw"), as("reviewer.bw"), as("commissioner")
		openCall, closedCall := callOf(t, db, openProgramme), callOf(t, db, closedProgramme)
		decs := decisions.NewService(db.Decisions())
		apps := applications.NewService(db.Applications())
		revs := reviews.NewService(db.Reviews())
		stmts := statements.NewService(db.MunicipalStatements())

		counts := func(call int64) map[applications.Status]int {
			t.Helper()
			pl, err := decs.Pipeline(staff, call)
			if err != nil {
				t.Fatal(err)
			}
			out := map[applications.Status]int{}
			for _, c := range pl.Counts {
				if c.Count > 0 {
					out[c.Status] = c.Count
				}
			}
			return out
		}
		open, closed := counts(openCall), counts(closedCall)
		wantOpen := map[applications.Status]int{applications.StatusDraft: 1, applications.StatusStatementsRequested: 1,
			applications.StatusStatementsReceived: 1, applications.StatusInReview: 2, applications.StatusWithdrawn: 1}
		wantClosed := map[applications.Status]int{applications.StatusApproved: 2, applications.StatusRejected: 1}
		if !maps.Equal(open, wantOpen) {
			t.Errorf("open call: %v, want %v", open, wantOpen)
		}
		if !maps.Equal(closed, wantClosed) {
			t.Errorf("closed call: %v, want %v", closed, wantClosed)
		}

		// The decisions: one approved in full, one with less and conditions, one rejected with a reason.
		decided, _, err := apps.List(staff, applications.Filter{CallID: closedCall})
		if err != nil {
			t.Fatal(err)
		}
		var full, reduced, rejected int
		for _, a := range decided {
			s, err := decs.Summary(staff, a.ID)
			if err != nil || s.Decision == nil {
				t.Fatalf("summary of %q: %v, %+v", a.Title, err, s.Decision)
			}
			d := s.Decision
			switch {
			case d.Outcome == decisions.Approved && d.Amount == a.Plan.Requested && d.Plan == nil:
				full++
			case d.Outcome == decisions.Approved && d.Amount < a.Plan.Requested && d.Plan != nil && d.Conditions != "":
				reduced++
			case d.Outcome == decisions.Rejected && d.Reason != "":
				rejected++
			}
			if n := len(s.Statements); n != 1 || s.Statements[0].Recommendation == "" {
				t.Errorf("%q: statements %+v, want the one asked, given", a.Title, s.Statements)
			}
			if _, n := s.Score(); n != 1 {
				t.Errorf("%q: %d reviews count, want the reviewer's", a.Title, n)
			}
		}
		if full != 1 || reduced != 1 || rejected != 1 {
			t.Errorf("decisions: %d approved in full, %d reduced with conditions, %d rejected with a reason; want one each", full, reduced, rejected)
		}

		// The reviews of the open call: one scored, one with a declared conflict.
		inReview, _, err := apps.List(staff, applications.Filter{CallID: openCall, Status: applications.StatusInReview})
		if err != nil {
			t.Fatal(err)
		}
		var scored, conflict int
		for _, a := range inReview {
			b, err := revs.Reviews(staff, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range b.Reviews {
				switch {
				case r.Conflict && r.ConflictReason != "":
					conflict++
				case r.HasWeighted && len(r.Scores) == len(b.Criteria) && len(b.Criteria) > 0:
					scored++
				}
			}
		}
		if scored != 1 || conflict != 1 {
			t.Errorf("reviews in the open call: %d scored, %d conflicts; want one each", scored, conflict)
		}

		// Stuttgart still has a statement to give; the Land's reviewer has assignments.
		asked, now, err := stmts.Asked(stuttgart)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(asked, func(it statements.Item) bool {
			return it.StateAt(now) == statements.StateOpen && it.Status == applications.StatusStatementsRequested
		}) {
			t.Errorf("Stuttgart has no statement to give: %+v", asked)
		}
		assigned, err := revs.Assigned(reviewer)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(assigned, func(a reviews.Assignment) bool { return a.Review == nil }) ||
			!slices.ContainsFunc(assigned, func(a reviews.Assignment) bool { return a.Review != nil && a.Review.HasWeighted }) {
			t.Errorf("the reviewer's assignments: want one to begin and one reviewed, got %d", len(assigned))
		}

		// Loaded again: the same logins, and nothing added.
		admin := as("platform_admin")
		newest := func() int64 {
			t.Helper()
			ev, err := audit.NewService(db.Audit()).List(admin, audit.Filter{Limit: 1})
			if err != nil || len(ev) == 0 {
				t.Fatalf("audit log: %v", err)
			}
			return ev[0].ID
		}
		last := newest()
		again, err := demo.Load(ctx, db)
		if err != nil {
			t.Fatalf("second load: %v", err)
		}
		if len(again) != len(logins) {
			t.Errorf("second load: %d logins, first %d", len(again), len(logins))
		}
		if got := newest(); got != last {
			t.Errorf("the second load wrote to the audit log: newest event %d, was %d", got, last)
		}
		if got := counts(openCall); !maps.Equal(got, open) {
			t.Errorf("open call after the second load: %v, was %v", got, open)
		}
		if got := counts(closedCall); !maps.Equal(got, closed) {
			t.Errorf("closed call after the second load: %v, was %v", got, closed)
		}
		if got, _, _ := stmts.Asked(stuttgart); len(got) != len(asked) {
			t.Errorf("Stuttgart asked %d statements after the second load, was %d", len(got), len(asked))
		}
		if got, _ := revs.Assigned(reviewer); len(got) != len(assigned) {
			t.Errorf("the reviewer has %d assignments after the second load, was %d", len(got), len(assigned))
		}
	})
}

// callOf returns the first call of the Land's demo programme with that title.
func callOf(t *testing.T, db *store.DB, title string) int64 {
	t.Helper()
	ctx := context.Background()
	orgs, err := db.Accounts().Organisations(ctx, accounts.OrganisationFilter{Name: "Landesförderstelle Integration Baden-Württemberg (Demo)"})
	if err != nil || len(orgs) != 1 {
		t.Fatalf("the Land's funder: %v", err)
	}
	progs, err := db.Programmes().ProgrammesOfFunders(ctx, []int64{orgs[0].ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range progs {
		if p.Title == title {
			full, err := db.Programmes().Programme(ctx, p.ID)
			if err != nil || len(full.Calls) == 0 {
				t.Fatalf("calls of %q: %v", title, err)
			}
			return full.Calls[0].ID
		}
	}
	t.Fatalf("no demo programme %q", title)
	return 0
}
