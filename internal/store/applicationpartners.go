package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// The partner organisations of applications (co-applicants).

func (t applicationTx) FindProviders(ctx context.Context, ref string) ([]accounts.Organisation, error) {
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil && id > 0 {
		o, err := readOrganisation(ctx, t.tx, id)
		if teilhabe.ErrorCode(err) == teilhabe.ENOTFOUND {
			return nil, nil
		} else if err != nil {
			return nil, err
		}
		return []accounts.Organisation{o}, nil
	}
	return collect(ctx, t.tx, func(rows *sql.Rows) (accounts.Organisation, error) { return scanOrg(rows) }, `SELECT `+orgColumns+` FROM organisations o WHERE LOWER(o.name) = $1 ORDER BY o.id LIMIT 10`,
		strings.ToLower(ref))
}

func (t applicationTx) AddPartner(ctx context.Context, applicationID, orgID, invitedBy int64) error {
	var by any
	if invitedBy != 0 {
		by = invitedBy
	}
	_, err := t.tx.ExecContext(ctx, `INSERT INTO application_partners (application_id, organisation_id, invited_by, created_at)
		VALUES ($1, $2, $3, $4)`, applicationID, orgID, by, t.tx.now)
	return err
}

func (t applicationTx) RemovePartner(ctx context.Context, applicationID, orgID int64) error {
	_, err := t.tx.ExecContext(ctx, `DELETE FROM application_partners WHERE application_id = $1 AND organisation_id = $2`, applicationID, orgID)
	return err
}

func (t applicationTx) ProviderStaff(ctx context.Context, orgID int64) ([]int64, error) {
	return collect(ctx, t.tx, func(rows *sql.Rows) (int64, error) {
		var id int64
		return id, rows.Scan(&id)
	}, `SELECT DISTINCT u.id FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.organisation_id = $1 AND m.role = $2 AND u.disabled_at IS NULL ORDER BY u.id`, orgID, string(accounts.RoleProviderStaff))
}

// applicationPartners reads the partners of one application, by name.
func applicationPartners(ctx context.Context, q queryer, id int64) ([]applications.Partner, error) {
	return collect(ctx, q, func(rows *sql.Rows) (applications.Partner, error) {
		var p applications.Partner
		return p, rows.Scan(&p.ID, &p.Name)
	}, `SELECT o.id, o.name FROM application_partners ap JOIN organisations o ON o.id = ap.organisation_id
		WHERE ap.application_id = $1 ORDER BY o.name, o.id`, id)
}
