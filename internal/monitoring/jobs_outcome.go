package monitoring

import (
	"encoding/json"
	"time"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// A finished job keeps its summary or its failure as JSON, and the page renders it
// later in the reader's language. Message arguments are typed (an instant, a
// message id, a nested message or field error), and plain JSON would turn them into
// strings and maps that render wrongly; so each argument is stored with its kind.

// MarshalOutcome encodes what a finished job keeps: its Results and its Failure.
func (j ImportJob) MarshalOutcome() ([]byte, error) {
	var o storedOutcome
	for _, r := range j.Results {
		sr := storedResult{ImportResult: r}
		for _, w := range r.Summary.Warnings {
			sr.Warnings = append(sr.Warnings, storeMessage(w.ID, w.Args))
		}
		sr.Summary.Warnings = nil
		o.Results = append(o.Results, sr)
	}
	if e := j.Failure; e != nil {
		f := storedError{Code: e.Code, Message: storeMessage(e.ID, e.Args)}
		for _, fe := range e.Fields {
			f.Fields = append(f.Fields, storeField(fe))
		}
		o.Failure = &f
	}
	return json.Marshal(o)
}

// UnmarshalOutcome sets the Results and Failure of j from what MarshalOutcome wrote.
func (j *ImportJob) UnmarshalOutcome(b []byte) error {
	if len(b) == 0 {
		return nil
	}
	var o storedOutcome
	if err := json.Unmarshal(b, &o); err != nil {
		return err
	}
	j.Results = nil
	for _, sr := range o.Results {
		r := sr.ImportResult
		r.Summary.Warnings = nil
		for _, w := range sr.Warnings {
			r.Summary.Warnings = append(r.Summary.Warnings, w.message())
		}
		j.Results = append(j.Results, r)
	}
	j.Failure = nil
	if f := o.Failure; f != nil {
		m := f.Message.message()
		e := &teilhabe.Error{Code: f.Code, ID: m.ID, Args: m.Args}
		for _, sf := range f.Fields {
			e.Fields = append(e.Fields, sf.field())
		}
		j.Failure = e
	}
	return nil
}

type storedOutcome struct {
	Results []storedResult `json:"results,omitempty"`
	Failure *storedError   `json:"failure,omitempty"`
}

// storedResult is an ImportResult as encoding/json writes it, so that fields added
// to it are kept, with its warnings typed beside it.
type storedResult struct {
	ImportResult
	Warnings []storedMessage `json:"warnings,omitempty"`
}

type storedError struct {
	Code    string        `json:"code"`
	Message storedMessage `json:"message"`
	Fields  []storedField `json:"fields,omitempty"`
}

type storedMessage struct {
	ID   string               `json:"id"`
	Args map[string]storedArg `json:"args,omitempty"`
}

type storedField struct {
	Field string        `json:"field"`
	Code  string        `json:"code"`
	Msg   storedMessage `json:"message"`
}

// storedArg is one message argument with its kind: "" for plain JSON (a string, a
// float), "int", "time", "msg", "message" or "field".
type storedArg struct {
	Kind  string          `json:"kind,omitempty"`
	Value json.RawMessage `json:"value"`
}

func storeMessage(id string, args map[string]any) storedMessage {
	m := storedMessage{ID: id}
	for k, v := range args {
		if m.Args == nil {
			m.Args = map[string]storedArg{}
		}
		m.Args[k] = storeArg(v)
	}
	return m
}

func storeField(f teilhabe.FieldError) storedField {
	return storedField{Field: f.Field, Code: f.Code, Msg: storeMessage(f.ID, f.Args)}
}

func storeArg(v any) storedArg {
	kind := ""
	switch a := v.(type) {
	case int, int64, int32:
		kind = "int"
	case time.Time:
		kind = "time"
	case teilhabe.Msg:
		kind = "msg"
	case teilhabe.Message:
		kind, v = "message", storeMessage(a.ID, a.Args)
	case teilhabe.FieldError:
		kind, v = "field", storeField(a)
	}
	b, err := json.Marshal(v)
	if err != nil {
		b, _ = json.Marshal(err.Error()) // an argument no message can need: keep the rest
	}
	return storedArg{Kind: kind, Value: b}
}

func (m storedMessage) message() teilhabe.Message {
	out := teilhabe.Message{ID: m.ID}
	for k, a := range m.Args {
		if out.Args == nil {
			out.Args = map[string]any{}
		}
		out.Args[k] = a.value()
	}
	return out
}

func (f storedField) field() teilhabe.FieldError {
	m := f.Msg.message()
	return teilhabe.FieldError{Field: f.Field, Code: f.Code, ID: m.ID, Args: m.Args}
}

func (a storedArg) value() any {
	switch a.Kind {
	case "int":
		var n int
		_ = json.Unmarshal(a.Value, &n)
		return n
	case "time":
		var t time.Time
		_ = json.Unmarshal(a.Value, &t)
		return t
	case "msg":
		var s string
		_ = json.Unmarshal(a.Value, &s)
		return teilhabe.Msg(s)
	case "message":
		var m storedMessage
		_ = json.Unmarshal(a.Value, &m)
		return m.message()
	case "field":
		var f storedField
		_ = json.Unmarshal(a.Value, &f)
		return f.field()
	}
	var v any
	_ = json.Unmarshal(a.Value, &v)
	return v
}
