package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// RegionStore is the regions capability's view of the database: the Gemeindeverzeichnis
// with its hierarchy and its imports. It implements regions.Store; the rules are the
// use cases' (package regions), the SQL is here.
type RegionStore struct{ db *DB }

// Regions returns the regions view.
func (db *DB) Regions() *RegionStore { return &RegionStore{db: db} }

var _ regions.Store = (*RegionStore)(nil)

// regionColumns are selected from "regions r" in this order by scanRegion.
const regionColumns = `r.key, r.ars, r.name, r.level, r.kind, COALESCE(r.parent_key, ''), r.area_km2, r.population,
	r.population_male, r.population_female, r.population_date, r.postcode, r.valid_from, r.valid_until`

func scanRegion(row interface{ Scan(...any) error }) (regions.Region, error) {
	var r regions.Region
	var level string
	var popDate, validUntil sql.NullTime
	err := row.Scan(&r.Key, &r.ARS, &r.Name, &level, &r.Kind, &r.ParentKey, &r.AreaKm2, &r.Population,
		&r.PopulationMale, &r.PopulationFemale, &popDate, &r.Postcode, &r.ValidFrom, &validUntil)
	r.Level = regions.Level(level)
	r.PopulationDate = popDate.Time
	r.ValidUntil = validUntil.Time
	return r, err
}

// regionByKey selects the region with the key $1, or the Gemeinde with the ARS $1.
const regionByKey = `SELECT ` + regionColumns + ` FROM regions r WHERE r.key = $1 OR r.ars = $1 ORDER BY r.level_rank DESC LIMIT 1`

// Region returns the region with the given key; a 12-digit ARS of a Gemeinde is
// accepted as well.
func (s *RegionStore) Region(ctx context.Context, key string) (regions.Region, error) {
	r, err := scanRegion(s.db.read.QueryRowContext(ctx, regionByKey, key))
	if errors.Is(err, sql.ErrNoRows) {
		return r, teilhabe.E(teilhabe.ENOTFOUND, "regions.error.not_found", "Key", key)
	}
	return r, err
}

// Ancestors returns the chain from the Bund down to the region itself.
func (s *RegionStore) Ancestors(ctx context.Context, key string) ([]regions.Region, error) {
	rows, err := s.db.read.QueryContext(ctx, `WITH RECURSIVE chain(key, depth) AS (
			SELECT key, 0 FROM regions WHERE key = $1
			UNION ALL
			SELECT r.parent_key, c.depth + 1 FROM regions r JOIN chain c ON r.key = c.key WHERE r.parent_key IS NOT NULL
		)
		SELECT `+regionColumns+` FROM chain c JOIN regions r ON r.key = c.key ORDER BY c.depth DESC`, key)
	if err != nil {
		return nil, err
	}
	return collectRegions(rows)
}

// Find returns one page of the current regions that match f and the total count.
// Names match by prefix of any word, with or without umlauts; keys by prefix.
func (s *RegionStore) Find(ctx context.Context, f regions.Filter) ([]regions.Region, int, error) {
	total, err := s.Count(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	where, args := regionWhere(f)
	limit, offset := f.Page()
	// Among name matches, whole-name prefix matches come first ("Stuttgart" before
	// "Landkreis Stuttgart"), then larger units, then by population.
	order := "r.level_rank, r.name, r.key"
	if sq := regions.SearchQuery(f.Query); sq != "" {
		args = append(args, sq+"%")
		order = fmt.Sprintf("CASE WHEN r.search_name LIKE $%d THEN 0 ELSE 1 END, r.level_rank, r.population DESC, r.key", len(args))
	}
	args = append(args, limit, offset)
	rows, err := s.db.read.QueryContext(ctx, `SELECT `+regionColumns+` FROM regions r WHERE `+where+
		` ORDER BY `+order+fmt.Sprintf(` LIMIT $%d OFFSET $%d`, len(args)-1, len(args)), args...)
	if err != nil {
		return nil, 0, err
	}
	list, err := collectRegions(rows)
	return list, total, err
}

// Count counts the current regions that match f.
func (s *RegionStore) Count(ctx context.Context, f regions.Filter) (int, error) {
	where, args := regionWhere(f)
	var total int
	err := s.db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM regions r WHERE `+where, args...).Scan(&total)
	return total, err
}

// ByKeys returns the regions with the given keys, by key.
func (s *RegionStore) ByKeys(ctx context.Context, keys []string) ([]regions.Region, error) {
	return regionsByKeys(ctx, s.db.read, keys)
}

func regionWhere(f regions.Filter) (string, []any) {
	conds := []string{"r.valid_until IS NULL"}
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if q := strings.TrimSpace(f.Query); q != "" {
		if key, ok := regions.KeyPrefix(q); ok {
			p := arg(key + "%")
			conds = append(conds, "(r.key LIKE "+p+" OR r.ars LIKE "+p+")")
		} else {
			s, fold := regions.SearchQuery(q), regions.FoldName(q)
			a, b, c, d := arg(s+"%"), arg("% "+s+"%"), arg(fold+"%"), arg("% "+fold+"%")
			conds = append(conds, fmt.Sprintf("(r.search_name LIKE %s OR r.search_name LIKE %s OR r.fold_name LIKE %s OR r.fold_name LIKE %s)", a, b, c, d))
		}
	}
	if f.Level != "" {
		conds = append(conds, "r.level = "+arg(string(f.Level)))
	}
	if f.Parent != "" {
		conds = append(conds, "r.parent_key = "+arg(f.Parent))
	}
	return strings.Join(conds, " AND "), args
}

func collectRegions(rows *sql.Rows) ([]regions.Region, error) {
	defer rows.Close()
	var out []regions.Region
	for rows.Next() {
		r, err := scanRegion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// The pages that have not moved to the regions use cases yet (monitoring, accounts)
// and the tests read regions straight from the database with these.

// Region returns the region with the given key or a Gemeinde's ARS.
func (db *DB) Region(ctx context.Context, key string) (regions.Region, error) {
	return db.Regions().Region(ctx, key)
}

// RegionAncestors returns the chain from the Bund down to the region itself.
func (db *DB) RegionAncestors(ctx context.Context, key string) ([]regions.Region, error) {
	return db.Regions().Ancestors(ctx, key)
}

// FindRegions returns one page of the current regions that match f and the total.
func (db *DB) FindRegions(ctx context.Context, f regions.Filter) ([]regions.Region, int, error) {
	return db.Regions().Find(ctx, f)
}
