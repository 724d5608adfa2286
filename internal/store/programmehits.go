package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/regions"
)

// hitColumns are a programme's columns without its sections: what a list of
// programmes shows.
const hitColumns = `p.id, p.funder_id, o.name, o.funder_level, p.title, p.summary, CAST(p.action_fields AS TEXT),
	CAST(p.target_groups AS TEXT), CAST(p.provider_types AS TEXT), CAST(p.region_keys AS TEXT), CAST(p.budgets AS TEXT),
	p.funding_kind, p.financing_type, p.max_grant, p.own_share, p.period_start, p.period_end, p.status, p.version,
	p.published_at, p.created_at, p.updated_at, p.funding_rate`

// hitProgrammes reads the programmes with the given ids, without sections, with
// their calls.
func (db *DB) hitProgrammes(ctx context.Context, ids []int64) (map[int64]programmes.Programme, error) {
	out := make(map[int64]programmes.Programme, len(ids))
	for chunk := range slices.Chunk(ids, maxIDList) {
		var args []any
		in := inList(&args, chunk...)
		rows, err := db.read.QueryContext(ctx, `SELECT `+hitColumns+` FROM programmes p JOIN organisations o ON o.id = p.funder_id WHERE p.id IN (`+in+`)`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var p programmes.Programme
			var level, fields, groups, types, keys, budgets, kind, financing, status string
			var published sql.NullTime
			if err := rows.Scan(&p.ID, &p.FunderID, &p.FunderName, &level, &p.Title, &p.Summary, &fields, &groups, &types, &keys, &budgets,
				&kind, &financing, &p.MaxGrant, &p.OwnShare, &p.PeriodStart, &p.PeriodEnd, &status, &p.Version,
				&published, &p.CreatedAt, &p.UpdatedAt, &p.FundingRate); err != nil {
				rows.Close()
				return nil, err
			}
			p.FunderLevel, p.FundingKind, p.FinancingType, p.Status = accounts.FunderLevel(level), programmes.FundingKind(kind), programmes.FinancingType(financing), programmes.Status(status)
			p.PublishedAt = published.Time
			err := errors.Join(decodeCodes(p.ID, "action_fields", fields, &p.ActionFields), decodeCodes(p.ID, "target_groups", groups, &p.TargetGroups),
				decodeCodes(p.ID, "provider_types", types, &p.ProviderTypes), decodeCodes(p.ID, "region_keys", keys, &p.RegionKeys))
			if err == nil {
				if err = json.Unmarshal([]byte(budgets), &p.Budgets); err != nil {
					err = fmt.Errorf("programmes.budgets of %d: %w", p.ID, err)
				}
			}
			if err != nil {
				rows.Close()
				return nil, err
			}
			out[p.ID] = p
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}

		args = args[:0]
		in = inList(&args, chunk...)
		calls, err := db.read.QueryContext(ctx, `SELECT programme_id, id, title, opens_at, closes_at FROM programme_calls
			WHERE programme_id IN (`+in+`) ORDER BY opens_at, id`, args...)
		if err != nil {
			return nil, err
		}
		for calls.Next() {
			var pid int64
			var c programmes.Call
			if err := calls.Scan(&pid, &c.ID, &c.Title, &c.OpensAt, &c.ClosesAt); err != nil {
				calls.Close()
				return nil, err
			}
			if p, ok := out[pid]; ok {
				c.OpensAt, c.ClosesAt = c.OpensAt.UTC(), c.ClosesAt.UTC()
				p.Calls = append(p.Calls, c)
				out[pid] = p
			}
		}
		calls.Close()
		if err := calls.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// landKeys returns the keys of the Länder, the values of the region facet beside
// "DG": the children of the Bund, read through the parent index.
func (db *DB) landKeys(ctx context.Context) ([]string, error) {
	return collect(ctx, db.read, func(rows *sql.Rows) (string, error) {
		var k string
		return k, rows.Scan(&k)
	}, `SELECT key FROM regions WHERE parent_key = $1 AND level = $2 ORDER BY key`, regions.KeyBund, string(regions.LevelLand))
}
