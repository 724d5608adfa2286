// Package applicationgen adds a nation-scale set of applications (Anträge) to a
// database that holds the generated programmes (package programmegen): providers
// across all Länder, applications in every status of the procedure spread over the
// programmes' calls (a few calls draw many, as popular federal calls do), each
// serving one to three Gemeinden inside the programme's funding area, and the
// municipal statements of the submitted ones. Rows are written in multi-row
// INSERTs inside transactions of a few thousand rows: the use cases' checks are
// not what the benchmarks measure, and 500,000 of them would take an hour.
package applicationgen

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Result names what the benchmarks query.
type Result struct {
	Applications int
	Statements   int
	// BusiestCall is the call with the most applications, and its count.
	BusiestCall      int64
	BusiestCallCount int
	// Funder is the funding organisation of the busiest call's programme.
	Funder int64
	// BusiestKreis is the Kreis whose region keys the most applications serve,
	// MunicipalityID its administration (whose commissioner the benchmark acts as).
	BusiestKreis   string
	MunicipalityID int64
	KreisCount     int
}

type call struct {
	id, programme int64
	area          string // the programme's funding area, a key prefix ("" for Germany)
}

// statuses with their shares in percent.
var statuses = []struct {
	s     applications.Status
	share int
}{
	{applications.StatusDraft, 20}, {applications.StatusSubmitted, 10}, {applications.StatusStatementsRequested, 15},
	{applications.StatusStatementsReceived, 10}, {applications.StatusInReview, 15}, {applications.StatusApproved, 15},
	{applications.StatusRejected, 10}, {applications.StatusWithdrawn, 5},
}

// Generate writes n applications and providers/n×100 providers. It needs the
// regions and programmes in db.
func Generate(ctx context.Context, db *store.DB, list []regions.Region, n int, now time.Time) (Result, error) {
	r := rand.New(rand.NewPCG(2026, 11))
	var res Result
	calls, err := readCalls(ctx, db)
	if err != nil || len(calls) == 0 {
		return res, fmt.Errorf("applicationgen: calls: %v (found %d)", err, len(calls))
	}
	var gemeinden []string
	var kreise []regions.Region
	for _, reg := range list {
		switch reg.Level {
		case regions.LevelGemeinde:
			gemeinden = append(gemeinden, reg.Key)
		case regions.LevelKreis:
			kreise = append(kreise, reg)
		}
	}
	providers, err := insertOrganisations(ctx, db, r, max(n/100, 50), gemeinden, now)
	if err != nil {
		return res, err
	}
	municipalities, err := insertMunicipalities(ctx, db, kreise, now)
	if err != nil {
		return res, err
	}

	var first int64
	if err := db.Reader().QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM applications`).Scan(&first); err != nil {
		return res, err
	}
	perCall := map[int64]int{}
	perKreis := map[string]int{}
	const chunk = 2000
	for start := 0; start < n; start += chunk {
		var apps, regs, stmts, decided [][]any
		for i := start; i < min(start+chunk, n); i++ {
			id := first + int64(i+1)
			c := calls[zipfIndex(r, len(calls))]
			perCall[c.id]++
			status := pickStatus(r)
			keys := servedRegions(r, gemeinden, c.area)
			row := applicationRow(r, id, c, providers[r.IntN(len(providers))], status, now)
			apps = append(apps, row)
			switch status {
			case applications.StatusApproved:
				decided = append(decided, []any{id, "approved", row[13], "", "", row[19]})
			case applications.StatusRejected:
				decided = append(decided, []any{id, "rejected", int64(0), "", "Der Bedarf ist im Gebiet bereits gedeckt.", row[19]})
			}
			seen := map[string]bool{}
			for _, k := range keys {
				regs = append(regs, []any{id, k, string(status), c.id, row[19]})
				kreis := k[:5]
				if !seen[kreis] && status != applications.StatusDraft {
					seen[kreis] = true
					perKreis[kreis]++
					if m, ok := municipalities[kreis]; ok {
						stmts = append(stmts, statementRow(r, id, m, kreis, status, now))
					}
				}
			}
		}
		err := db.Update(ctx, func(tx *store.Tx) error {
			if err := insertRows(ctx, tx, "applications", applicationCols, apps); err != nil {
				return err
			}
			if err := insertRows(ctx, tx, "application_regions", "application_id, region_key, status, call_id, updated_at", regs); err != nil {
				return err
			}
			if err := insertRows(ctx, tx, "decisions", "application_id, outcome, amount, conditions, reason, decided_at", decided); err != nil {
				return err
			}
			return insertRows(ctx, tx, "statements", statementCols, stmts)
		})
		if err != nil {
			return res, fmt.Errorf("applicationgen: rows from %d: %w", start, err)
		}
		res.Statements += len(stmts)
	}
	if err := db.Update(ctx, func(tx *store.Tx) error { return resetIdentity(ctx, tx, db.Dialect, "applications") }); err != nil {
		return res, err
	}
	res.Applications = n
	for id, k := range perCall {
		if k > res.BusiestCallCount || (k == res.BusiestCallCount && id < res.BusiestCall) {
			res.BusiestCall, res.BusiestCallCount = id, k
		}
	}
	for key, k := range perKreis {
		if _, ok := municipalities[key]; ok && (k > res.KreisCount || (k == res.KreisCount && key < res.BusiestKreis)) {
			res.BusiestKreis, res.KreisCount = key, k
		}
	}
	res.MunicipalityID = municipalities[res.BusiestKreis]
	err = db.Reader().QueryRowContext(ctx, `SELECT p.funder_id FROM programme_calls c JOIN programmes p ON p.id = c.programme_id
		WHERE c.id = $1`, res.BusiestCall).Scan(&res.Funder)
	return res, err
}

func readCalls(ctx context.Context, db *store.DB) ([]call, error) {
	rows, err := db.Reader().QueryContext(ctx, `SELECT c.id, c.programme_id, CAST(p.region_keys AS TEXT) FROM programme_calls c
		JOIN programmes p ON p.id = c.programme_id ORDER BY c.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []call
	for rows.Next() {
		var c call
		var keys string
		if err := rows.Scan(&c.id, &c.programme, &keys); err != nil {
			return nil, err
		}
		var list []string
		if err := json.Unmarshal([]byte(keys), &list); err != nil {
			return nil, err
		}
		if len(list) > 0 && list[0] != "DG" {
			c.area = list[0]
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// zipfIndex draws an index with weight about 1/rank: a few calls get thousands of
// applications, most get dozens.
func zipfIndex(r *rand.Rand, n int) int {
	i := int(math.Exp(r.Float64()*math.Log(float64(n)+1))) - 1
	return min(max(i, 0), n-1)
}

func pickStatus(r *rand.Rand) applications.Status {
	x := r.IntN(100)
	for _, s := range statuses {
		if x < s.share {
			return s.s
		}
		x -= s.share
	}
	return applications.StatusDraft
}

// servedRegions picks one to three Gemeinden inside the area (a key prefix).
func servedRegions(r *rand.Rand, gemeinden []string, area string) []string {
	lo, hi := 0, len(gemeinden)
	if area != "" {
		// The keys are sorted: the area's Gemeinden are one range.
		lo = lowerBound(gemeinden, area)
		hi = lowerBound(gemeinden, area+"\xff")
		if lo == hi {
			lo, hi = 0, len(gemeinden)
		}
	}
	seen := map[string]bool{}
	var out []string
	for k := 0; k < 1+r.IntN(3); k++ {
		g := gemeinden[lo+r.IntN(hi-lo)]
		if !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	return out
}

func lowerBound(sorted []string, key string) int {
	lo, hi := 0, len(sorted)
	for lo < hi {
		m := (lo + hi) / 2
		if sorted[m] < key {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

const applicationCols = `id, call_id, programme_id, provider_id, title, description, action_fields, target_groups, period_start,
	period_end, outputs, contact, finance_plan, requested, total_costs, status, revision, submitted_at, created_at, updated_at, stage, answers`

func applicationRow(r *rand.Rand, id int64, c call, provider int64, status applications.Status, now time.Time) []any {
	personnel := teilhabe.Cents(int64(5_000+r.IntN(80_000)) * 100)
	material := teilhabe.Cents(int64(500+r.IntN(10_000)) * 100)
	plan := applications.FinancePlan{Costs: map[applications.CostCategory]teilhabe.Cents{applications.CostPersonnel: personnel, applications.CostMaterial: material}}
	total := plan.TotalCosts()
	plan.OwnFunds = total.Percent(1000)
	plan.Requested = total - plan.OwnFunds
	js := func(v any) string {
		b, _ := json.Marshal(v)
		return string(b)
	}
	updated := now.Add(-time.Duration(r.IntN(300*24)) * time.Hour)
	var submitted any
	if status != applications.StatusDraft {
		submitted = updated.Add(-time.Duration(r.IntN(72)) * time.Hour)
	}
	start := time.Date(2027, time.Month(1+r.IntN(12)), 1, 0, 0, 0, 0, time.UTC)
	return []any{id, c.id, c.programme, provider, fmt.Sprintf("Projekt %d: Sprachcafé und Beratung im Quartier", id),
		"Offene Angebote für Neuzugewanderte, mit Kinderbetreuung.", `["sprache"]`, `["familien"]`, start.Format(time.DateOnly),
		start.AddDate(1, 0, -1).Format(time.DateOnly), js([]applications.Output{{Quantity: int64(20 + r.IntN(200)), Unit: "Teilnehmende"}}),
		js(applications.Contact{Name: "Kontakt " + fmt.Sprint(id)}), js(plan), int64(plan.Requested), int64(total), string(status), 1,
		submitted, updated.Add(-30 * 24 * time.Hour), updated, string(applications.StageFull), "{}"}
}

const statementCols = `application_id, municipality_id, region_key, requested_at, due_at, recommendation, text, given_at`

// statementRow is the statement of a Kreis's administration: given for about
// half of the applications, with every recommendation.
func statementRow(r *rand.Rand, app, municipality int64, kreis string, status applications.Status, now time.Time) []any {
	requested := now.Add(-time.Duration(r.IntN(200*24)) * time.Hour)
	rec, text := "", ""
	var given any
	if status != applications.StatusSubmitted && status != applications.StatusStatementsRequested || r.IntN(3) == 0 {
		rec = []string{"supported", "conditional", "not_supported"}[r.IntN(3)]
		text, given = "Passt zur kommunalen Integrationsstrategie.", requested.Add(time.Duration(r.IntN(28*24))*time.Hour)
	}
	return []any{app, municipality, kreis, requested, requested.AddDate(0, 0, 28), rec, text, given}
}

func insertOrganisations(ctx context.Context, db *store.DB, r *rand.Rand, n int, gemeinden []string, now time.Time) ([]int64, error) {
	var rows [][]any
	for i := 0; i < n; i++ {
		t := accounts.ProviderTypes[r.IntN(len(accounts.ProviderTypes))]
		rows = append(rows, []any{string(accounts.KindProvider), fmt.Sprintf("Träger %d (Bench)", i+1), string(t), gemeinden[r.IntN(len(gemeinden))], now, now})
	}
	if err := db.Update(ctx, func(tx *store.Tx) error {
		return insertRows(ctx, tx, "organisations", "kind, name, provider_type, region_key, created_at, updated_at", rows)
	}); err != nil {
		return nil, err
	}
	return ids(ctx, db, `SELECT id FROM organisations WHERE kind = 'provider' AND name LIKE 'Träger % (Bench)' ORDER BY id`)
}

// insertMunicipalities adds the administration of every Kreis, by key.
func insertMunicipalities(ctx context.Context, db *store.DB, kreise []regions.Region, now time.Time) (map[string]int64, error) {
	var rows [][]any
	for _, k := range kreise {
		rows = append(rows, []any{string(accounts.KindMunicipality), "Integrationsbüro " + k.Name + " " + k.Key + " (Bench)", k.Key, now, now})
	}
	if err := db.Update(ctx, func(tx *store.Tx) error {
		return insertRows(ctx, tx, "organisations", "kind, name, region_key, created_at, updated_at", rows)
	}); err != nil {
		return nil, err
	}
	out := map[string]int64{}
	rs, err := db.Reader().QueryContext(ctx, `SELECT id, region_key FROM organisations WHERE kind = 'municipality' AND name LIKE 'Integrationsbüro %'`)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	for rs.Next() {
		var id int64
		var key string
		if err := rs.Scan(&id, &key); err != nil {
			return nil, err
		}
		out[key] = id
	}
	return out, rs.Err()
}

func ids(ctx context.Context, db *store.DB, query string) ([]int64, error) {
	rs, err := db.Reader().QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []int64
	for rs.Next() {
		var id int64
		if err := rs.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rs.Err()
}

// insertRows writes rows in multi-row INSERTs of at most 400 rows.
func insertRows(ctx context.Context, tx *store.Tx, table, cols string, rows [][]any) error {
	for len(rows) > 0 {
		batch := rows[:min(len(rows), 400)]
		rows = rows[len(batch):]
		var sb strings.Builder
		var args []any
		sb.WriteString("INSERT INTO " + table + " (" + cols + ") VALUES ")
		for i, row := range batch {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString("(")
			for j, v := range row {
				if j > 0 {
					sb.WriteString(", ")
				}
				args = append(args, v)
				fmt.Fprintf(&sb, "$%d", len(args))
			}
			sb.WriteString(")")
		}
		if _, err := tx.ExecContext(ctx, sb.String(), args...); err != nil {
			return fmt.Errorf("%s: %w", table, err)
		}
	}
	return nil
}

// resetIdentity moves PostgreSQL's identity past the ids written explicitly, so
// that the application's own inserts go on from there.
func resetIdentity(ctx context.Context, tx *store.Tx, d store.Dialect, table string) error {
	if d != store.Postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+table+`', 'id'), (SELECT MAX(id) FROM `+table+`))`)
	return err
}
