// Package teilhabe is the shared kernel: the error vocabulary, the acting user and
// the clock that every capability package and every adapter (web, API, CLI, store) use.
package teilhabe

import (
	"errors"
	"fmt"
)

// Error codes are stable: API clients read them, and the web UI and CLI use them as
// translation keys ("error.<code>").
const (
	ECONFLICT     = "conflict"     // the action does not fit the current state
	EINTERNAL     = "internal"     // a fault on our side; details go to the log only
	EINVALID      = "invalid"      // the input is wrong; Fields say where
	ENOTFOUND     = "not_found"    // it does not exist, or the actor may not know it exists
	EFORBIDDEN    = "forbidden"    // the actor is known but may not do this
	EUNAUTHORIZED = "unauthorized" // nobody is logged in, or the credentials are wrong
	ETOOMANY      = "too_many_requests"
	EUNSUPPORTED  = "unsupported" // e.g. a database schema newer than this binary
)

// FieldError says what is wrong with one field. Field is a form field name or, for
// file imports, "file:line" plus a column name.
type FieldError struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Error is a domain error that is safe to show to users. Message is in German, the
// default UI language; adapters may translate by Code.
type Error struct {
	Code    string
	Message string
	Fields  []FieldError
	// Args fill placeholders when adapters translate Code (e.g. {"Minutes": 5}).
	Args map[string]any
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return e.Message
	}
	s := e.Message
	for _, f := range e.Fields {
		s += fmt.Sprintf("; %s: %s", f.Field, f.Message)
	}
	return s
}

// Errorf returns an *Error with the given code and a formatted German message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns an EINVALID error with field errors.
func Invalid(message string, fields ...FieldError) *Error {
	return &Error{Code: EINVALID, Message: message, Fields: fields}
}

// ErrorCode returns the code of a domain error, or EINTERNAL for any other error,
// so that internal details never reach a user.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of a domain error, or a generic one.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Ein interner Fehler ist aufgetreten."
}

// AsError returns the *Error inside err, or nil.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}
