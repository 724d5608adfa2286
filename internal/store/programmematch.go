package store

import (
	"context"
	"slices"

	"github.com/teilhabe/teilhabe/internal/regions"
)

// regionNames returns the names of the regions with the given keys, "Landkreis
// Ludwigsburg" rather than "Ludwigsburg" (regions.Region.Label).
func (db *DB) regionNames(ctx context.Context, keys []string) (map[string]string, error) {
	keys = slices.Compact(slices.Sorted(slices.Values(keys))) // the caller's order stays
	out := map[string]string{}
	for chunk := range slices.Chunk(keys, maxIDList) {
		var args []any
		rows, err := db.read.QueryContext(ctx, `SELECT key, name, kind FROM regions WHERE key IN (`+inList(&args, chunk...)+`)`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var r regions.Region
			if err := rows.Scan(&r.Key, &r.Name, &r.Kind); err != nil {
				rows.Close()
				return nil, err
			}
			out[r.Key] = r.Label()
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
