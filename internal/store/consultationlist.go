package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/programmes"
)

// InvitedConsultation is one consultation as an invited administration sees it in
// its list: what, whose, until when, and whether it has spoken yet.
type InvitedConsultation struct {
	ProgrammeID    int64
	Title          string
	Funder         string
	Status         programmes.Status
	Deadline       time.Time
	ReportAt       time.Time
	OrganisationID int64
	Organisation   string
	Statement      bool // the administration has given its overall statement
	Contributions  int  // its comments and statement
}

// InvitedConsultations lists the consultations that invited any of the given
// administrations, the latest deadline first.
func (db *DB) InvitedConsultations(ctx context.Context, orgIDs []int64) ([]InvitedConsultation, error) {
	if len(orgIDs) == 0 {
		return nil, nil
	}
	marks := make([]string, len(orgIDs))
	args := make([]any, len(orgIDs))
	for i, id := range orgIDs {
		marks[i], args[i] = "$"+strconv.Itoa(i+1), id
	}
	return collect(ctx, db.read, func(rows *sql.Rows) (InvitedConsultation, error) {
		var c InvitedConsultation
		var status string
		var report sql.NullTime
		err := rows.Scan(&c.ProgrammeID, &c.Title, &c.Funder, &status, &c.Deadline, &report, &c.OrganisationID, &c.Organisation, &c.Statement, &c.Contributions)
		c.Status, c.ReportAt, c.Deadline = programmes.Status(status), report.Time, c.Deadline.UTC()
		return c, err
	}, `SELECT p.id, p.title, f.name, p.status, c.deadline, c.report_at, o.id, o.name,
			EXISTS (SELECT 1 FROM contributions k WHERE k.consultation_id = c.id AND k.organisation_id = o.id AND k.kind = 'statement'),
			(SELECT COUNT(*) FROM contributions k WHERE k.consultation_id = c.id AND k.organisation_id = o.id)
		FROM consultation_invitations i
		JOIN consultations c ON c.id = i.consultation_id
		JOIN programmes p ON p.id = c.programme_id
		JOIN organisations f ON f.id = p.funder_id
		JOIN organisations o ON o.id = i.organisation_id
		WHERE i.organisation_id IN (`+strings.Join(marks, ", ")+`)
		ORDER BY c.deadline DESC, p.id, o.name`, args...)
}
