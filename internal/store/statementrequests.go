package store

import (
	"context"
	"database/sql"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/applications"
)

// Administrations reads the municipal administrations whose region key is one of
// keys or a prefix of one, with their active commissioners, in two queries.
func (t applicationTx) Administrations(ctx context.Context, keys []string) ([]applications.Administration, error) {
	var prefixes []string
	seen := map[string]bool{}
	for _, k := range keys {
		for n := 1; n <= len(k); n++ {
			if p := k[:n]; !seen[p] {
				seen[p] = true
				prefixes = append(prefixes, p)
			}
		}
	}
	if len(prefixes) == 0 {
		return nil, nil
	}
	args := []any{string(accounts.KindMunicipality)}
	in := inList(&args, prefixes...)
	list, err := collect(ctx, t.tx, func(rows *sql.Rows) (applications.Administration, error) {
		var a applications.Administration
		return a, rows.Scan(&a.ID, &a.Name, &a.RegionKey)
	}, `SELECT id, name, region_key FROM organisations WHERE kind = $1 AND region_key IN (`+in+`) ORDER BY id`, args...)
	if err != nil || len(list) == 0 {
		return list, err
	}
	byID := make(map[int64]*applications.Administration, len(list))
	ids := make([]int64, len(list))
	for i := range list {
		byID[list[i].ID], ids[i] = &list[i], list[i].ID
	}
	args = []any{string(accounts.RoleCommissioner)}
	in = inList(&args, ids...)
	type member struct{ org, user int64 }
	members, err := collect(ctx, t.tx, func(rows *sql.Rows) (member, error) {
		var m member
		return m, rows.Scan(&m.org, &m.user)
	}, `SELECT DISTINCT m.organisation_id, u.id FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.role = $1 AND u.disabled_at IS NULL AND m.organisation_id IN (`+in+`) ORDER BY m.organisation_id, u.id`, args...)
	for _, m := range members {
		byID[m.org].Commissioners = append(byID[m.org].Commissioners, m.user)
	}
	return list, err
}

func (t applicationTx) RequestStatement(ctx context.Context, r applications.StatementRequest) (int64, error) {
	var id int64
	err := t.tx.QueryRowContext(ctx, `INSERT INTO statements (application_id, municipality_id, region_key, requested_at, due_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, r.ApplicationID, r.MunicipalityID, r.RegionKey, r.RequestedAt, r.DueAt).Scan(&id)
	return id, err
}
