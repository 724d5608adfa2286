package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

const consultationColumns = `id, programme_id, CAST(regions AS TEXT), deadline, message, CAST(draft AS TEXT), opened_at,
	report_at, COALESCE(CAST(final AS TEXT), ''), reminded_at, digest_at`

func scanConsultation(row interface{ Scan(...any) error }) (*programmes.Consultation, error) {
	var c programmes.Consultation
	var regions, draft, final string
	var report, reminded, digest sql.NullTime
	if err := row.Scan(&c.ID, &c.ProgrammeID, &regions, &c.Deadline, &c.Message, &draft, &c.OpenedAt, &report, &final, &reminded, &digest); err != nil {
		return nil, err
	}
	c.Deadline, c.OpenedAt = c.Deadline.UTC(), c.OpenedAt.UTC()
	c.ReportAt, c.RemindedAt, c.DigestAt = report.Time, reminded.Time, digest.Time
	if err := json.Unmarshal([]byte(regions), &c.Regions); err != nil {
		return nil, fmt.Errorf("consultations.regions of %d: %w", c.ID, err)
	}
	if err := json.Unmarshal([]byte(draft), &c.Draft); err != nil {
		return nil, fmt.Errorf("consultations.draft of %d: %w", c.ID, err)
	}
	if final != "" {
		if err := json.Unmarshal([]byte(final), &c.Final); err != nil {
			return nil, fmt.Errorf("consultations.final of %d: %w", c.ID, err)
		}
	}
	return &c, nil
}

// Consultation returns the consultation on a programme, or nil when there is none.
func (db *DB) Consultation(ctx context.Context, programmeID int64) (*programmes.Consultation, error) {
	c, err := scanConsultation(db.read.QueryRowContext(ctx, `SELECT `+consultationColumns+` FROM consultations WHERE programme_id = $1`, programmeID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return c, err
}

func txConsultation(ctx context.Context, tx *Tx, programmeID int64) (*programmes.Consultation, error) {
	c, err := scanConsultation(tx.QueryRowContext(ctx, `SELECT `+consultationColumns+` FROM consultations WHERE programme_id = $1`, programmeID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, teilhabe.Errorf(teilhabe.ENOTFOUND, "Zu diesem Programm gibt es keine Beteiligung.")
	}
	return c, err
}

// OpenConsultation puts a draft to consultation: it invites the municipal
// administrations of the given regions, keeps the draft's text for the report, moves
// the programme into consultation and notifies every invited commissioner in-app and
// by mail, all in one transaction.
func (db *DB) OpenConsultation(ctx context.Context, programmeID int64, c *programmes.Consultation) error {
	return db.Update(ctx, func(tx *Tx) error {
		p, err := txProgramme(ctx, tx, programmeID)
		if err != nil {
			return err
		}
		if err := programmes.CheckTransition(p.Status, programmes.StatusConsultation); err != nil {
			return err
		}
		if err := c.Validate(tx.now); err != nil {
			return err
		}
		if err := checkRegionKeys(ctx, tx, c.Regions); err != nil {
			return err
		}
		c.ProgrammeID, c.OpenedAt, c.Draft = p.ID, tx.now, p.Text()
		regions, _ := json.Marshal(c.Regions)
		draft, _ := json.Marshal(c.Draft)
		var opener any
		if tx.actor.UserID != 0 {
			opener = tx.actor.UserID
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO consultations (programme_id, regions, deadline, message, draft, opened_at, opened_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			p.ID, string(regions), c.Deadline.UTC(), c.Message, string(draft), tx.now, opener).Scan(&c.ID); err != nil {
			return err
		}
		invited, err := invitedOrganisations(ctx, tx, c)
		if err != nil {
			return err
		}
		if len(invited) == 0 {
			msg := "In den gewählten Regionen gibt es keine Kommunalverwaltung auf der Plattform, die eingeladen werden könnte."
			return teilhabe.Invalid(msg, teilhabe.FieldError{Field: "regions", Code: "nobody", Message: msg})
		}
		for _, o := range invited {
			if _, err := tx.ExecContext(ctx, `INSERT INTO consultation_invitations (consultation_id, organisation_id, region_key) VALUES ($1, $2, $3)`,
				c.ID, o.OrganisationID, o.RegionKey); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE programmes SET status = $2, updated_at = $3 WHERE id = $1`, p.ID, string(programmes.StatusConsultation), tx.now); err != nil {
			return err
		}
		users, err := invitedCommissioners(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		body := fmt.Sprintf("%s lädt Sie ein, den Entwurf des Förderprogramms „%s“ zu kommentieren. Frist: %s.", p.FunderName, p.Title, berlin(c.Deadline))
		if c.Message != "" {
			body += "\n\n" + c.Message
		}
		if err := tx.Notify(ctx, users, Notice{
			Kind:  "consultation_invited",
			Title: "Einladung zur Beteiligung: " + p.Title,
			Body:  body,
			Link:  fmt.Sprintf("/programmes/%d/consultation", p.ID),
			Mail:  true,
		}); err != nil {
			return err
		}
		return tx.Audit(ctx, "consultation", strconv.FormatInt(c.ID, 10), "open", nil, map[string]any{
			"programme_id": p.ID, "regions": c.Regions, "deadline": c.Deadline, "invited": len(invited), "commissioners": len(users)})
	})
}

// invitedOrganisations returns the municipal administrations the consultation invites.
func invitedOrganisations(ctx context.Context, tx *Tx, c *programmes.Consultation) ([]programmes.InvitedOrg, error) {
	all, err := collect(ctx, tx, scanInvited, `SELECT id, region_key FROM organisations WHERE kind = 'municipality' AND region_key IS NOT NULL ORDER BY region_key, id`)
	return slices.DeleteFunc(all, func(o programmes.InvitedOrg) bool { return !c.Invites(o.RegionKey) }), err
}

func scanInvited(rows *sql.Rows) (programmes.InvitedOrg, error) {
	var o programmes.InvitedOrg
	err := rows.Scan(&o.OrganisationID, &o.RegionKey)
	return o, err
}

// invitedCommissioners returns the active commissioners of the invited administrations.
func invitedCommissioners(ctx context.Context, tx *Tx, consultationID int64) ([]int64, error) {
	return queryIDs(ctx, tx, `SELECT DISTINCT m.user_id FROM consultation_invitations i
		JOIN memberships m ON m.organisation_id = i.organisation_id AND m.role = 'commissioner'
		JOIN users u ON u.id = m.user_id AND u.disabled_at IS NULL
		WHERE i.consultation_id = $1 ORDER BY m.user_id`, consultationID)
}

// ConsultationInvitations returns the administrations invited to a consultation.
func (db *DB) ConsultationInvitations(ctx context.Context, consultationID int64) ([]programmes.InvitedOrg, error) {
	return collect(ctx, db.read, scanInvited, `SELECT organisation_id, region_key FROM consultation_invitations WHERE consultation_id = $1 ORDER BY region_key`, consultationID)
}
