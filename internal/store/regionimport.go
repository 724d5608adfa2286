package store

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/teilhabe/teilhabe/internal/regions"
)

// RegionImportResult counts what an import of the Gemeindeverzeichnis changed.
type RegionImportResult struct {
	Source    string   `json:"source"`
	Inserted  int      `json:"inserted"`
	Updated   int      `json:"updated"`
	Unchanged int      `json:"unchanged"`
	Retired   int      `json:"retired"` // in the database but no longer in the directory
	Changed   []string `json:"changed,omitempty"`
}

// ImportRegions loads a parsed Gemeindeverzeichnis in one transaction: new regions are
// inserted, changed ones updated, and regions that the directory no longer has are
// kept with valid_until set, because keys change with mergers and old data refers to
// them. Running it twice with the same input changes nothing.
func (db *DB) ImportRegions(ctx context.Context, list []regions.Region, source string) (RegionImportResult, error) {
	res := RegionImportResult{Source: source}
	err := db.Update(ctx, func(tx *Tx) error {
		existing, err := currentRegions(ctx, tx)
		if err != nil {
			return err
		}
		seen := make(map[string]bool, len(list))
		var inserts []regions.Region
		for _, r := range list {
			seen[r.Key] = true
			old, ok := existing[r.Key]
			switch {
			case !ok:
				inserts = append(inserts, r)
			case sameRegion(old, r):
				res.Unchanged++
			default:
				if err := updateRegion(ctx, tx, r); err != nil {
					return err
				}
				res.Updated++
				if len(res.Changed) < 100 {
					res.Changed = append(res.Changed, r.Key)
				}
			}
		}
		ins := newBatchInserter(tx, "regions", regionInsertColumns, 17)
		defer ins.Close()
		for i := 0; i < len(inserts); i += ins.size {
			batch := inserts[i:min(i+ins.size, len(inserts))]
			args := make([]any, 0, len(batch)*17)
			for _, r := range batch {
				args = append(args, regionValues(r, tx.now)...)
			}
			if err := ins.Exec(ctx, len(batch), args); err != nil {
				return fmt.Errorf("insert regions: %w", err)
			}
		}
		res.Inserted = len(inserts)
		if len(list) > 0 {
			asOf := list[0].ValidFrom
			for key, old := range existing {
				if !seen[key] && old.ValidUntil.IsZero() {
					if _, err := tx.ExecContext(ctx, `UPDATE regions SET valid_until = $1, updated_at = $2 WHERE key = $3`, asOf, tx.now, key); err != nil {
						return err
					}
					res.Retired++
				}
			}
		}
		return tx.Audit(ctx, "regions", source, "import", nil, res)
	})
	return res, err
}

func currentRegions(ctx context.Context, tx *Tx) (map[string]regions.Region, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+regionColumns+` FROM regions r`)
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

func sameRegion(a, b regions.Region) bool {
	return a.ARS == b.ARS && a.Name == b.Name && a.Level == b.Level && a.Kind == b.Kind &&
		a.ParentKey == b.ParentKey && math.Abs(a.AreaKm2-b.AreaKm2) < 0.005 &&
		a.Population == b.Population && a.PopulationMale == b.PopulationMale &&
		a.PopulationFemale == b.PopulationFemale && sameDay(a.PopulationDate, b.PopulationDate) &&
		a.Postcode == b.Postcode && a.ValidUntil.IsZero()
}

func sameDay(a, b time.Time) bool { return a.Format(time.DateOnly) == b.Format(time.DateOnly) }

func regionValues(r regions.Region, now time.Time) []any {
	var parent any
	if r.ParentKey != "" {
		parent = r.ParentKey
	}
	return []any{r.Key, r.ARS, r.Name, string(r.Level), r.Level.Rank(), r.Kind, parent, r.AreaKm2,
		r.Population, r.PopulationMale, r.PopulationFemale, dateOrNil(r.PopulationDate), r.Postcode,
		regions.SearchName(r.Name), regions.FoldName(r.Name), r.ValidFrom.Format(time.DateOnly), now}
}

const regionInsertColumns = "key, ars, name, level, level_rank, kind, parent_key, area_km2, population, " +
	"population_male, population_female, population_date, postcode, search_name, fold_name, valid_from, updated_at"

func updateRegion(ctx context.Context, tx *Tx, r regions.Region) error {
	v := regionValues(r, tx.now)
	_, err := tx.ExecContext(ctx, `UPDATE regions SET ars = $2, name = $3, level = $4, level_rank = $5, kind = $6,
		parent_key = $7, area_km2 = $8, population = $9, population_male = $10, population_female = $11,
		population_date = $12, postcode = $13, search_name = $14, fold_name = $15, valid_from = $16,
		updated_at = $17, valid_until = NULL WHERE key = $1`, v...)
	if err != nil {
		return fmt.Errorf("update region %s: %w", r.Key, err)
	}
	return nil
}

func dateOrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Format(time.DateOnly)
}
