package notify

import (
	"fmt"
	"time"

	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// GrantPayment tells the other side of a grant about a step of a payment: the
// funder's staff that the provider requested money, the provider's staff that the
// funder released it (in full, reduced or not at all) or paid it. Amounts are cents.
type GrantPayment struct {
	GrantID   int64     `json:"grant_id"`
	Grant     string    `json:"grant"` // the project's title
	Programme string    `json:"programme"`
	Provider  string    `json:"provider"`
	Funder    string    `json:"funder"`
	Step      string    `json:"step"` // requested, approved, refused, paid
	Requested int64     `json:"requested"`
	Approved  int64     `json:"approved,omitempty"`
	Reason    string    `json:"reason,omitempty"`
	PaidOn    time.Time `json:"paid_on,omitzero"`
}

func (GrantPayment) Kind() string { return "grant_payment" }
func (n GrantPayment) Link() string {
	return fmt.Sprintf("/grants/%d", n.GrantID)
}
func (n GrantPayment) render(l *i18n.Localizer) (string, string) {
	step := n.Step
	if step == "approved" && n.Approved < n.Requested {
		step = "reduced"
	}
	args := []any{"Grant", n.Grant, "Programme", n.Programme, "Provider", n.Provider, "Funder", n.Funder, "Requested", teilhabe.Cents(n.Requested),
		"Approved", teilhabe.Cents(n.Approved), "PaidOn", teilhabe.Date(n.PaidOn)}
	body := l.T("notice.grant_payment."+step+".body", args...)
	if n.Reason != "" {
		body += "\n\n" + l.T("notice.grant_payment.reason") + "\n" + n.Reason
	}
	return l.T("notice.grant_payment."+step+".title", args...), body
}
