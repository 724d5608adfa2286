package store

import (
	"context"
	"slices"
)

// regionNames returns the names of the regions with the given keys, "Landkreis
// Ludwigsburg" rather than "Ludwigsburg": the kind tells a Kreis from its town.
func (db *DB) regionNames(ctx context.Context, keys []string) (map[string]string, error) {
	slices.Sort(keys)
	keys = slices.Compact(keys)
	out := map[string]string{}
	for chunk := range slices.Chunk(keys, maxIDList) {
		var args []any
		rows, err := db.read.QueryContext(ctx, `SELECT key, name, kind FROM regions WHERE key IN (`+inList(&args, chunk...)+`)`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var key, name, kind string
			if err := rows.Scan(&key, &name, &kind); err != nil {
				rows.Close()
				return nil, err
			}
			out[key] = regionLabel(name, kind)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// regionLabel names a region as a sentence does: the Gemeindeverzeichnis calls
// the Landkreis "Ludwigsburg" just like its town, so the kind is put in front where
// it tells them apart; towns and Länder are named by their name alone.
func regionLabel(name, kind string) string {
	switch kind {
	case "Landkreis", "Kreis", "Regierungsbezirk", "Regionalverband":
		return kind + " " + name
	}
	return name
}
