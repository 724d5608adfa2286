// Package teilhabe is the shared kernel: the error vocabulary, the acting user and
// the clock that every capability package and every adapter (web, API, CLI, store) use.
package teilhabe

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
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

// Error is a domain error that is safe to show to users. It carries no text of its
// own: ID names a message of the i18n catalogues, which the web UI, the API and the
// CLI render in the reader's language with Args filled in.
type Error struct {
	Code   string
	ID     string         // message id, e.g. "programme.error.archived"; "" means "error.<Code>"
	Args   map[string]any // the message's placeholders, e.g. {"Deadline": time.Time}
	Fields []FieldError
}

// FieldError says what is wrong with one input field. Field is a form field name or,
// for file imports, "file:line" plus a column.
type FieldError struct {
	Field string
	Code  string         // stable, for API clients: "required", "invalid", …
	ID    string         // message id; "" means "fielderror.<Field>.<Code>"
	Args  map[string]any // the message's placeholders
}

// MessageID is the catalogue id of the error's message.
func (e *Error) MessageID() string {
	if e.ID == "" {
		return "error." + e.Code
	}
	return e.ID
}

// MessageID is the catalogue id of the field error's message.
func (f FieldError) MessageID() string {
	if f.ID == "" {
		return "fielderror." + f.Field + "." + f.Code
	}
	return f.ID
}

// Error is for logs: the message ids and their arguments, not the rendered text.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Code + ": " + e.MessageID() + formatArgs(e.Args))
	for _, f := range e.Fields {
		fmt.Fprintf(&b, "; %s: %s%s", f.Field, f.MessageID(), formatArgs(f.Args))
	}
	return b.String()
}

func formatArgs(args map[string]any) string {
	if len(args) == 0 {
		return ""
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(args)) {
		parts = append(parts, fmt.Sprintf("%s=%v", k, args[k]))
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// E returns a domain error with a code, a message id and the message's arguments as
// key/value pairs: E(ECONFLICT, "programme.error.deadline", "Deadline", t).
func E(code, id string, args ...any) *Error {
	return &Error{Code: code, ID: id, Args: Args(args...)}
}

// Invalid returns an EINVALID error: id names the summary above the fields.
func Invalid(id string, fields ...FieldError) *Error {
	return &Error{Code: EINVALID, ID: id, Fields: fields}
}

// Field returns a field error whose message is "fielderror.<field>.<code>".
func Field(field, code string, args ...any) FieldError {
	return FieldError{Field: field, Code: code, Args: Args(args...)}
}

// FieldMsg returns a field error with a message of its own, for a field and code
// that can go wrong in more than one way.
func FieldMsg(field, code, id string, args ...any) FieldError {
	return FieldError{Field: field, Code: code, ID: id, Args: Args(args...)}
}

// Args turns key/value pairs into a map; nil for none.
func Args(kv ...any) map[string]any {
	if len(kv) == 0 {
		return nil
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		m[fmt.Sprint(kv[i])] = kv[i+1]
	}
	return m
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

// AsError returns the *Error inside err, or nil.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// Msg is a message id given as an argument of another message, such as the name of
// a status: the reader's language renders it too.
type Msg string

// Message is a message id with its arguments, where one message needs another that
// has arguments of its own (a column named by its number and label inside an error
// about that column), or a note that is not an error (an import's warnings): the
// reader's language renders it, like Msg.
type Message struct {
	ID   string
	Args map[string]any
}

// M returns a message with arguments as key/value pairs: M("genesis.column", "Column", 5).
func M(id string, args ...any) Message { return Message{ID: id, Args: Args(args...)} }
