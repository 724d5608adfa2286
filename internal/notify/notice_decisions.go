package notify

import (
	"fmt"

	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// ApplicationDecided tells a provider's staff that the funder decided on their
// application: approved with the amount and any conditions, or rejected with the
// reason. Amounts are cents.
type ApplicationDecided struct {
	ApplicationID int64  `json:"application_id"`
	Application   string `json:"application"` // the title
	Programme     string `json:"programme"`
	Funder        string `json:"funder"`
	Approved      bool   `json:"approved"`
	Amount        int64  `json:"amount,omitempty"`
	Requested     int64  `json:"requested,omitempty"`
	Conditions    string `json:"conditions,omitempty"`
	Reason        string `json:"reason,omitempty"`
}

func (ApplicationDecided) Kind() string { return "application_decided" }
func (n ApplicationDecided) Link() string {
	return fmt.Sprintf("/applications/%d", n.ApplicationID)
}
func (n ApplicationDecided) render(l *i18n.Localizer) (string, string) {
	args := []any{"Application", n.Application, "Programme", n.Programme, "Funder", n.Funder,
		"Amount", teilhabe.Cents(n.Amount), "Requested", teilhabe.Cents(n.Requested)}
	if !n.Approved {
		return l.T("notice.application_decided.rejected.title", args...),
			l.T("notice.application_decided.rejected.body", args...) + "\n\n" + n.Reason
	}
	body := l.T("notice.application_decided.approved.body", args...)
	if n.Amount < n.Requested {
		body += "\n\n" + l.T("notice.application_decided.reduced", args...)
	}
	if n.Conditions != "" {
		body += "\n\n" + l.T("notice.application_decided.conditions") + "\n" + n.Conditions
	}
	return l.T("notice.application_decided.approved.title", args...), body
}
