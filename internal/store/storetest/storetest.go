// Package storetest opens real, migrated test databases on both engines, so that every
// storage test runs against SQLite and PostgreSQL with the real migrations.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"path/filepath"
	"testing"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/testenv"
)

// Each runs fn once per engine, as subtests "sqlite" and "postgres", each with a fresh
// migrated database. PostgreSQL skips (or fails with CI=true) when no server is set up.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// SQLite returns a migrated database in a fresh file.
func SQLite(t testing.TB) *store.DB {
	t.Helper()
	return open(t, "sqlite:"+filepath.Join(t.TempDir(), "test.db"))
}

// Postgres returns a migrated database in a fresh schema of the test server; the schema
// is dropped when the test ends.
func Postgres(t testing.TB) *store.DB {
	t.Helper()
	base := testenv.PostgresURL(t)
	schema := "t_" + randomHex(8)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err == nil {
			_, _ = a.Exec("DROP SCHEMA " + schema + " CASCADE")
			a.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return open(t, u.String())
}

// URLOf returns a database URL for a fresh database of the named engine without
// opening it, for tests of the command line.
func URLOf(t testing.TB, dialect store.Dialect) string {
	if dialect == store.SQLite {
		return "sqlite:" + filepath.Join(t.TempDir(), "test.db")
	}
	db := Postgres(t)
	u := db.RawURL()
	db.Close()
	return u
}

func open(t testing.TB, u string) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, u)
	if err != nil {
		t.Fatalf("open %s: %v", u, err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// As returns a context in which the user with this id acts, as the web UI or the API
// would put a logged-in user there: the use cases read the principal from it.
func As(t testing.TB, db *store.DB, userID int64) context.Context {
	t.Helper()
	p, err := db.Accounts().Principal(context.Background(), userID)
	if err != nil {
		t.Fatalf("principal %d: %v", userID, err)
	}
	return accounts.WithPrincipal(context.Background(), p)
}

// System returns a context in which the command line acts: fixtures create
// organisations and users through the account use cases as it would.
func System() context.Context {
	return accounts.WithPrincipal(context.Background(), accounts.System("test"))
}

// Organisation creates an organisation through the account use cases and returns it.
func Organisation(t testing.TB, db *store.DB, o accounts.Organisation) accounts.Organisation {
	t.Helper()
	o, err := accounts.NewService(db.Accounts()).CreateOrganisation(System(), o)
	if err != nil {
		t.Fatalf("organisation %s: %v", o.Name, err)
	}
	return o
}

// User creates a user with a password of their own (n.Password, or "ein langes
// Passwort") and the given roles, through the account use cases, and returns it.
func User(t testing.TB, db *store.DB, n accounts.NewUser, ms ...accounts.Membership) accounts.User {
	t.Helper()
	if n.Password == "" {
		n.Password = "ein langes Passwort"
	}
	var roles []accounts.MembershipInput
	for _, m := range ms {
		roles = append(roles, accounts.MembershipInput{OrganisationID: m.Organisation.ID, Role: string(m.Role)})
	}
	u, _, err := accounts.NewService(db.Accounts()).CreateUser(System(), n, roles...)
	if err != nil {
		t.Fatalf("user %s: %v", n.Email, err)
	}
	return u
}

// ImportRegions loads a parsed Gemeindeverzeichnis with the regions use case, acting
// as the system as the command line does: the seed of most tests.
func ImportRegions(ctx context.Context, db *store.DB, list []regions.Region, source string) (regions.ImportResult, error) {
	return regions.NewService(db.Regions()).Import(accounts.WithPrincipal(ctx, accounts.System("test")), list, source)
}
