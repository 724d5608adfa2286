package store

import (
	"context"
	"database/sql"
	"slices"

	"github.com/teilhabe/teilhabe/internal/accounts"
)

// Users returns every user with their memberships, by e-mail address, in one query.
func (s *AccountStore) Users(ctx context.Context) ([]accounts.UserView, error) {
	rows, err := s.db.read.QueryContext(ctx, `SELECT `+principalColumns+` FROM users u`+principalJoin+` ORDER BY u.email, o.name, m.role`)
	if err != nil {
		return nil, err
	}
	ps, err := scanPrincipals(rows)
	out := make([]accounts.UserView, len(ps))
	for i, p := range ps {
		out[i] = accounts.UserView{User: p.User, Memberships: p.Memberships}
	}
	return out, err
}

// UserByEmail returns the user with that address.
func (s *AccountStore) UserByEmail(ctx context.Context, email string) (accounts.User, error) {
	u, err := scanUser(s.db.read.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.email = $1`, email))
	return u, notFound(err)
}

// Tokens lists a user's tokens, newest first.
func (s *AccountStore) Tokens(ctx context.Context, userID int64) ([]accounts.APIToken, error) {
	return collect(ctx, s.db.read, func(rows *sql.Rows) (accounts.APIToken, error) {
		var t accounts.APIToken
		var used, revoked sql.NullTime
		err := rows.Scan(&t.ID, &t.UserID, &t.Name, &t.Prefix, &t.CreatedAt, &used, &revoked)
		t.LastUsedAt, t.RevokedAt = used.Time, revoked.Time
		return t, err
	}, `SELECT id, user_id, name, prefix, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = $1 ORDER BY id DESC`, userID)
}

// Organisations returns the organisations that match f, by name.
// CountOrganisations counts every organisation.
func (s *AccountStore) CountOrganisations(ctx context.Context) (int, error) {
	var n int
	err := s.db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM organisations`).Scan(&n)
	return n, err
}

func (s *AccountStore) Organisations(ctx context.Context, f accounts.OrganisationFilter) ([]accounts.Organisation, error) {
	return collect(ctx, s.db.read, func(rows *sql.Rows) (accounts.Organisation, error) { return scanOrg(rows) },
		`SELECT `+orgColumns+` FROM organisations o
		WHERE ($1 = '' OR o.kind = $1) AND ($2 = '' OR o.region_key = $2) AND ($3 = '' OR o.name = $3)
		ORDER BY o.name`, string(f.Kind), f.RegionKey, f.Name)
}

// Members returns who works in an organisation in which role, by name.
func (s *AccountStore) Members(ctx context.Context, orgID int64) ([]accounts.Member, error) {
	return collect(ctx, s.db.read, func(rows *sql.Rows) (accounts.Member, error) {
		var m accounts.Member
		var role string
		u, err := scanUser(rows, &m.MembershipID, &role)
		m.User, m.Role = u, accounts.Role(role)
		return m, err
	}, `SELECT `+userColumns+`, m.id, m.role FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.organisation_id = $1 ORDER BY u.name, u.id, m.role`, orgID)
}

// Regions names the regions with these keys.
func (s *AccountStore) Regions(ctx context.Context, keys []string) (map[string]accounts.RegionRef, error) {
	out := map[string]accounts.RegionRef{}
	for chunk := range slices.Chunk(keys, maxIDList) {
		var args []any
		in := inList(&args, chunk...)
		list, err := collect(ctx, s.db.read, func(rows *sql.Rows) (accounts.RegionRef, error) {
			var r accounts.RegionRef
			var date sql.NullTime
			err := rows.Scan(&r.Key, &r.Name, &r.Population, &date)
			r.PopulationDate = date.Time
			return r, err
		}, `SELECT key, name, population, population_date FROM regions WHERE key IN (`+in+`)`, args...)
		if err != nil {
			return nil, err
		}
		for _, r := range list {
			out[r.Key] = r
		}
	}
	return out, nil
}
