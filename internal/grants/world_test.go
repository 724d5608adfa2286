package grants_test

import (
	"context"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/decisions"
	"github.com/teilhabe/teilhabe/internal/grants"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// The grants' use cases run over the real store on both engines, on a grant made
// the way users make one: an application to a Land programme (Anteilfinanzierung,
// 10 % own share), submitted, reviewed and approved by the funder's staff.

func eur(e int64) teilhabe.Cents { return teilhabe.Cents(e * 100) }

func wantErr(t *testing.T, what string, err error, code, id string) {
	t.Helper()
	e := teilhabe.AsError(err)
	if e == nil || e.Code != code || (id != "" && e.MessageID() != id) {
		t.Fatalf("%s: %v; want %s %s", what, err, code, id)
	}
}

type world struct {
	t                      *testing.T
	db                     *store.DB
	svc                    *grants.Service
	clock                  *storetest.Clock
	programme              programmes.Programme
	funderStaff, reviewer  accounts.User
	staff, otherStaff      accounts.User
	stuttgart, ludwigsburg accounts.User
	otherFunder            accounts.User
	provider               accounts.Organisation
}

func newWorld(t *testing.T, db *store.DB) *world {
	t.Helper()
	w := &world{t: t, db: db, svc: grants.NewService(db.Grants())}
	w.clock = storetest.NewClock(db, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	if _, err := storetest.ImportRegions(storetest.System(), db, storetest.Regions(), "t"); err != nil {
		t.Fatal(err)
	}
	org := func(o accounts.Organisation) accounts.Organisation { return storetest.Organisation(t, db, o) }
	user := func(email string, o accounts.Organisation, r accounts.Role) accounts.User {
		return storetest.User(t, db, accounts.NewUser{Email: email, Name: email, Locale: "de"}, accounts.Membership{Organisation: o, Role: r})
	}
	funder := org(accounts.Organisation{Kind: accounts.KindFunder, FunderLevel: accounts.FunderLand, Name: "Landesförderstelle"})
	w.funderStaff = user("staff@land.example", funder, accounts.RoleFunderStaff)
	w.reviewer = user("gutachter@land.example", funder, accounts.RoleReviewer)
	w.otherFunder = user("staff@stiftung.example", org(accounts.Organisation{Kind: accounts.KindFunder, FunderLevel: accounts.FunderFoundation, Name: "Stiftung"}), accounts.RoleFunderStaff)
	w.provider = org(accounts.Organisation{Kind: accounts.KindProvider, ProviderType: accounts.ProviderLanguageCourse, Name: "Sprachschule Neckar", RegionKey: "08111000"})
	w.staff = storetest.User(t, db, accounts.NewUser{Email: "anna@neckar.example", Name: "Anna", Locale: "en"}, accounts.Membership{Organisation: w.provider, Role: accounts.RoleProviderStaff})
	other := org(accounts.Organisation{Kind: accounts.KindProvider, ProviderType: accounts.ProviderLanguageCourse, Name: "Lernwerk", RegionKey: "08118"})
	w.otherStaff = user("ben@lernwerk.example", other, accounts.RoleProviderStaff)
	w.stuttgart = user("ib@stuttgart.example", org(accounts.Organisation{Kind: accounts.KindMunicipality, Name: "Stadt Stuttgart", RegionKey: "08111000"}), accounts.RoleCommissioner)
	w.ludwigsburg = user("ib@lb.example", org(accounts.Organisation{Kind: accounts.KindMunicipality, Name: "Landkreis Ludwigsburg", RegionKey: "08118"}), accounts.RoleCommissioner)

	w.programme = storetest.OpenForApplications(t, db, w.clock, w.as(w.funderStaff), storetest.LanguageCourses(funder.ID, w.clock.Now()))
	return w
}

func (w *world) as(u accounts.User) context.Context { return storetest.As(w.t, w.db, u.ID) }

// approved is the provider's application for requested € (with a tenth of the
// costs as own funds), submitted, in review and approved with amount € (below
// requested: with the reduced plan) and conditions; it returns the grant.
func (w *world) approved(title string, requested, amount int64) grants.Grant {
	w.t.Helper()
	apps, decide := applications.NewService(w.db.Applications()), decisions.NewService(w.db.Decisions())
	plan := func(grant int64) *applications.FinancePlan {
		own := (eur(grant) + 8) / 9
		return &applications.FinancePlan{Costs: map[applications.CostCategory]teilhabe.Cents{applications.CostPersonnel: eur(grant) + own},
			OwnFunds: own, Requested: eur(grant)}
	}
	c := applications.Content{Title: title, Description: "Kurse für Eltern.", RegionKeys: []string{"08111000"}, ActionFields: []string{"sprache"},
		PeriodStart: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), PeriodEnd: time.Date(2027, 8, 31, 0, 0, 0, 0, time.UTC),
		Outputs: []applications.Output{{Quantity: 60, Unit: "Kursplätze"}}, Contact: applications.Contact{Name: "Anna", Email: "anna@neckar.example"},
		Plan: *plan(requested)}
	ctx := w.as(w.staff)
	a, err := apps.Create(ctx, w.programme.Calls[0].ID, 0, c)
	if err == nil {
		a, err = apps.Submit(ctx, a.ID, a.Revision)
	}
	if err == nil {
		a, err = decide.StartReview(w.as(w.funderStaff), a.ID, a.Revision)
	}
	if err != nil {
		w.t.Fatalf("application %s: %v", title, err)
	}
	in := decisions.Input{Outcome: decisions.Approved, Amount: eur(amount), Conditions: "Teilnehmerlisten führen."}
	if amount < requested {
		in.Plan = plan(amount)
	}
	if _, err := decide.Decide(w.as(w.funderStaff), a.ID, in); err != nil {
		w.t.Fatalf("approve %s: %v", title, err)
	}
	list, _, err := w.svc.List(storetest.System(), grants.Filter{})
	if err != nil {
		w.t.Fatal(err)
	}
	for _, g := range list {
		if g.ApplicationID == a.ID {
			return g
		}
	}
	w.t.Fatalf("no grant for the approval of %s", title)
	return grants.Grant{}
}
