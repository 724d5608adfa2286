package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// StatisticsStore is the monitoring capability's view of the database: the imported
// statistical tables and their observations, the indicators and their values, and
// the regions and network members the peer groups are made of. It implements
// monitoring.Store; the rules are the use cases' (package monitoring), the SQL is here.
type StatisticsStore struct{ db *DB }

// Statistics returns the statistics view.
func (db *DB) Statistics() *StatisticsStore { return &StatisticsStore{db: db} }

var _ monitoring.Store = (*StatisticsStore)(nil)

// Update runs fn in one write transaction.
func (s *StatisticsStore) Update(ctx context.Context, fn func(monitoring.Tx) error) error {
	return s.db.Update(ctx, func(tx *Tx) error { return fn(statisticsTx{tx}) })
}

// statisticsTx is a write transaction as the monitoring use cases see it.
type statisticsTx struct{ tx *Tx }

var _ monitoring.Tx = statisticsTx{}

func (t statisticsTx) Audit(ctx context.Context, entity, id, action string, before, after any) error {
	return t.tx.Audit(ctx, entity, id, action, before, after)
}

// Region returns the region with this key or ARS.
func (s *StatisticsStore) Region(ctx context.Context, key string) (regions.Region, error) {
	r, err := scanRegion(s.db.read.QueryRowContext(ctx, regionByKey, key))
	if errors.Is(err, sql.ErrNoRows) {
		return r, teilhabe.E(teilhabe.ENOTFOUND, "")
	}
	return r, err
}

// FindRegions returns one page of the regions that match f and the total count.
func (s *StatisticsStore) FindRegions(ctx context.Context, f regions.Filter) ([]regions.Region, int, error) {
	return s.db.FindRegions(ctx, f)
}

// RegionAncestors returns the chain from the Bund down to the region itself.
func (s *StatisticsStore) RegionAncestors(ctx context.Context, key string) ([]regions.Region, error) {
	return s.db.RegionAncestors(ctx, key)
}
