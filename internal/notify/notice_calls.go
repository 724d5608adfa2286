package notify

import (
	"strconv"
	"time"

	"github.com/teilhabe/teilhabe/internal/i18n"
)

// SketchInvited tells a provider's staff that the funder invites them to the full
// application of their sketch; the draft is waiting for them.
type SketchInvited struct {
	ApplicationID int64     `json:"application_id"` // the full application's draft
	Title         string    `json:"title"`
	Programme     string    `json:"programme"`
	Deadline      time.Time `json:"deadline"`
}

func (SketchInvited) Kind() string   { return "sketch_invited" }
func (n SketchInvited) Link() string { return applicationLink(n.ApplicationID) }
func (n SketchInvited) render(l *i18n.Localizer) (string, string) {
	return l.T("notice.sketch_invited.title", "Title", n.Title),
		l.T("notice.sketch_invited.body", "Title", n.Title, "Programme", n.Programme, "Deadline", n.Deadline)
}

// SketchDeclined tells a provider's staff that the funder declined their sketch, and why.
type SketchDeclined struct {
	ApplicationID int64  `json:"application_id"` // the sketch
	Title         string `json:"title"`
	Programme     string `json:"programme"`
	Reason        string `json:"reason"`
}

func (SketchDeclined) Kind() string   { return "sketch_declined" }
func (n SketchDeclined) Link() string { return applicationLink(n.ApplicationID) }
func (n SketchDeclined) render(l *i18n.Localizer) (string, string) {
	return l.T("notice.sketch_declined.title", "Title", n.Title),
		l.T("notice.sketch_declined.body", "Title", n.Title, "Programme", n.Programme) + "\n\n" + n.Reason
}

func applicationLink(id int64) string { return "/applications/" + strconv.FormatInt(id, 10) }
