package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/audit"
	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

func TestMigrateIsIdempotentAndRefusesNewerSchema(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.Migrate(ctx); err != nil {
			t.Fatalf("second migrate: %v", err)
		}
		current, known, err := db.SchemaVersion(ctx)
		if err != nil || current != known || current < 1 {
			t.Fatalf("version = %d/%d, %v; want equal and >= 1", current, known, err)
		}
		// Pretend a newer Teilhabe migrated this database.
		if _, err := db.Reader().ExecContext(ctx, `INSERT INTO goose_db_version (version_id, is_applied) VALUES ($1, TRUE)`, known+1); err != nil {
			t.Fatal(err)
		}
		err = db.Migrate(ctx)
		if e := teilhabe.AsError(err); e == nil || e.Code != teilhabe.EUNSUPPORTED || e.ID != "store.error.schema_newer" || e.Args["Current"] != known+1 {
			t.Fatalf("migrate on newer schema: %v; want EUNSUPPORTED naming a newer version", err)
		}
	})
}

func TestInstanceKindIsClaimedOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if k, _ := db.InstanceKind(ctx); k != "" {
			t.Fatalf("new database kind = %q", k)
		}
		if k, err := db.ClaimInstance(ctx, store.InstanceProduction); err != nil || k != store.InstanceProduction {
			t.Fatalf("claim = %q, %v", k, err)
		}
		if k, _ := db.ClaimInstance(ctx, store.InstanceDemo); k != store.InstanceProduction {
			t.Fatalf("second claim changed kind to %q", k)
		}
	})
}

// sampleRegions is a small, consistent hierarchy around Stuttgart.
func sampleRegions(asOf time.Time) []regions.Region {
	r := func(key, ars, name string, level regions.Level, parent string, pop int64) regions.Region {
		return regions.Region{Key: key, ARS: ars, Name: name, Level: level, Kind: "Test", ParentKey: parent,
			AreaKm2: 1.5, Population: pop, PopulationMale: pop / 2, PopulationFemale: pop - pop/2, PopulationDate: asOf, ValidFrom: asOf}
	}
	return []regions.Region{
		r("DG", regions.ARSBund, "Deutschland", regions.LevelBund, "", 1000),
		r("08", "08", "Baden-Württemberg", regions.LevelLand, "DG", 1000),
		r("081", "081", "Reg.-Bez. Stuttgart", regions.LevelRegierungsbezirk, "08", 1000),
		r("08111", "08111", "Stuttgart, Stadtkreis", regions.LevelKreis, "081", 600),
		r("08118", "08118", "Ludwigsburg", regions.LevelKreis, "081", 400),
		r("081110000", "081110000", "Stuttgart, Landeshauptstadt", regions.LevelGemeindeverband, "08111", 600),
		r("08111000", "081110000000", "Stuttgart, Landeshauptstadt", regions.LevelGemeinde, "081110000", 600),
		r("081185001", "081185001", "Besigheim", regions.LevelGemeindeverband, "08118", 400),
		r("08118016", "081185001016", "Freudental", regions.LevelGemeinde, "081185001", 150),
		r("08118079", "081185001079", "Löchgau", regions.LevelGemeinde, "081185001", 250),
	}
}

func TestImportRegionsIsIdempotentAndUpdatesChanges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		asOf := time.Date(2019, 12, 31, 0, 0, 0, 0, time.UTC)
		list := sampleRegions(asOf)
		res, err := storetest.ImportRegions(ctx, db, list, "test.csv")
		if err != nil || res.Inserted != len(list) {
			t.Fatalf("first import = %+v, %v", res, err)
		}
		res, err = storetest.ImportRegions(ctx, db, list, "test.csv")
		if err != nil || res.Inserted != 0 || res.Updated != 0 || res.Unchanged != len(list) {
			t.Fatalf("re-import = %+v, %v; want all unchanged", res, err)
		}
		// A newer Gebietsstand: Freudental grows, Löchgau disappears.
		changed := sampleRegions(asOf)
		changed[8].Population = 160
		changed = changed[:9]
		res, err = storetest.ImportRegions(ctx, db, changed, "test2.csv")
		if err != nil || res.Updated != 1 || res.Retired != 1 || res.Changed[0] != "08118016" {
			t.Fatalf("changed import = %+v, %v", res, err)
		}
		got, err := db.Region(ctx, "08118016")
		if err != nil || got.Population != 160 || !got.PopulationDate.Equal(asOf) {
			t.Fatalf("Freudental = %+v, %v", got, err)
		}
		old, err := db.Region(ctx, "08118079")
		if err != nil || old.ValidUntil.IsZero() {
			t.Fatalf("retired region = %+v, %v; want kept with valid_until", old, err)
		}
		if _, total, _ := db.FindRegions(ctx, regions.Filter{Query: "Löchgau"}); total != 0 {
			t.Fatalf("retired region still found by search")
		}
		events, err := db.Audit().Events(ctx, audit.Filter{Entity: "regions"})
		if err != nil || len(events) != 3 || events[0].EntityID != "test2.csv" {
			t.Fatalf("audit events = %+v, %v", events, err)
		}
		var after regions.ImportResult
		if err := json.Unmarshal([]byte(events[0].After), &after); err != nil || after.Updated != 1 || after.Retired != 1 {
			t.Fatalf("audit of the import = %s, %v", events[0].After, err)
		}
	})
}

func TestFindRegions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := storetest.ImportRegions(ctx, db, sampleRegions(time.Date(2019, 12, 31, 0, 0, 0, 0, time.UTC)), "t"); err != nil {
			t.Fatal(err)
		}
		keys := func(f regions.Filter) (string, int) {
			t.Helper()
			list, total, err := db.FindRegions(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var ks []string
			for _, r := range list {
				ks = append(ks, r.Key)
			}
			return strings.Join(ks, ","), total
		}
		cases := []struct {
			f     regions.Filter
			want  string
			total int
		}{
			{regions.Filter{Query: "Stutt"}, "08111,081110000,08111000,081", 4},
			{regions.Filter{Query: "stutt", Level: regions.LevelGemeinde}, "08111000", 1},
			{regions.Filter{Query: "08111"}, "08111,081110000,08111000", 3},
			{regions.Filter{Query: "081110000000"}, "08111000", 1},
			{regions.Filter{Query: "Lochgau"}, "08118079", 1},
			{regions.Filter{Query: "Loechgau"}, "08118079", 1},
			{regions.Filter{Query: "württ"}, "08", 1},
			{regions.Filter{Parent: "081185001"}, "08118016,08118079", 2},
			{regions.Filter{Level: regions.LevelKreis, Limit: 1, Offset: 1}, "08111", 2},
			{regions.Filter{Query: "Hamburg"}, "", 0},
		}
		for _, c := range cases {
			if got, total := keys(c.f); got != c.want || total != c.total {
				t.Errorf("FindRegions(%+v) = %q (%d), want %q (%d)", c.f, got, total, c.want, c.total)
			}
		}
		chain, err := db.RegionAncestors(ctx, "08118016")
		if err != nil || len(chain) != 6 || chain[0].Key != "DG" || chain[5].Key != "08118016" {
			t.Fatalf("ancestors = %v, %v", chain, err)
		}
		if _, err := db.Region(ctx, "99999"); teilhabe.ErrorCode(err) != teilhabe.ENOTFOUND {
			t.Fatalf("unknown region: %v", err)
		}
	})
}

// TestAccountViewReadsInOneQuery checks the reads of every logged-in request and API
// call: a principal with all memberships, and a token's, each in one statement.
func TestAccountViewReadsInOneQuery(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := storetest.ImportRegions(ctx, db, sampleRegions(time.Date(2019, 12, 31, 0, 0, 0, 0, time.UTC)), "t"); err != nil {
			t.Fatal(err)
		}
		stgt := storetest.Organisation(t, db, accounts.Organisation{Kind: accounts.KindMunicipality, Name: "Stadt Stuttgart", RegionKey: "08111000"})
		office := storetest.Organisation(t, db, accounts.Organisation{Kind: accounts.KindNetwork, Name: "Geschäftsstelle"})
		ayse := storetest.User(t, db, accounts.NewUser{Email: "ayse@example.de", Name: "Ayşe"},
			accounts.Membership{Organisation: stgt, Role: accounts.RoleCommissioner},
			accounts.Membership{Organisation: office, Role: accounts.RoleNetworkMember},
			accounts.Membership{Organisation: stgt, Role: accounts.RoleNetworkMember})
		bert := storetest.User(t, db, accounts.NewUser{Email: "bert@example.de", Name: "Bert"})
		v := db.Accounts()

		before := db.Statements()
		p, err := v.Principal(ctx, ayse.ID)
		if n := db.Statements().Sub(before).Total(); n != 1 {
			t.Errorf("loading a principal sent %d statements, want 1", n)
		}
		if err != nil || p.User.Email != "ayse@example.de" || len(p.Memberships) != 3 {
			t.Fatalf("principal = %+v, %v", p, err)
		}
		m := p.Memberships[0] // by organisation name: Geschäftsstelle first
		if m.Organisation.Name != "Geschäftsstelle" || m.UserID != ayse.ID || m.Organisation.CreatedAt.IsZero() || m.ID == 0 {
			t.Errorf("first membership = %+v", m)
		}
		if got := p.Memberships[1].Organisation; got.RegionKey != "08111000" || got.Kind != accounts.KindMunicipality {
			t.Errorf("Stuttgart's membership carries %+v", got)
		}
		if p, err := v.Principal(ctx, bert.ID); err != nil || p.User.ID != bert.ID || len(p.Memberships) != 0 {
			t.Errorf("principal without memberships = %+v, %v", p, err)
		}
		if _, err := v.Principal(ctx, 999999); teilhabe.ErrorCode(err) != teilhabe.ENOTFOUND {
			t.Errorf("missing user: %v", err)
		}

		_, secret, err := accounts.NewService(v).CreateToken(storetest.As(t, db, ayse.ID), "Skript")
		if err != nil {
			t.Fatal(err)
		}
		before = db.Statements()
		tp, tokenID, err := v.TokenPrincipal(ctx, accounts.HashToken(secret))
		if n := db.Statements().Sub(before).Total(); n != 1 {
			t.Errorf("loading a token's principal sent %d statements, want 1", n)
		}
		if err != nil || tp.User.ID != ayse.ID || len(tp.Memberships) != 3 || tokenID == 0 {
			t.Fatalf("token principal = %+v, %d, %v", tp, tokenID, err)
		}

		users, err := v.Users(ctx)
		if err != nil || len(users) != 2 || users[0].User.ID != ayse.ID || len(users[0].Memberships) != 3 || len(users[1].Memberships) != 0 {
			t.Fatalf("users = %+v, %v", users, err)
		}
	})
}

// TestAccountWritesReportTakenNames checks that the store reports a unique value
// already in use as accounts.ErrTaken, with no text of its own, and that a failed
// write leaves no audit event.
func TestAccountWritesReportTakenNames(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		org := storetest.Organisation(t, db, accounts.Organisation{Kind: accounts.KindProvider, ProviderType: accounts.ProviderWelfare, Name: "Träger A"})
		u := storetest.User(t, db, accounts.NewUser{Email: "a@example.de", Name: "A"}, accounts.Membership{Organisation: org, Role: accounts.RoleProviderStaff})
		for name, write := range map[string]func(accounts.Tx) error{
			"organisation name": func(tx accounts.Tx) error {
				return tx.CreateOrganisation(ctx, &accounts.Organisation{Kind: accounts.KindProvider, Name: "Träger A", CreatedAt: tx.Now(), UpdatedAt: tx.Now()})
			},
			"e-mail address": func(tx accounts.Tx) error {
				return tx.CreateUser(ctx, &accounts.User{Email: "a@example.de", Name: "B", Locale: "de", CreatedAt: tx.Now(), UpdatedAt: tx.Now()}, "x")
			},
			"role": func(tx accounts.Tx) error {
				return tx.AddMembership(ctx, &accounts.Membership{UserID: u.ID, Organisation: org, Role: accounts.RoleProviderStaff})
			},
		} {
			err := db.Accounts().Update(ctx, func(tx accounts.Tx) error {
				if err := tx.Audit(ctx, "test", 1, "before", nil, nil); err != nil {
					return err
				}
				return write(tx)
			})
			if !errors.Is(err, accounts.ErrTaken) {
				t.Errorf("%s taken: %v, want ErrTaken", name, err)
			}
		}
		if events, _ := db.Audit().Events(ctx, audit.Filter{Entity: "test"}); len(events) != 0 {
			t.Errorf("failed writes left %d audit events", len(events))
		}
		// Taking away a role names the user: another user's membership is not found.
		ms, _ := db.Accounts().Memberships(ctx, u.ID)
		err := db.Accounts().Update(ctx, func(tx accounts.Tx) error {
			if _, ok, err := tx.RemoveMembership(ctx, u.ID+1, ms[0].ID); ok || err != nil {
				t.Errorf("removed another user's membership: %v, %v", ok, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

func TestSessionsAndLoginFailures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := db.Sessions()
		if err := s.Commit("tok", []byte("data"), time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := s.Commit("tok", []byte("data2"), time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		b, found, err := s.Find("tok")
		if err != nil || !found || string(b) != "data2" {
			t.Fatalf("find = %q %v %v", b, found, err)
		}
		if err := s.Commit("old", []byte("x"), time.Now().Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
		if _, found, _ := s.Find("old"); found {
			t.Fatal("expired session found")
		}
		v := db.Accounts()
		for i := 0; i < 3; i++ {
			if err := v.RecordLoginFailure(ctx, "a@b.de", "127.0.0.1", db.Now()); err != nil {
				t.Fatal(err)
			}
		}
		if err := v.RecordLoginFailure(ctx, "c@b.de", "127.0.0.1", db.Now().Add(-25*time.Hour)); err != nil {
			t.Fatal(err)
		}
		byEmail, byIP, err := v.LoginFailures(ctx, "a@b.de", "127.0.0.1", time.Now().Add(-time.Minute))
		if err != nil || byEmail != 3 || byIP != 3 {
			t.Fatalf("failures = %d/%d, %v", byEmail, byIP, err)
		}
		if err := db.DeleteExpired(ctx); err != nil {
			t.Fatal(err)
		}
		if _, found, _ := s.Find("tok"); !found {
			t.Fatal("valid session deleted")
		}
		if _, byIP, _ := v.LoginFailures(ctx, "", "127.0.0.1", time.Now().Add(-48*time.Hour)); byIP != 3 {
			t.Fatalf("after the cleanup %d failures from the IP, want the 3 recent ones", byIP)
		}
		if err := v.ClearLoginFailures(ctx, "a@b.de"); err != nil {
			t.Fatal(err)
		}
		if byEmail, _, _ := v.LoginFailures(ctx, "a@b.de", "", time.Now().Add(-time.Minute)); byEmail != 0 {
			t.Fatalf("%d failures after clearing", byEmail)
		}
	})
}
