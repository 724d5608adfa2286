package accounts_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// The use cases of package accounts run here over the real store on both engines:
// every call acts as someone (storetest.As, the system, or nobody), and the rules
// are the service's.

// password is what the world's users log in with.
const password = "ein langes Passwort"

// world is a platform with an admin, a municipality with its commissioner, a
// provider with its staff, and the clock the throttle is judged by.
type world struct {
	t            *testing.T
	db           *store.DB
	svc          *accounts.Service
	clock        *storetest.Clock
	stuttgart    accounts.Organisation
	provider     accounts.Organisation
	admin        accounts.User
	commissioner accounts.User
	staff        accounts.User
}

func newWorld(t *testing.T, db *store.DB) *world {
	t.Helper()
	c := storetest.NewClock(db, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	if _, err := storetest.ImportRegions(context.Background(), db, testRegions(), "test"); err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, db: db, svc: accounts.NewService(db.Accounts()), clock: c}
	platform := storetest.Organisation(t, db, accounts.Organisation{Kind: accounts.KindPlatform, Name: "Plattformbetrieb"})
	w.stuttgart = storetest.Organisation(t, db, accounts.Organisation{Kind: accounts.KindMunicipality, Name: "Landeshauptstadt Stuttgart", RegionKey: "08111000"})
	w.provider = storetest.Organisation(t, db, accounts.Organisation{Kind: accounts.KindProvider, ProviderType: accounts.ProviderWelfare, Name: "Träger am Neckar"})
	w.admin = w.user("admin@example.de", "Adele Admin", accounts.Membership{Organisation: platform, Role: accounts.RolePlatformAdmin})
	w.commissioner = w.user("ayse@stuttgart.example", "Ayşe Yilmaz", accounts.Membership{Organisation: w.stuttgart, Role: accounts.RoleCommissioner})
	w.staff = w.user("paul@traeger.example", "Paul Sprache", accounts.Membership{Organisation: w.provider, Role: accounts.RoleProviderStaff})
	return w
}

func (w *world) user(email, name string, ms ...accounts.Membership) accounts.User {
	w.t.Helper()
	return storetest.User(w.t, w.db, accounts.NewUser{Email: email, Name: name, Password: password}, ms...)
}

// as is the context in which u acts; nobody is the anonymous public.
func (w *world) as(u accounts.User) context.Context {
	w.t.Helper()
	return storetest.As(w.t, w.db, u.ID)
}

var nobody = context.Background()

// login logs in from an IP.
func (w *world) login(email, pw, ip string) (accounts.User, error) {
	return w.svc.Login(nobody, accounts.Credentials{Email: email, Password: pw, IP: ip})
}

var bundle = func() *i18n.Bundle {
	b, err := i18n.New()
	if err != nil {
		panic(err)
	}
	return b
}()

// read renders an error as a reader of lang sees it: the message and the field
// messages.
func read(lang string, err error) string {
	msg, fields := bundle.For(lang).Error(err)
	for _, f := range fields {
		msg += " | " + f.Field + ": " + f.Message
	}
	return msg
}

// wantErr fails unless err is a domain error with this code and, if given, message
// id.
func wantErr(t *testing.T, what string, err error, code, id string) {
	t.Helper()
	e := teilhabe.AsError(err)
	if e == nil || e.Code != code || (id != "" && e.MessageID() != id) {
		t.Fatalf("%s: %v; want %s %s", what, err, code, id)
	}
}

// fieldCodes returns an EINVALID error's fields as "field:code".
func fieldCodes(err error) []string {
	var out []string
	if e := teilhabe.AsError(err); e != nil {
		for _, f := range e.Fields {
			out = append(out, f.Field+":"+f.Code)
		}
	}
	return out
}

func testRegions() []regions.Region {
	asOf := time.Date(2019, 12, 31, 0, 0, 0, 0, time.UTC)
	r := func(key, ars, name string, level regions.Level, parent string, pop int64) regions.Region {
		return regions.Region{Key: key, ARS: ars, Name: name, Level: level, Kind: "Test", ParentKey: parent,
			AreaKm2: 1.5, Population: pop, PopulationDate: asOf, ValidFrom: asOf}
	}
	return []regions.Region{
		r("DG", regions.ARSBund, "Deutschland", regions.LevelBund, "", 1000),
		r("08", "08", "Baden-Württemberg", regions.LevelLand, "DG", 1000),
		r("081", "081", "Reg.-Bez. Stuttgart", regions.LevelRegierungsbezirk, "08", 1000),
		r("08111", "08111", "Stuttgart, Stadtkreis", regions.LevelKreis, "081", 600),
		r("081110000", "081110000", "Stuttgart, Landeshauptstadt", regions.LevelGemeindeverband, "08111", 600),
		r("08111000", "081110000000", "Stuttgart, Landeshauptstadt", regions.LevelGemeinde, "081110000", 635911),
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
