package store

import (
	"context"
	"database/sql"
	"slices"

	"github.com/teilhabe/teilhabe/internal/programmes"
)

// The parts of a programme that are written beside its row: calls, and the checks of
// its funder and regions.

func programmeCalls(ctx context.Context, q queryer, id int64) ([]programmes.Call, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, title, opens_at, closes_at FROM programme_calls WHERE programme_id = $1 ORDER BY opens_at, id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []programmes.Call
	for rows.Next() {
		var c programmes.Call
		if err := rows.Scan(&c.ID, &c.Title, &c.OpensAt, &c.ClosesAt); err != nil {
			return nil, err
		}
		c.OpensAt, c.ClosesAt = c.OpensAt.UTC(), c.ClosesAt.UTC()
		out = append(out, c)
	}
	return out, rows.Err()
}

func writeCalls(ctx context.Context, tx *Tx, p *programmes.Programme) error {
	// Calls keep their ids when they are still there, so that links to them hold.
	keep := map[int64]bool{}
	for i := range p.Calls {
		c := &p.Calls[i]
		if c.ID != 0 {
			res, err := tx.ExecContext(ctx, `UPDATE programme_calls SET title = $3, opens_at = $4, closes_at = $5 WHERE id = $1 AND programme_id = $2`,
				c.ID, p.ID, c.Title, c.OpensAt.UTC(), c.ClosesAt.UTC())
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 1 {
				keep[c.ID] = true
				continue
			}
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO programme_calls (programme_id, title, opens_at, closes_at) VALUES ($1, $2, $3, $4) RETURNING id`,
			p.ID, c.Title, c.OpensAt.UTC(), c.ClosesAt.UTC()).Scan(&c.ID); err != nil {
			return err
		}
		keep[c.ID] = true
	}
	rows, err := tx.QueryContext(ctx, `SELECT id FROM programme_calls WHERE programme_id = $1`, p.ID)
	if err != nil {
		return err
	}
	var drop []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		if !keep[id] {
			drop = append(drop, id)
		}
	}
	rows.Close()
	for _, id := range drop {
		// Applications keep their call: one that has any stays, and the change is
		// refused with the call's title.
		var title string
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT c.title, (SELECT COUNT(*) FROM applications a WHERE a.call_id = c.id)
			FROM programme_calls c WHERE c.id = $1`, id).Scan(&title, &n); err != nil {
			return err
		}
		if n > 0 {
			return programmes.ErrCallHasApplications(title, n)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM programme_calls WHERE id = $1`, id); err != nil {
			return err
		}
	}
	return rows.Err()
}

// unknownRegions returns those of keys that name no region of the
// Gemeindeverzeichnis, in their order.
func missingRegionKeys(ctx context.Context, q queryer, keys []string) ([]string, error) {
	known := map[string]bool{}
	for chunk := range slices.Chunk(keys, maxIDList) {
		var args []any
		found, err := collect(ctx, q, func(rows *sql.Rows) (string, error) {
			var k string
			return k, rows.Scan(&k)
		}, `SELECT key FROM regions WHERE key IN (`+inList(&args, chunk...)+`)`, args...)
		if err != nil {
			return nil, err
		}
		for _, k := range found {
			known[k] = true
		}
	}
	var unknown []string
	for _, k := range keys {
		if !known[k] {
			unknown = append(unknown, k)
		}
	}
	return unknown, nil
}
