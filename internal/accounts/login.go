package accounts

import (
	"context"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Login throttling: after this many failures in the window, further attempts for the
// same address (or from the same IP) are refused until the window has passed. The
// counts live in the database, so they hold across several app instances. Behind a
// reverse proxy all requests share its address: the per-address limit still holds,
// and the per-IP one is a safety net.
const (
	ThrottleWindow   = 15 * time.Minute
	maxFailsPerEmail = 5
	maxFailsPerIP    = 30
)

// Credentials are what someone types into the login form, and where from.
type Credentials struct {
	Email    string
	Password string
	IP       string
}

// errCredentials is the one answer to a wrong address, a wrong password and a
// disabled account alike, so that the form does not tell which addresses have an
// account or which accounts are disabled.
func errCredentials() error {
	e := teilhabe.E(teilhabe.EUNAUTHORIZED, "accounts.error.credentials")
	e.Fields = []teilhabe.FieldError{teilhabe.FieldMsg("email", "credentials", "accounts.error.credentials")}
	return e
}

// Login checks an address and a password and returns the user to start a session
// for. A wrong address, a wrong password and a disabled account get the same answer
// in the same time, and count as a failure of the address and the IP; too many
// failures refuse every attempt, the right password too, until the window has
// passed. Errors: EUNAUTHORIZED (with a field error on "email"), ETOOMANY.
func (s *Service) Login(ctx context.Context, c Credentials) (User, error) {
	email := strings.ToLower(strings.TrimSpace(c.Email))
	byEmail, byIP, err := s.store.LoginFailures(ctx, email, c.IP, s.store.Now().Add(-ThrottleWindow))
	if err != nil {
		return User{}, err
	}
	if byEmail >= maxFailsPerEmail || byIP >= maxFailsPerIP {
		return User{}, teilhabe.E(teilhabe.ETOOMANY, "accounts.error.throttled", "Minutes", int(ThrottleWindow/time.Minute))
	}
	u, err := s.authenticate(ctx, email, c.Password)
	if teilhabe.ErrorCode(err) == teilhabe.EUNAUTHORIZED {
		if rerr := s.store.RecordLoginFailure(ctx, email, c.IP, s.store.Now()); rerr != nil {
			return User{}, rerr
		}
		return User{}, err
	} else if err != nil {
		return User{}, err
	}
	return u, s.store.ClearLoginFailures(ctx, email)
}

// authenticate checks the password of the account with that address. An unknown
// address costs one verification too, so that the time does not tell either.
func (s *Service) authenticate(ctx context.Context, email, password string) (User, error) {
	u, hash, err := s.store.Credentials(ctx, email)
	if teilhabe.ErrorCode(err) == teilhabe.ENOTFOUND {
		VerifyDummy(password)
		return User{}, errCredentials()
	} else if err != nil {
		return User{}, err
	}
	if !VerifyPassword(hash, password) || u.Disabled() {
		return User{}, errCredentials()
	}
	return u, nil
}
