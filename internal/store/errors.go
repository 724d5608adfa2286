package store

import (
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// uniqueViolation turns a unique-constraint error of the engine into a field error.
func (d Dialect) uniqueViolation(err error, field, message string) error {
	if err == nil {
		return nil
	}
	if d.isUniqueViolation(err) {
		return invalidField(field, message)
	}
	return err
}

func invalidField(field, message string) error {
	return teilhabe.Invalid(message, teilhabe.FieldError{Field: field, Code: "invalid", Message: message})
}
