package accounts

import (
	"context"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Service is what people can do with accounts: log in, their own account and
// tokens, the platform admins' management of users and organisations, and the
// public directory of organisations. The web UI, the JSON API and the CLI call the
// same methods. Each takes the caller from the context (PrincipalFrom) and decides
// access itself, with the rules of policy.go; a write checks, validates, writes and
// records its audit event in one transaction. Errors are *teilhabe.Error values with
// the codes each method names, or internal faults.
type Service struct {
	store Store
}

// NewService returns the account use cases over s.
func NewService(s Store) *Service { return &Service{store: s} }

// Now is the service's clock.
func (s *Service) Now() time.Time { return s.store.Now() }

// The answers for what does not exist. A thing the caller may not see (another
// user's token) gets the same answer as a missing one.
func errNoUser(id int64) error {
	return teilhabe.E(teilhabe.ENOTFOUND, "accounts.error.no_user", "ID", id)
}
func errNoOrganisation(id int64) error {
	return teilhabe.E(teilhabe.ENOTFOUND, "accounts.error.no_organisation", "ID", id)
}
func errNoMembership(id int64) error {
	return teilhabe.E(teilhabe.ENOTFOUND, "accounts.error.no_membership", "ID", id)
}
func errNoToken(id int64) error {
	return teilhabe.E(teilhabe.ENOTFOUND, "accounts.error.no_token", "ID", id)
}

// notFound turns the store's ENOTFOUND into the use case's own answer.
func notFound(err error, answer func(int64) error, id int64) error {
	if teilhabe.ErrorCode(err) == teilhabe.ENOTFOUND {
		return answer(id)
	}
	return err
}

// SessionPrincipal returns the principal of a web session that began for userID in
// session epoch epoch. A session ends when the account was disabled or its password
// changed since (the epoch grew), or when the account is gone.
// Errors: EUNAUTHORIZED (the session has ended).
func (s *Service) SessionPrincipal(ctx context.Context, userID, epoch int64) (*Principal, error) {
	p, err := s.store.Principal(ctx, userID)
	if teilhabe.ErrorCode(err) == teilhabe.ENOTFOUND {
		return nil, teilhabe.E(teilhabe.EUNAUTHORIZED, "accounts.error.session_ended")
	} else if err != nil {
		return nil, err
	}
	if p.User.Disabled() || p.User.SessionEpoch != epoch {
		return nil, teilhabe.E(teilhabe.EUNAUTHORIZED, "accounts.error.session_ended")
	}
	return p, nil
}

// TokenPrincipal returns the owner of an API token and notes the token's use.
// Errors: EUNAUTHORIZED (unknown or revoked token, or the owner's account is
// disabled).
func (s *Service) TokenPrincipal(ctx context.Context, secret string) (*Principal, error) {
	if !strings.HasPrefix(secret, TokenPrefix) {
		return nil, teilhabe.E(teilhabe.EUNAUTHORIZED, "accounts.error.token_invalid")
	}
	p, id, err := s.store.TokenPrincipal(ctx, HashToken(secret))
	if teilhabe.ErrorCode(err) == teilhabe.ENOTFOUND {
		return nil, teilhabe.E(teilhabe.EUNAUTHORIZED, "accounts.error.token_invalid")
	} else if err != nil {
		return nil, err
	}
	if p.User.Disabled() {
		return nil, teilhabe.E(teilhabe.EUNAUTHORIZED, "accounts.error.token_user_disabled")
	}
	return p, s.store.TokenUsed(ctx, id, s.store.Now())
}
