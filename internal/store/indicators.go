package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
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
func (s *StatisticsStore) Indicators(ctx context.Context) ([]monitoring.Indicator, error) {
	return collect(ctx, s.db.read, func(rows *sql.Rows) (monitoring.Indicator, error) { return scanIndicator(rows) },
		`SELECT `+indicatorColumns+` FROM indicators ORDER BY action_field, name`)
}

func readIndicator(ctx context.Context, q queryer, code string) (monitoring.Indicator, error) {
	i, err := scanIndicator(q.QueryRowContext(ctx, `SELECT `+indicatorColumns+` FROM indicators WHERE code = $1`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return i, teilhabe.E(teilhabe.ENOTFOUND, "")
	}
	return i, err
}

// Indicator returns one indicator; ENOTFOUND if there is none.
func (s *StatisticsStore) Indicator(ctx context.Context, code string) (monitoring.Indicator, error) {
	return readIndicator(ctx, s.db.read, code)
}

func (t statisticsTx) Indicator(ctx context.Context, code string) (monitoring.Indicator, error) {
	return readIndicator(ctx, t.tx, code)
}

// SaveIndicator inserts an indicator or replaces the one with its code.
func (t statisticsTx) SaveIndicator(ctx context.Context, ind monitoring.Indicator) error {
	_, err := t.tx.ExecContext(ctx, `INSERT INTO indicators (`+indicatorColumns+`, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
		ON CONFLICT (code) DO UPDATE SET name = excluded.name, action_field = excluded.action_field, unit = excluded.unit,
			better = excluded.better, definition = excluded.definition, source = excluded.source, kind = excluded.kind,
			a_table = excluded.a_table, a_series = excluded.a_series, a_unit = excluded.a_unit, a_breakdown = excluded.a_breakdown,
			b_table = excluded.b_table, b_series = excluded.b_series, b_unit = excluded.b_unit, b_breakdown = excluded.b_breakdown,
			factor = excluded.factor, updated_at = excluded.updated_at`,
		ind.Code, ind.Name, ind.ActionField, ind.Unit, string(ind.Better), ind.Definition, ind.Source, string(ind.Kind),
		ind.A.Table, ind.A.Series, ind.A.Unit, ind.A.Breakdown, ind.B.Table, ind.B.Series, ind.B.Unit, ind.B.Breakdown, ind.Factor, t.tx.now)
	return err
}

// IndicatorValues computes an indicator from the observations as they are now, so that
// values follow every import. Two series are matched by region, year and breakdown;
// a region or year where one of them is missing has no value. The indicator's series
// are found as an import finds a file's (monitoring.ResolveSeries): under the labels
// of any vintage of their table.
func (s *StatisticsStore) IndicatorValues(ctx context.Context, ind monitoring.Indicator, f monitoring.IndicatorFilter) ([]monitoring.IndicatorValue, error) {
	b := ind.B
	if ind.Kind == monitoring.KindValue {
		b = ind.A // joined with itself; Compute ignores it
	}
	stored, err := tableSeries(ctx, s.db.read, ind.A.Table, b.Table)
	if err != nil {
		return nil, err
	}
	aliases, err := readSeriesAliases(ctx, s.db.read, "")
	if err != nil {
		return nil, err
	}
	resolve := func(ref monitoring.SeriesRef) (int64, bool) {
		var own []monitoring.SeriesInfo
		for _, si := range stored {
			if si.Table == ref.Table {
				own = append(own, si)
			}
		}
		si, ok := monitoring.ResolveSeries(ref, own, monitoring.AliasesOf(aliases, ref.Table))
		return si.ID, ok
	}
	aID, okA := resolve(ind.A)
	bID, okB := resolve(b)
	if !okA || !okB {
		return nil, nil
	}
	return collect(ctx, s.db.read, func(rows *sql.Rows) (monitoring.IndicatorValue, error) {
		var v monitoring.IndicatorValue
		var a, bc monitoring.Cell
		err := rows.Scan(&v.RegionKey, &v.RegionName, &v.Period, &a.Value, &a.Symbol, &bc.Value, &bc.Symbol)
		v.Cell = ind.Compute(a, bc)
		return v, err
	}, `SELECT oa.region_key, COALESCE(r.name, n.name, ''), oa.period,
			COALESCE(oa.value, 0), oa.symbol, COALESCE(ob.value, 0), ob.symbol
		FROM observations oa
		JOIN observations ob ON ob.series_id = $3 AND ob.region_key = oa.region_key
			AND SUBSTR(ob.period, 1, 4) = SUBSTR(oa.period, 1, 4) AND ob.breakdown = $4
		LEFT JOIN regions r ON r.key = oa.region_key
		LEFT JOIN stat_region_names n ON n.table_code = $1 AND n.region_key = oa.region_key
		WHERE oa.series_id = $2 AND oa.breakdown = $5
			AND ($6 = '' OR oa.region_key = $6)
			AND ($7 = '' OR r.level = $7)
			AND ($8 = '' OR SUBSTR(oa.period, 1, 4) = $8)
		ORDER BY oa.region_key, oa.period`,
		ind.A.Table, aID, bID, b.Breakdown, ind.A.Breakdown, f.Region, string(f.Level), f.Period)
}
