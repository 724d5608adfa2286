package store

import (
	"cmp"
	"context"
	"slices"

	"github.com/teilhabe/teilhabe/internal/programmes"
)

// MatchProgrammes lists the searchable programmes that fit a provider or a need,
// each with the reasons why (programmes.MatchProgramme): programmes with an open call
// first. Region reasons carry the names of both regions for the UI's sentence.
func (db *DB) MatchProgrammes(ctx context.Context, m programmes.MatchInput) ([]programmes.Match, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	now := db.Now()
	cands, err := db.finderCandidates(ctx, now, "")
	if err != nil {
		return nil, err
	}
	// The criteria need no calls: sift with the candidates, then read the
	// programmes that fit in full for the reasons about their calls.
	var ids []int64
	for i := range cands {
		if fits, _ := programmes.MatchProgramme(cands[i].Programme, m, now); fits {
			ids = append(ids, cands[i].Programme.ID)
		}
	}
	progs, err := db.hitProgrammes(ctx, ids)
	if err != nil {
		return nil, err
	}
	var out []programmes.Match
	var keys []string
	for _, id := range ids {
		p, ok := progs[id]
		if !ok {
			continue // deleted meanwhile
		}
		fits, reasons := programmes.MatchProgramme(&p, m, now)
		if !fits {
			continue // changed meanwhile
		}
		for _, r := range reasons {
			if r.Code == programmes.ReasonRegion || r.Code == programmes.ReasonRegionPart {
				keys = append(keys, r.Args["programme_region"], r.Args["region"])
			}
		}
		out = append(out, programmes.Match{Hit: programmes.Hit{Programme: p, NextDeadline: p.NextDeadline(now), OpenNow: p.OpenCall(now)}, Reasons: reasons})
	}
	names, err := db.regionNames(ctx, keys)
	if err != nil {
		return nil, err
	}
	for i := range out {
		for _, r := range out[i].Reasons {
			if r.Code == programmes.ReasonRegion || r.Code == programmes.ReasonRegionPart {
				r.Args["programme_region_name"] = cmp.Or(names[r.Args["programme_region"]], r.Args["programme_region"])
				r.Args["region_name"] = cmp.Or(names[r.Args["region"]], r.Args["region"])
			}
		}
	}
	programmes.SortMatches(out)
	return out, nil
}

// regionNames returns the names of the regions with the given keys, "Landkreis
// Ludwigsburg" rather than "Ludwigsburg": the kind tells a Kreis from its town.
func (db *DB) regionNames(ctx context.Context, keys []string) (map[string]string, error) {
	slices.Sort(keys)
	keys = slices.Compact(keys)
	out := map[string]string{}
	for chunk := range slices.Chunk(keys, maxIDList) {
		var args []any
		rows, err := db.read.QueryContext(ctx, `SELECT key, name, kind FROM regions WHERE key IN (`+marks(&args, chunk...)+`)`, args...)
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
