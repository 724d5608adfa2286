package notify

import (
	"strconv"

	"github.com/teilhabe/teilhabe/internal/i18n"
)

// PartnerInvited tells a partner organisation's staff that the applying provider
// has made them co-applicants of an application: they may now edit it.
type PartnerInvited struct {
	ApplicationID int64  `json:"application_id"`
	Application   string `json:"application"` // the title
	Provider      string `json:"provider"`    // the applying provider
	Programme     string `json:"programme"`
}

func (PartnerInvited) Kind() string { return "application_partner_invited" }
func (n PartnerInvited) Link() string {
	return "/applications/" + strconv.FormatInt(n.ApplicationID, 10)
}
func (n PartnerInvited) render(l *i18n.Localizer) (string, string) {
	return l.T("notice.application_partner_invited.title", "Application", n.Application),
		l.T("notice.application_partner_invited.body", "Provider", n.Provider, "Application", n.Application, "Programme", n.Programme)
}
