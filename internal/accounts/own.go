package accounts

import (
	"context"
	"slices"
	"strings"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// The own-account use cases: every active user, about their own data only.

// Account is the caller's own account page: their memberships, each with the region
// its organisation works in, and their API tokens.
type Account struct {
	User          User
	Organisations []MembershipView
	Tokens        []APIToken
}

// MembershipView is a membership with its organisation's region, if it has one, so
// that a commissioner sees their municipality.
type MembershipView struct {
	Membership Membership
	Region     *RegionRef
}

// Account returns the caller's own account. Errors: EUNAUTHORIZED, EFORBIDDEN (the
// system).
func (s *Service) Account(ctx context.Context) (Account, error) {
	p := PrincipalFrom(ctx)
	if err := signedIn(p); err != nil {
		return Account{}, err
	}
	a := Account{User: p.User}
	var keys []string
	for _, m := range p.Memberships {
		if k := m.Organisation.RegionKey; k != "" && !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	names, err := s.store.Regions(ctx, keys)
	if err != nil {
		return a, err
	}
	for _, m := range p.Memberships {
		v := MembershipView{Membership: m}
		if r, ok := names[m.Organisation.RegionKey]; ok {
			v.Region = &r
		}
		a.Organisations = append(a.Organisations, v)
	}
	a.Tokens, err = s.store.Tokens(ctx, p.User.ID)
	return a, err
}

// CreateToken creates an API token of the caller's and returns it with its secret,
// which is shown once and never stored. Errors: EUNAUTHORIZED, EFORBIDDEN (the
// system), EINVALID (no name).
func (s *Service) CreateToken(ctx context.Context, name string) (APIToken, string, error) {
	p := PrincipalFrom(ctx)
	if err := signedIn(p); err != nil {
		return APIToken{}, "", err
	}
	return s.createToken(ctx, p.User.ID, name, nil)
}

// IssueToken creates an API token for a user, for automation and for tests that
// act as that user: what `teilhabe token add` runs. The secret is returned once.
// Only platform admins and the command line may. Errors: EUNAUTHORIZED,
// EFORBIDDEN, ENOTFOUND (no such user), ECONFLICT (the account is disabled),
// EINVALID (no name).
func (s *Service) IssueToken(ctx context.Context, userID int64, name string) (APIToken, string, error) {
	if err := mayAdminister(PrincipalFrom(ctx), ActAdminUsers); err != nil {
		return APIToken{}, "", err
	}
	return s.createToken(ctx, userID, name, func(tx Tx) error {
		u, err := tx.User(ctx, userID)
		if err != nil {
			return err
		}
		if u.Disabled() {
			return teilhabe.E(teilhabe.ECONFLICT, "accounts.error.token_disabled", "Email", u.Email)
		}
		return nil
	})
}

// createToken writes a token of the user, after check (inside the transaction).
func (s *Service) createToken(ctx context.Context, userID int64, name string, check func(Tx) error) (APIToken, string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return APIToken{}, "", teilhabe.Invalid("accounts.fielderror.token_name",
			teilhabe.FieldMsg("token_name", "required", "accounts.fielderror.token_name"))
	}
	secret, hash := NewToken()
	t := APIToken{UserID: userID, Name: name, Prefix: secret[:len(TokenPrefix)+4]}
	err := s.store.Update(ctx, func(tx Tx) error {
		if check != nil {
			if err := check(tx); err != nil {
				return err
			}
		}
		t.CreatedAt = tx.Now()
		if err := tx.CreateToken(ctx, &t, hash); err != nil {
			return err
		}
		return tx.Audit(ctx, "api_token", t.ID, "create", nil, map[string]any{"user_id": t.UserID, "name": name, "prefix": t.Prefix})
	})
	return t, secret, err
}

// RevokeToken revokes one of the caller's tokens. Another user's token, a revoked
// one and a missing one get the same answer, so that ids reveal nothing.
// Errors: EUNAUTHORIZED, EFORBIDDEN (the system), ENOTFOUND.
func (s *Service) RevokeToken(ctx context.Context, id int64) error {
	p := PrincipalFrom(ctx)
	if err := signedIn(p); err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx Tx) error {
		if ok, err := tx.RevokeToken(ctx, p.User.ID, id); err != nil {
			return err
		} else if !ok {
			return errNoToken(id)
		}
		return tx.Audit(ctx, "api_token", id, "revoke", nil, map[string]any{"user_id": p.User.ID})
	})
}

// PasswordChange is the form for a new password of one's own.
type PasswordChange struct {
	Current, New, Repeat string
}

// ChangePassword replaces the caller's password, given the current one. It ends the
// caller's other sessions and returns the account as it is now, with the session
// epoch a fresh session continues in. Errors: EUNAUTHORIZED, EFORBIDDEN (the
// system), EINVALID (current password wrong, the new one twice differently or too
// short: every one at once).
func (s *Service) ChangePassword(ctx context.Context, c PasswordChange) (User, error) {
	p := PrincipalFrom(ctx)
	if err := signedIn(p); err != nil {
		return User{}, err
	}
	var u User
	err := s.store.Update(ctx, func(tx Tx) error {
		hash, err := tx.PasswordHash(ctx, p.User.ID)
		if err != nil {
			return notFound(err, errNoUser, p.User.ID)
		}
		var fields []teilhabe.FieldError
		if !VerifyPassword(hash, c.Current) {
			fields = append(fields, teilhabe.Field("current_password", "invalid"))
		}
		if c.New != c.Repeat {
			fields = append(fields, teilhabe.FieldMsg("repeat_password", "mismatch", "accounts.fielderror.repeat_password"))
		}
		if err := CheckPassword(c.New); err != nil {
			for _, f := range teilhabe.AsError(err).Fields {
				f.Field = "new_password"
				fields = append(fields, f)
			}
		}
		if len(fields) > 0 {
			return teilhabe.Invalid(passwordSummary(fields), fields...)
		}
		if err := setPassword(ctx, tx, p.User.ID, c.New, false); err != nil {
			return err
		}
		u, err = tx.User(ctx, p.User.ID)
		return err
	})
	return u, err
}

// passwordSummary names the first thing wrong with a password change, as the
// summary above the fields.
func passwordSummary(fields []teilhabe.FieldError) string {
	switch fields[0].Field {
	case "current_password":
		return "accounts.error.current_password"
	case "repeat_password":
		return "accounts.error.passwords_differ"
	}
	return "accounts.error.password_short"
}

// setPassword hashes and stores a password and records it, without the hash.
func setPassword(ctx context.Context, tx Tx, userID int64, password string, mustChange bool) error {
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	if err := tx.SetPassword(ctx, userID, hash, mustChange); err != nil {
		return err
	}
	return tx.Audit(ctx, "user", userID, "password", nil, map[string]any{"must_change": mustChange})
}

// SetLocale stores the language the caller chose for the pages as their locale, so
// that mail reaches them in it too. For the anonymous public there is nothing to
// store; a choice that does not change the locale writes nothing.
// Errors: EUNAUTHORIZED (a disabled account), EINVALID (no such language).
func (s *Service) SetLocale(ctx context.Context, locale string) error {
	p := PrincipalFrom(ctx)
	if p == nil || p.IsSystem() {
		return nil
	}
	if err := signedIn(p); err != nil {
		return err
	}
	if !slices.Contains(Locales, locale) {
		return teilhabe.Invalid("accounts.fielderror.locale", teilhabe.FieldMsg("lang", "invalid", "accounts.fielderror.locale"))
	}
	return s.store.Update(ctx, func(tx Tx) error {
		u, err := tx.User(ctx, p.User.ID)
		if err != nil {
			return notFound(err, errNoUser, p.User.ID)
		}
		if u.Locale == locale {
			return nil
		}
		if err := tx.SetLocale(ctx, u.ID, locale); err != nil {
			return err
		}
		return tx.Audit(ctx, "user", u.ID, "locale", map[string]string{"locale": u.Locale}, map[string]string{"locale": locale})
	})
}
