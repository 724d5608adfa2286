package grants

import (
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// PaymentStatus is where a payment request (Mittelabruf) stands.
type PaymentStatus string

const (
	PaymentRequested PaymentStatus = "requested" // the provider asked for it
	PaymentApproved  PaymentStatus = "approved"  // the funder released it, possibly reduced
	PaymentRefused   PaymentStatus = "refused"   // the funder released nothing, with a reason
	PaymentPaid      PaymentStatus = "paid"      // the money went out on PaidOn
)

// MaxNote bounds a payment's texts: a purpose or a reason, not a letter.
const MaxNote = 2000

// Payment is one request for money from a grant and what became of it.
type Payment struct {
	ID        int64
	GrantID   int64
	Status    PaymentStatus
	Requested teilhabe.Cents
	// Approved is what the funder released; it is the amount that counts once the
	// request is approved or paid, and 0 while requested or when refused.
	Approved    teilhabe.Cents
	Purpose     string // what the money is needed for, from the provider
	Reason      string // why the funder released less, or nothing
	RequestedAt time.Time
	RequestedBy int64
	DecidedAt   time.Time
	DecidedBy   int64
	PaidOn      time.Time // the value date, as a date
	Revision    int
}

// Committed is what the payment holds of the grant: the requested sum while it
// waits, the released sum once approved or paid, nothing when refused.
func (p *Payment) Committed() teilhabe.Cents {
	switch p.Status {
	case PaymentRequested:
		return p.Requested
	case PaymentApproved, PaymentPaid:
		return p.Approved
	}
	return 0
}

// Ledger is a grant's payments against its amount. Its invariant (Check): nothing
// is negative, and the money waiting, released and paid never adds up to more
// than the grant, so that Available is never below zero.
type Ledger struct {
	Amount   teilhabe.Cents
	Payments []Payment
}

// Totals is the ledger at a glance; Pending + Released + Paid + Available is the
// grant's amount.
type Totals struct {
	Amount    teilhabe.Cents
	Pending   teilhabe.Cents // requested, not yet decided
	Released  teilhabe.Cents // approved, not yet paid
	Paid      teilhabe.Cents
	Available teilhabe.Cents // what can still be requested
}

// Totals adds the ledger up.
func (l *Ledger) Totals() Totals {
	t := Totals{Amount: l.Amount}
	for i := range l.Payments {
		p := &l.Payments[i]
		switch p.Status {
		case PaymentRequested:
			t.Pending += p.Requested
		case PaymentApproved:
			t.Released += p.Approved
		case PaymentPaid:
			t.Paid += p.Approved
		}
	}
	t.Available = t.Amount - t.Pending - t.Released - t.Paid
	return t
}

// Check reports a ledger that does not add up: a fault of the code, never of the
// user, so it is not a message for them.
func (l *Ledger) Check() error {
	t := l.Totals()
	if t.Available < 0 {
		return teilhabe.E(teilhabe.EINTERNAL, "grants.error.ledger", "Detail", "committed beyond the grant")
	}
	for i := range l.Payments {
		p := &l.Payments[i]
		bad := p.Requested <= 0 || p.Approved < 0 || p.Approved > p.Requested ||
			(p.Status == PaymentRequested || p.Status == PaymentRefused) && p.Approved != 0 ||
			(p.Status == PaymentApproved || p.Status == PaymentPaid) && p.Approved == 0
		if bad {
			return teilhabe.E(teilhabe.EINTERNAL, "grants.error.ledger", "Detail", "payment out of bounds")
		}
	}
	return nil
}

// Request adds a payment request: more than zero and at most what is still
// available (the grant less what is paid, released or waiting), with a purpose.
// Errors: EINVALID, naming the field.
func (l *Ledger) Request(amount teilhabe.Cents, purpose string, at time.Time, by int64) (*Payment, error) {
	purpose = strings.TrimSpace(purpose)
	var f []teilhabe.FieldError
	if avail := l.Totals().Available; amount <= 0 {
		f = append(f, teilhabe.Field("amount", "positive"))
	} else if amount > avail {
		f = append(f, teilhabe.FieldMsg("amount", "too_high", "grants.error.request_too_high", "Available", avail))
	}
	if len([]rune(purpose)) > MaxNote {
		f = append(f, teilhabe.Field("purpose", "too_long", "Max", MaxNote))
	}
	if len(f) > 0 {
		return nil, teilhabe.Invalid("grants.error.payment_invalid", f...)
	}
	l.Payments = append(l.Payments, Payment{Status: PaymentRequested, Requested: amount, Purpose: purpose, RequestedAt: at, RequestedBy: by})
	return &l.Payments[len(l.Payments)-1], nil
}

// Approve releases the i-th payment, waiting for a decision, with amount: the
// requested sum, or less with a reason; 0 refuses it and needs a reason too.
// Errors: ECONFLICT (already decided), EINVALID.
func (l *Ledger) Approve(i int, amount teilhabe.Cents, reason string, at time.Time, by int64) error {
	p := &l.Payments[i]
	if p.Status != PaymentRequested {
		return teilhabe.E(teilhabe.ECONFLICT, "grants.error.payment_decided")
	}
	reason = strings.TrimSpace(reason)
	var f []teilhabe.FieldError
	switch {
	case amount < 0:
		f = append(f, teilhabe.Field("amount", "not_negative"))
	case amount > p.Requested:
		f = append(f, teilhabe.FieldMsg("amount", "too_high", "grants.error.approve_too_high", "Requested", p.Requested))
	case amount < p.Requested && reason == "":
		f = append(f, teilhabe.FieldMsg("reason", "required", "grants.error.reason_required"))
	}
	if len([]rune(reason)) > MaxNote {
		f = append(f, teilhabe.Field("reason", "too_long", "Max", MaxNote))
	}
	if len(f) > 0 {
		return teilhabe.Invalid("grants.error.payment_invalid", f...)
	}
	p.Approved, p.Reason, p.DecidedAt, p.DecidedBy = amount, reason, at, by
	p.Status = PaymentApproved
	if amount == 0 {
		p.Status = PaymentRefused
	}
	return nil
}

// Pay marks the i-th payment, released, as paid on the value date on.
// Errors: ECONFLICT (not released, or paid already).
func (l *Ledger) Pay(i int, on time.Time) error {
	p := &l.Payments[i]
	if p.Status != PaymentApproved {
		return teilhabe.E(teilhabe.ECONFLICT, "grants.error.payment_not_released")
	}
	if on.IsZero() {
		return teilhabe.Invalid("grants.error.payment_invalid", teilhabe.Field("paid_on", "required"))
	}
	p.Status, p.PaidOn = PaymentPaid, on
	return nil
}
