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

const userColumns = `u.id, u.email, u.name, u.locale, u.must_change_password, u.disabled_at, u.created_at, u.updated_at, u.session_epoch`

func scanUser(row interface{ Scan(...any) error }, extra ...any) (accounts.User, error) {
	var u accounts.User
	var disabled sql.NullTime
	err := row.Scan(append([]any{&u.ID, &u.Email, &u.Name, &u.Locale, &u.MustChangePassword, &disabled, &u.CreatedAt, &u.UpdatedAt, &u.SessionEpoch}, extra...)...)
	u.DisabledAt = disabled.Time
	return u, err
}

// userAudit is what the audit log keeps of a user: never the password hash.
type userAudit struct {
	Email, Name, Locale string
	Disabled            bool
}

func auditOf(u accounts.User) userAudit {
	return userAudit{Email: u.Email, Name: u.Name, Locale: u.Locale, Disabled: u.Disabled()}
}

// CreateUser validates n, hashes the password and stores the user with the given
// memberships, all in one transaction.
func (db *DB) CreateUser(ctx context.Context, n accounts.NewUser, mustChange bool, members ...accounts.Membership) (accounts.User, error) {
	if err := n.Validate(); err != nil {
		return accounts.User{}, err
	}
	hash, err := accounts.HashPassword(n.Password)
	if err != nil {
		return accounts.User{}, err
	}
	var u accounts.User
	err = db.Update(ctx, func(tx *Tx) error {
		u = accounts.User{Email: n.Email, Name: n.Name, Locale: n.Locale, MustChangePassword: mustChange, CreatedAt: tx.now, UpdatedAt: tx.now}
		err := tx.QueryRowContext(ctx, `INSERT INTO users (email, name, password_hash, locale, must_change_password, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`, u.Email, u.Name, hash, u.Locale, mustChange, tx.now).Scan(&u.ID)
		if err != nil {
			return tx.db.Dialect.uniqueViolation(err, "email", "Ein Benutzerkonto mit dieser E-Mail-Adresse gibt es schon.")
		}
		if err := tx.Audit(ctx, "user", strconv.FormatInt(u.ID, 10), "create", nil, auditOf(u)); err != nil {
			return err
		}
		for _, m := range members {
			m.UserID = u.ID
			if err := addMembership(ctx, tx, m); err != nil {
				return err
			}
		}
		return nil
	})
	return u, err
}

// AddMembership gives a user a role in an organisation.
func (db *DB) AddMembership(ctx context.Context, m accounts.Membership) error {
	return db.Update(ctx, func(tx *Tx) error { return addMembership(ctx, tx, m) })
}

func addMembership(ctx context.Context, tx *Tx, m accounts.Membership) error {
	org, err := scanOrg(tx.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM organisations o WHERE o.id = $1`, m.Organisation.ID))
	if errors.Is(err, sql.ErrNoRows) {
		return invalidField("organisation", "Die Organisation gibt es nicht.")
	} else if err != nil {
		return err
	}
	if !org.Kind.Allows(m.Role) {
		return invalidField("role", "Die Rolle „"+string(m.Role)+"“ passt nicht zu einer Organisation dieser Art.")
	}
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO memberships (user_id, organisation_id, role, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
		m.UserID, org.ID, string(m.Role), tx.now).Scan(&id)
	if err != nil {
		return tx.db.Dialect.uniqueViolation(err, "role", "Das Mitglied hat diese Rolle in der Organisation schon.")
	}
	return tx.Audit(ctx, "membership", strconv.FormatInt(id, 10), "create", nil,
		map[string]any{"user_id": m.UserID, "organisation_id": org.ID, "role": m.Role})
}

// RemoveMembership takes a role away.
func (db *DB) RemoveMembership(ctx context.Context, id int64) error {
	return db.Update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM memberships WHERE id = $1`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errNotFound("Mitgliedschaft", id)
		}
		return tx.Audit(ctx, "membership", strconv.FormatInt(id, 10), "delete", map[string]any{"id": id}, nil)
	})
}

// User returns one user.
func (db *DB) User(ctx context.Context, id int64) (accounts.User, error) {
	u, err := scanUser(db.read.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return u, errNotFound("Benutzerkonto", id)
	}
	return u, err
}

// UserByEmail returns the user with that address.
func (db *DB) UserByEmail(ctx context.Context, email string) (accounts.User, error) {
	e, err := accounts.NormalizeEmail(email)
	if err != nil {
		return accounts.User{}, errNotFound("Benutzerkonto", email)
	}
	u, err := scanUser(db.read.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.email = $1`, e))
	if errors.Is(err, sql.ErrNoRows) {
		return u, errNotFound("Benutzerkonto", email)
	}
	return u, err
}

// Users returns every user ordered by e-mail address.
func (db *DB) Users(ctx context.Context) ([]accounts.User, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+userColumns+` FROM users u ORDER BY u.email`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []accounts.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// Memberships returns a user's memberships with their organisations.
func (db *DB) Memberships(ctx context.Context, userID int64) ([]accounts.Membership, error) {
	return db.memberships(ctx, `m.user_id = $1`, userID)
}

// OrganisationMembers returns the memberships of an organisation.
func (db *DB) OrganisationMembers(ctx context.Context, orgID int64) ([]accounts.Membership, []accounts.User, error) {
	ms, err := db.memberships(ctx, `m.organisation_id = $1`, orgID)
	if err != nil {
		return nil, nil, err
	}
	users := make([]accounts.User, len(ms))
	for i, m := range ms {
		if users[i], err = db.User(ctx, m.UserID); err != nil {
			return nil, nil, err
		}
	}
	return ms, users, nil
}

func (db *DB) memberships(ctx context.Context, where string, arg any) ([]accounts.Membership, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT m.id, m.user_id, m.role, `+orgColumns+`
		FROM memberships m JOIN organisations o ON o.id = m.organisation_id WHERE `+where+` ORDER BY o.name, m.role`, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []accounts.Membership
	for rows.Next() {
		var m accounts.Membership
		var role, kind, level, ptype string
		o := &m.Organisation
		if err := rows.Scan(&m.ID, &m.UserID, &role, &o.ID, &kind, &o.Name, &level, &ptype, &o.RegionKey, &o.Description, &o.Website, &o.CreatedAt, &o.UpdatedAt); err != nil {
			return nil, err
		}
		m.Role, o.Kind, o.FunderLevel, o.ProviderType = accounts.Role(role), accounts.OrgKind(kind), accounts.FunderLevel(level), accounts.ProviderType(ptype)
		out = append(out, m)
	}
	return out, rows.Err()
}

// Principal loads a user with memberships, for the authorization policy.
func (db *DB) Principal(ctx context.Context, userID int64) (*accounts.Principal, error) {
	u, err := db.User(ctx, userID)
	if err != nil {
		return nil, err
	}
	ms, err := db.Memberships(ctx, userID)
	if err != nil {
		return nil, err
	}
	return &accounts.Principal{User: u, Memberships: ms}, nil
}

// SetUserDisabled disables or re-enables an account. Disabling also ends the user's
// API tokens' use, since token lookups check the account.
func (db *DB) SetUserDisabled(ctx context.Context, id int64, disabled bool) error {
	return db.Update(ctx, func(tx *Tx) error {
		before, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id = $1`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return errNotFound("Benutzerkonto", id)
		} else if err != nil {
			return err
		}
		var at any
		if disabled {
			at = tx.now
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET disabled_at = $2, updated_at = $3, session_epoch = session_epoch + 1 WHERE id = $1`, id, at, tx.now); err != nil {
			return err
		}
		after := before
		after.DisabledAt = time.Time{}
		if disabled {
			after.DisabledAt = tx.now
		}
		return tx.Audit(ctx, "user", strconv.FormatInt(id, 10), map[bool]string{true: "disable", false: "enable"}[disabled], auditOf(before), auditOf(after))
	})
}

// SetPassword replaces a user's password. mustChange asks the user to choose a new one
// at the next login, as after a reset by an admin.
func (db *DB) SetPassword(ctx context.Context, id int64, password string, mustChange bool) error {
	if err := accounts.CheckPassword(password); err != nil {
		return err
	}
	hash, err := accounts.HashPassword(password)
	if err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $2, must_change_password = $3, updated_at = $4, session_epoch = session_epoch + 1 WHERE id = $1`, id, hash, mustChange, tx.now)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errNotFound("Benutzerkonto", id)
		}
		return tx.Audit(ctx, "user", strconv.FormatInt(id, 10), "password", nil, map[string]any{"must_change": mustChange})
	})
}

// Authenticate checks an e-mail address and password. Wrong address, wrong password
// and disabled account all give the same EUNAUTHORIZED answer in the same time.
func (db *DB) Authenticate(ctx context.Context, email, password string) (accounts.User, error) {
	fail := teilhabe.Errorf(teilhabe.EUNAUTHORIZED, "E-Mail-Adresse oder Passwort sind falsch.")
	e, _ := accounts.NormalizeEmail(email)
	var hash string
	u, err := scanUser(db.read.QueryRowContext(ctx, `SELECT `+userColumns+`, u.password_hash FROM users u WHERE u.email = $1`, e), &hash)
	if errors.Is(err, sql.ErrNoRows) {
		accounts.VerifyDummy(password)
		return accounts.User{}, fail
	} else if err != nil {
		return accounts.User{}, err
	}
	if !accounts.VerifyPassword(hash, password) || u.Disabled() {
		return accounts.User{}, fail
	}
	return u, nil
}
