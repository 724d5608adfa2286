package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
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
		if _, err := tx.ExecContext(ctx, `DELETE FROM programme_calls WHERE id = $1`, id); err != nil {
			return err
		}
	}
	return rows.Err()
}

func checkFunder(ctx context.Context, tx *Tx, p *programmes.Programme) error {
	var kind, level string
	err := tx.QueryRowContext(ctx, `SELECT kind, funder_level, name FROM organisations WHERE id = $1`, p.FunderID).Scan(&kind, &level, &p.FunderName)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && kind != string(accounts.KindFunder)) {
		return teilhabe.Invalid("Programme legt ein Fördermittelgeber an.", teilhabe.FieldError{Field: "funder_id", Code: "invalid", Message: "Bitte einen Fördermittelgeber wählen."})
	}
	p.FunderLevel = accounts.FunderLevel(level)
	return err
}

// checkRegionKeys requires every key to be a region of the Gemeindeverzeichnis.
func checkRegionKeys(ctx context.Context, tx *Tx, keys []string) error {
	var unknown []string
	for _, k := range keys {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM regions WHERE key = $1`, k).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		msg := fmt.Sprintf("Unbekannter Regionalschlüssel: %s.", strings.Join(unknown, ", "))
		return teilhabe.Invalid(msg, teilhabe.FieldError{Field: "region_keys", Code: "unknown", Message: msg})
	}
	return nil
}
