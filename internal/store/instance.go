package store

import (
	"context"
	"database/sql"
	"errors"
)

// InstanceKind says whether a database holds real work or the demo scenario. It is
// set once, when the database is first used, and guards against loading demo data into
// a production database.
type InstanceKind string

const (
	InstanceProduction InstanceKind = "production"
	InstanceDemo       InstanceKind = "demo"
)

// InstanceKind returns the database's kind, or "" for a database nobody has claimed.
func (db *DB) InstanceKind(ctx context.Context) (InstanceKind, error) {
	var k string
	err := db.read.QueryRowContext(ctx, `SELECT kind FROM instance WHERE id = 1`).Scan(&k)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return InstanceKind(k), err
}

// ClaimInstance marks an unclaimed database as kind and returns the kind it has now;
// a database that is already claimed keeps its kind.
func (db *DB) ClaimInstance(ctx context.Context, kind InstanceKind) (InstanceKind, error) {
	err := db.Update(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO instance (id, kind, created_at) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING`, string(kind), tx.now)
		return err
	})
	if err != nil {
		return "", err
	}
	return db.InstanceKind(ctx)
}

// IsEmpty reports whether the database holds no users, organisations or regions yet.
func (db *DB) IsEmpty(ctx context.Context) (bool, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM organisations) + (SELECT COUNT(*) FROM regions)`).Scan(&n)
	return n == 0, err
}
