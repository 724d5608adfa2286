package accounts

import (
	"context"
	"errors"
	"time"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// The platform admins' use cases for users: list, create, reset a password, disable
// and enable, give and take roles. Everyone else gets EFORBIDDEN, the anonymous
// public EUNAUTHORIZED; the system (the CLI) may do all of it.

// userAudit is what the audit log keeps of a user: never the password hash.
type userAudit struct {
	Email, Name, Locale string
	Disabled            bool
}

func auditOf(u User) userAudit {
	return userAudit{Email: u.Email, Name: u.Name, Locale: u.Locale, Disabled: u.Disabled()}
}

// Users lists every user with their memberships, by e-mail address.
// Errors: EUNAUTHORIZED, EFORBIDDEN.
func (s *Service) Users(ctx context.Context) ([]UserView, error) {
	if err := mayAdminister(PrincipalFrom(ctx), ActAdminUsers); err != nil {
		return nil, err
	}
	return s.store.Users(ctx)
}

// User returns one user with their memberships. Errors: EUNAUTHORIZED, EFORBIDDEN,
// ENOTFOUND.
func (s *Service) User(ctx context.Context, id int64) (UserView, error) {
	if err := mayAdminister(PrincipalFrom(ctx), ActAdminUsers); err != nil {
		return UserView{}, err
	}
	u, err := s.store.User(ctx, id)
	if err != nil {
		return UserView{}, notFound(err, errNoUser, id)
	}
	ms, err := s.store.Memberships(ctx, id)
	return UserView{User: u, Memberships: ms}, err
}

// UserByEmail returns the user with that address, for the command line, which names
// users by it. Errors: EUNAUTHORIZED, EFORBIDDEN, ENOTFOUND.
func (s *Service) UserByEmail(ctx context.Context, email string) (User, error) {
	if err := mayAdminister(PrincipalFrom(ctx), ActAdminUsers); err != nil {
		return User{}, err
	}
	u, err := s.store.UserByEmail(ctx, email)
	if teilhabe.ErrorCode(err) == teilhabe.ENOTFOUND {
		return u, teilhabe.E(teilhabe.ENOTFOUND, "accounts.error.no_user_email", "Email", email)
	}
	return u, err
}

// CreateUser creates an account with the given roles, in one transaction. Without a
// password in n it generates a one-time password, returned for the admin to pass
// on, which the user must replace at the first login.
// Errors: EUNAUTHORIZED, EFORBIDDEN, EINVALID (every field at once; the address has
// an account; an organisation that does not exist or cannot give the role).
func (s *Service) CreateUser(ctx context.Context, n NewUser, roles ...MembershipInput) (User, string, error) {
	if err := mayAdminister(PrincipalFrom(ctx), ActAdminUsers); err != nil {
		return User{}, "", err
	}
	password, mustChange := n.Password, false
	if password == "" {
		password, mustChange = GeneratePassword(), true
	}
	invalid := n.Validate()
	var u User
	err := s.store.Update(ctx, func(tx Tx) error {
		members, err := checkRoles(ctx, tx, roles)
		if err := joinInvalid("accounts.error.user_incomplete", invalid, err); err != nil {
			return err
		}
		hash, err := HashPassword(password)
		if err != nil {
			return err
		}
		u = User{Email: n.Email, Name: n.Name, Locale: n.Locale, MustChangePassword: mustChange, CreatedAt: tx.Now(), UpdatedAt: tx.Now()}
		if err := tx.CreateUser(ctx, &u, hash); errors.Is(err, ErrTaken) {
			return teilhabe.Invalid("accounts.error.email_taken", teilhabe.FieldMsg("email", "taken", "accounts.error.email_taken"))
		} else if err != nil {
			return err
		}
		if err := tx.Audit(ctx, "user", u.ID, "create", nil, auditOf(u)); err != nil {
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
	if !mustChange {
		password = "" // the caller's own: nothing to pass on
	}
	return u, password, err
}

// ResetPassword gives a user a new one-time password, returned for the admin to pass
// on; the user must replace it at the next login, and their sessions end.
// Errors: EUNAUTHORIZED, EFORBIDDEN, ENOTFOUND.
func (s *Service) ResetPassword(ctx context.Context, id int64) (string, error) {
	if err := mayAdminister(PrincipalFrom(ctx), ActAdminUsers); err != nil {
		return "", err
	}
	password := GeneratePassword()
	err := s.store.Update(ctx, func(tx Tx) error {
		if _, err := tx.User(ctx, id); err != nil {
			return notFound(err, errNoUser, id)
		}
		return setPassword(ctx, tx, id, password, true)
	})
	return password, err
}

// SetDisabled disables an account, which ends its sessions and stops its API tokens,
// or enables it again. Admins cannot disable their own account: nobody would be left
// to enable it. Errors: EUNAUTHORIZED, EFORBIDDEN, ENOTFOUND, ECONFLICT (oneself).
func (s *Service) SetDisabled(ctx context.Context, id int64, disabled bool) error {
	p := PrincipalFrom(ctx)
	if err := mayAdminister(p, ActAdminUsers); err != nil {
		return err
	}
	if disabled && !p.IsSystem() && id == p.User.ID {
		return teilhabe.E(teilhabe.ECONFLICT, "accounts.error.disable_self")
	}
	return s.store.Update(ctx, func(tx Tx) error {
		before, err := tx.User(ctx, id)
		if err != nil {
			return notFound(err, errNoUser, id)
		}
		after := before
		after.DisabledAt, after.UpdatedAt = time.Time{}, tx.Now()
		action := "enable"
		if disabled {
			after.DisabledAt, action = tx.Now(), "disable"
		}
		if err := tx.SetDisabled(ctx, id, after.DisabledAt); err != nil {
			return err
		}
		return tx.Audit(ctx, "user", id, action, auditOf(before), auditOf(after))
	})
}

// AddMembership gives a user a role in an organisation. Errors: EUNAUTHORIZED,
// EFORBIDDEN, ENOTFOUND (no such user), EINVALID (no such organisation, no role, a
// role the organisation's kind cannot give, or one the user has there already).
func (s *Service) AddMembership(ctx context.Context, userID int64, in MembershipInput) error {
	if err := mayAdminister(PrincipalFrom(ctx), ActAdminUsers); err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx Tx) error {
		if _, err := tx.User(ctx, userID); err != nil {
			return notFound(err, errNoUser, userID)
		}
		members, err := checkRoles(ctx, tx, []MembershipInput{in})
		if err != nil {
			return err
		}
		members[0].UserID = userID
		return addMembership(ctx, tx, members[0])
	})
}

// RemoveMembership takes a role away from a user. A membership of another user
// answers like a missing one. Errors: EUNAUTHORIZED, EFORBIDDEN, ENOTFOUND.
func (s *Service) RemoveMembership(ctx context.Context, userID, membershipID int64) error {
	if err := mayAdminister(PrincipalFrom(ctx), ActAdminUsers); err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx Tx) error {
		m, ok, err := tx.RemoveMembership(ctx, userID, membershipID)
		if err != nil {
			return err
		} else if !ok {
			return errNoMembership(membershipID)
		}
		return tx.Audit(ctx, "membership", membershipID, "delete", membershipAudit(m), nil)
	})
}

// checkRoles loads the organisation of each role to give and checks that it can give
// it, and reports every problem at once.
func checkRoles(ctx context.Context, tx Tx, roles []MembershipInput) ([]Membership, error) {
	var out []Membership
	var fields []teilhabe.FieldError
	for _, in := range roles {
		org, err := tx.Organisation(ctx, in.OrganisationID)
		if teilhabe.ErrorCode(err) == teilhabe.ENOTFOUND {
			fields = append(fields, teilhabe.FieldMsg("organisation", "invalid", "accounts.error.no_such_organisation"))
			continue
		} else if err != nil {
			return nil, err
		}
		role, ok := ParseRole(in.Role)
		switch {
		case !ok:
			fields = append(fields, teilhabe.Field("role", "required"))
		case !org.Kind.Allows(role):
			fields = append(fields, teilhabe.FieldMsg("role", "invalid", "accounts.error.role_kind", "Role", teilhabe.Msg("role."+string(role))))
		default:
			out = append(out, Membership{Organisation: org, Role: role})
		}
	}
	if len(fields) > 0 {
		return nil, teilhabe.Invalid("accounts.error.membership_invalid", fields...)
	}
	return out, nil
}

// addMembership writes a membership that checkRoles made and records it.
func addMembership(ctx context.Context, tx Tx, m Membership) error {
	if err := tx.AddMembership(ctx, &m); errors.Is(err, ErrTaken) {
		return teilhabe.Invalid("accounts.error.role_taken", teilhabe.FieldMsg("role", "taken", "accounts.error.role_taken"))
	} else if err != nil {
		return err
	}
	return tx.Audit(ctx, "membership", m.ID, "create", nil, membershipAudit(m))
}

func membershipAudit(m Membership) map[string]any {
	return map[string]any{"user_id": m.UserID, "organisation_id": m.Organisation.ID, "role": m.Role}
}

// joinInvalid reports the field errors of several validations as one EINVALID
// error, under summary when there are several; any other error wins.
func joinInvalid(summary string, errs ...error) error {
	var all *teilhabe.Error
	for _, err := range errs {
		e := teilhabe.AsError(err)
		switch {
		case err == nil:
		case e == nil || e.Code != teilhabe.EINVALID:
			return err
		case all == nil:
			all = &teilhabe.Error{Code: e.Code, ID: e.ID, Args: e.Args, Fields: append([]teilhabe.FieldError(nil), e.Fields...)}
		default:
			all.ID, all.Args = summary, nil
			all.Fields = append(all.Fields, e.Fields...)
		}
	}
	if all == nil {
		return nil
	}
	return all
}
