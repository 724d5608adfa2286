package store_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
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
		if teilhabe.ErrorCode(err) != teilhabe.EUNSUPPORTED || !strings.Contains(err.Error(), "neuere Version") {
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
		res, err := db.ImportRegions(ctx, list, "test.csv")
		if err != nil || res.Inserted != len(list) {
			t.Fatalf("first import = %+v, %v", res, err)
		}
		res, err = db.ImportRegions(ctx, list, "test.csv")
		if err != nil || res.Inserted != 0 || res.Updated != 0 || res.Unchanged != len(list) {
			t.Fatalf("re-import = %+v, %v; want all unchanged", res, err)
		}
		// A newer Gebietsstand: Freudental grows, Löchgau disappears.
		changed := sampleRegions(asOf)
		changed[8].Population = 160
		changed = changed[:9]
		res, err = db.ImportRegions(ctx, changed, "test2.csv")
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
		events, err := db.AuditEvents(ctx, store.AuditFilter{Entity: "regions"})
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
		if _, err := db.ImportRegions(ctx, sampleRegions(time.Date(2019, 12, 31, 0, 0, 0, 0, time.UTC)), "t"); err != nil {
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

func TestUsersPasswordsAndTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := teilhabe.WithActor(context.Background(), teilhabe.System("test"))
		if _, err := db.ImportRegions(ctx, sampleRegions(time.Date(2019, 12, 31, 0, 0, 0, 0, time.UTC)), "t"); err != nil {
			t.Fatal(err)
		}
		org := accounts.Organisation{Kind: accounts.KindMunicipality, Name: "Stadt Stuttgart", RegionKey: "08111000"}
		if err := db.CreateOrganisation(ctx, &org); err != nil {
			t.Fatal(err)
		}
		bad := accounts.Organisation{Kind: accounts.KindMunicipality, Name: "Nirgendwo", RegionKey: "99999999"}
		if err := db.CreateOrganisation(ctx, &bad); teilhabe.ErrorCode(err) != teilhabe.EINVALID {
			t.Fatalf("organisation with unknown region: %v", err)
		}
		u, err := db.CreateUser(ctx, accounts.NewUser{Email: " Ayse@Example.DE ", Name: "Ayşe", Password: "ein langes Passwort"}, false,
			accounts.Membership{Organisation: org, Role: accounts.RoleCommissioner})
		if err != nil || u.Email != "ayse@example.de" {
			t.Fatalf("create user = %+v, %v", u, err)
		}
		if _, err := db.CreateUser(ctx, accounts.NewUser{Email: "ayse@example.de", Name: "X", Password: "ein langes Passwort"}, false); teilhabe.ErrorCode(err) != teilhabe.EINVALID {
			t.Fatalf("duplicate e-mail: %v", err)
		}
		if err := db.AddMembership(ctx, accounts.Membership{UserID: u.ID, Organisation: org, Role: accounts.RoleFunderStaff}); teilhabe.ErrorCode(err) != teilhabe.EINVALID {
			t.Fatalf("funder role in a municipality: %v", err)
		}
		if _, err := db.Authenticate(ctx, "AYSE@example.de", "ein langes Passwort"); err != nil {
			t.Fatalf("authenticate: %v", err)
		}
		if _, err := db.Authenticate(ctx, "ayse@example.de", "falsch falsch falsch"); teilhabe.ErrorCode(err) != teilhabe.EUNAUTHORIZED {
			t.Fatalf("wrong password: %v", err)
		}
		if err := db.SetPassword(ctx, u.ID, "ein neues langes Passwort", true); err != nil {
			t.Fatal(err)
		}
		p, err := db.Principal(ctx, u.ID)
		if err != nil || !p.User.MustChangePassword || p.User.SessionEpoch != 1 || !p.HasRole(accounts.RoleCommissioner) {
			t.Fatalf("principal after reset = %+v, %v", p, err)
		}
		if err := db.SetUserDisabled(ctx, u.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Authenticate(ctx, "ayse@example.de", "ein neues langes Passwort"); teilhabe.ErrorCode(err) != teilhabe.EUNAUTHORIZED {
			t.Fatalf("disabled user logged in: %v", err)
		}
		if err := db.SetUserDisabled(ctx, u.ID, false); err != nil {
			t.Fatal(err)
		}

		tok, secret, err := db.CreateAPIToken(ctx, u.ID, "Statistik-Skript")
		if err != nil || !strings.HasPrefix(secret, accounts.TokenPrefix) {
			t.Fatalf("token = %v, %v", secret, err)
		}
		if p, err := db.PrincipalForToken(ctx, secret); err != nil || p.User.ID != u.ID {
			t.Fatalf("token principal = %v, %v", p, err)
		}
		if err := db.RevokeAPIToken(ctx, u.ID+1, tok.ID); teilhabe.ErrorCode(err) != teilhabe.ENOTFOUND {
			t.Fatalf("revoking another user's token: %v", err)
		}
		if err := db.RevokeAPIToken(ctx, u.ID, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.PrincipalForToken(ctx, secret); teilhabe.ErrorCode(err) != teilhabe.EUNAUTHORIZED {
			t.Fatalf("revoked token accepted: %v", err)
		}

		events, err := db.AuditEvents(ctx, store.AuditFilter{Entity: "user"})
		if err != nil || len(events) < 4 {
			t.Fatalf("user audit = %d events, %v", len(events), err)
		}
		for _, e := range events {
			if strings.Contains(e.Before+e.After, "argon2") || e.Actor != "test" {
				t.Fatalf("audit event leaks a hash or lacks the actor: %+v", e)
			}
		}
	})
}

func TestFailedTransactionLeavesNoAuditEvent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		org := accounts.Organisation{Kind: accounts.KindProvider, ProviderType: accounts.ProviderWelfare, Name: "Träger A"}
		if err := db.CreateOrganisation(ctx, &org); err != nil {
			t.Fatal(err)
		}
		dup := accounts.Organisation{Kind: accounts.KindProvider, ProviderType: accounts.ProviderWelfare, Name: "Träger A"}
		if err := db.CreateOrganisation(ctx, &dup); teilhabe.ErrorCode(err) != teilhabe.EINVALID {
			t.Fatalf("duplicate name: %v", err)
		}
		events, _ := db.AuditEvents(ctx, store.AuditFilter{Entity: "organisation"})
		if len(events) != 1 {
			t.Fatalf("audit has %d organisation events, want 1: the failed insert must leave none", len(events))
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
		for i := 0; i < 3; i++ {
			if err := db.RecordLoginFailure(ctx, "a@b.de", "127.0.0.1"); err != nil {
				t.Fatal(err)
			}
		}
		byEmail, byIP, err := db.LoginFailures(ctx, "a@b.de", "127.0.0.1", time.Now().Add(-time.Minute))
		if err != nil || byEmail != 3 || byIP != 3 {
			t.Fatalf("failures = %d/%d, %v", byEmail, byIP, err)
		}
		if err := db.DeleteExpired(ctx); err != nil {
			t.Fatal(err)
		}
		if _, found, _ := s.Find("tok"); !found {
			t.Fatal("valid session deleted")
		}
	})
}
