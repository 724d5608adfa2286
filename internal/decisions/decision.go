// Package decisions holds the funder's decision on an application (Bewilligung or
// Ablehnung): the decision summary that prepares it (reviews, statements, finance
// plan), the pipeline and ranking of a call against its budget, the start of the
// review (Prüfung), and the decision itself, one at a time or in a batch for a call.
// It knows nothing of HTTP or SQL.
package decisions

import (
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Outcome is what the funder decided.
type Outcome string

const (
	Approved Outcome = "approved" // bewilligt
	Rejected Outcome = "rejected" // abgelehnt
)

// Status is the application's status the outcome leads to.
func (o Outcome) Status() applications.Status {
	if o == Approved {
		return applications.StatusApproved
	}
	return applications.StatusRejected
}

// Limits of what a decision holds: room for a page of conditions, small enough that
// no form or API call can fill the database.
const (
	MaxText  = 5000
	MaxBatch = 500 // applications in one batch
)

// Decision is the funder's decision on one application.
type Decision struct {
	ApplicationID int64
	Outcome       Outcome
	// Amount is the approved grant; 0 for a rejection.
	Amount teilhabe.Cents
	// Plan is the reduced finance plan when less than the requested sum was approved;
	// nil when the application's own plan stands.
	Plan       *applications.FinancePlan
	Conditions string // Auflagen of an approval
	Reason     string // the reason of a rejection
	Batch      string // the batch it was decided in, if any
	DecidedBy  int64
	DecidedAt  time.Time

	DecidedByName string // filled by the store for pages
}

// Input is what the funder decides on one application.
type Input struct {
	Outcome Outcome
	// Amount is the grant to approve; 0 approves the requested sum.
	Amount     teilhabe.Cents
	Conditions string
	Reason     string
	// Plan is the reduced finance plan, needed when Amount is below the requested sum.
	Plan *applications.FinancePlan
	// Revision is the application's revision the form showed; 0: no check.
	Revision int
}

// decision checks the input against the application and the programme's terms and
// makes the decision of it. Every problem is reported at once:
//   - an outcome of approved or rejected;
//   - an approval of more than zero and at most the requested sum; below it, a
//     reduced finance plan whose grant is the amount, that balances and keeps the
//     programme's terms (applications.FinancePlan.Check);
//   - a rejection with a reason;
//   - texts within MaxText.
func (in Input) decision(a *applications.Application, terms applications.Terms) (Decision, error) {
	d := Decision{ApplicationID: a.ID, Outcome: in.Outcome, Conditions: strings.TrimSpace(in.Conditions), Reason: strings.TrimSpace(in.Reason)}
	var f []teilhabe.FieldError
	add := func(field, code, id string, args ...any) { f = append(f, teilhabe.FieldMsg(field, code, id, args...)) }
	for _, t := range []struct{ field, v string }{{"conditions", d.Conditions}, {"reason", d.Reason}} {
		if len([]rune(t.v)) > MaxText {
			add(t.field, "too_long", "decisions.fielderror.too_long", "Max", MaxText)
		}
	}
	switch in.Outcome {
	case Approved:
		d.Reason = ""
		d.Amount = in.Amount
		if d.Amount == 0 {
			d.Amount = a.Plan.Requested
		}
		switch {
		case d.Amount < 0:
			add("amount", "invalid", "decisions.fielderror.amount")
		case d.Amount > a.Plan.Requested:
			add("amount", "above_requested", "decisions.fielderror.above_requested", "Requested", a.Plan.Requested)
		case d.Amount < a.Plan.Requested && in.Plan == nil:
			add("finance_plan", "required", "decisions.fielderror.plan_required", "Requested", a.Plan.Requested)
		case d.Amount < a.Plan.Requested:
			p := *in.Plan
			p.Requested = d.Amount
			f = append(f, p.Check(terms)...)
			d.Plan = &p
		}
	case Rejected:
		d.Conditions, d.Amount = "", 0
		if d.Reason == "" {
			add("reason", "required", "decisions.fielderror.reason_required")
		}
	default:
		add("outcome", "invalid", "decisions.fielderror.outcome")
	}
	if len(f) > 0 {
		return d, teilhabe.Invalid("decisions.error.invalid", f...)
	}
	return d, nil
}
