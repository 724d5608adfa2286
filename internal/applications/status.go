package applications

import (
	"slices"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Status is the stage of an application in the grant procedure.
type Status string

const (
	StatusDraft               Status = "draft"                // Entwurf
	StatusSubmitted           Status = "submitted"            // eingereicht
	StatusStatementsRequested Status = "statements_requested" // Stellungnahme angefragt
	StatusStatementsReceived  Status = "statements_received"  // Stellungnahme liegt vor
	StatusInReview            Status = "in_review"            // in Prüfung
	StatusApproved            Status = "approved"             // bewilligt
	StatusRejected            Status = "rejected"             // abgelehnt
	StatusWithdrawn           Status = "withdrawn"            // zurückgezogen
)

// Statuses in the order of the procedure, for lists and counts.
var Statuses = []Status{StatusDraft, StatusSubmitted, StatusStatementsRequested, StatusStatementsReceived,
	StatusInReview, StatusApproved, StatusRejected, StatusWithdrawn}

// next is the one state machine of the procedure: where each status may go. An
// application can be withdrawn from every status before the decision; a decision and
// a withdrawal are final.
var next = map[Status][]Status{
	StatusDraft:               {StatusSubmitted, StatusWithdrawn},
	StatusSubmitted:           {StatusStatementsRequested, StatusInReview, StatusWithdrawn},
	StatusStatementsRequested: {StatusStatementsReceived, StatusInReview, StatusWithdrawn},
	StatusStatementsReceived:  {StatusInReview, StatusWithdrawn},
	StatusInReview:            {StatusApproved, StatusRejected, StatusWithdrawn},
}

// CanMove reports whether an application may move from one status to another.
func CanMove(from, to Status) bool { return slices.Contains(next[from], to) }

// CheckTransition returns nil for a step of the state machine, and a conflict that
// names both statuses for anything else.
func CheckTransition(from, to Status) error {
	if CanMove(from, to) {
		return nil
	}
	return teilhabe.E(teilhabe.ECONFLICT, "applications.error.transition",
		"From", teilhabe.Msg("applications.status."+string(from)), "To", teilhabe.Msg("applications.status."+string(to)))
}

// Decided reports whether the funder has decided: approved or rejected.
func (s Status) Decided() bool { return s == StatusApproved || s == StatusRejected }

// Final reports whether nothing more can happen to the application.
func (s Status) Final() bool { return len(next[s]) == 0 }

// Submitted reports whether the application has left the draft: its content is frozen.
func (s Status) Submitted() bool { return s != StatusDraft && s != "" }

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }
