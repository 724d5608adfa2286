package decisions_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/decisions"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// The use cases of package decisions run here over the real store on both engines.
// Statements and reviews are written by capabilities of their own; the fixtures
// insert their rows with plain SQL, as those would leave them.

func eur(e int64) teilhabe.Cents { return teilhabe.Cents(e * 100) }

func wantErr(t *testing.T, what string, err error, code, id string) {
	t.Helper()
	e := teilhabe.AsError(err)
	if e == nil || e.Code != code || (id != "" && e.MessageID() != id) {
		t.Fatalf("%s: %v; want %s %s", what, err, code, id)
	}
}

// world is a Land funder with a programme for language-course providers (10 % own
// share, Anteilfinanzierung) whose open call has a budget of 100,000 €; two
// providers with a member of staff each; a second funder's staff; Stuttgart's
// commissioner; a reviewer.
type world struct {
	t                 *testing.T
	db                *store.DB
	svc               *decisions.Service
	apps              *applications.Service
	clock             *storetest.Clock
	programme         programmes.Programme
	call              programmes.Call
	funderStaff       accounts.User
	otherFunder       accounts.User
	provider, other   accounts.Organisation
	staff, otherStaff accounts.User
	stuttgartOrg      accounts.Organisation
	stuttgart         accounts.User
	reviewer          accounts.User
}

func newWorld(t *testing.T, db *store.DB) *world {
	t.Helper()
	w := &world{t: t, db: db, svc: decisions.NewService(db.Decisions()), apps: applications.NewService(db.Applications())}
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
	w.otherFunder = user("staff@stiftung.example", org(accounts.Organisation{Kind: accounts.KindFunder, FunderLevel: accounts.FunderFoundation, Name: "Stiftung"}), accounts.RoleFunderStaff)
	w.reviewer = user("gutachter@land.example", funder, accounts.RoleReviewer)
	w.provider = org(accounts.Organisation{Kind: accounts.KindProvider, ProviderType: accounts.ProviderLanguageCourse, Name: "Sprachschule Neckar", RegionKey: "08111000"})
	w.other = org(accounts.Organisation{Kind: accounts.KindProvider, ProviderType: accounts.ProviderLanguageCourse, Name: "Lernwerk Ludwigsburg", RegionKey: "08118"})
	w.staff = storetest.User(t, db, accounts.NewUser{Email: "anna@neckar.example", Name: "Anna", Locale: "en"}, accounts.Membership{Organisation: w.provider, Role: accounts.RoleProviderStaff})
	w.otherStaff = user("ben@lernwerk.example", w.other, accounts.RoleProviderStaff)
	w.stuttgartOrg = org(accounts.Organisation{Kind: accounts.KindMunicipality, Name: "Stadt Stuttgart", RegionKey: "08111000"})
	w.stuttgart = user("ib@stuttgart.example", w.stuttgartOrg, accounts.RoleCommissioner)

	now := w.clock.Now()
	w.programme = storetest.OpenForApplications(t, db, w.clock, w.as(w.funderStaff), storetest.LanguageCourses(funder.ID, now))
	w.call = w.programme.Calls[0]
	w.exec(`INSERT INTO call_settings (call_id, budget, updated_at) VALUES ($1, $2, $3)`, w.call.ID, int64(eur(100000)), now)
	return w
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

// submitted is an application of the provider's staff u, submitted, requesting
// requested € of a balanced plan: the costs are the grant plus at least 10 % own
// funds, as personnel costs.
func (w *world) submitted(u accounts.User, title string, requested int64) applications.Application {
	w.t.Helper()
	ctx := w.as(u)
	own := (eur(requested) + 8) / 9 // at least a ninth of the grant: 10 % of the costs
	c := applications.Content{Title: title, Description: "Kurse für Eltern.", RegionKeys: []string{"08111000"}, ActionFields: []string{"sprache"},
		PeriodStart: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), PeriodEnd: time.Date(2027, 8, 31, 0, 0, 0, 0, time.UTC),
		Outputs: []applications.Output{{Quantity: 60, Unit: "Kursplätze"}}, Contact: applications.Contact{Name: "Anna", Email: "anna@neckar.example"},
		Plan: applications.FinancePlan{Costs: map[applications.CostCategory]teilhabe.Cents{applications.CostPersonnel: eur(requested) + own},
			OwnFunds: own, Requested: eur(requested)}}
	a, err := w.apps.Create(ctx, w.call.ID, 0, c)
	if err != nil {
		w.t.Fatalf("create %s: %v", title, err)
	}
	if a, err = w.apps.Submit(ctx, a.ID, a.Revision); err != nil {
		w.t.Fatalf("submit %s: %v", title, err)
	}
	return a
}

// inReview is a submitted application moved into the review by the funder.
func (w *world) inReview(u accounts.User, title string, requested int64) applications.Application {
	w.t.Helper()
	a := w.submitted(u, title, requested)
	a, err := w.svc.StartReview(w.as(w.funderStaff), a.ID, a.Revision)
	if err != nil {
		w.t.Fatalf("start review of %s: %v", title, err)
	}
	return a
}

// review stores a reviewer's review as the reviews capability would: submitted with
// its weighted score (hundredths), or a declared conflict.
func (w *world) review(appID int64, reviewer accounts.User, weighted int, rec string, conflict bool) {
	now := w.clock.Now()
	var score any = weighted
	if conflict {
		score = nil
	}
	w.exec(`INSERT INTO reviews (application_id, reviewer_id, conflict, scores, recommendation, weighted, submitted_at, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, appID, reviewer.ID, conflict, `[{"criterion": 1, "score": 4, "comment": "überzeugend"}]`, rec, score, now, now, now)
}

// statement stores a municipal statement as the statements capability would: given
// with recommendation, or (rec "") not given, due at due; one asked on submission
// is overwritten.
func (w *world) statement(appID int64, municipality accounts.Organisation, rec string, due time.Time) {
	now := w.clock.Now()
	var given any
	if rec != "" {
		given = now
	}
	w.exec(`INSERT INTO statements (application_id, municipality_id, region_key, requested_at, due_at, recommendation, text, given_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (application_id, municipality_id) DO UPDATE SET
		due_at = excluded.due_at, recommendation = excluded.recommendation, text = excluded.text, given_at = excluded.given_at`, appID, municipality.ID, municipality.RegionKey, now, due, rec, "Passt zur Strategie.", given)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func userOf(email string) accounts.NewUser {
	return accounts.NewUser{Email: email, Name: email, Locale: "de"}
}

// membership is a funder staff membership of the programme's funder.
func membership(w *world, _ applications.Application) accounts.Membership {
	o, err := w.db.Accounts().Organisation(context.Background(), w.programme.FunderID)
	if err != nil {
		w.t.Fatal(err)
	}
	return accounts.Membership{Organisation: o, Role: accounts.RoleFunderStaff}
}
