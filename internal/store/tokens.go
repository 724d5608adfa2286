package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// CreateAPIToken creates a token for a user and returns its secret, which is shown
// once and never stored.
func (db *DB) CreateAPIToken(ctx context.Context, userID int64, name string) (accounts.APIToken, string, error) {
	if name == "" {
		return accounts.APIToken{}, "", invalidField("name", "Bitte dem Token einen Namen geben, z. B. den des Programms, das ihn nutzt.")
	}
	secret, hash := accounts.NewToken()
	t := accounts.APIToken{UserID: userID, Name: name, Prefix: secret[:len(accounts.TokenPrefix)+4]}
	err := db.Update(ctx, func(tx *Tx) error {
		t.CreatedAt = tx.now
		if err := tx.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, name, prefix, token_hash, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			userID, name, t.Prefix, hash, tx.now).Scan(&t.ID); err != nil {
			return err
		}
		return tx.Audit(ctx, "api_token", strconv.FormatInt(t.ID, 10), "create", nil, map[string]any{"user_id": userID, "name": name, "prefix": t.Prefix})
	})
	return t, secret, err
}

// APITokens lists a user's tokens, newest first.
func (db *DB) APITokens(ctx context.Context, userID int64) ([]accounts.APIToken, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, user_id, name, prefix, created_at, last_used_at, revoked_at
		FROM api_tokens WHERE user_id = $1 ORDER BY id DESC`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []accounts.APIToken
	for rows.Next() {
		var t accounts.APIToken
		var used, revoked sql.NullTime
		if err := rows.Scan(&t.ID, &t.UserID, &t.Name, &t.Prefix, &t.CreatedAt, &used, &revoked); err != nil {
			return nil, err
		}
		t.LastUsedAt, t.RevokedAt = used.Time, revoked.Time
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeAPIToken revokes a token of the given user. A token of another user is
// reported as not found, so that ids do not reveal other users' tokens.
func (db *DB) RevokeAPIToken(ctx context.Context, userID, tokenID int64) error {
	return db.Update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL`, tokenID, userID, tx.now)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errNotFound("Token", tokenID)
		}
		return tx.Audit(ctx, "api_token", strconv.FormatInt(tokenID, 10), "revoke", nil, map[string]any{"user_id": userID})
	})
}

// PrincipalForToken returns the user a valid token belongs to and notes its use.
func (db *DB) PrincipalForToken(ctx context.Context, secret string) (*accounts.Principal, error) {
	var id, userID int64
	err := db.read.QueryRowContext(ctx, `SELECT id, user_id FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL`,
		accounts.HashToken(secret)).Scan(&id, &userID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, teilhabe.Errorf(teilhabe.EUNAUTHORIZED, "Der API-Token ist ungültig oder widerrufen.")
	} else if err != nil {
		return nil, err
	}
	p, err := db.Principal(ctx, userID)
	if err != nil {
		return nil, err
	}
	if p.User.Disabled() {
		return nil, teilhabe.Errorf(teilhabe.EUNAUTHORIZED, "Das Benutzerkonto dieses Tokens ist gesperrt.")
	}
	// Last use is bookkeeping, not a change a user made: no audit event.
	_, err = db.write.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $2 WHERE id = $1`, id, db.Now())
	return p, err
}
