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
	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/grants"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// GrantStore is the grants' view of the database.
type GrantStore struct{ db *DB }

// Grants returns the view that implements grants.Store.
func (db *DB) Grants() *GrantStore { return &GrantStore{db: db} }

var _ grants.Store = (*GrantStore)(nil)

// Now is the database's clock.
func (s *GrantStore) Now() time.Time { return s.db.Now().UTC() }

// Update runs fn in one write transaction.
func (s *GrantStore) Update(ctx context.Context, fn func(grants.Tx) error) error {
	return s.db.Update(ctx, func(tx *Tx) error { return fn(grantTx{applicationTx{tx}}) })
}

type grantTx struct{ applicationTx }

var _ grants.Tx = grantTx{}

const grantColumns = `g.id, g.application_id, g.programme_id, g.call_id, g.provider_id, g.funder_id, g.funder_level, g.title,
	g.amount, g.paid, CAST(g.finance_plan AS TEXT), g.period_start, g.period_end, g.funding_kind, g.financing_type, g.conditions,
	g.ongoing_service, g.approved_at, g.revision, o.name, p.title, f.name`

const grantFrom = ` FROM grants g JOIN organisations o ON o.id = g.provider_id JOIN programmes p ON p.id = g.programme_id
	JOIN organisations f ON f.id = g.funder_id`

func scanGrant(row interface{ Scan(...any) error }) (grants.Grant, error) {
	var g grants.Grant
	var level, kind, fin, plan string
	var amount, paid int64
	var start, end sql.NullTime
	err := row.Scan(&g.ID, &g.ApplicationID, &g.ProgrammeID, &g.CallID, &g.ProviderID, &g.FunderID, &level, &g.Title,
		&amount, &paid, &plan, &start, &end, &kind, &fin, &g.Conditions, &g.OngoingService, &g.ApprovedAt, &g.Revision,
		&g.ProviderName, &g.ProgrammeTitle, &g.FunderName)
	if err != nil {
		return g, err
	}
	g.FunderLevel, g.Amount, g.Paid = accounts.FunderLevel(level), teilhabe.Cents(amount), teilhabe.Cents(paid)
	g.FundingKind, g.FinancingType = programmes.FundingKind(kind), programmes.FinancingType(fin)
	g.PeriodStart, g.PeriodEnd, g.ApprovedAt = start.Time, end.Time, g.ApprovedAt.UTC()
	if err := json.Unmarshal([]byte(plan), &g.Plan); err != nil {
		return g, fmt.Errorf("grants.finance_plan of %d: %w", g.ID, err)
	}
	return g, nil
}

func (s *GrantStore) Grant(ctx context.Context, id int64) (grants.Grant, error) {
	return readGrant(ctx, s.db.read, id)
}
func (t grantTx) Grant(ctx context.Context, id int64) (grants.Grant, error) {
	return readGrant(ctx, t.tx, id)
}

func readGrant(ctx context.Context, q queryer, id int64) (grants.Grant, error) {
	g, err := scanGrant(q.QueryRowContext(ctx, `SELECT `+grantColumns+grantFrom+` WHERE g.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return g, teilhabe.E(teilhabe.ENOTFOUND, "")
	} else if err != nil {
		return g, err
	}
	keys, err := grantRegions(ctx, q, []int64{id})
	g.RegionKeys = keys[id]
	return g, err
}

// grantRegions returns the regions served by each grant, in key order.
func grantRegions(ctx context.Context, q queryer, ids []int64) (map[int64][]string, error) {
	out := map[int64][]string{}
	if len(ids) == 0 {
		return out, nil
	}
	var args []any
	in := inList(&args, ids...)
	type row struct {
		id  int64
		key string
	}
	rows, err := collect(ctx, q, func(rows *sql.Rows) (row, error) {
		var r row
		return r, rows.Scan(&r.id, &r.key)
	}, `SELECT grant_id, region_key FROM grant_regions WHERE grant_id IN (`+in+`) ORDER BY grant_id, region_key`, args...)
	for _, r := range rows {
		out[r.id] = append(out[r.id], r.key)
	}
	return out, err
}

// List reads the page of grants in scope: the providers', the funders' and, through
// grant_regions, the regions' (range conditions on its index).
func (s *GrantStore) List(ctx context.Context, scope applications.Scope, f grants.Filter) ([]grants.Grant, int, error) {
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	var where []string
	if !scope.All {
		var ors []string
		if len(scope.ProviderIDs) > 0 {
			ors = append(ors, "g.provider_id IN ("+inList(&args, scope.ProviderIDs...)+")")
		}
		if len(scope.FunderIDs) > 0 {
			ors = append(ors, "g.funder_id IN ("+inList(&args, scope.FunderIDs...)+")")
		}
		if len(scope.RegionKeys) > 0 {
			ors = append(ors, "g.id IN (SELECT r.grant_id FROM grant_regions r WHERE "+regionRanges(&args, "r", scope.RegionKeys)+")")
		}
		where = append(where, "("+strings.Join(ors, " OR ")+")")
	}
	if f.ProgrammeID != 0 {
		where = append(where, "g.programme_id = "+arg(f.ProgrammeID))
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var total int
	if err := s.db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM grants g`+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	list, err := collect(ctx, s.db.read, func(rows *sql.Rows) (grants.Grant, error) { return scanGrant(rows) },
		`SELECT `+grantColumns+grantFrom+cond+` ORDER BY g.approved_at DESC, g.id DESC LIMIT `+arg(f.Limit)+` OFFSET `+arg(f.Offset), args...)
	if err != nil || len(list) == 0 {
		return list, total, err
	}
	ids := make([]int64, len(list))
	for i := range list {
		ids[i] = list[i].ID
	}
	keys, err := grantRegions(ctx, s.db.read, ids)
	for i := range list {
		list[i].RegionKeys = keys[list[i].ID]
	}
	return list, total, err
}

func (s *GrantStore) Payments(ctx context.Context, grantID int64) ([]grants.Payment, error) {
	return grantPayments(ctx, s.db.read, grantID)
}
func (t grantTx) Payments(ctx context.Context, grantID int64) ([]grants.Payment, error) {
	return grantPayments(ctx, t.tx, grantID)
}

func grantPayments(ctx context.Context, q queryer, grantID int64) ([]grants.Payment, error) {
	return collect(ctx, q, func(rows *sql.Rows) (grants.Payment, error) {
		var p grants.Payment
		var status string
		var requested, approved int64
		var decided, paid sql.NullTime
		err := rows.Scan(&p.ID, &p.GrantID, &status, &requested, &approved, &p.Purpose, &p.Reason, &p.RequestedAt,
			&p.RequestedBy, &decided, &p.DecidedBy, &paid, &p.Revision)
		p.Status, p.Requested, p.Approved = grants.PaymentStatus(status), teilhabe.Cents(requested), teilhabe.Cents(approved)
		p.RequestedAt = p.RequestedAt.UTC()
		if decided.Valid {
			p.DecidedAt = decided.Time.UTC()
		}
		p.PaidOn = paid.Time
		return p, err
	}, `SELECT id, grant_id, status, requested, approved, purpose, reason, requested_at, COALESCE(requested_by, 0), decided_at,
		COALESCE(decided_by, 0), paid_on, revision FROM grant_payments WHERE grant_id = $1 ORDER BY id`, grantID)
}

func (s *GrantStore) Rules(ctx context.Context, programmeID int64) (grants.Rules, error) {
	return grantRules(ctx, s.db.read, programmeID)
}
func (t grantTx) Rules(ctx context.Context, programmeID int64) (grants.Rules, error) {
	return grantRules(ctx, t.tx, programmeID)
}

func grantRules(ctx context.Context, q queryer, programmeID int64) (grants.Rules, error) {
	var r grants.Rules
	var unit, change string
	var month int
	err := q.QueryRowContext(ctx, `SELECT spend_within, spend_unit, interim_due_month, interim_due_day, final_due_months, overrun,
		change_rule FROM programme_grant_rules WHERE programme_id = $1`, programmeID).Scan(&r.SpendWithin.N, &unit, &month,
		&r.InterimDueDay, &r.FinalDueMonths, &r.Overrun, &change)
	if errors.Is(err, sql.ErrNoRows) {
		return r, teilhabe.E(teilhabe.ENOTFOUND, "")
	}
	r.SpendWithin.Unit, r.InterimDueMonth, r.Change = grants.SpanUnit(unit), time.Month(month), grants.ChangeRule(change)
	return r, err
}

// LockGrant takes the grant's row lock with an update that changes nothing (see
// LockCall).
func (t grantTx) LockGrant(ctx context.Context, grantID int64) error {
	_, err := t.tx.ExecContext(ctx, `UPDATE grants SET id = id WHERE id = $1`, grantID)
	return err
}

func (t grantTx) CreateGrant(ctx context.Context, g *grants.Grant) error {
	return createGrant(ctx, t.tx, g)
}

func createGrant(ctx context.Context, tx *Tx, g *grants.Grant) error {
	plan, err := json.Marshal(g.Plan)
	if err != nil {
		return err
	}
	g.Revision = 1
	err = tx.QueryRowContext(ctx, `INSERT INTO grants (application_id, programme_id, call_id, provider_id, funder_id, funder_level,
		title, amount, finance_plan, period_start, period_end, funding_kind, financing_type, conditions, ongoing_service,
		approved_at, revision, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 1, $17) RETURNING id`,
		g.ApplicationID, g.ProgrammeID, g.CallID, g.ProviderID, g.FunderID, string(g.FunderLevel), g.Title, int64(g.Amount),
		string(plan), nullDate(g.PeriodStart), nullDate(g.PeriodEnd), string(g.FundingKind), string(g.FinancingType), g.Conditions,
		g.OngoingService, g.ApprovedAt, tx.now).Scan(&g.ID)
	if err != nil {
		return err
	}
	for _, k := range g.RegionKeys {
		if _, err := tx.ExecContext(ctx, `INSERT INTO grant_regions (grant_id, region_key, period_end) VALUES ($1, $2, $3)`,
			g.ID, k, nullDate(g.PeriodEnd)); err != nil {
			return err
		}
	}
	return nil
}

func (t grantTx) CreatePayment(ctx context.Context, p *grants.Payment) error {
	p.Revision = 1
	var by any
	if p.RequestedBy != 0 {
		by = p.RequestedBy
	}
	return t.tx.QueryRowContext(ctx, `INSERT INTO grant_payments (grant_id, status, requested, approved, purpose, reason, requested_at,
		requested_by, revision) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1) RETURNING id`, p.GrantID, string(p.Status), int64(p.Requested),
		int64(p.Approved), p.Purpose, p.Reason, p.RequestedAt, by).Scan(&p.ID)
}

func (t grantTx) UpdatePayment(ctx context.Context, p *grants.Payment, revision int) (bool, error) {
	var by any
	if p.DecidedBy != 0 {
		by = p.DecidedBy
	}
	res, err := t.tx.ExecContext(ctx, `UPDATE grant_payments SET status = $1, approved = $2, reason = $3, decided_at = $4, decided_by = $5,
		paid_on = $6, revision = revision + 1 WHERE id = $7 AND revision = $8`, string(p.Status), int64(p.Approved), p.Reason,
		nullTime(p.DecidedAt), by, nullDate(p.PaidOn), p.ID, revision)
	if ok, err := oneRow(res, err); !ok || err != nil {
		return false, err
	}
	_, err = t.tx.ExecContext(ctx, `UPDATE grants SET paid = (SELECT COALESCE(SUM(approved), 0) FROM grant_payments
		WHERE grant_id = $1 AND status = 'paid'), updated_at = $2 WHERE id = $1`, p.GrantID, t.tx.now)
	return true, err
}

func (t grantTx) Staff(ctx context.Context, organisationID int64, role string) ([]int64, error) {
	return collect(ctx, t.tx, func(rows *sql.Rows) (int64, error) {
		var id int64
		return id, rows.Scan(&id)
	}, `SELECT user_id FROM memberships WHERE organisation_id = $1 AND role = $2 ORDER BY user_id`, organisationID, role)
}
