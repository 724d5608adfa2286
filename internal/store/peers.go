package store

import (
	"context"
	"slices"
	"strings"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/regions"
)

// NetworkRegions returns the distinct regions of the organisations that have at
// least one member of the Qualitätszirkel (a network member or the network office),
// sorted by key.
func (s *StatisticsStore) NetworkRegions(ctx context.Context) ([]string, error) {
	rows, err := s.db.read.QueryContext(ctx, `SELECT DISTINCT o.region_key FROM organisations o
		WHERE o.region_key IS NOT NULL
			AND EXISTS (SELECT 1 FROM memberships m WHERE m.organisation_id = o.id AND m.role IN ($1, $2))
		ORDER BY o.region_key`, string(accounts.RoleNetworkMember), string(accounts.RoleNetworkOffice))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// RegionsOfKind returns the current regions of one level and kind ("Stadtkreis",
// "Landkreis", ...), by key.
func (s *StatisticsStore) RegionsOfKind(ctx context.Context, level regions.Level, kind string) ([]regions.Region, error) {
	rows, err := s.db.read.QueryContext(ctx, `SELECT `+regionColumns+` FROM regions r
		WHERE r.level = $1 AND r.kind = $2 AND r.valid_until IS NULL ORDER BY r.key`, string(level), kind)
	if err != nil {
		return nil, err
	}
	return collectRegions(rows)
}

// RegionsByKeys returns the regions with the given keys, by key; unknown keys are
// simply missing from the answer.
func (s *StatisticsStore) RegionsByKeys(ctx context.Context, keys []string) ([]regions.Region, error) {
	return regionsByKeys(ctx, s.db.read, keys)
}

func regionsByKeys(ctx context.Context, q queryer, keys []string) ([]regions.Region, error) {
	var out []regions.Region
	for chunk := range slices.Chunk(keys, maxIDList) {
		var args []any
		rows, err := q.QueryContext(ctx, `SELECT `+regionColumns+` FROM regions r WHERE r.key IN (`+inList(&args, chunk...)+`) ORDER BY r.key`, args...)
		if err != nil {
			return nil, err
		}
		part, err := collectRegions(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, part...)
	}
	slices.SortFunc(out, func(a, b regions.Region) int { return strings.Compare(a.Key, b.Key) })
	return out, nil
}
