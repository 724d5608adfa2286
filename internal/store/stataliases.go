package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

func readSeriesAliases(ctx context.Context, q queryer, table string) ([]monitoring.SeriesAlias, error) {
	return collect(ctx, q, func(rows *sql.Rows) (monitoring.SeriesAlias, error) {
		var a monitoring.SeriesAlias
		err := rows.Scan(&a.Table, &a.Alias, &a.Series, &a.CreatedAt)
		return a, err
	}, `SELECT table_code, alias, series, created_at FROM stat_series_aliases
		WHERE $1 = '' OR table_code = $1 ORDER BY table_code, alias`, table)
}

// SeriesAliases returns the aliases of every table.
func (s *StatisticsStore) SeriesAliases(ctx context.Context) ([]monitoring.SeriesAlias, error) {
	return readSeriesAliases(ctx, s.db.read, "")
}

func (t statisticsTx) SeriesAliases(ctx context.Context, table string) ([]monitoring.SeriesAlias, error) {
	return readSeriesAliases(ctx, t.tx, table)
}

func (t statisticsTx) SaveSeriesAlias(ctx context.Context, a monitoring.SeriesAlias) (monitoring.SeriesAlias, error) {
	a.CreatedAt = t.tx.now
	_, err := t.tx.ExecContext(ctx, `INSERT INTO stat_series_aliases (table_code, alias, series, created_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (table_code, alias) DO UPDATE SET series = excluded.series, created_at = excluded.created_at`,
		a.Table, a.Alias, a.Series, a.CreatedAt)
	return a, err
}

func (t statisticsTx) DeleteSeriesAlias(ctx context.Context, table, alias string) (monitoring.SeriesAlias, error) {
	var a monitoring.SeriesAlias
	err := t.tx.QueryRowContext(ctx, `DELETE FROM stat_series_aliases WHERE table_code = $1 AND alias = $2
		RETURNING table_code, alias, series, created_at`, table, alias).Scan(&a.Table, &a.Alias, &a.Series, &a.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return a, teilhabe.E(teilhabe.ENOTFOUND, "")
	}
	return a, err
}

func scanSeriesInfo(rows *sql.Rows) (monitoring.SeriesInfo, error) {
	var si monitoring.SeriesInfo
	err := rows.Scan(&si.ID, &si.Table, &si.Name, &si.Unit)
	return si, err
}

func tableSeries(ctx context.Context, q queryer, tables ...string) ([]monitoring.SeriesInfo, error) {
	var args []any
	return collect(ctx, q, scanSeriesInfo, `SELECT id, table_code, name, unit FROM stat_series
		WHERE table_code IN (`+inList(&args, tables...)+`) ORDER BY table_code, position`, args...)
}

func (t statisticsTx) TableSeries(ctx context.Context, table string) ([]monitoring.SeriesInfo, error) {
	return tableSeries(ctx, t.tx, table)
}

func (t statisticsTx) SeriesByID(ctx context.Context, id int64) (monitoring.SeriesInfo, error) {
	var si monitoring.SeriesInfo
	err := t.tx.QueryRowContext(ctx, `SELECT id, table_code, name, unit FROM stat_series WHERE id = $1`, id).Scan(&si.ID, &si.Table, &si.Name, &si.Unit)
	if errors.Is(err, sql.ErrNoRows) {
		return si, teilhabe.E(teilhabe.ENOTFOUND, "")
	}
	return si, err
}

// MergeSeries moves from's cells into into where into has none, then deletes from.
func (t statisticsTx) MergeSeries(ctx context.Context, from, into int64) (monitoring.SeriesMerge, error) {
	var m monitoring.SeriesMerge
	const sameCell = `o.series_id = $2 AND o.region_key = f.region_key AND o.period = f.period AND o.breakdown = f.breakdown`
	if err := t.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM observations f WHERE f.series_id = $1
		AND EXISTS (SELECT 1 FROM observations o WHERE `+sameCell+`)`, from, into).Scan(&m.Dropped); err != nil {
		return m, err
	}
	res, err := t.tx.ExecContext(ctx, `INSERT INTO observations (series_id, region_key, period, breakdown, value, symbol)
		SELECT $2, f.region_key, f.period, f.breakdown, f.value, f.symbol FROM observations f
		WHERE f.series_id = $1 AND NOT EXISTS (SELECT 1 FROM observations o WHERE `+sameCell+`)`, from, into)
	if err != nil {
		return m, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return m, err
	}
	m.Moved = int(n)
	if _, err := t.tx.ExecContext(ctx, `DELETE FROM observations WHERE series_id = $1`, from); err != nil {
		return m, err
	}
	_, err = t.tx.ExecContext(ctx, `DELETE FROM stat_series WHERE id = $1`, from)
	return m, err
}
