package applications_test

import (
	"context"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// The use cases of package applications run here over the real store on both
// engines, each call acting as a user (storetest.As).

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

func eur(e int64) teilhabe.Cents { return teilhabe.Cents(e * 100) }

// world is a Land funder with a programme for language-course providers in
// Baden-Württemberg (Anteilfinanzierung, 10 % own share, at most 50,000 €) with an
// open call; two language-course providers and a welfare association, each with a
// member of staff; commissioners of Stuttgart and München; a platform admin.
type world struct {
	t                   *testing.T
	db                  *store.DB
	svc                 *applications.Service
	clock               *storetest.Clock
	programme           programmes.Programme
	call                programmes.Call
	funderStaff         accounts.User
	provider, other     accounts.Organisation
	welfare             accounts.Organisation
	staff, otherStaff   accounts.User
	welfareStaff        accounts.User
	stuttgart, muenchen accounts.User
	admin               accounts.User
}

func newWorld(t *testing.T, db *store.DB) *world {
	t.Helper()
	w := &world{t: t, db: db, svc: applications.NewService(db.Applications())}
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
	w.provider = org(accounts.Organisation{Kind: accounts.KindProvider, ProviderType: accounts.ProviderLanguageCourse, Name: "Sprachschule Neckar", RegionKey: "08111000"})
	w.other = org(accounts.Organisation{Kind: accounts.KindProvider, ProviderType: accounts.ProviderLanguageCourse, Name: "Lernwerk Ludwigsburg", RegionKey: "08118"})
	w.welfare = org(accounts.Organisation{Kind: accounts.KindProvider, ProviderType: accounts.ProviderWelfare, Name: "Caritas Test", RegionKey: "08111000"})
	w.staff = user("anna@neckar.example", w.provider, accounts.RoleProviderStaff)
	w.otherStaff = user("ben@lernwerk.example", w.other, accounts.RoleProviderStaff)
	w.welfareStaff = user("cem@caritas.example", w.welfare, accounts.RoleProviderStaff)
	w.stuttgart = user("ib@stuttgart.example", org(accounts.Organisation{Kind: accounts.KindMunicipality, Name: "Stadt Stuttgart", RegionKey: "08111000"}), accounts.RoleCommissioner)
	w.muenchen = user("ib@muenchen.example", org(accounts.Organisation{Kind: accounts.KindMunicipality, Name: "Stadt München", RegionKey: "09162"}), accounts.RoleCommissioner)
	w.admin = user("admin@platform.example", org(accounts.Organisation{Kind: accounts.KindPlatform, Name: "Betrieb"}), accounts.RolePlatformAdmin)

	now := w.clock.Now()
	spec := storetest.LanguageCourses(funder.ID, now)
	spec.Budgets = nil
	w.programme = storetest.OpenForApplications(t, db, w.clock, w.as(w.funderStaff), spec)
	w.call = w.programme.Calls[0]
	return w
}

func (w *world) as(u accounts.User) context.Context { return storetest.As(w.t, w.db, u.ID) }

// complete is an application that can be submitted: 40,000 € personnel and
// 8,000 € material costs with a 5 % flat rate (50,400 € in all), 10 % own funds,
// 5,040 € from a foundation and 40,320 € requested (80 %).
func complete() applications.Content {
	return applications.Content{Title: "Deutsch im Stadtteil", Description: "Kurse für Eltern in Bad Cannstatt.",
		RegionKeys: []string{"08111000"}, ActionFields: []string{"sprache"}, TargetGroups: []string{"familien"},
		PeriodStart: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), PeriodEnd: time.Date(2027, 8, 31, 0, 0, 0, 0, time.UTC),
		Outputs: []applications.Output{{Quantity: 60, Unit: "Kursplätze"}},
		Contact: applications.Contact{Name: "Anna Alt", Email: "anna@neckar.example"},
		Plan: applications.FinancePlan{Costs: map[applications.CostCategory]teilhabe.Cents{applications.CostPersonnel: eur(40000), applications.CostMaterial: eur(8000)},
			AdminRate: 500, OwnFunds: eur(5040), ThirdParty: []applications.ThirdParty{{Source: "Stiftung Bürgersinn", Amount: eur(5040)}}, Requested: eur(40320)}}
}
