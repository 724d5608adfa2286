package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/notify"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// ApplicationStore is the applications' view of the database.
type ApplicationStore struct{ db *DB }

// Applications returns the view that implements applications.Store.
func (db *DB) Applications() *ApplicationStore { return &ApplicationStore{db: db} }

var _ applications.Store = (*ApplicationStore)(nil)

// Now is the database's clock.
func (s *ApplicationStore) Now() time.Time { return s.db.Now().UTC() }

// Update runs fn in one write transaction.
func (s *ApplicationStore) Update(ctx context.Context, fn func(applications.Tx) error) error {
	return s.db.Update(ctx, func(tx *Tx) error { return fn(applicationTx{tx}) })
}

type applicationTx struct{ tx *Tx }

var _ applications.Tx = applicationTx{}

func (t applicationTx) Now() time.Time { return t.tx.now }

func (t applicationTx) Audit(ctx context.Context, entity string, id int64, action string, before, after any) error {
	return t.tx.Audit(ctx, entity, strconv.FormatInt(id, 10), action, before, after)
}

func (t applicationTx) Notify(ctx context.Context, userIDs []int64, n notify.Notice, mail bool) error {
	return t.tx.Notify(ctx, userIDs, n, mail)
}

func (s *ApplicationStore) UnknownRegions(ctx context.Context, keys []string) ([]string, error) {
	return missingRegionKeys(ctx, s.db.read, keys)
}

func (t applicationTx) UnknownRegions(ctx context.Context, keys []string) ([]string, error) {
	return missingRegionKeys(ctx, t.tx, keys)
}

func (s *ApplicationStore) RegionNames(ctx context.Context, keys []string) (map[string]string, error) {
	return s.db.regionNames(ctx, keys)
}

func (t applicationTx) RegionNames(ctx context.Context, keys []string) (map[string]string, error) {
	return t.tx.db.regionNames(ctx, keys)
}

func (s *ApplicationStore) Organisation(ctx context.Context, id int64) (accounts.Organisation, error) {
	return readOrganisation(ctx, s.db.read, id)
}

func (t applicationTx) Organisation(ctx context.Context, id int64) (accounts.Organisation, error) {
	return readOrganisation(ctx, t.tx, id)
}

func (s *ApplicationStore) CallProgramme(ctx context.Context, callID int64) (programmes.Programme, error) {
	return callProgramme(ctx, s.db.read, callID)
}

func (t applicationTx) CallProgramme(ctx context.Context, callID int64) (programmes.Programme, error) {
	return callProgramme(ctx, t.tx, callID)
}

func callProgramme(ctx context.Context, q queryer, callID int64) (programmes.Programme, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT programme_id FROM programme_calls WHERE id = $1`, callID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return programmes.Programme{}, teilhabe.E(teilhabe.ENOTFOUND, "")
	} else if err != nil {
		return programmes.Programme{}, err
	}
	return readProgramme(ctx, q, id)
}

const applicationColumns = `a.id, a.call_id, a.programme_id, a.provider_id, COALESCE(a.created_by, 0), a.title, a.description,
	CAST(a.action_fields AS TEXT), CAST(a.target_groups AS TEXT), a.period_start, a.period_end, CAST(a.outputs AS TEXT),
	CAST(a.contact AS TEXT), CAST(a.finance_plan AS TEXT), a.status, a.revision, a.submitted_at, a.created_at, a.updated_at,
	a.stage, COALESCE(a.sketch_id, 0), CAST(a.answers AS TEXT), o.name, p.title, c.title, p.funder_id, c.closes_at, cs.full_closes_at`

const applicationFrom = ` FROM applications a JOIN organisations o ON o.id = a.provider_id
	JOIN programmes p ON p.id = a.programme_id JOIN programme_calls c ON c.id = a.call_id
	LEFT JOIN call_settings cs ON cs.call_id = a.call_id AND cs.stages = 2`

func scanApplication(row interface{ Scan(...any) error }) (applications.Application, error) {
	var a applications.Application
	var fields, groups, outputs, contact, plan, status, stage, answers string
	var start, end, submitted, fullCloses sql.NullTime
	err := row.Scan(&a.ID, &a.CallID, &a.ProgrammeID, &a.ProviderID, &a.CreatedBy, &a.Title, &a.Description,
		&fields, &groups, &start, &end, &outputs, &contact, &plan, &status, &a.Revision, &submitted, &a.CreatedAt, &a.UpdatedAt,
		&stage, &a.SketchID, &answers, &a.ProviderName, &a.ProgrammeTitle, &a.CallTitle, &a.FunderID, &a.CallClosesAt, &fullCloses)
	if err != nil {
		return a, err
	}
	a.Status, a.Stage = applications.Status(status), applications.Stage(stage)
	a.PeriodStart, a.PeriodEnd, a.SubmittedAt = start.Time, end.Time, submitted.Time.UTC()
	if submitted.Time.IsZero() {
		a.SubmittedAt = time.Time{}
	}
	a.CreatedAt, a.UpdatedAt, a.CallClosesAt = a.CreatedAt.UTC(), a.UpdatedAt.UTC(), a.CallClosesAt.UTC()
	if a.Stage == applications.StageFull && fullCloses.Valid {
		// The full applications of a two-stage call have their own deadline.
		a.CallClosesAt = fullCloses.Time.UTC()
	}
	for _, j := range []struct {
		name, src string
		dst       any
	}{{"action_fields", fields, &a.ActionFields}, {"target_groups", groups, &a.TargetGroups}, {"outputs", outputs, &a.Outputs},
		{"contact", contact, &a.Contact}, {"finance_plan", plan, &a.Plan}, {"answers", answers, &a.Answers}} {
		if err := json.Unmarshal([]byte(j.src), j.dst); err != nil {
			return a, fmt.Errorf("applications.%s of %d: %w", j.name, a.ID, err)
		}
	}
	return a, nil
}

func (s *ApplicationStore) Application(ctx context.Context, id int64) (applications.Application, error) {
	return readApplication(ctx, s.db.read, id)
}

func (t applicationTx) Application(ctx context.Context, id int64) (applications.Application, error) {
	return readApplication(ctx, t.tx, id)
}

func readApplication(ctx context.Context, q queryer, id int64) (applications.Application, error) {
	a, err := scanApplication(q.QueryRowContext(ctx, `SELECT `+applicationColumns+applicationFrom+` WHERE a.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, teilhabe.E(teilhabe.ENOTFOUND, "")
	} else if err != nil {
		return a, err
	}
	keys, err := applicationRegions(ctx, q, []int64{id})
	if err != nil {
		return a, err
	}
	a.RegionKeys = keys[id]
	a.Partners, err = applicationPartners(ctx, q, id)
	return a, err
}

// applicationRegions returns the regions served by each application, in key order.
func applicationRegions(ctx context.Context, q queryer, ids []int64) (map[int64][]string, error) {
	out := map[int64][]string{}
	for chunk := range slices.Chunk(ids, maxIDList) {
		var args []any
		in := inList(&args, chunk...)
		rows, err := q.QueryContext(ctx, `SELECT application_id, region_key FROM application_regions WHERE application_id IN (`+in+`)
			ORDER BY application_id, region_key`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var key string
			if err := rows.Scan(&id, &key); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = append(out[id], key)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// applicationValues are the content columns in the order of the INSERT below.
func applicationValues(a *applications.Application) []any {
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
	outputs := a.Outputs
	if outputs == nil {
		outputs = []applications.Output{}
	}
	answers := a.Answers
	if answers == nil {
		answers = map[string]string{}
	}
	return []any{a.Title, a.Description, js(orEmpty(a.ActionFields)), js(orEmpty(a.TargetGroups)), nullDate(a.PeriodStart),
		nullDate(a.PeriodEnd), js(outputs), js(a.Contact), js(a.Plan), int64(a.Plan.Requested), int64(a.Plan.TotalCosts()),
		string(a.Status), nullTime(a.SubmittedAt), a.UpdatedAt, js(answers)}
}

func nullDate(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return dateOnly(t)
}

func (t applicationTx) CreateApplication(ctx context.Context, a *applications.Application) error {
	var createdBy any
	if a.CreatedBy != 0 {
		createdBy = a.CreatedBy
	}
	var sketch any
	if a.SketchID != 0 {
		sketch = a.SketchID
	}
	if a.Stage == "" {
		a.Stage = applications.StageFull
	}
	a.Revision = 1
	err := t.tx.QueryRowContext(ctx, `INSERT INTO applications (title, description, action_fields, target_groups, period_start,
		period_end, outputs, contact, finance_plan, requested, total_costs, status, submitted_at, updated_at, answers,
		call_id, programme_id, provider_id, created_by, revision, created_at, stage, sketch_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23) RETURNING id`,
		append(applicationValues(a), a.CallID, a.ProgrammeID, a.ProviderID, createdBy, a.Revision, a.CreatedAt, string(a.Stage), sketch)...).Scan(&a.ID)
	if err != nil {
		return err
	}
	return t.writeRegions(ctx, a)
}

func (t applicationTx) UpdateApplication(ctx context.Context, a *applications.Application, revision int) (bool, error) {
	res, err := t.tx.ExecContext(ctx, `UPDATE applications SET title = $1, description = $2, action_fields = $3, target_groups = $4,
		period_start = $5, period_end = $6, outputs = $7, contact = $8, finance_plan = $9, requested = $10, total_costs = $11,
		status = $12, submitted_at = $13, updated_at = $14, answers = $15, revision = revision + 1 WHERE id = $16 AND revision = $17`,
		append(applicationValues(a), a.ID, revision)...)
	if ok, err := oneRow(res, err); !ok || err != nil {
		return false, err
	}
	a.Revision = revision + 1
	return true, t.writeRegions(ctx, a)
}

// writeRegions replaces the application's regions, with the status, call and
// time of change that the commissioners' lists read from them (migration 00018).
func (t applicationTx) writeRegions(ctx context.Context, a *applications.Application) error {
	if _, err := t.tx.ExecContext(ctx, `DELETE FROM application_regions WHERE application_id = $1`, a.ID); err != nil {
		return err
	}
	for _, k := range a.RegionKeys {
		if _, err := t.tx.ExecContext(ctx, `INSERT INTO application_regions (application_id, region_key, status, call_id, updated_at)
			VALUES ($1, $2, $3, $4, $5)`, a.ID, k, string(a.Status), a.CallID, a.UpdatedAt); err != nil {
			return err
		}
	}
	return nil
}

// List returns a page of the applications in scope matching f, newest change first.
func (s *ApplicationStore) List(ctx context.Context, scope applications.Scope, f applications.Filter) ([]applications.Application, int, error) {
	var args []any
	where := []string{scopeCondition(&args, scope)}
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if f.CallID != 0 {
		where = append(where, "a.call_id = "+arg(f.CallID))
	}
	if f.ProgrammeID != 0 {
		where = append(where, "a.programme_id = "+arg(f.ProgrammeID))
	}
	if f.Status != "" {
		where = append(where, "a.status = "+arg(string(f.Status)))
	}
	if regionsOnly(scope) && f.ProgrammeID == 0 {
		return s.listByRegion(ctx, scope.RegionKeys, f)
	}
	cond := " WHERE " + strings.Join(where, " AND ")
	var total int
	if err := s.db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM applications a JOIN programmes p ON p.id = a.programme_id`+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	page, err := collect(ctx, s.db.read, func(rows *sql.Rows) (applications.Application, error) { return scanApplication(rows) },
		`SELECT `+applicationColumns+applicationFrom+cond+` ORDER BY a.updated_at DESC, a.id DESC LIMIT `+arg(f.Limit)+` OFFSET `+arg(f.Offset), args...)
	if err != nil || len(page) == 0 {
		return page, total, err
	}
	ids := make([]int64, len(page))
	for i, a := range page {
		ids[i] = a.ID
	}
	keys, err := applicationRegions(ctx, s.db.read, ids)
	for i := range page {
		page[i].RegionKeys = keys[page[i].ID]
	}
	return page, total, err
}

// scopeCondition is the SQL of applications.Scope: the provider's own in every
// status, and the funders' and commissioners' once submitted.
func scopeCondition(args *[]any, s applications.Scope) string {
	if s.All {
		return "1 = 1"
	}
	var own, submitted []string
	if len(s.ProviderIDs) > 0 {
		own = append(own, "a.provider_id IN ("+inList(args, s.ProviderIDs...)+")",
			"a.id IN (SELECT ap.application_id FROM application_partners ap WHERE ap.organisation_id IN ("+inList(args, s.ProviderIDs...)+"))")
	}
	if len(s.FunderIDs) > 0 {
		submitted = append(submitted, "p.funder_id IN ("+inList(args, s.FunderIDs...)+")")
	}
	if len(s.RegionKeys) > 0 {
		submitted = append(submitted, "a.id IN (SELECT r.application_id FROM application_regions r WHERE "+regionRanges(args, "r", s.RegionKeys)+")")
	}
	if len(submitted) > 0 {
		own = append(own, "(a.status <> 'draft' AND ("+strings.Join(submitted, " OR ")+"))")
	}
	if len(own) == 0 {
		return "1 = 0"
	}
	return "(" + strings.Join(own, " OR ") + ")"
}

// callSettings reads how a call is run; a call never set up gets the defaults.
func callSettings(ctx context.Context, q queryer, callID int64) (programmes.CallSettings, error) {
	s := programmes.DefaultCallSettings(callID)
	var full sql.NullTime
	var questions string
	var budget int64
	err := q.QueryRowContext(ctx, `SELECT stages, full_closes_at, statement_days, budget, CAST(questions AS TEXT), revision, updated_at
		FROM call_settings WHERE call_id = $1`, callID).Scan(&s.Stages, &full, &s.StatementDays, &budget, &questions, &s.Revision, &s.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return s, nil
	} else if err != nil {
		return s, err
	}
	s.Budget, s.UpdatedAt = teilhabe.Cents(budget), s.UpdatedAt.UTC()
	if full.Valid {
		s.FullClosesAt = full.Time.UTC()
	}
	if err := json.Unmarshal([]byte(questions), &s.Questions); err != nil {
		return s, fmt.Errorf("call_settings.questions of %d: %w", callID, err)
	}
	return s, nil
}

func (s *ApplicationStore) CallSettings(ctx context.Context, callID int64) (programmes.CallSettings, error) {
	return callSettings(ctx, s.db.read, callID)
}

func (t applicationTx) CallSettings(ctx context.Context, callID int64) (programmes.CallSettings, error) {
	return callSettings(ctx, t.tx, callID)
}
