package reviews_test

import (
	"context"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/reviews"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// The use cases of package reviews run here over the real store on both engines,
// each call acting as a user (storetest.As).

var bundle = func() *i18n.Bundle {
	b, err := i18n.New()
	if err != nil {
		panic(err)
	}
	return b
}()

func say(lang string, err error) string {
	msg, _ := bundle.For(lang).Error(err)
	return msg
}

func wantErr(t *testing.T, what string, err error, code, id string) {
	t.Helper()
	e := teilhabe.AsError(err)
	if e == nil || e.Code != code || (id != "" && e.MessageID() != id) {
		t.Fatalf("%s: %v; want %s %s", what, err, code, id)
	}
}

// world is a Land funder with an open call of a programme for language-course
// providers, its staff and a reviewer of its own; a research institute's
// reviewer; another funder's staff; a provider with two submitted applications;
// Stuttgart's commissioner; a platform admin.
type world struct {
	t                 *testing.T
	db                *store.DB
	svc               *reviews.Service
	apps              *applications.Service
	programme         programmes.Programme
	call              programmes.Call
	funderStaff       accounts.User
	otherFunder       accounts.User
	rita, rolf        accounts.User // reviewers
	notReviewer       accounts.User // funder staff without the reviewer role
	staff, commission accounts.User
	admin             accounts.User
	app, second       applications.Application // submitted to the call
}

func newWorld(t *testing.T, db *store.DB) *world {
	t.Helper()
	w := &world{t: t, db: db, svc: reviews.NewService(db.Reviews()), apps: applications.NewService(db.Applications())}
	clock := storetest.NewClock(db, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	if _, err := storetest.ImportRegions(storetest.System(), db, storetest.Regions(), "t"); err != nil {
		t.Fatal(err)
	}
	org := func(o accounts.Organisation) accounts.Organisation { return storetest.Organisation(t, db, o) }
	user := func(email string, o accounts.Organisation, r accounts.Role) accounts.User {
		return storetest.User(t, db, accounts.NewUser{Email: email, Name: email, Locale: "de"}, accounts.Membership{Organisation: o, Role: r})
	}
	funder := org(accounts.Organisation{Kind: accounts.KindFunder, FunderLevel: accounts.FunderLand, Name: "Landesförderstelle"})
	w.funderStaff = user("staff@land.example", funder, accounts.RoleFunderStaff)
	w.rita = user("rita@land.example", funder, accounts.RoleReviewer)
	w.rolf = user("rolf@institut.example", org(accounts.Organisation{Kind: accounts.KindResearch, Name: "Institut für Teilhabe"}), accounts.RoleReviewer)
	bund := org(accounts.Organisation{Kind: accounts.KindFunder, FunderLevel: accounts.FunderBund, Name: "Bundesstelle"})
	w.otherFunder = user("staff@bund.example", bund, accounts.RoleFunderStaff)
	w.notReviewer = user("nina@bund.example", bund, accounts.RoleFunderStaff)
	provider := org(accounts.Organisation{Kind: accounts.KindProvider, ProviderType: accounts.ProviderLanguageCourse, Name: "Sprachschule Neckar", RegionKey: "08111000"})
	w.staff = user("anna@neckar.example", provider, accounts.RoleProviderStaff)
	w.commission = user("ib@stuttgart.example", org(accounts.Organisation{Kind: accounts.KindMunicipality, Name: "Stadt Stuttgart", RegionKey: "08111000"}), accounts.RoleCommissioner)
	w.admin = user("admin@platform.example", org(accounts.Organisation{Kind: accounts.KindPlatform, Name: "Betrieb"}), accounts.RolePlatformAdmin)

	progs := programmes.NewService(db.Programmes())
	fctx := w.as(w.funderStaff)
	now := clock.Now()
	p, err := progs.Create(fctx, programmes.Programme{FunderID: funder.ID, Title: "Sprachkurse im Alltag", Summary: "Deutsch für Eltern.",
		Sections:     []programmes.Section{{Heading: "Ziel", Body: "Eltern lernen Deutsch."}},
		ActionFields: []string{"sprache"}, ProviderTypes: []accounts.ProviderType{accounts.ProviderLanguageCourse}, RegionKeys: []string{"08"},
		FundingKind: programmes.FundingProject, FinancingType: programmes.FinancingShare, OwnShare: 1000, MaxGrant: 5_000_000,
		PeriodStart: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), PeriodEnd: time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC),
		Calls: []programmes.Call{{Title: "Aufruf 2026", OpensAt: now, ClosesAt: time.Date(2026, 3, 31, 22, 0, 0, 0, time.UTC)}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := progs.OpenConsultation(fctx, p.ID, programmes.Consultation{Regions: []string{"08"}, Deadline: now.Add(time.Hour)}, 0); err != nil {
		t.Fatal(err)
	}
	clock.Advance(2 * time.Hour)
	for _, s := range []programmes.Status{programmes.StatusPublished, programmes.StatusApplications} {
		if _, err := progs.SetStatus(fctx, p.ID, s, 0); err != nil {
			t.Fatal(err)
		}
	}
	v, err := progs.Programme(fctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	w.programme, w.call = v.Programme, v.Programme.Calls[0]
	w.app, w.second = w.submitted("Deutsch im Stadtteil"), w.submitted("Elterncafé")
	return w
}

func (w *world) as(u accounts.User) context.Context { return storetest.As(w.t, w.db, u.ID) }

// submitted is a complete application of the provider, submitted to the call.
func (w *world) submitted(title string) applications.Application {
	w.t.Helper()
	eur := func(e int64) teilhabe.Cents { return teilhabe.Cents(e * 100) }
	ctx := w.as(w.staff)
	a, err := w.apps.Create(ctx, w.call.ID, 0, applications.Content{Title: title, Description: "Kurse für Eltern in Bad Cannstatt.",
		RegionKeys: []string{"08111000"}, ActionFields: []string{"sprache"}, TargetGroups: []string{"familien"},
		PeriodStart: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), PeriodEnd: time.Date(2027, 8, 31, 0, 0, 0, 0, time.UTC),
		Outputs: []applications.Output{{Quantity: 60, Unit: "Kursplätze"}},
		Contact: applications.Contact{Name: "Anna Alt", Email: "anna@neckar.example"},
		Plan: applications.FinancePlan{Costs: map[applications.CostCategory]teilhabe.Cents{applications.CostPersonnel: eur(40000), applications.CostMaterial: eur(8000)},
			AdminRate: 500, OwnFunds: eur(5040), ThirdParty: []applications.ThirdParty{{Source: "Stiftung Bürgersinn", Amount: eur(5040)}}, Requested: eur(40320)}})
	if err != nil {
		w.t.Fatal(err)
	}
	if a, err = w.apps.Submit(ctx, a.ID, a.Revision); err != nil {
		w.t.Fatal(err)
	}
	return a
}

// setStatus moves an application as the decision would, which is not this
// package's use case.
func (w *world) setStatus(id int64, s applications.Status) {
	w.t.Helper()
	err := w.db.Update(storetest.System(), func(tx *store.Tx) error {
		_, err := tx.ExecContext(context.Background(), `UPDATE applications SET status = $1 WHERE id = $2`, string(s), id)
		return err
	})
	if err != nil {
		w.t.Fatal(err)
	}
}

// setUp sets up the criteria and assigns both reviewers.
func (w *world) setUp() []reviews.Criterion {
	w.t.Helper()
	list := w.criteria()
	for _, u := range []accounts.User{w.rita, w.rolf} {
		if _, err := w.svc.Assign(w.as(w.funderStaff), w.call.ID, 0, u.Email); err != nil {
			w.t.Fatal(err)
		}
	}
	return list
}

// criteria sets up Bedarf (weight 2) and Konzept (weight 1).
func (w *world) criteria() []reviews.Criterion {
	w.t.Helper()
	ctx := w.as(w.funderStaff)
	list, err := w.svc.SaveCriteria(ctx, w.call.ID, []reviews.CriterionInput{{Name: "Bedarf", Description: "Ist der Bedarf belegt?", Weight: 2}, {Name: "Konzept", Weight: 1}})
	if err != nil {
		w.t.Fatal(err)
	}
	return list
}
