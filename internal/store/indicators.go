package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/teilhabe/teilhabe/internal/monitoring"
)

const indicatorColumns = `code, name, action_field, unit, better, definition, source, kind,
	a_table, a_series, a_unit, a_breakdown, b_table, b_series, b_unit, b_breakdown, factor`

func scanIndicator(row interface{ Scan(...any) error }) (monitoring.Indicator, error) {
	var i monitoring.Indicator
	var better, kind string
	err := row.Scan(&i.Code, &i.Name, &i.ActionField, &i.Unit, &better, &i.Definition, &i.Source, &kind,
		&i.A.Table, &i.A.Series, &i.A.Unit, &i.A.Breakdown, &i.B.Table, &i.B.Series, &i.B.Unit, &i.B.Breakdown, &i.Factor)
	i.Better, i.Kind = monitoring.Direction(better), monitoring.FormulaKind(kind)
	return i, err
}

// Indicators returns the catalogue, by action field and name.
func (db *DB) Indicators(ctx context.Context) ([]monitoring.Indicator, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+indicatorColumns+` FROM indicators ORDER BY action_field, name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []monitoring.Indicator
	for rows.Next() {
		i, err := scanIndicator(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, i)
	}
	return out, rows.Err()
}

// Indicator returns one indicator.
func (db *DB) Indicator(ctx context.Context, code string) (monitoring.Indicator, error) {
	i, err := scanIndicator(db.read.QueryRowContext(ctx, `SELECT `+indicatorColumns+` FROM indicators WHERE code = $1`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return i, errNotFound("Indikator", code)
	}
	return i, err
}

// SaveIndicator validates and stores an indicator, new or changed.
func (db *DB) SaveIndicator(ctx context.Context, ind *monitoring.Indicator) error {
	if err := ind.Validate(); err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		before, err := scanIndicator(tx.QueryRowContext(ctx, `SELECT `+indicatorColumns+` FROM indicators WHERE code = $1`, ind.Code))
		action := "update"
		var old any = before
		if errors.Is(err, sql.ErrNoRows) {
			action, old = "create", nil
		} else if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO indicators (`+indicatorColumns+`, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
			ON CONFLICT (code) DO UPDATE SET name = excluded.name, action_field = excluded.action_field, unit = excluded.unit,
				better = excluded.better, definition = excluded.definition, source = excluded.source, kind = excluded.kind,
				a_table = excluded.a_table, a_series = excluded.a_series, a_unit = excluded.a_unit, a_breakdown = excluded.a_breakdown,
				b_table = excluded.b_table, b_series = excluded.b_series, b_unit = excluded.b_unit, b_breakdown = excluded.b_breakdown,
				factor = excluded.factor, updated_at = excluded.updated_at`,
			ind.Code, ind.Name, ind.ActionField, ind.Unit, string(ind.Better), ind.Definition, ind.Source, string(ind.Kind),
			ind.A.Table, ind.A.Series, ind.A.Unit, ind.A.Breakdown, ind.B.Table, ind.B.Series, ind.B.Unit, ind.B.Breakdown, ind.Factor, tx.now)
		if err != nil {
			return err
		}
		return tx.Audit(ctx, "indicator", ind.Code, action, old, ind)
	})
}

// IndicatorFilter selects computed values; zero fields do not filter.
type IndicatorFilter struct {
	Region string
	Level  string // a regions.Level, e.g. "kreis" for a ranking of the Kreise
	Period string // a year, e.g. "2008"
}

// IndicatorValue is an indicator's value for one region and period.
type IndicatorValue struct {
	RegionKey  string
	RegionName string
	Period     string
	monitoring.Cell
}

// IndicatorValues computes an indicator from the observations as they are now, so that
// values follow every import. Two series are matched by region, year and breakdown;
// a region or year where one of them is missing has no value.
func (db *DB) IndicatorValues(ctx context.Context, ind monitoring.Indicator, f IndicatorFilter) ([]IndicatorValue, error) {
	b := ind.B
	if ind.Kind == monitoring.KindValue {
		b = ind.A // joined with itself; Compute ignores it
	}
	rows, err := db.read.QueryContext(ctx, `SELECT oa.region_key, COALESCE(r.name, n.name, ''), oa.period,
			COALESCE(oa.value, 0), oa.symbol, COALESCE(ob.value, 0), ob.symbol
		FROM stat_series sa
		JOIN observations oa ON oa.series_id = sa.id AND oa.breakdown = $4
		JOIN stat_series sb ON sb.table_code = $5 AND sb.name = $6 AND sb.unit = $7
		JOIN observations ob ON ob.series_id = sb.id AND ob.region_key = oa.region_key
			AND SUBSTR(ob.period, 1, 4) = SUBSTR(oa.period, 1, 4) AND ob.breakdown = $8
		LEFT JOIN regions r ON r.key = oa.region_key
		LEFT JOIN stat_region_names n ON n.table_code = sa.table_code AND n.region_key = oa.region_key
		WHERE sa.table_code = $1 AND sa.name = $2 AND sa.unit = $3
			AND ($9 = '' OR oa.region_key = $9)
			AND ($10 = '' OR r.level = $10)
			AND ($11 = '' OR SUBSTR(oa.period, 1, 4) = $11)
		ORDER BY oa.region_key, oa.period`,
		ind.A.Table, ind.A.Series, ind.A.Unit, ind.A.Breakdown, b.Table, b.Series, b.Unit, b.Breakdown, f.Region, f.Level, f.Period)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []IndicatorValue
	for rows.Next() {
		var v IndicatorValue
		var a, bc monitoring.Cell
		if err := rows.Scan(&v.RegionKey, &v.RegionName, &v.Period, &a.Value, &a.Symbol, &bc.Value, &bc.Symbol); err != nil {
			return nil, err
		}
		v.Cell = ind.Compute(a, bc)
		out = append(out, v)
	}
	return out, rows.Err()
}
