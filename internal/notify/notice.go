package notify

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/i18n"
)

// A notice is something to tell users: an in-app notification and, for what must not
// be missed, an e-mail. The capability that causes it writes the notice in the
// transaction of the change, as a kind with its arguments; it is rendered from the
// catalogues in each reader's language only when it is shown or sent. So an English
// user reads English, also in mail queued before they switched, and a correction of
// the wording reaches notices written before it.
//
// Every kind is a type of this package, so that every stored notice can be rendered.

// Notice is the arguments of one kind of notice.
type Notice interface {
	Kind() string // stable: stored with the notice, and names its messages
	Link() string // a path in the web UI
	// render writes the title (one line, also the mail's subject) and the plain-text
	// body, whose paragraphs a blank line separates.
	render(l *i18n.Localizer) (title, body string)
}

// Rendered is a notice in one language.
type Rendered struct {
	Title string
	Body  string
	Link  string
}

// ConsultationInvited invites a commissioner to comment on a programme draft.
type ConsultationInvited struct {
	ProgrammeID int64     `json:"programme_id"`
	Programme   string    `json:"programme"` // the title
	Funder      string    `json:"funder"`
	Deadline    time.Time `json:"deadline"`
	Invitation  string    `json:"invitation,omitempty"` // the funder's own words
}

func (ConsultationInvited) Kind() string   { return "consultation_invited" }
func (n ConsultationInvited) Link() string { return consultationLink(n.ProgrammeID) }
func (n ConsultationInvited) render(l *i18n.Localizer) (string, string) {
	body := l.T("notice.consultation_invited.body", "Funder", n.Funder, "Programme", n.Programme, "Deadline", n.Deadline)
	if n.Invitation != "" {
		body += "\n\n" + n.Invitation
	}
	return l.T("notice.consultation_invited.title", "Programme", n.Programme), body
}

// ConsultationReminder reminds a commissioner whose administration has not given its
// statement that the deadline is near.
type ConsultationReminder struct {
	ProgrammeID int64     `json:"programme_id"`
	Programme   string    `json:"programme"`
	Funder      string    `json:"funder"`
	Deadline    time.Time `json:"deadline"`
}

func (ConsultationReminder) Kind() string   { return "consultation_reminder" }
func (n ConsultationReminder) Link() string { return consultationLink(n.ProgrammeID) }
func (n ConsultationReminder) render(l *i18n.Localizer) (string, string) {
	return l.T("notice.consultation_reminder.title", "Programme", n.Programme, "Deadline", n.Deadline),
		l.T("notice.consultation_reminder.body", "Programme", n.Programme, "Funder", n.Funder, "Deadline", n.Deadline)
}

// ConsultationDigest tells a funder's staff what the administrations contributed to a
// consultation since the last digest.
type ConsultationDigest struct {
	ProgrammeID     int64         `json:"programme_id"`
	Programme       string        `json:"programme"`
	Since           time.Time     `json:"since"`
	Administrations []DigestEntry `json:"administrations"`
}

// DigestEntry counts one administration's contributions in a digest.
type DigestEntry struct {
	Name              string `json:"name"`
	Comments          int    `json:"comments,omitempty"`           // new
	Statements        int    `json:"statements,omitempty"`         // new
	RevisedComments   int    `json:"revised_comments,omitempty"`   // created before the last digest, changed since
	RevisedStatements int    `json:"revised_statements,omitempty"` // a revised statement needs a new answer
}

func (ConsultationDigest) Kind() string   { return "consultation_digest" }
func (n ConsultationDigest) Link() string { return consultationLink(n.ProgrammeID) }
func (n ConsultationDigest) render(l *i18n.Localizer) (string, string) {
	var b strings.Builder
	b.WriteString(l.T("notice.consultation_digest.intro", "Since", n.Since, "Programme", n.Programme,
		"Administrations", l.T("notice.digest.administrations", "Count", len(n.Administrations))))
	b.WriteString("\n\n")
	var sum DigestEntry
	for _, e := range n.Administrations {
		fmt.Fprintf(&b, "– %s: %s\n", e.Name, e.describe(l))
		sum.Comments += e.Comments
		sum.Statements += e.Statements
		sum.RevisedComments += e.RevisedComments
		sum.RevisedStatements += e.RevisedStatements
	}
	if len(n.Administrations) > 1 {
		b.WriteString("\n" + l.T("notice.consultation_digest.total", "Counts", sum.describe(l)) + "\n")
	}
	if sum.RevisedStatements > 0 {
		b.WriteString("\n" + l.T("notice.consultation_digest.revised") + "\n")
	}
	return l.T("notice.consultation_digest.title", "Programme", n.Programme), b.String()
}

// describe counts the entry's contributions, "2 Kommentare, 1 Stellungnahme".
func (e DigestEntry) describe(l *i18n.Localizer) string {
	var parts []string
	for _, c := range []struct {
		n  int
		id string
	}{{e.Comments, "notice.digest.comments"}, {e.Statements, "notice.digest.statements"},
		{e.RevisedComments, "notice.digest.revised_comments"}, {e.RevisedStatements, "notice.digest.revised_statements"}} {
		if c.n > 0 {
			parts = append(parts, l.T(c.id, "Count", c.n))
		}
	}
	return strings.Join(parts, ", ")
}

func consultationLink(programmeID int64) string {
	return fmt.Sprintf("/programmes/%d/consultation", programmeID)
}

// Encode returns what is stored of a notice: its kind and its arguments as JSON.
func Encode(n Notice) (kind string, args []byte, err error) {
	b, err := json.Marshal(n)
	return n.Kind(), b, err
}

// decoders make the notice of each kind from its stored arguments.
var decoders = map[string]func() Notice{
	ConsultationInvited{}.Kind():  func() Notice { return &ConsultationInvited{} },
	ConsultationReminder{}.Kind(): func() Notice { return &ConsultationReminder{} },
	ConsultationDigest{}.Kind():   func() Notice { return &ConsultationDigest{} },
	SketchInvited{}.Kind():        func() Notice { return &SketchInvited{} },
	SketchDeclined{}.Kind():       func() Notice { return &SketchDeclined{} },
	PartnerInvited{}.Kind():       func() Notice { return &PartnerInvited{} },
	ApplicationDecided{}.Kind():   func() Notice { return &ApplicationDecided{} },
	StatementRequested{}.Kind():   func() Notice { return &StatementRequested{} },
	GrantPayment{}.Kind():         func() Notice { return &GrantPayment{} },
}

// Kinds returns every kind of notice Decode knows, for tests that each renders.
func Kinds() []string {
	out := make([]string, 0, len(decoders))
	for k := range decoders {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// Decode makes a notice of its stored kind and arguments.
func Decode(kind string, args []byte) (Notice, error) {
	mk, ok := decoders[kind]
	if !ok {
		return nil, fmt.Errorf("notify: unknown notice kind %q", kind)
	}
	n := mk()
	if err := json.Unmarshal(args, n); err != nil {
		return nil, fmt.Errorf("notify: arguments of %s: %w", kind, err)
	}
	return n, nil
}

// Render writes a notice in the localizer's language.
func Render(l *i18n.Localizer, n Notice) Rendered {
	title, body := n.render(l)
	// The title becomes a mail header: a line break in it must not start a new one.
	return Rendered{Title: strings.Join(strings.Fields(title), " "), Body: strings.TrimSpace(body), Link: n.Link()}
}
