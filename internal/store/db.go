// Package store is the database adapter: one query layer over database/sql for both
// SQLite (modernc.org/sqlite, the embedded default) and PostgreSQL (pgx). SQL is written
// in the subset both engines understand, with $n placeholders; the few differences
// live in dialect.go.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"

	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/stdlib"
	"modernc.org/sqlite"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// DefaultURL is the database used when neither --db nor TEILHABE_DB is given.
const DefaultURL = "sqlite:teilhabe.db"

// DB is an open database with a read pool and a write pool. SQLite allows one writer at
// a time, so its write pool has a single connection and begins transactions with
// BEGIN IMMEDIATE; that turns lock contention into queueing instead of SQLITE_BUSY.
type DB struct {
	Dialect Dialect
	read    *sql.DB
	write   *sql.DB
	url     string
	count   counter // what both pools sent (observe.go)
	// Now is the clock; tests replace it. Times are stored in UTC.
	Now func() time.Time
}

// Open opens the database named by a URL: "sqlite:PATH" (or a path ending in .db),
// or "postgres://…". It does not migrate; call Migrate.
func Open(ctx context.Context, dbURL string) (*DB, error) {
	db := &DB{url: dbURL, Now: func() time.Time { return time.Now().UTC() }}
	switch {
	case strings.HasPrefix(dbURL, "postgres://"), strings.HasPrefix(dbURL, "postgresql://"):
		db.Dialect = Postgres
		pool, err := db.openPool(stdlib.GetDefaultDriver(), dbURL)
		if err != nil {
			return nil, err
		}
		pool.SetMaxOpenConns(20)
		pool.SetMaxIdleConns(10)
		pool.SetConnMaxIdleTime(5 * time.Minute)
		db.read, db.write = pool, pool
	default:
		path := strings.TrimPrefix(strings.TrimPrefix(dbURL, "sqlite://"), "sqlite:")
		if path == "" {
			return nil, teilhabe.E(teilhabe.EINVALID, "store.error.no_file", "URL", dbURL)
		}
		if dir := filepath.Dir(path); dir != "." {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, err
			}
		}
		db.Dialect = SQLite
		var err error
		if db.write, err = db.openPool(&sqlite.Driver{}, sqliteDSN(path, true)); err != nil {
			return nil, err
		}
		db.write.SetMaxOpenConns(1)
		if db.read, err = db.openPool(&sqlite.Driver{}, sqliteDSN(path, false)); err != nil {
			return nil, err
		}
		db.read.SetMaxOpenConns(8)
	}
	if err := db.Ping(ctx); err != nil {
		db.Close()
		return nil, teilhabe.E(teilhabe.EINTERNAL, "store.error.unreachable", "URL", Redact(dbURL), "Detail", err.Error())
	}
	return db, nil
}

// openPool opens a pool on the engine's driver, behind the statement counter.
func (db *DB) openPool(d driver.Driver, dsn string) (*sql.DB, error) {
	c, err := countingConnectorFor(d, dsn, &db.count)
	if err != nil {
		return nil, err
	}
	return sql.OpenDB(c), nil
}

func sqliteDSN(path string, writer bool) string {
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "synchronous(NORMAL)", "foreign_keys(1)"} {
		q.Add("_pragma", p)
	}
	if writer {
		q.Set("_txlock", "immediate")
		q.Add("_pragma", "temp_store(memory)")
		q.Add("_pragma", "cache_size(-65536)")
	}
	return "file:" + path + "?" + q.Encode()
}

// Redact hides a password in a database URL for logs and messages.
func Redact(dbURL string) string {
	u, err := url.Parse(dbURL)
	if err != nil || u.User == nil {
		return dbURL
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// Ping checks that the database answers (used by /readyz).
func (db *DB) Ping(ctx context.Context) error {
	if err := db.write.PingContext(ctx); err != nil {
		return err
	}
	return db.read.PingContext(ctx)
}

// Close closes both pools.
func (db *DB) Close() error {
	err := db.write.Close()
	if db.read != db.write {
		if rerr := db.read.Close(); err == nil {
			err = rerr
		}
	}
	return err
}

// URL returns the URL the database was opened with, password redacted.
func (db *DB) URL() string { return Redact(db.url) }

// Reader returns the pool for read-only queries.
func (db *DB) Reader() *sql.DB { return db.read }

// Backup writes a consistent copy of the database to path while it stays online.
// SQLite uses VACUUM INTO; for PostgreSQL use pg_dump, which knows the server version.
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.Dialect != SQLite {
		return teilhabe.E(teilhabe.EUNSUPPORTED, "store.error.backup_postgres", "File", path, "URL", db.URL())
	}
	if _, err := os.Stat(path); err == nil {
		return teilhabe.E(teilhabe.ECONFLICT, "store.error.backup_exists", "File", path)
	}
	_, err := db.write.ExecContext(ctx, "VACUUM INTO "+quoteLiteral(path))
	return err
}

func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// RawURL returns the URL with its password, for handing the same database to a
// subprocess in tests.
func (db *DB) RawURL() string { return db.url }
