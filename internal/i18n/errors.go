package i18n

import (
	"maps"
	"slices"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// FieldMessage is a field error as a reader sees it.
type FieldMessage struct {
	Field   string
	Code    string
	Message string
}

// Error renders err in the localizer's language: a domain error's message and its
// field errors. Any other error is internal: the reader gets the generic message and
// the caller logs the detail.
func (l *Localizer) Error(err error) (string, []FieldMessage) {
	e := teilhabe.AsError(err)
	if e == nil {
		return l.T("error.internal"), nil
	}
	var fields []FieldMessage
	for _, f := range e.Fields {
		fields = append(fields, FieldMessage{Field: f.Field, Code: f.Code, Message: l.FieldError(f)})
	}
	return l.message(e.MessageID(), e.Args), fields
}

// FieldError renders one field error.
func (l *Localizer) FieldError(f teilhabe.FieldError) string {
	return l.message(f.MessageID(), f.Args)
}

// message translates id with args; a test keeps every id the code gives in both
// catalogues (errorids_test.go).
func (l *Localizer) message(id string, args map[string]any) string {
	kv := make([]any, 0, 2*len(args))
	for _, k := range slices.Sorted(maps.Keys(args)) {
		kv = append(kv, k, args[k])
	}
	return l.T(id, kv...)
}
