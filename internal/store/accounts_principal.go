package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// The reads of every logged-in request and every API call, and of the login form.

// principalColumns are a user's and, from a LEFT JOIN, one membership's columns:
// a user without memberships comes as one row whose membership id is 0.
const principalColumns = userColumns + `, COALESCE(m.id, 0), COALESCE(m.role, ''),
	COALESCE(o.id, 0), COALESCE(o.kind, ''), COALESCE(o.name, ''), COALESCE(o.funder_level, ''), COALESCE(o.provider_type, ''),
	COALESCE(o.region_key, ''), COALESCE(o.description, ''), COALESCE(o.website, ''), o.created_at, o.updated_at`

const principalJoin = ` LEFT JOIN memberships m ON m.user_id = u.id LEFT JOIN organisations o ON o.id = m.organisation_id`

// scanPrincipals reads the rows of principalColumns (with extra columns after them)
// into one principal per user, in the order of the rows.
func scanPrincipals(rows *sql.Rows, extra ...any) ([]*accounts.Principal, error) {
	defer rows.Close()
	var out []*accounts.Principal
	for rows.Next() {
		var m accounts.Membership
		var role, kind, level, ptype string
		var created, updated sql.NullTime
		o := &m.Organisation
		u, err := scanUser(rows, append([]any{&m.ID, &role, &o.ID, &kind, &o.Name, &level, &ptype, &o.RegionKey,
			&o.Description, &o.Website, &created, &updated}, extra...)...)
		if err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].User.ID != u.ID {
			out = append(out, &accounts.Principal{User: u})
		}
		if m.ID == 0 {
			continue
		}
		m.UserID, m.Role = u.ID, accounts.Role(role)
		o.Kind, o.FunderLevel, o.ProviderType = accounts.OrgKind(kind), accounts.FunderLevel(level), accounts.ProviderType(ptype)
		o.CreatedAt, o.UpdatedAt = created.Time, updated.Time
		p := out[len(out)-1]
		p.Memberships = append(p.Memberships, m)
	}
	return out, rows.Err()
}

// Principal returns a user with every membership, in one query.
func (s *AccountStore) Principal(ctx context.Context, userID int64) (*accounts.Principal, error) {
	rows, err := s.db.read.QueryContext(ctx, `SELECT `+principalColumns+` FROM users u`+principalJoin+`
		WHERE u.id = $1 ORDER BY o.name, m.role`, userID)
	if err != nil {
		return nil, err
	}
	ps, err := scanPrincipals(rows)
	if err == nil && len(ps) == 0 {
		err = teilhabe.E(teilhabe.ENOTFOUND, "")
	}
	if err != nil {
		return nil, err
	}
	return ps[0], nil
}

// TokenPrincipal returns the principal of the unrevoked token with this hash and the
// token's id, in one query.
func (s *AccountStore) TokenPrincipal(ctx context.Context, hash string) (*accounts.Principal, int64, error) {
	rows, err := s.db.read.QueryContext(ctx, `SELECT `+principalColumns+`, t.id FROM api_tokens t JOIN users u ON u.id = t.user_id`+principalJoin+`
		WHERE t.token_hash = $1 AND t.revoked_at IS NULL ORDER BY o.name, m.role`, hash)
	if err != nil {
		return nil, 0, err
	}
	var tokenID int64
	ps, err := scanPrincipals(rows, &tokenID)
	if err == nil && len(ps) == 0 {
		err = teilhabe.E(teilhabe.ENOTFOUND, "")
	}
	if err != nil {
		return nil, 0, err
	}
	return ps[0], tokenID, nil
}

// TokenUsed notes a token's last use.
func (s *AccountStore) TokenUsed(ctx context.Context, tokenID int64, at time.Time) error {
	_, err := s.db.write.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $2 WHERE id = $1`, tokenID, at)
	return err
}

// Credentials returns the user with that address and their password hash.
func (s *AccountStore) Credentials(ctx context.Context, email string) (accounts.User, string, error) {
	var hash string
	u, err := scanUser(s.db.read.QueryRowContext(ctx, `SELECT `+userColumns+`, u.password_hash FROM users u WHERE u.email = $1`, email), &hash)
	return u, hash, notFound(err)
}

// LoginFailures counts failed logins since a time, for an address and from an IP.
func (s *AccountStore) LoginFailures(ctx context.Context, email, ip string, since time.Time) (byEmail, byIP int, err error) {
	err = s.db.read.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM login_failures WHERE email = $1 AND at > $3),
		(SELECT COUNT(*) FROM login_failures WHERE ip = $2 AND at > $3)`, email, ip, since).Scan(&byEmail, &byIP)
	return byEmail, byIP, err
}

// RecordLoginFailure notes a failed login.
func (s *AccountStore) RecordLoginFailure(ctx context.Context, email, ip string, at time.Time) error {
	_, err := s.db.write.ExecContext(ctx, `INSERT INTO login_failures (email, ip, at) VALUES ($1, $2, $3)`, email, ip, at)
	return err
}

// ClearLoginFailures forgets an address's failures.
func (s *AccountStore) ClearLoginFailures(ctx context.Context, email string) error {
	_, err := s.db.write.ExecContext(ctx, `DELETE FROM login_failures WHERE email = $1`, email)
	return err
}
