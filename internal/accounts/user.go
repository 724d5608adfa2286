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
		return "", teilhabe.Invalid("Die E-Mail-Adresse ist ungültig.",
			teilhabe.FieldError{Field: "email", Code: "invalid", Message: "Bitte eine gültige E-Mail-Adresse angeben, z. B. name@kommune.de."})
	}
	return s, nil
}

// NewUser is the input for creating a user.
type NewUser struct {
	Email    string
	Name     string
	Password string
	Locale   string
}

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
		fields = append(fields, teilhabe.FieldError{Field: "name", Code: "required", Message: "Bitte einen Namen angeben."})
	}
	if err := CheckPassword(n.Password); err != nil {
		fields = append(fields, teilhabe.AsError(err).Fields...)
	}
	if n.Locale != "en" {
		n.Locale = "de"
	}
	if len(fields) > 0 {
		return teilhabe.Invalid("Das Benutzerkonto ist nicht vollständig.", fields...)
	}
	return nil
}
