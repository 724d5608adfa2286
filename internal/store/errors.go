package store

import (
	"strings"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// uniqueViolation turns a unique-constraint error of either engine into a field error.
func uniqueViolation(err error, field, message string) error {
	if err == nil {
		return nil
	}
	s := err.Error()
	// SQLite: "UNIQUE constraint failed"; PostgreSQL: SQLSTATE 23505.
	if strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "23505") {
		return invalidField(field, message)
	}
	return err
}

func invalidField(field, message string) error {
	return teilhabe.Invalid(message, teilhabe.FieldError{Field: field, Code: "invalid", Message: message})
}
