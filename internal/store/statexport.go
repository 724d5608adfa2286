package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/teilhabe/teilhabe/internal/monitoring"
)

// ObservationFilter selects observations for export; zero fields do not filter.
type ObservationFilter struct {
	Table  string
	Region string
}

// EachObservation streams the observations that match f to fn, ordered by table,
// series, region, period and breakdown, without holding them in memory.
func (db *DB) EachObservation(ctx context.Context, f ObservationFilter, fn func(monitoring.ExportRow) error) error {
	rows, err := db.read.QueryContext(ctx, `SELECT s.table_code, s.name, s.unit, o.region_key,
			COALESCE(r.name, n.name, ''), o.period, o.breakdown, o.value, o.symbol
		FROM observations o
		JOIN stat_series s ON s.id = o.series_id
		LEFT JOIN regions r ON r.key = o.region_key
		LEFT JOIN stat_region_names n ON n.table_code = s.table_code AND n.region_key = o.region_key
		WHERE ($1 = '' OR s.table_code = $1) AND ($2 = '' OR o.region_key = $2)
		ORDER BY s.table_code, s.position, o.region_key, o.period, o.breakdown`, f.Table, f.Region)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var o monitoring.ExportRow
		var value sql.NullFloat64
		if err := rows.Scan(&o.Table, &o.Series, &o.Unit, &o.RegionKey, &o.RegionName, &o.Period, &o.Breakdown, &value, &o.Symbol); err != nil {
			return err
		}
		if value.Valid {
			o.Value = &value.Float64
		}
		if err := fn(o); err != nil {
			return err
		}
	}
	return rows.Err()
}

// StatTable describes an imported table.
type StatTable struct {
	Code           string
	Title          string
	SourceNote     string
	BreakdownNames []string
	FileName       string
	Encoding       string
	ImportedAt     time.Time
	Series         int
	Observations   int
}

// StatTables lists the imported tables.
func (db *DB) StatTables(ctx context.Context) ([]StatTable, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT t.code, t.title, t.source_note, CAST(t.breakdown_names AS TEXT), t.file_name, t.encoding, t.imported_at,
			(SELECT COUNT(*) FROM stat_series s WHERE s.table_code = t.code),
			(SELECT COUNT(*) FROM observations o JOIN stat_series s ON s.id = o.series_id WHERE s.table_code = t.code)
		FROM stat_tables t ORDER BY t.code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []StatTable
	for rows.Next() {
		var t StatTable
		var names string
		if err := rows.Scan(&t.Code, &t.Title, &t.SourceNote, &names, &t.FileName, &t.Encoding, &t.ImportedAt, &t.Series, &t.Observations); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(names), &t.BreakdownNames); err != nil {
			return nil, errors.Join(errors.New("stat_tables.breakdown_names"), err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// SeriesInfo names one series of an imported table.
type SeriesInfo struct {
	ID    int64
	Table string
	Name  string
	Unit  string
}

// StatSeries lists every series of the imported tables, for choosing in forms.
func (db *DB) StatSeries(ctx context.Context) ([]SeriesInfo, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, table_code, name, unit FROM stat_series ORDER BY table_code, position`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SeriesInfo
	for rows.Next() {
		var s SeriesInfo
		if err := rows.Scan(&s.ID, &s.Table, &s.Name, &s.Unit); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
