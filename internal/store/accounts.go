package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// AccountStore is the accounts capability's view of the database: users, their
// memberships and API tokens, organisations, and the login throttle's counts. It
// implements accounts.Store; the rules are the use cases' (package accounts), the
// SQL is here.
type AccountStore struct{ db *DB }

// Accounts returns the accounts view.
func (db *DB) Accounts() *AccountStore { return &AccountStore{db: db} }

var _ accounts.Store = (*AccountStore)(nil)

// Now is the database's clock.
func (s *AccountStore) Now() time.Time { return s.db.Now().UTC() }

// Update runs fn in one write transaction.
func (s *AccountStore) Update(ctx context.Context, fn func(accounts.Tx) error) error {
	return s.db.Update(ctx, func(tx *Tx) error { return fn(accountTx{tx}) })
}

// accountTx is a write transaction as the account use cases see it.
type accountTx struct{ tx *Tx }

var _ accounts.Tx = accountTx{}

func (t accountTx) Now() time.Time { return t.tx.now }

func (t accountTx) Audit(ctx context.Context, entity string, id int64, action string, before, after any) error {
	return t.tx.Audit(ctx, entity, strconv.FormatInt(id, 10), action, before, after)
}

// notFound is the store's answer for a missing row; the use case words it.
func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return teilhabe.E(teilhabe.ENOTFOUND, "")
	}
	return err
}

const userColumns = `u.id, u.email, u.name, u.locale, u.must_change_password, u.disabled_at, u.created_at, u.updated_at, u.session_epoch`

func scanUser(row interface{ Scan(...any) error }, extra ...any) (accounts.User, error) {
	var u accounts.User
	var disabled sql.NullTime
	err := row.Scan(append([]any{&u.ID, &u.Email, &u.Name, &u.Locale, &u.MustChangePassword, &disabled, &u.CreatedAt, &u.UpdatedAt, &u.SessionEpoch}, extra...)...)
	u.DisabledAt = disabled.Time
	return u, err
}

const orgColumns = `o.id, o.kind, o.name, o.funder_level, o.provider_type, COALESCE(o.region_key, ''), o.description, o.website, o.created_at, o.updated_at`

func scanOrg(row interface{ Scan(...any) error }, extra ...any) (accounts.Organisation, error) {
	var o accounts.Organisation
	var kind, level, ptype string
	err := row.Scan(append([]any{&o.ID, &kind, &o.Name, &level, &ptype, &o.RegionKey, &o.Description, &o.Website, &o.CreatedAt, &o.UpdatedAt}, extra...)...)
	o.Kind, o.FunderLevel, o.ProviderType = accounts.OrgKind(kind), accounts.FunderLevel(level), accounts.ProviderType(ptype)
	return o, err
}

// The reads of one thing, over the pool or a transaction.

func readUser(ctx context.Context, q queryer, id int64) (accounts.User, error) {
	u, err := scanUser(q.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id = $1`, id))
	return u, notFound(err)
}

func readMemberships(ctx context.Context, q queryer, userID int64) ([]accounts.Membership, error) {
	return collect(ctx, q, func(rows *sql.Rows) (accounts.Membership, error) {
		var m accounts.Membership
		var role string
		o, err := scanOrg(rows, &m.ID, &m.UserID, &role)
		m.Organisation, m.Role = o, accounts.Role(role)
		return m, err
	}, `SELECT `+orgColumns+`, m.id, m.user_id, m.role
		FROM memberships m JOIN organisations o ON o.id = m.organisation_id WHERE m.user_id = $1 ORDER BY o.name, m.role`, userID)
}

func readOrganisation(ctx context.Context, q queryer, id int64) (accounts.Organisation, error) {
	o, err := scanOrg(q.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM organisations o WHERE o.id = $1`, id))
	return o, notFound(err)
}

func regionExists(ctx context.Context, q queryer, key string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM regions WHERE key = $1`, key).Scan(&n)
	return n > 0, err
}

// User returns one user.
func (s *AccountStore) User(ctx context.Context, id int64) (accounts.User, error) {
	return readUser(ctx, s.db.read, id)
}

func (t accountTx) User(ctx context.Context, id int64) (accounts.User, error) {
	return readUser(ctx, t.tx, id)
}

// Memberships returns a user's memberships with their organisations.
func (s *AccountStore) Memberships(ctx context.Context, userID int64) ([]accounts.Membership, error) {
	return readMemberships(ctx, s.db.read, userID)
}

func (t accountTx) Memberships(ctx context.Context, userID int64) ([]accounts.Membership, error) {
	return readMemberships(ctx, t.tx, userID)
}

// Organisation returns one organisation.
func (s *AccountStore) Organisation(ctx context.Context, id int64) (accounts.Organisation, error) {
	return readOrganisation(ctx, s.db.read, id)
}

func (t accountTx) Organisation(ctx context.Context, id int64) (accounts.Organisation, error) {
	return readOrganisation(ctx, t.tx, id)
}

// RegionExists reports whether a region has this key.
func (s *AccountStore) RegionExists(ctx context.Context, key string) (bool, error) {
	return regionExists(ctx, s.db.read, key)
}

func (t accountTx) RegionExists(ctx context.Context, key string) (bool, error) {
	return regionExists(ctx, t.tx, key)
}
