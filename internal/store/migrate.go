package store

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"log/slog"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/database"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

func (db *DB) provider() (*goose.Provider, error) {
	fsys, err := migrationFS(db.Dialect)
	if err != nil {
		return nil, err
	}
	return goose.NewProvider(goose.Dialect(db.Dialect.gooseName()), db.write, fsys)
}

// SchemaVersion returns the version the database is at and the newest version this
// binary knows.
func (db *DB) SchemaVersion(ctx context.Context) (current, known int64, err error) {
	p, err := db.provider()
	if err != nil {
		return 0, 0, err
	}
	sources := p.ListSources()
	if len(sources) > 0 {
		known = sources[len(sources)-1].Version
	}
	current, err = p.GetDBVersion(ctx)
	if errors.Is(err, database.ErrVersionNotFound) {
		err = nil
	}
	return current, known, err
}

// Migrate brings the schema up to date. A database that a newer Teilhabe has migrated
// is refused, since this binary would misread tables it does not know.
func (db *DB) Migrate(ctx context.Context) error {
	current, known, err := db.SchemaVersion(ctx)
	if err != nil {
		return fmt.Errorf("schema version: %w", err)
	}
	if current > known {
		return teilhabe.E(teilhabe.EUNSUPPORTED, "store.error.schema_newer", "Current", current, "Known", known)
	}
	p, err := db.provider()
	if err != nil {
		return err
	}
	results, err := p.Up(ctx)
	for _, r := range results {
		slog.Info("migration applied", "version", r.Source.Version, "file", r.Source.Path, "duration", r.Duration)
	}
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}
