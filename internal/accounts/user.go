package accounts

import (
	"net/mail"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// User is a person who logs in. Users are staff of organisations, never the migrants
// whom the work serves: the platform stores no personal data of migrants.
type User struct {
	ID                 int64
	Email              string
	Name               string
	Locale             string // "de" or "en"
	MustChangePassword bool
	DisabledAt         time.Time
	CreatedAt          time.Time
	UpdatedAt          time.Time
	// SessionEpoch grows when the password changes or the account is disabled; a
	// session remembers the epoch it began in and ends when they differ.
	SessionEpoch int64
}

// Disabled reports whether the account is disabled.
func (u User) Disabled() bool { return !u.DisabledAt.IsZero() }

// Membership gives a user a role in an organisation.
type Membership struct {
	ID           int64
	UserID       int64
	Organisation Organisation
	Role         Role
}

// NormalizeEmail lower-cases and trims an address and checks its form.
func NormalizeEmail(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s, ".") {
		return "", teilhabe.Invalid("accounts.error.email_invalid", teilhabe.FieldMsg("email", "invalid", "accounts.fielderror.email"))
	}
	return s, nil
}

// NewUser is the input for creating a user.
type NewUser struct {
	Email string
	Name  string
	// Password is empty for a one-time password that the use case generates and the
	// user must replace at the first login (the admin pages, the CLI). A given one is
	// the user's own from the start: the demo's users and tests log in with it.
	Password string
	Locale   string
}

// Locales are the languages a user can choose for pages and mail; the first is the
// default.
var Locales = []string{"de", "en"}

// Validate normalises the input and checks every field.
func (n *NewUser) Validate() error {
	var fields []teilhabe.FieldError
	email, err := NormalizeEmail(n.Email)
	if err != nil {
		fields = append(fields, teilhabe.AsError(err).Fields...)
	}
	n.Email = email
	n.Name = strings.TrimSpace(n.Name)
	if n.Name == "" {
		fields = append(fields, teilhabe.Field("name", "required"))
	}
	if n.Password != "" {
		if err := CheckPassword(n.Password); err != nil {
			fields = append(fields, teilhabe.AsError(err).Fields...)
		}
	}
	if !contains(Locales, n.Locale) {
		n.Locale = Locales[0]
	}
	if len(fields) > 0 {
		return teilhabe.Invalid("accounts.error.user_incomplete", fields...)
	}
	return nil
}

// MembershipInput is a role to give: in which organisation, by id, and which role,
// as a form or the command line names it.
type MembershipInput struct {
	OrganisationID int64
	Role           string
}
