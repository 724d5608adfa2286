package notify

import (
	"strconv"
	"time"

	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// StatementRequested asks a municipal administration's integration commissioners
// for their statement (Stellungnahme) on an application submitted for a region
// they serve, by the call's deadline.
type StatementRequested struct {
	ApplicationID int64     `json:"application_id"`
	Application   string    `json:"application"` // the title
	Provider      string    `json:"provider"`
	Programme     string    `json:"programme"`
	Municipality  string    `json:"municipality"` // the administration asked
	DueAt         time.Time `json:"due_at"`
}

func (StatementRequested) Kind() string { return "statement_requested" }
func (n StatementRequested) Link() string {
	return "/applications/" + strconv.FormatInt(n.ApplicationID, 10) + "/statement"
}
func (n StatementRequested) render(l *i18n.Localizer) (string, string) {
	return l.T("notice.statement_requested.title", "Application", n.Application),
		l.T("notice.statement_requested.body", "Provider", n.Provider, "Application", n.Application,
			"Programme", n.Programme, "Municipality", n.Municipality, "DueAt", l.Date(n.DueAt.In(teilhabe.Berlin)))
}
