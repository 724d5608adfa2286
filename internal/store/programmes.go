package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

const programmeColumns = `p.id, p.funder_id, o.name, o.funder_level, p.title, p.summary, CAST(p.sections AS TEXT),
	CAST(p.action_fields AS TEXT), CAST(p.target_groups AS TEXT), CAST(p.provider_types AS TEXT), CAST(p.region_keys AS TEXT),
	CAST(p.budgets AS TEXT), p.funding_kind, p.financing_type, p.max_grant, p.own_share, p.period_start, p.period_end,
	p.status, p.version, p.published_at, p.created_at, p.updated_at, COALESCE(c.id, 0)`

const programmeFrom = ` FROM programmes p JOIN organisations o ON o.id = p.funder_id LEFT JOIN consultations c ON c.programme_id = p.id`

func scanProgramme(row interface{ Scan(...any) error }) (programmes.Programme, error) {
	var p programmes.Programme
	var level, kind, financing, status string
	var sections, fields, groups, types, keys, budgets string
	var published sql.NullTime
	err := row.Scan(&p.ID, &p.FunderID, &p.FunderName, &level, &p.Title, &p.Summary, &sections, &fields, &groups, &types, &keys,
		&budgets, &kind, &financing, &p.MaxGrant, &p.OwnShare, &p.PeriodStart, &p.PeriodEnd,
		&status, &p.Version, &published, &p.CreatedAt, &p.UpdatedAt, &p.ConsultationID)
	if err != nil {
		return p, err
	}
	p.FunderLevel, p.FundingKind, p.FinancingType, p.Status = accounts.FunderLevel(level), programmes.FundingKind(kind), programmes.FinancingType(financing), programmes.Status(status)
	p.PublishedAt = published.Time
	for _, j := range []struct {
		name string
		src  string
		dst  any
	}{{"sections", sections, &p.Sections}, {"action_fields", fields, &p.ActionFields}, {"target_groups", groups, &p.TargetGroups},
		{"provider_types", types, &p.ProviderTypes}, {"region_keys", keys, &p.RegionKeys}, {"budgets", budgets, &p.Budgets}} {
		if err := json.Unmarshal([]byte(j.src), j.dst); err != nil {
			return p, fmt.Errorf("programmes.%s of %d: %w", j.name, p.ID, err)
		}
	}
	return p, nil
}

// Programme returns a programme with its calls.
func (db *DB) Programme(ctx context.Context, id int64) (programmes.Programme, error) {
	p, err := scanProgramme(db.read.QueryRowContext(ctx, `SELECT `+programmeColumns+programmeFrom+` WHERE p.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, errNotFound("Förderprogramm", id)
	} else if err != nil {
		return p, err
	}
	p.Calls, err = programmeCalls(ctx, db.read, id)
	return p, err
}

// ProgrammesOfFunders lists the programmes of the given funders in every status,
// newest change first: the funder's own desk.
func (db *DB) ProgrammesOfFunders(ctx context.Context, funderIDs []int64) ([]programmes.Programme, error) {
	if len(funderIDs) == 0 {
		return nil, nil
	}
	args := make([]any, len(funderIDs))
	marks := make([]string, len(funderIDs))
	for i, id := range funderIDs {
		args[i], marks[i] = id, "$"+strconv.Itoa(i+1)
	}
	rows, err := db.read.QueryContext(ctx, `SELECT `+programmeColumns+programmeFrom+` WHERE p.funder_id IN (`+strings.Join(marks, ", ")+`) ORDER BY p.updated_at DESC, p.id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []programmes.Programme
	for rows.Next() {
		p, err := scanProgramme(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// CreateProgramme stores a new programme as a draft of its funder.
func (db *DB) CreateProgramme(ctx context.Context, p *programmes.Programme) error {
	p.Status, p.Version = programmes.StatusDraft, 1
	if err := p.Validate(); err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		if err := checkFunder(ctx, tx, p); err != nil {
			return err
		}
		if err := checkRegionKeys(ctx, tx, p.RegionKeys); err != nil {
			return err
		}
		p.CreatedAt, p.UpdatedAt = tx.now, tx.now
		cols, err := programmeValues(p)
		if err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO programmes (funder_id, title, summary, sections, action_fields, target_groups,
			provider_types, region_keys, budgets, funding_kind, financing_type, max_grant, own_share, period_start, period_end,
			status, version, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18) RETURNING id`,
			append(cols, string(p.Status), p.Version, tx.now)...).Scan(&p.ID)
		if err != nil {
			return err
		}
		if err := writeCalls(ctx, tx, p); err != nil {
			return err
		}
		if err := tx.indexProgramme(ctx, p); err != nil {
			return err
		}
		return tx.Audit(ctx, "programme", strconv.FormatInt(p.ID, 10), "create", nil, p)
	})
}

// UpdateProgramme stores a changed programme. Once published, every change makes a new
// version and keeps the earlier ones ("Änderungen"); note says why it changed.
func (db *DB) UpdateProgramme(ctx context.Context, p *programmes.Programme, note string) error {
	if err := p.Validate(); err != nil {
		return err
	}
	note = strings.TrimSpace(note)
	return db.Update(ctx, func(tx *Tx) error {
		before, err := txProgramme(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		if !before.Status.Editable() {
			return teilhabe.Errorf(teilhabe.ECONFLICT, "Ein archiviertes Programm kann nicht mehr geändert werden.")
		}
		if before.Status.Versioned() && note == "" {
			return teilhabe.Invalid("Bitte kurz begründen, was sich ändert: Die Änderung wird öffentlich angezeigt.",
				teilhabe.FieldError{Field: "change_note", Code: "required", Message: "Bitte kurz begründen, was sich ändert."})
		}
		if err := checkRegionKeys(ctx, tx, p.RegionKeys); err != nil {
			return err
		}
		// What the store owns stays as it was.
		p.FunderID, p.FunderName, p.FunderLevel = before.FunderID, before.FunderName, before.FunderLevel
		p.Status, p.Version, p.PublishedAt, p.CreatedAt, p.ConsultationID = before.Status, before.Version, before.PublishedAt, before.CreatedAt, before.ConsultationID
		p.UpdatedAt, p.ChangeNote = tx.now, note
		if before.Status.Versioned() {
			p.Version++
		}
		cols, err := programmeValues(p)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE programmes SET title = $2, summary = $3, sections = $4, action_fields = $5,
			target_groups = $6, provider_types = $7, region_keys = $8, budgets = $9, funding_kind = $10, financing_type = $11,
			max_grant = $12, own_share = $13, period_start = $14, period_end = $15, version = $16, updated_at = $17 WHERE id = $1`,
			append([]any{p.ID}, append(cols[1:], p.Version, tx.now)...)...)
		if err != nil {
			return err
		}
		if err := writeCalls(ctx, tx, p); err != nil {
			return err
		}
		if before.Status.Versioned() {
			if err := tx.saveVersion(ctx, p, note); err != nil {
				return err
			}
		}
		if err := tx.indexProgramme(ctx, p); err != nil {
			return err
		}
		return tx.Audit(ctx, "programme", strconv.FormatInt(p.ID, 10), "update", before, p)
	})
}

// SetProgrammeStatus moves a programme one step along its lifecycle. The step into
// consultation is OpenConsultation's, because it needs the invitation.
func (db *DB) SetProgrammeStatus(ctx context.Context, id int64, to programmes.Status) error {
	return db.Update(ctx, func(tx *Tx) error {
		p, err := txProgramme(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := programmes.CheckTransition(p.Status, to); err != nil {
			return err
		}
		switch to {
		case programmes.StatusConsultation:
			return teilhabe.Errorf(teilhabe.ECONFLICT, "Eine Beteiligung beginnt mit der Einladung der Regionen und einer Frist.")
		case programmes.StatusPublished:
			if p.ConsultationID != 0 {
				var deadline time.Time
				if err := tx.QueryRowContext(ctx, `SELECT deadline FROM consultations WHERE id = $1`, p.ConsultationID).Scan(&deadline); err != nil {
					return err
				}
				if tx.now.Before(deadline) {
					return teilhabe.Errorf(teilhabe.ECONFLICT, "Die Beteiligung läuft noch bis %s: Das Programm kann erst danach veröffentlicht werden.", berlin(deadline))
				}
			}
			p.PublishedAt = tx.now
		case programmes.StatusApplications:
			if len(p.Calls) == 0 {
				return teilhabe.Errorf(teilhabe.ECONFLICT, "Für die Antragsphase braucht das Programm mindestens einen Förderaufruf.")
			}
		}
		before := p.Status
		p.Status, p.UpdatedAt = to, tx.now
		if _, err := tx.ExecContext(ctx, `UPDATE programmes SET status = $2, published_at = $3, updated_at = $4 WHERE id = $1`,
			id, string(to), nullTime(p.PublishedAt), tx.now); err != nil {
			return err
		}
		if to == programmes.StatusPublished {
			if err := tx.saveVersion(ctx, &p, ""); err != nil {
				return err
			}
		}
		// The term index holds only the text, which a status change leaves as it is;
		// the finder reads the status from the programme.
		return tx.Audit(ctx, "programme", strconv.FormatInt(id, 10), "status", map[string]string{"status": string(before)}, map[string]string{"status": string(to)})
	})
}

// ProgrammeVersions returns the published states of a programme, newest first.
func (db *DB) ProgrammeVersions(ctx context.Context, id int64) ([]programmes.Version, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT number, CAST(data AS TEXT), note, actor, created_at FROM programme_versions
		WHERE programme_id = $1 ORDER BY number DESC`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []programmes.Version
	for rows.Next() {
		var v programmes.Version
		var data string
		if err := rows.Scan(&v.Number, &data, &v.Note, &v.Actor, &v.CreatedAt); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(data), &v.Programme); err != nil {
			return nil, fmt.Errorf("programme_versions %d/%d: %w", id, v.Number, err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func (tx *Tx) saveVersion(ctx context.Context, p *programmes.Programme, note string) error {
	data, err := json.Marshal(p)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO programme_versions (programme_id, number, data, note, actor, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		p.ID, p.Version, string(data), note, tx.actor.Label, tx.now)
	return err
}

func txProgramme(ctx context.Context, tx *Tx, id int64) (programmes.Programme, error) {
	p, err := scanProgramme(tx.QueryRowContext(ctx, `SELECT `+programmeColumns+programmeFrom+` WHERE p.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, errNotFound("Förderprogramm", id)
	} else if err != nil {
		return p, err
	}
	p.Calls, err = programmeCalls(ctx, tx, id)
	return p, err
}

// programmeValues returns the columns funder_id … period_end in INSERT order.
func programmeValues(p *programmes.Programme) ([]any, error) {
	js := func(v any) string {
		b, _ := json.Marshal(v)
		return string(b)
	}
	orEmpty := func(s []string) []string {
		if s == nil {
			return []string{}
		}
		return s
	}
	types := make([]string, len(p.ProviderTypes))
	for i, t := range p.ProviderTypes {
		types[i] = string(t)
	}
	budgets := p.Budgets
	if budgets == nil {
		budgets = []programmes.Budget{}
	}
	return []any{p.FunderID, p.Title, p.Summary, js(p.Sections), js(orEmpty(p.ActionFields)), js(orEmpty(p.TargetGroups)),
		js(types), js(orEmpty(p.RegionKeys)), js(budgets), string(p.FundingKind), string(p.FinancingType), p.MaxGrant, p.OwnShare,
		dateOnly(p.PeriodStart), dateOnly(p.PeriodEnd)}, nil
}

func dateOnly(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// berlin formats an instant as German users read it, for messages.
func berlin(t time.Time) string { return t.In(teilhabe.Berlin).Format("02.01.2006 15:04") + " Uhr" }

// DeleteProgramme removes a draft that was never put to consultation: nobody outside
// the funder has seen it, so nothing needs to be kept. Anything later is part of the
// public record and can only be archived.
func (db *DB) DeleteProgramme(ctx context.Context, id int64) error {
	return db.Update(ctx, func(tx *Tx) error {
		p, err := txProgramme(ctx, tx, id)
		if err != nil {
			return err
		}
		if p.Status != programmes.StatusDraft || p.ConsultationID != 0 {
			return teilhabe.Errorf(teilhabe.ECONFLICT, "Nur ein Entwurf ohne Beteiligung kann gelöscht werden; dieses Programm lässt sich archivieren.")
		}
		// Calls, terms and versions go with it (ON DELETE CASCADE).
		if _, err := tx.ExecContext(ctx, `DELETE FROM programmes WHERE id = $1`, id); err != nil {
			return err
		}
		return tx.Audit(ctx, "programme", strconv.FormatInt(id, 10), "delete", p, nil)
	})
}
