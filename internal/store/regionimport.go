package store

import (
	"context"
	"fmt"
	"time"

	"github.com/teilhabe/teilhabe/internal/regions"
)

// Update runs fn in one write transaction: an import of the Gemeindeverzeichnis.
func (s *RegionStore) Update(ctx context.Context, fn func(regions.Tx) error) error {
	return s.db.Update(ctx, func(tx *Tx) error { return fn(regionTx{tx}) })
}

// regionTx is a write transaction as the region use cases see it.
type regionTx struct{ tx *Tx }

var _ regions.Tx = regionTx{}

func (t regionTx) Audit(ctx context.Context, entity, id, action string, before, after any) error {
	return t.tx.Audit(ctx, entity, id, action, before, after)
}

// Existing returns every stored region, current or retired, by key.
func (t regionTx) Existing(ctx context.Context) (map[string]regions.Region, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT `+regionColumns+` FROM regions r`)
	if err != nil {
		return nil, err
	}
	list, err := collectRegions(rows)
	m := make(map[string]regions.Region, len(list))
	for _, r := range list {
		m[r.Key] = r
	}
	return m, err
}

const regionInsertColumns = "key, ars, name, level, level_rank, kind, parent_key, area_km2, population, " +
	"population_male, population_female, population_date, postcode, search_name, fold_name, valid_from, updated_at"

// Insert adds the regions in as few statements as the engine allows (COPY on
// PostgreSQL): a first import inserts all 16,057 of them.
func (t regionTx) Insert(ctx context.Context, list []regions.Region) error {
	ins := newBatchInserter(t.tx, "regions", regionInsertColumns, 17)
	defer ins.Close()
	for i := 0; i < len(list); i += ins.size {
		batch := list[i:min(i+ins.size, len(list))]
		args := make([]any, 0, len(batch)*17)
		for _, r := range batch {
			args = append(args, regionValues(r, t.tx.now)...)
		}
		if err := ins.Exec(ctx, len(batch), args); err != nil {
			return fmt.Errorf("insert regions: %w", err)
		}
	}
	return nil
}

// Replace overwrites the region with r's key, and makes it current again.
func (t regionTx) Replace(ctx context.Context, r regions.Region) error {
	v := regionValues(r, t.tx.now)
	_, err := t.tx.ExecContext(ctx, `UPDATE regions SET ars = $2, name = $3, level = $4, level_rank = $5, kind = $6,
		parent_key = $7, area_km2 = $8, population = $9, population_male = $10, population_female = $11,
		population_date = $12, postcode = $13, search_name = $14, fold_name = $15, valid_from = $16,
		updated_at = $17, valid_until = NULL WHERE key = $1`, v...)
	if err != nil {
		return fmt.Errorf("update region %s: %w", r.Key, err)
	}
	return nil
}

// Retire sets the region's valid_until.
func (t regionTx) Retire(ctx context.Context, key string, asOf time.Time) error {
	_, err := t.tx.ExecContext(ctx, `UPDATE regions SET valid_until = $1, updated_at = $2 WHERE key = $3`, asOf, t.tx.now, key)
	if err != nil {
		return fmt.Errorf("retire region %s: %w", key, err)
	}
	return nil
}

// regionValues are r's columns in regionInsertColumns order, with the two search
// forms of its name.
func regionValues(r regions.Region, now time.Time) []any {
	var parent any
	if r.ParentKey != "" {
		parent = r.ParentKey
	}
	return []any{r.Key, r.ARS, r.Name, string(r.Level), r.Level.Rank(), r.Kind, parent, r.AreaKm2,
		r.Population, r.PopulationMale, r.PopulationFemale, dateOrNil(r.PopulationDate), r.Postcode,
		regions.SearchName(r.Name), regions.FoldName(r.Name), r.ValidFrom.Format(time.DateOnly), now}
}

func dateOrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Format(time.DateOnly)
}
