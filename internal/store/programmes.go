package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/notify"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// ProgrammeStore is the programmes capability's view of the database: programmes
// with their calls and versions, consultations and contributions, and the finder's
// reads. It implements programmes.Store; the rules are the use cases' (package
// programmes), the SQL is here.
type ProgrammeStore struct{ db *DB }

// Programmes returns the programmes view.
func (db *DB) Programmes() *ProgrammeStore { return &ProgrammeStore{db: db} }

var _ programmes.Store = (*ProgrammeStore)(nil)

// Now is the database's clock.
func (s *ProgrammeStore) Now() time.Time { return s.db.Now().UTC() }

// Update runs fn in one write transaction.
func (s *ProgrammeStore) Update(ctx context.Context, fn func(programmes.Tx) error) error {
	return s.db.Update(ctx, func(tx *Tx) error { return fn(programmeTx{tx}) })
}

// programmeTx is a write transaction as the programme use cases see it.
type programmeTx struct{ tx *Tx }

var _ programmes.Tx = programmeTx{}

func (t programmeTx) Now() time.Time { return t.tx.now }

func (t programmeTx) Audit(ctx context.Context, entity string, id int64, action string, before, after any) error {
	return t.tx.Audit(ctx, entity, strconv.FormatInt(id, 10), action, before, after)
}

func (t programmeTx) Notify(ctx context.Context, userIDs []int64, n notify.Notice, mail bool) error {
	return t.tx.Notify(ctx, userIDs, n, mail)
}

// UnknownRegions returns those of keys that name no region.
func (s *ProgrammeStore) UnknownRegions(ctx context.Context, keys []string) ([]string, error) {
	return missingRegionKeys(ctx, s.db.read, keys)
}

func (t programmeTx) UnknownRegions(ctx context.Context, keys []string) ([]string, error) {
	return missingRegionKeys(ctx, t.tx, keys)
}

const programmeColumns = `p.id, p.funder_id, o.name, o.funder_level, p.title, p.summary, CAST(p.sections AS TEXT),
	CAST(p.action_fields AS TEXT), CAST(p.target_groups AS TEXT), CAST(p.provider_types AS TEXT), CAST(p.region_keys AS TEXT),
	CAST(p.budgets AS TEXT), p.funding_kind, p.financing_type, p.max_grant, p.own_share, p.period_start, p.period_end,
	p.status, p.version, p.revision, p.published_at, p.created_at, p.updated_at, COALESCE(c.id, 0), p.funding_rate`

const programmeFrom = ` FROM programmes p JOIN organisations o ON o.id = p.funder_id LEFT JOIN consultations c ON c.programme_id = p.id`

// scanProgramme reads programmeColumns and then extra columns into extra.
func scanProgramme(row interface{ Scan(...any) error }, extra ...any) (programmes.Programme, error) {
	var p programmes.Programme
	var level, kind, financing, status string
	var sections, fields, groups, types, keys, budgets string
	var published sql.NullTime
	err := row.Scan(append([]any{&p.ID, &p.FunderID, &p.FunderName, &level, &p.Title, &p.Summary, &sections, &fields, &groups, &types, &keys,
		&budgets, &kind, &financing, &p.MaxGrant, &p.OwnShare, &p.PeriodStart, &p.PeriodEnd,
		&status, &p.Version, &p.Revision, &published, &p.CreatedAt, &p.UpdatedAt, &p.ConsultationID, &p.FundingRate}, extra...)...)
	if err != nil {
		return p, err
	}
	p.FunderLevel, p.FundingKind, p.FinancingType, p.Status = accounts.FunderLevel(level), programmes.FundingKind(kind), programmes.FinancingType(financing), programmes.Status(status)
	p.PublishedAt = published.Time
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
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

// readProgramme reads a programme with its calls, from the pool or a transaction.
func readProgramme(ctx context.Context, q queryer, id int64) (programmes.Programme, error) {
	p, err := scanProgramme(q.QueryRowContext(ctx, `SELECT `+programmeColumns+programmeFrom+` WHERE p.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, teilhabe.E(teilhabe.ENOTFOUND, "")
	} else if err != nil {
		return p, err
	}
	p.Calls, err = programmeCalls(ctx, q, id)
	return p, err
}

// Programme returns a programme with its calls.
func (s *ProgrammeStore) Programme(ctx context.Context, id int64) (programmes.Programme, error) {
	return readProgramme(ctx, s.db.read, id)
}

func (t programmeTx) Programme(ctx context.Context, id int64) (programmes.Programme, error) {
	return readProgramme(ctx, t.tx, id)
}

// ProgrammesOfFunders lists the programmes of the given funders in every status,
// newest change first.
func (s *ProgrammeStore) ProgrammesOfFunders(ctx context.Context, funderIDs []int64) ([]programmes.Programme, error) {
	if len(funderIDs) == 0 {
		return nil, nil
	}
	var args []any
	in := inList(&args, funderIDs...)
	return collect(ctx, s.db.read, func(rows *sql.Rows) (programmes.Programme, error) { return scanProgramme(rows) },
		`SELECT `+programmeColumns+programmeFrom+` WHERE p.funder_id IN (`+in+`) ORDER BY p.updated_at DESC, p.id DESC`, args...)
}

// Versions returns the published states of a programme, newest first.
func (s *ProgrammeStore) Versions(ctx context.Context, id int64) ([]programmes.Version, error) {
	return collect(ctx, s.db.read, func(rows *sql.Rows) (programmes.Version, error) {
		var v programmes.Version
		var data string
		if err := rows.Scan(&v.Number, &data, &v.Note, &v.Actor, &v.CreatedAt); err != nil {
			return v, err
		}
		if err := json.Unmarshal([]byte(data), &v.Programme); err != nil {
			return v, fmt.Errorf("programme_versions %d/%d: %w", id, v.Number, err)
		}
		return v, nil
	}, `SELECT number, CAST(data AS TEXT), note, actor, created_at FROM programme_versions
		WHERE programme_id = $1 ORDER BY number DESC`, id)
}

func (t programmeTx) CreateProgramme(ctx context.Context, p *programmes.Programme) error {
	tx := t.tx
	cols := programmeValues(p)
	err := tx.QueryRowContext(ctx, `INSERT INTO programmes (funder_id, title, summary, sections, action_fields, target_groups,
		provider_types, region_keys, budgets, funding_kind, financing_type, max_grant, own_share, period_start, period_end,
		funding_rate, status, version, revision, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) RETURNING id`,
		append(cols, string(p.Status), p.Version, p.Revision, p.CreatedAt, p.UpdatedAt)...).Scan(&p.ID)
	if err != nil {
		return err
	}
	if err := writeCalls(ctx, tx, p); err != nil {
		return err
	}
	return tx.indexProgramme(ctx, p)
}

func (t programmeTx) UpdateProgramme(ctx context.Context, p *programmes.Programme, revision int) (bool, error) {
	tx := t.tx
	cols := programmeValues(p)
	res, err := tx.ExecContext(ctx, `UPDATE programmes SET title = $3, summary = $4, sections = $5, action_fields = $6,
		target_groups = $7, provider_types = $8, region_keys = $9, budgets = $10, funding_kind = $11, financing_type = $12,
		max_grant = $13, own_share = $14, period_start = $15, period_end = $16, funding_rate = $17, version = $18, updated_at = $19,
		revision = revision + 1 WHERE id = $1 AND revision = $2`,
		append([]any{p.ID, revision}, append(cols[1:], p.Version, p.UpdatedAt)...)...)
	if ok, err := oneRow(res, err); !ok || err != nil {
		return false, err
	}
	p.Revision = revision + 1
	if err := writeCalls(ctx, tx, p); err != nil {
		return false, err
	}
	return true, tx.indexProgramme(ctx, p)
}

func (t programmeTx) SetStatus(ctx context.Context, p *programmes.Programme, revision int) (bool, error) {
	// The term index holds only the text, which a status change leaves as it is;
	// the finder reads the status from the programme.
	res, err := t.tx.ExecContext(ctx, `UPDATE programmes SET status = $3, published_at = $4, updated_at = $5, revision = revision + 1
		WHERE id = $1 AND revision = $2`, p.ID, revision, string(p.Status), nullTime(p.PublishedAt), p.UpdatedAt)
	ok, err := oneRow(res, err)
	if ok {
		p.Revision = revision + 1
	}
	return ok, err
}

// oneRow reports whether a conditional UPDATE changed its row.
func oneRow(res sql.Result, err error) (bool, error) {
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func (t programmeTx) SaveVersion(ctx context.Context, p *programmes.Programme, note string) error {
	data, err := json.Marshal(p)
	if err != nil {
		return err
	}
	_, err = t.tx.ExecContext(ctx, `INSERT INTO programme_versions (programme_id, number, data, note, actor, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		p.ID, p.Version, string(data), note, t.tx.actor.Label, t.tx.now)
	return err
}

func (t programmeTx) DeleteProgramme(ctx context.Context, id int64) error {
	// Calls, terms and versions go with it (ON DELETE CASCADE).
	_, err := t.tx.ExecContext(ctx, `DELETE FROM programmes WHERE id = $1`, id)
	return err
}

// programmeValues returns the columns funder_id … period_end in INSERT order.
func programmeValues(p *programmes.Programme) []any {
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
		dateOnly(p.PeriodStart), dateOnly(p.PeriodEnd), p.FundingRate}
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
