package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

const consultationColumns = `id, programme_id, CAST(regions AS TEXT), deadline, message, CAST(draft AS TEXT), opened_at,
	report_at, COALESCE(CAST(final AS TEXT), ''), reminded_at, digest_at`

// joinedConsultationColumns are the same of "c" in a LEFT JOIN, where a programme
// without a consultation gives NULLs.
const joinedConsultationColumns = `COALESCE(c.programme_id, 0), COALESCE(CAST(c.regions AS TEXT), ''), c.deadline, COALESCE(c.message, ''),
	COALESCE(CAST(c.draft AS TEXT), ''), c.opened_at, c.report_at, COALESCE(CAST(c.final AS TEXT), ''), c.reminded_at, c.digest_at`

func scanConsultation(row interface{ Scan(...any) error }) (*programmes.Consultation, error) {
	var c programmes.Consultation
	var regions, draft, final string
	var report, reminded, digest sql.NullTime
	if err := row.Scan(&c.ID, &c.ProgrammeID, &regions, &c.Deadline, &c.Message, &draft, &c.OpenedAt, &report, &final, &reminded, &digest); err != nil {
		return nil, err
	}
	return decodeConsultation(c, regions, draft, final, report, reminded, digest)
}

func decodeConsultation(c programmes.Consultation, regions, draft, final string, report, reminded, digest sql.NullTime) (*programmes.Consultation, error) {
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

// readProgrammeWithConsultation reads a programme, its consultation and its calls
// in two statements instead of three.
func readProgrammeWithConsultation(ctx context.Context, q queryer, id int64) (programmes.Programme, *programmes.Consultation, error) {
	var c programmes.Consultation
	var regions, draft, final string
	var deadline, opened, report, reminded, digest sql.NullTime
	p, err := scanProgramme(q.QueryRowContext(ctx, `SELECT `+programmeColumns+`, `+joinedConsultationColumns+programmeFrom+` WHERE p.id = $1`, id),
		&c.ProgrammeID, &regions, &deadline, &c.Message, &draft, &opened, &report, &final, &reminded, &digest)
	if errors.Is(err, sql.ErrNoRows) {
		return p, nil, teilhabe.E(teilhabe.ENOTFOUND, "")
	} else if err != nil {
		return p, nil, err
	}
	if p.Calls, err = programmeCalls(ctx, q, id); err != nil || p.ConsultationID == 0 {
		return p, nil, err
	}
	c.ID, c.Deadline, c.OpenedAt = p.ConsultationID, deadline.Time, opened.Time
	cons, err := decodeConsultation(c, regions, draft, final, report, reminded, digest)
	return p, cons, err
}

func (s *ProgrammeStore) ProgrammeWithConsultation(ctx context.Context, id int64) (programmes.Programme, *programmes.Consultation, error) {
	return readProgrammeWithConsultation(ctx, s.db.read, id)
}

func (t programmeTx) ProgrammeWithConsultation(ctx context.Context, id int64) (programmes.Programme, *programmes.Consultation, error) {
	return readProgrammeWithConsultation(ctx, t.tx, id)
}

func readConsultation(ctx context.Context, q queryer, where string, arg int64) (*programmes.Consultation, error) {
	c, err := scanConsultation(q.QueryRowContext(ctx, `SELECT `+consultationColumns+` FROM consultations WHERE `+where+` = $1`, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return c, err
}

// Consultation returns the consultation on a programme, or nil when there is none.
func (s *ProgrammeStore) Consultation(ctx context.Context, programmeID int64) (*programmes.Consultation, error) {
	return readConsultation(ctx, s.db.read, "programme_id", programmeID)
}

func (t programmeTx) Consultation(ctx context.Context, programmeID int64) (*programmes.Consultation, error) {
	return readConsultation(ctx, t.tx, "programme_id", programmeID)
}

// OfConsultation returns a consultation with its programme.
func (t programmeTx) OfConsultation(ctx context.Context, consultationID int64) (programmes.Programme, *programmes.Consultation, error) {
	c, err := readConsultation(ctx, t.tx, "id", consultationID)
	if err != nil || c == nil {
		return programmes.Programme{}, nil, errors.Join(err, fmt.Errorf("store: no consultation %d", consultationID))
	}
	p, err := readProgramme(ctx, t.tx, c.ProgrammeID)
	return p, c, err
}

func (t programmeTx) MunicipalAdministrations(ctx context.Context) ([]programmes.InvitedOrg, error) {
	return collect(ctx, t.tx, scanInvited, `SELECT id, region_key FROM organisations WHERE kind = 'municipality' AND region_key IS NOT NULL ORDER BY region_key, id`)
}

func scanInvited(rows *sql.Rows) (programmes.InvitedOrg, error) {
	var o programmes.InvitedOrg
	err := rows.Scan(&o.OrganisationID, &o.RegionKey)
	return o, err
}

func (t programmeTx) CreateConsultation(ctx context.Context, c *programmes.Consultation, invited []programmes.InvitedOrg) error {
	tx := t.tx
	regions, _ := json.Marshal(c.Regions)
	draft, _ := json.Marshal(c.Draft)
	var opener any
	if tx.actor.UserID != 0 {
		opener = tx.actor.UserID
	}
	if err := tx.QueryRowContext(ctx, `INSERT INTO consultations (programme_id, regions, deadline, message, draft, opened_at, opened_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		c.ProgrammeID, string(regions), c.Deadline.UTC(), c.Message, string(draft), c.OpenedAt, opener).Scan(&c.ID); err != nil {
		return err
	}
	b := newBatchInserter(tx, "consultation_invitations", "consultation_id, organisation_id, region_key", 3)
	defer b.Close()
	for chunk := range slices.Chunk(invited, b.size) {
		args := make([]any, 0, 3*len(chunk))
		for _, o := range chunk {
			args = append(args, c.ID, o.OrganisationID, o.RegionKey)
		}
		if err := b.Exec(ctx, len(chunk), args); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, `UPDATE programmes SET status = $2, updated_at = $3, revision = revision + 1 WHERE id = $1`,
		c.ProgrammeID, string(programmes.StatusConsultation), tx.now)
	return err
}

func (t programmeTx) Commissioners(ctx context.Context, consultationID int64, withoutStatement bool) ([]int64, error) {
	return queryIDs(ctx, t.tx, `SELECT DISTINCT m.user_id FROM consultation_invitations i
		JOIN memberships m ON m.organisation_id = i.organisation_id AND m.role = 'commissioner'
		JOIN users u ON u.id = m.user_id AND u.disabled_at IS NULL
		WHERE i.consultation_id = $1 AND (NOT $2 OR NOT EXISTS (SELECT 1 FROM contributions k
			WHERE k.consultation_id = i.consultation_id AND k.organisation_id = i.organisation_id AND k.kind = 'statement'))
		ORDER BY m.user_id`, consultationID, withoutStatement)
}

func (t programmeTx) IsInvited(ctx context.Context, consultationID, orgID int64) (bool, error) {
	var n int
	err := t.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM consultation_invitations WHERE consultation_id = $1 AND organisation_id = $2`,
		consultationID, orgID).Scan(&n)
	return n > 0, err
}

// Invitations returns the administrations invited to a consultation.
func (s *ProgrammeStore) Invitations(ctx context.Context, consultationID int64) ([]programmes.InvitedOrg, error) {
	return collect(ctx, s.db.read, scanInvited, `SELECT organisation_id, region_key FROM consultation_invitations WHERE consultation_id = $1 ORDER BY region_key`, consultationID)
}

// InvitedConsultations lists the consultations that invited any of the given
// administrations, the latest deadline first.
func (s *ProgrammeStore) InvitedConsultations(ctx context.Context, orgIDs []int64) ([]programmes.InvitedConsultation, error) {
	if len(orgIDs) == 0 {
		return nil, nil
	}
	var args []any
	in := inList(&args, orgIDs...)
	return collect(ctx, s.db.read, func(rows *sql.Rows) (programmes.InvitedConsultation, error) {
		var c programmes.InvitedConsultation
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
		WHERE i.organisation_id IN (`+in+`)
		ORDER BY c.deadline DESC, p.id, o.name`, args...)
}
