package statements_test

import (
	"context"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/statements"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// The use cases of package statements run here over the real store on both
// engines, with applications submitted through their own use cases, so that the
// statements are asked as in real use.

func eur(e int64) teilhabe.Cents { return teilhabe.Cents(e * 100) }

func wantErr(t *testing.T, what string, err error, code, id string) {
	t.Helper()
	e := teilhabe.AsError(err)
	if e == nil || e.Code != code || (id != "" && e.MessageID() != id) {
		t.Fatalf("%s: %v; want %s %s", what, err, code, id)
	}
}

// world is a Land funder with a programme for Baden-Württemberg whose open call
// gives 14 days for statements; a provider; Stadt Stuttgart with two
// commissioners (one reads English); Landkreis Ludwigsburg, whose commissioner
// joins only when w.ludwigsburgJoins is called; Landeshauptstadt München's
// commissioner; a second funder's staff.
type world struct {
	t              *testing.T
	db             *store.DB
	svc            *statements.Service
	apps           *applications.Service
	clock          *storetest.Clock
	programme      programmes.Programme
	call           programmes.Call
	funderStaff    accounts.User
	otherFunder    accounts.User
	staff          accounts.User
	stuttgartOrg   accounts.Organisation
	stuttgart      accounts.User
	stuttgartEn    accounts.User
	ludwigsburgOrg accounts.Organisation
	ludwigsburg    accounts.User
	munich         accounts.User
}

func newWorld(t *testing.T, db *store.DB) *world {
	t.Helper()
	w := &world{t: t, db: db, svc: statements.NewService(db.MunicipalStatements()), apps: applications.NewService(db.Applications())}
	w.clock = storetest.NewClock(db, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	if _, err := storetest.ImportRegions(storetest.System(), db, storetest.Regions(), "t"); err != nil {
		t.Fatal(err)
	}
	org := func(o accounts.Organisation) accounts.Organisation { return storetest.Organisation(t, db, o) }
	user := func(email, locale string, o accounts.Organisation, r accounts.Role) accounts.User {
		return storetest.User(t, db, accounts.NewUser{Email: email, Name: email, Locale: locale}, accounts.Membership{Organisation: o, Role: r})
	}
	funder := org(accounts.Organisation{Kind: accounts.KindFunder, FunderLevel: accounts.FunderLand, Name: "Landesförderstelle"})
	w.funderStaff = user("staff@land.example", "de", funder, accounts.RoleFunderStaff)
	w.otherFunder = user("staff@stiftung.example", "de", org(accounts.Organisation{Kind: accounts.KindFunder, FunderLevel: accounts.FunderFoundation, Name: "Stiftung"}), accounts.RoleFunderStaff)
	provider := org(accounts.Organisation{Kind: accounts.KindProvider, ProviderType: accounts.ProviderLanguageCourse, Name: "Sprachschule Neckar", RegionKey: "08111000"})
	w.staff = user("anna@neckar.example", "de", provider, accounts.RoleProviderStaff)
	w.stuttgartOrg = org(accounts.Organisation{Kind: accounts.KindMunicipality, Name: "Stadt Stuttgart", RegionKey: "08111000"})
	w.stuttgart = user("ib@stuttgart.example", "de", w.stuttgartOrg, accounts.RoleCommissioner)
	w.stuttgartEn = user("deputy@stuttgart.example", "en", w.stuttgartOrg, accounts.RoleCommissioner)
	w.ludwigsburgOrg = org(accounts.Organisation{Kind: accounts.KindMunicipality, Name: "Landkreis Ludwigsburg", RegionKey: "08118"})
	w.munich = user("ib@muenchen.example", "de", org(accounts.Organisation{Kind: accounts.KindMunicipality, Name: "Landeshauptstadt München", RegionKey: "09162"}), accounts.RoleCommissioner)

	now := w.clock.Now()
	spec := storetest.LanguageCourses(funder.ID, now)
	w.programme = storetest.OpenForApplications(t, db, w.clock, w.as(w.funderStaff), spec)
	w.call = w.programme.Calls[0]
	w.exec(`INSERT INTO call_settings (call_id, statement_days, updated_at) VALUES ($1, $2, $3)`, w.call.ID, 14, now)
	return w
}

// ludwigsburgJoins gives Landkreis Ludwigsburg its commissioner.
func (w *world) ludwigsburgJoins() {
	w.ludwigsburg = storetest.User(w.t, w.db, accounts.NewUser{Email: "ib@lrabw.example", Name: "Lea Kreis", Locale: "de"},
		accounts.Membership{Organisation: w.ludwigsburgOrg, Role: accounts.RoleCommissioner})
}

func (w *world) as(u accounts.User) context.Context { return storetest.As(w.t, w.db, u.ID) }

func (w *world) exec(query string, args ...any) {
	w.t.Helper()
	err := w.db.Update(context.Background(), func(tx *store.Tx) error {
		_, err := tx.ExecContext(context.Background(), query, args...)
		return err
	})
	if err != nil {
		w.t.Fatalf("%s: %v", query, err)
	}
}

func (w *world) count(query string, args ...any) int {
	w.t.Helper()
	var n int
	if err := w.db.Reader().QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		w.t.Fatalf("%s: %v", query, err)
	}
	return n
}

// submitted is an application of the provider serving the regions, submitted
// with a balanced plan of 10 % own funds.
func (w *world) submitted(title string, regionKeys ...string) applications.Application {
	w.t.Helper()
	ctx := w.as(w.staff)
	requested := eur(18000)
	own := (requested + 8) / 9
	c := applications.Content{Title: title, Description: "Kurse für Eltern.", RegionKeys: regionKeys, ActionFields: []string{"sprache"},
		PeriodStart: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), PeriodEnd: time.Date(2027, 8, 31, 0, 0, 0, 0, time.UTC),
		Outputs: []applications.Output{{Quantity: 60, Unit: "Kursplätze"}}, Contact: applications.Contact{Name: "Anna", Email: "anna@neckar.example"},
		Plan: applications.FinancePlan{Costs: map[applications.CostCategory]teilhabe.Cents{applications.CostPersonnel: requested + own},
			OwnFunds: own, Requested: requested}}
	a, err := w.apps.Create(ctx, w.call.ID, 0, c)
	if err != nil {
		w.t.Fatalf("create %s: %v", title, err)
	}
	if a, err = w.apps.Submit(ctx, a.ID, a.Revision); err != nil {
		w.t.Fatalf("submit %s: %v", title, err)
	}
	return a
}

// good is a complete statement.
func good(rec statements.Recommendation) statements.Input {
	in := statements.Input{StrategyFit: "Passt zum Handlungsfeld Sprache der Integrationsstrategie 2025.",
		Overlap: "Kein vergleichbares Angebot im Stadtbezirk.", Recommendation: rec, Text: "Wir befürworten das Vorhaben."}
	if rec == statements.Conditional {
		in.Conditions = "Abstimmung mit dem Elternseminar der Stadt."
	}
	return in
}
