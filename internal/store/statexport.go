package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/teilhabe/teilhabe/internal/monitoring"
)

// Tables lists the imported tables.
func (s *StatisticsStore) Tables(ctx context.Context) ([]monitoring.StatTable, error) {
	return collect(ctx, s.db.read, func(rows *sql.Rows) (monitoring.StatTable, error) {
		var t monitoring.StatTable
		var names string
		if err := rows.Scan(&t.Code, &t.Title, &t.SourceNote, &names, &t.FileName, &t.Encoding, &t.ImportedAt, &t.Series, &t.Observations); err != nil {
			return t, err
		}
		if err := json.Unmarshal([]byte(names), &t.BreakdownNames); err != nil {
			return t, fmt.Errorf("stat_tables.breakdown_names of %s: %w", t.Code, err)
		}
		return t, nil
	}, `SELECT t.code, t.title, t.source_note, CAST(t.breakdown_names AS TEXT), t.file_name, t.encoding, t.imported_at,
			(SELECT COUNT(*) FROM stat_series s WHERE s.table_code = t.code),
			(SELECT COUNT(*) FROM observations o JOIN stat_series s ON s.id = o.series_id WHERE s.table_code = t.code)
		FROM stat_tables t ORDER BY t.code`)
}

// Series lists every series of the imported tables, for choosing in forms.
func (s *StatisticsStore) Series(ctx context.Context) ([]monitoring.SeriesInfo, error) {
	return collect(ctx, s.db.read, func(rows *sql.Rows) (monitoring.SeriesInfo, error) {
		var si monitoring.SeriesInfo
		err := rows.Scan(&si.ID, &si.Table, &si.Name, &si.Unit)
		return si, err
	}, `SELECT id, table_code, name, unit FROM stat_series ORDER BY table_code, position`)
}
