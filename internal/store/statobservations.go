package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/teilhabe/teilhabe/internal/monitoring"
)

// ReadObservations passes the observations q selects to fn, series by series in the
// order of q.Series, and within a series by region, period and breakdown: each
// series is one range of the observations' primary key, so a page costs what it
// returns, also deep into a large table. Count and rows come from one read
// transaction, so that they agree while an import commits.
func (s *StatisticsStore) ReadObservations(ctx context.Context, q monitoring.ObservationQuery, total func(int), fn func(monitoring.ExportRow) error) error {
	tx, err := s.db.read.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return fmt.Errorf("begin read: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	if total != nil {
		n, err := countObservations(ctx, tx, q)
		if err != nil {
			return err
		}
		total(n)
	}
	left := q.Limit
	for _, si := range q.Series {
		if c := cmp.Or(strings.Compare(si.Table, q.After.Table), cmp.Compare(si.ID, q.After.SeriesID)); c < 0 {
			continue
		}
		n, err := readSeries(ctx, tx, q, si, left, fn)
		if err != nil {
			return err
		}
		if q.Limit > 0 {
			if left -= n; left == 0 {
				break
			}
		}
	}
	return nil
}

// readSeries passes at most limit (0: all) rows of one series to fn and says how
// many it passed.
func readSeries(ctx context.Context, tx *sql.Tx, q monitoring.ObservationQuery, si monitoring.SeriesInfo, limit int, fn func(monitoring.ExportRow) error) (int, error) {
	args := []any{si.ID, si.Table}
	where := observationConditions(q, &args)
	if si.Table == q.After.Table && si.ID == q.After.SeriesID {
		where += fmt.Sprintf(" AND (o.region_key, o.period, o.breakdown) > ($%d, $%d, $%d)", len(args)+1, len(args)+2, len(args)+3)
		args = append(args, q.After.Region, q.After.Period, q.After.Breakdown)
	}
	tail := ""
	if limit > 0 {
		args = append(args, limit)
		tail = fmt.Sprintf(" LIMIT $%d", len(args))
	}
	rows, err := tx.QueryContext(ctx, `SELECT o.region_key, COALESCE(r.name, n.name, ''), o.period, o.breakdown, o.value, o.symbol
		FROM observations o
		LEFT JOIN regions r ON r.key = o.region_key
		LEFT JOIN stat_region_names n ON n.table_code = $2 AND n.region_key = o.region_key
		WHERE o.series_id = $1`+where+`
		ORDER BY o.region_key, o.period, o.breakdown`+tail, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		o := monitoring.ExportRow{Table: si.Table, SeriesID: si.ID, Series: si.Name, Unit: si.Unit}
		var value sql.NullFloat64
		if err := rows.Scan(&o.RegionKey, &o.RegionName, &o.Period, &o.Breakdown, &value, &o.Symbol); err != nil {
			return n, err
		}
		if value.Valid {
			o.Value = &value.Float64
		}
		if err := fn(o); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

// countObservations counts what q selects on all pages.
func countObservations(ctx context.Context, tx *sql.Tx, q monitoring.ObservationQuery) (int, error) {
	ids := make([]int64, len(q.Series))
	for i, si := range q.Series {
		ids[i] = si.ID
	}
	total := 0
	for chunk := range slices.Chunk(ids, maxIDList) {
		var args []any
		in := inList(&args, chunk...)
		where := observationConditions(q, &args)
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM observations o WHERE o.series_id IN (`+in+`)`+where, args...).Scan(&n); err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}

// observationConditions are q's conditions on one observation o other than its
// series and the cursor, each starting with AND; their values are appended to args.
func observationConditions(q monitoring.ObservationQuery, args *[]any) string {
	var b strings.Builder
	if len(q.Regions) > 0 {
		b.WriteString(" AND o.region_key IN (" + inList(args, q.Regions...) + ")")
	}
	if q.Bund {
		b.WriteString(" AND o.region_key = " + inList(args, "DG"))
	}
	if q.KeyLength > 0 {
		b.WriteString(" AND LENGTH(o.region_key) = " + inList(args, q.KeyLength) + " AND o.region_key <> " + inList(args, "DG"))
	}
	if q.From != "" {
		b.WriteString(" AND o.period >= " + inList(args, q.From))
	}
	if q.Before != "" {
		b.WriteString(" AND o.period < " + inList(args, q.Before))
	}
	if len(q.Breakdowns) > 0 {
		b.WriteString(" AND o.breakdown IN (" + inList(args, q.Breakdowns...) + ")")
	}
	return b.String()
}
