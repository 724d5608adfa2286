package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"github.com/teilhabe/teilhabe/internal/accounts"
)

const orgColumns = `o.id, o.kind, o.name, o.funder_level, o.provider_type, COALESCE(o.region_key, ''), o.description, o.website, o.created_at, o.updated_at`

func scanOrg(row interface{ Scan(...any) error }) (accounts.Organisation, error) {
	var o accounts.Organisation
	var kind, level, ptype string
	err := row.Scan(&o.ID, &kind, &o.Name, &level, &ptype, &o.RegionKey, &o.Description, &o.Website, &o.CreatedAt, &o.UpdatedAt)
	o.Kind, o.FunderLevel, o.ProviderType = accounts.OrgKind(kind), accounts.FunderLevel(level), accounts.ProviderType(ptype)
	return o, err
}

// CreateOrganisation validates and stores a new organisation.
func (db *DB) CreateOrganisation(ctx context.Context, o *accounts.Organisation) error {
	if err := o.Validate(); err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		if err := checkRegionExists(ctx, tx, o.RegionKey); err != nil {
			return err
		}
		o.CreatedAt, o.UpdatedAt = tx.now, tx.now
		err := tx.QueryRowContext(ctx, `INSERT INTO organisations (kind, name, funder_level, provider_type, region_key, description, website, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
			string(o.Kind), o.Name, string(o.FunderLevel), string(o.ProviderType), nullString(o.RegionKey), o.Description, o.Website, tx.now).Scan(&o.ID)
		if err != nil {
			return tx.db.Dialect.uniqueViolation(err, "name", "Eine Organisation mit diesem Namen gibt es schon.")
		}
		return tx.Audit(ctx, "organisation", strconv.FormatInt(o.ID, 10), "create", nil, o)
	})
}

// UpdateOrganisation stores changed fields of an organisation.
func (db *DB) UpdateOrganisation(ctx context.Context, o *accounts.Organisation) error {
	if err := o.Validate(); err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		before, err := scanOrg(tx.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM organisations o WHERE o.id = $1`, o.ID))
		if errors.Is(err, sql.ErrNoRows) {
			return errNotFound("Organisation", o.ID)
		} else if err != nil {
			return err
		}
		if err := checkRegionExists(ctx, tx, o.RegionKey); err != nil {
			return err
		}
		o.CreatedAt, o.UpdatedAt = before.CreatedAt, tx.now
		_, err = tx.ExecContext(ctx, `UPDATE organisations SET kind = $2, name = $3, funder_level = $4, provider_type = $5,
			region_key = $6, description = $7, website = $8, updated_at = $9 WHERE id = $1`,
			o.ID, string(o.Kind), o.Name, string(o.FunderLevel), string(o.ProviderType), nullString(o.RegionKey), o.Description, o.Website, tx.now)
		if err != nil {
			return tx.db.Dialect.uniqueViolation(err, "name", "Eine Organisation mit diesem Namen gibt es schon.")
		}
		return tx.Audit(ctx, "organisation", strconv.FormatInt(o.ID, 10), "update", before, o)
	})
}

// Organisation returns one organisation.
func (db *DB) Organisation(ctx context.Context, id int64) (accounts.Organisation, error) {
	o, err := scanOrg(db.read.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM organisations o WHERE o.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return o, errNotFound("Organisation", id)
	}
	return o, err
}

// OrganisationFilter selects organisations; zero fields do not filter.
type OrganisationFilter struct {
	Kind      accounts.OrgKind
	RegionKey string
	Name      string
}

// Organisations returns the organisations that match f, by name.
func (db *DB) Organisations(ctx context.Context, f OrganisationFilter) ([]accounts.Organisation, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+orgColumns+` FROM organisations o
		WHERE ($1 = '' OR o.kind = $1) AND ($2 = '' OR o.region_key = $2) AND ($3 = '' OR o.name = $3)
		ORDER BY o.name`, string(f.Kind), f.RegionKey, f.Name)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []accounts.Organisation
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

func checkRegionExists(ctx context.Context, tx *Tx, key string) error {
	if key == "" {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM regions WHERE key = $1`, key).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return invalidField("region_key", "Das Gebiet mit dem Schlüssel "+key+" gibt es nicht. Bitte zuerst das Gemeindeverzeichnis importieren oder einen gültigen AGS/ARS angeben.")
	}
	return nil
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}
