package regions_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/audit"
	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Importing the Gemeindeverzeichnis: idempotent, audited, a new Gebietsstand updates
// and retires, and only platform admins and the system may.

// gv is a small Gemeindeverzeichnis extract: Baden-Württemberg with Stuttgart.
const gv = "satzart,textkennzeichen,land,rb,kreis,vb,gemeinde,gemeindename,flaeche,bevoelkerung,maennlich,weiblich,postleitzahl\n" +
	"10,,08,,,,,Baden-Württemberg,,,,,\n" +
	"20,,08,1,,,,Reg.-Bez. Stuttgart,,,,,\n" +
	`40,42,08,1,11,,,"Stuttgart, Landeshauptstadt",,,,,` + "\n" +
	`50,50,08,1,11,0000,,"Stuttgart, Landeshauptstadt",,,,,` + "\n" +
	`60,62,08,1,11,0000,000,"Stuttgart, Landeshauptstadt", 207.33, 635 911, 317 794, 318 117,70173` + "\n"

func parse(t *testing.T, csv string) []regions.Region {
	t.Helper()
	list, err := regions.ParseGemeindeverzeichnis(strings.NewReader(csv), "gv.csv", asOf)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// users makes a platform admin and a reviewer, and returns their contexts.
func users(t *testing.T, db *store.DB) (admin, reviewer context.Context) {
	t.Helper()
	platform := accounts.Organisation{Kind: accounts.KindPlatform, Name: "Plattformbetrieb"}
	institute := accounts.Organisation{Kind: accounts.KindResearch, Name: "Institut für Integrationsforschung"}
	var ids []int64
	for _, u := range []struct {
		org   *accounts.Organisation
		email string
		role  accounts.Role
	}{{&platform, "admin@plattform.example", accounts.RolePlatformAdmin}, {&institute, "gutachter@institut.example", accounts.RoleReviewer}} {
		*u.org = storetest.Organisation(t, db, *u.org)
		user := storetest.User(t, db, accounts.NewUser{Email: u.email, Name: u.email}, accounts.Membership{Organisation: *u.org, Role: u.role})
		ids = append(ids, user.ID)
	}
	return storetest.As(t, db, ids[0]), storetest.As(t, db, ids[1])
}

func TestImportIsIdempotentAndAudited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, ctx := regions.NewService(db.Regions()), context.Background()
		admin, _ := users(t, db)
		res, err := svc.Import(admin, parse(t, gv), "gv-2019-12-31.csv")
		if err != nil || res.Inserted != 6 || res.Updated+res.Unchanged+res.Retired != 0 {
			t.Fatalf("first import = %+v, %v", res, err)
		}
		if res.Read[regions.LevelBund] != 1 || res.Read[regions.LevelGemeinde] != 1 || res.Read[regions.LevelKreis] != 1 {
			t.Errorf("read = %v", res.Read)
		}
		stuttgart, err := svc.Region(ctx, "081110000000")
		if err != nil || stuttgart.Population != 635911 || stuttgart.AreaKm2 != 207.33 || !stuttgart.ValidFrom.Equal(asOf) {
			t.Fatalf("Stuttgart = %+v, %v", stuttgart, err)
		}
		if bund, _ := svc.Region(ctx, "DG"); bund.Population != 635911 {
			t.Errorf("the Bund sums the Gemeinden: %d", bund.Population)
		}
		// The same file again changes nothing, and is recorded all the same.
		res, err = svc.Import(system, parse(t, gv), "gv-2019-12-31.csv")
		if err != nil || res.Inserted+res.Updated+res.Retired != 0 || res.Unchanged != 6 {
			t.Fatalf("re-import = %+v, %v", res, err)
		}
		events, err := db.Audit().Events(ctx, audit.Filter{Entity: "regions"})
		if err != nil || len(events) != 2 || events[0].Actor != "test" || events[1].Actor != "admin@plattform.example" ||
			events[1].EntityID != "gv-2019-12-31.csv" {
			t.Fatalf("audit events = %+v, %v", events, err)
		}
	})
}

func TestNewGebietsstandUpdatesAndRetires(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, ctx := loaded(t, db), context.Background()
		// A newer Gebietsstand: Freudental grows, Löchgau is gone (merged, say).
		later := asOf.AddDate(1, 0, 0)
		list := slices.DeleteFunc(testRegions(), func(r regions.Region) bool { return r.Key == "08118079" })
		for i := range list {
			list[i].ValidFrom, list[i].PopulationDate = later, later
			if list[i].Key == "08118016" {
				list[i].Population, list[i].PopulationFemale = 160, 85
			}
		}
		res, err := svc.Import(system, list, "later")
		if err != nil || res.Retired != 1 || res.Updated != len(list) || res.Inserted != 0 || !slices.Contains(res.Changed, "08118016") {
			t.Fatalf("newer import = %+v, %v", res, err)
		}
		if r, _ := svc.Region(ctx, "08118016"); r.Population != 160 || !r.PopulationDate.Equal(later) {
			t.Errorf("Freudental = %+v", r)
		}
		// Löchgau stays for the data that names it, but is no longer found.
		old, err := svc.Region(ctx, "08118079")
		if err != nil || !old.ValidUntil.Equal(later) {
			t.Errorf("retired Löchgau = %+v, %v", old, err)
		}
		if _, n, _ := svc.Find(ctx, regions.Filter{Query: "Löchgau"}); n != 0 {
			t.Errorf("retired region found %d times", n)
		}
		if d, _ := svc.Detail(ctx, "081185001"); d.Children != 1 {
			t.Errorf("Besigheim has %d current Gemeinden", d.Children)
		}
		// The first Gebietsstand again brings it back.
		if res, err := svc.Import(system, testRegions(), "again"); err != nil || res.Inserted != 0 || res.Retired != 0 {
			t.Fatalf("back = %+v, %v", res, err)
		}
		if r, _ := svc.Region(ctx, "08118079"); !r.ValidUntil.IsZero() {
			t.Errorf("Löchgau is still retired: %+v", r)
		}
	})
}

func TestImportIsForPlatformAdminsAndTheSystem(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, ctx := regions.NewService(db.Regions()), context.Background()
		_, reviewer := users(t, db)
		_, err := svc.Import(reviewer, parse(t, gv), "gv.csv")
		wantErr(t, "reviewer", err, teilhabe.EFORBIDDEN, "regions.error.import_admins")
		if msg, _ := german.Error(err); !strings.Contains(msg, "nur Administratorinnen und Administratoren") {
			t.Errorf("German message %q", msg)
		}
		_, err = svc.Import(ctx, testRegions(), "anonymous")
		wantErr(t, "anonymous", err, teilhabe.EUNAUTHORIZED, "error.unauthorized")
		// Only the system principal is the system, not any actor without a user.
		_, err = svc.Import(teilhabe.WithActor(ctx, teilhabe.System("cli")), testRegions(), "actor only")
		wantErr(t, "actor without the system principal", err, teilhabe.EUNAUTHORIZED, "error.unauthorized")
		if n, _ := db.Regions().Count(ctx, regions.Filter{}); n != 0 {
			t.Fatalf("refused imports wrote %d regions", n)
		}
		if events, _ := db.Audit().Events(ctx, audit.Filter{Entity: "regions"}); len(events) != 0 {
			t.Fatalf("refused imports were audited: %+v", events)
		}
	})
}
