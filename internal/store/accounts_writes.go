package store

import (
	"context"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
)

// The account use cases' writes, in their transaction. A unique constraint that
// fails is accounts.ErrTaken; what it means for the form is the use case's to say.

// taken turns a unique violation into accounts.ErrTaken.
func (t accountTx) taken(err error) error {
	if t.tx.db.Dialect.isUniqueViolation(err) {
		return accounts.ErrTaken
	}
	return err
}

func (t accountTx) PasswordHash(ctx context.Context, userID int64) (string, error) {
	var hash string
	err := t.tx.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = $1`, userID).Scan(&hash)
	return hash, notFound(err)
}

func (t accountTx) CreateUser(ctx context.Context, u *accounts.User, hash string) error {
	err := t.tx.QueryRowContext(ctx, `INSERT INTO users (email, name, password_hash, locale, must_change_password, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, u.Email, u.Name, hash, u.Locale, u.MustChangePassword, u.CreatedAt, u.UpdatedAt).Scan(&u.ID)
	return t.taken(err)
}

func (t accountTx) SetPassword(ctx context.Context, userID int64, hash string, mustChange bool) error {
	_, err := t.tx.ExecContext(ctx, `UPDATE users SET password_hash = $2, must_change_password = $3, updated_at = $4,
		session_epoch = session_epoch + 1 WHERE id = $1`, userID, hash, mustChange, t.tx.now)
	return err
}

func (t accountTx) SetDisabled(ctx context.Context, userID int64, at time.Time) error {
	_, err := t.tx.ExecContext(ctx, `UPDATE users SET disabled_at = $2, updated_at = $3, session_epoch = session_epoch + 1 WHERE id = $1`,
		userID, nullTime(at), t.tx.now)
	return err
}

func (t accountTx) SetLocale(ctx context.Context, userID int64, locale string) error {
	_, err := t.tx.ExecContext(ctx, `UPDATE users SET locale = $2, updated_at = $3 WHERE id = $1`, userID, locale, t.tx.now)
	return err
}

func (t accountTx) AddMembership(ctx context.Context, m *accounts.Membership) error {
	err := t.tx.QueryRowContext(ctx, `INSERT INTO memberships (user_id, organisation_id, role, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
		m.UserID, m.Organisation.ID, string(m.Role), t.tx.now).Scan(&m.ID)
	return t.taken(err)
}

func (t accountTx) RemoveMembership(ctx context.Context, userID, id int64) (accounts.Membership, bool, error) {
	ms, err := readMemberships(ctx, t.tx, userID)
	if err != nil {
		return accounts.Membership{}, false, err
	}
	for _, m := range ms {
		if m.ID == id {
			_, err := t.tx.ExecContext(ctx, `DELETE FROM memberships WHERE id = $1 AND user_id = $2`, id, userID)
			return m, err == nil, err
		}
	}
	return accounts.Membership{}, false, nil
}

func (t accountTx) CreateOrganisation(ctx context.Context, o *accounts.Organisation) error {
	err := t.tx.QueryRowContext(ctx, `INSERT INTO organisations (kind, name, funder_level, provider_type, region_key, description, website, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		string(o.Kind), o.Name, string(o.FunderLevel), string(o.ProviderType), nullString(o.RegionKey), o.Description, o.Website,
		o.CreatedAt, o.UpdatedAt).Scan(&o.ID)
	return t.taken(err)
}

func (t accountTx) UpdateOrganisation(ctx context.Context, o *accounts.Organisation) error {
	_, err := t.tx.ExecContext(ctx, `UPDATE organisations SET kind = $2, name = $3, funder_level = $4, provider_type = $5,
		region_key = $6, description = $7, website = $8, updated_at = $9 WHERE id = $1`,
		o.ID, string(o.Kind), o.Name, string(o.FunderLevel), string(o.ProviderType), nullString(o.RegionKey), o.Description, o.Website, o.UpdatedAt)
	return t.taken(err)
}

func (t accountTx) CreateToken(ctx context.Context, tok *accounts.APIToken, hash string) error {
	return t.tx.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, name, prefix, token_hash, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		tok.UserID, tok.Name, tok.Prefix, hash, tok.CreatedAt).Scan(&tok.ID)
}

func (t accountTx) RevokeToken(ctx context.Context, userID, id int64) (bool, error) {
	res, err := t.tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL`, id, userID, t.tx.now)
	return oneRow(res, err)
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}
