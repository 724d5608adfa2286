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
	legacy := e.Message
	if e.ID != "" && !l.Has(e.ID) {
		legacy = e.ID // German text passed where the id goes
	}
	switch {
	case legacy == "" && e.ID != "":
		return l.message(e.ID, e.Args), fields
	case legacy != "" && (l.Lang == "de" || !l.Has("error."+e.Code)):
		return legacy, fields // German text from the code, from before the catalogues
	}
	return l.T("error." + e.Code), fields
}

// FieldError renders one field error.
func (l *Localizer) FieldError(f teilhabe.FieldError) string {
	id := f.MessageID()
	switch {
	case f.ID != "" || f.Message == "":
		return l.message(id, f.Args)
	case l.Lang != "de" && l.Has(id):
		return l.T(id)
	}
	return f.Message
}

// message translates id with args. An id the catalogue lacks is shown as it is:
// code from before the catalogues passed German text where the id goes.
func (l *Localizer) message(id string, args map[string]any) string {
	kv := make([]any, 0, 2*len(args))
	for _, k := range slices.Sorted(maps.Keys(args)) {
		kv = append(kv, k, args[k])
	}
	return l.T(id, kv...)
}
