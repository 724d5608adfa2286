package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/teilhabe/teilhabe/internal/monitoring"
)

// ImportTable reads one table file into the transaction. The file's series are
// matched to the table's stored ones (plan.Match); cells of series × periods ×
// breakdowns that nothing stored yet go straight into observations, the others
// through a staging table that the merge compares with what is stored (statmerge.go).
// Region keys the Gemeindeverzeichnis does not know are kept and counted. A unique
// constraint that fails is answered with the monitoring errors for it (two value
// columns alike, one value twice); the use case decides the rest and records the
// audit event.
func (t statisticsTx) ImportTable(ctx context.Context, f monitoring.TableFile, plan monitoring.TablePlan) (monitoring.TableImport, monitoring.Summary, error) {
	tx := t.tx
	res := monitoring.TableImport{File: f.Name}
	sink := &tableSink{ctx: ctx, tx: tx, file: f.Name, plan: plan, res: &res, names: map[string]string{}}
	defer sink.close()
	sum, err := f.Read(sink)
	if err != nil || res.Table == "" {
		return res, sum, err
	}
	if !sink.isNew && res.Unchanged() {
		return res, sum, unknownRegions(ctx, tx, &res)
	}
	if err := sink.writeNames(); err != nil {
		return res, sum, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE stat_tables SET encoding = $2 WHERE code = $1`, res.Table, sum.Encoding); err != nil {
		return res, sum, err
	}
	err = unknownRegions(ctx, tx, &res)
	return res, sum, err
}

// sliceKey is one series × period × breakdown: what a file replaces as a whole.
type sliceKey struct {
	series            int64
	period, breakdown string
}

// tableSink writes what the reader streams. Observations go out in batches; region
// names are collected (a table has a few thousand regions at most) and written at
// the end.
type tableSink struct {
	ctx      context.Context
	tx       *Tx
	file     string
	plan     monitoring.TablePlan
	res      *monitoring.TableImport
	table    monitoring.Table
	isNew    bool // the table was not stored (or was replaced)
	seriesID []int64
	// slices are the stored cells per series × period × breakdown (nil for a new
	// table), touched the ones the file holds too; total is their sum.
	slices       map[sliceKey]int
	touched      map[sliceKey]bool
	total        int
	storedLatest string // the latest period stored, and the file's
	fileLatest   string
	direct       rowBuffer // into observations
	staged       rowBuffer // into stat_import, for the merge
	names        map[string]string
	oldNames     map[string]string
}

func (s *tableSink) Begin(t monitoring.Table, series []monitoring.Series) error {
	ctx, tx := s.ctx, s.tx
	s.table, s.res.Table, s.res.Series = t, t.Code, len(series)
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM stat_tables WHERE code = $1`, t.Code).Scan(&n); err != nil {
		return err
	}
	s.isNew = n == 0
	if !s.isNew && s.plan.ReplaceTable {
		if err := s.deleteTable(); err != nil {
			return err
		}
		s.isNew, s.res.TableReplaced = true, true
	}
	var stored []monitoring.SeriesInfo
	if s.isNew {
		breakdowns, _ := json.Marshal(nonNil(t.BreakdownNames))
		if _, err := tx.ExecContext(ctx, `INSERT INTO stat_tables (code, title, source_note, breakdown_names, file_name, encoding, imported_at)
			VALUES ($1, $2, '', $3, $4, '', $5)`, t.Code, t.Title, string(breakdowns), s.file, tx.now); err != nil {
			return err
		}
	} else if err := s.loadStored(&stored); err != nil {
		return err
	}
	matched, err := s.matchSeries(stored, series)
	if err != nil {
		return err
	}
	if !s.isNew {
		if err := s.loadSlices(matched); err != nil {
			return err
		}
	}
	const cols = "series_id, region_key, period, breakdown, value, symbol"
	if len(s.slices) == 0 {
		// Nothing stored that the file could replace: straight into observations.
		s.direct = newRowBuffer(ctx, tx, "observations", cols, true)
		return nil
	}
	for _, q := range []string{`DROP TABLE IF EXISTS stat_import`, `CREATE TEMP TABLE stat_import (
		series_id BIGINT NOT NULL, region_key TEXT NOT NULL, period TEXT NOT NULL, breakdown TEXT NOT NULL,
		value DOUBLE PRECISION, symbol TEXT NOT NULL,
		PRIMARY KEY (series_id, period, breakdown, region_key))` + tx.db.Dialect.withoutRowID()} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	s.direct = newRowBuffer(ctx, tx, "observations", cols, false)
	s.staged = newRowBuffer(ctx, tx, "stat_import", cols, false)
	s.touched = map[sliceKey]bool{}
	return nil
}

// deleteTable removes the table before it is imported anew; observations go first,
// since PostgreSQL has no foreign key that would take them along.
func (s *tableSink) deleteTable() error {
	ctx, tx := s.ctx, s.tx
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM observations o JOIN stat_series s ON s.id = o.series_id WHERE s.table_code = $1`, s.table.Code).Scan(&s.res.Removed); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM observations WHERE series_id IN (SELECT id FROM stat_series WHERE table_code = $1)`, s.table.Code); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM stat_tables WHERE code = $1`, s.table.Code) // series and names follow (ON DELETE CASCADE)
	return err
}

// loadStored reads the table's series and the region names of earlier imports.
func (s *tableSink) loadStored(stored *[]monitoring.SeriesInfo) error {
	ctx, tx := s.ctx, s.tx
	var err error
	if *stored, err = tableSeries(ctx, tx, s.table.Code); err != nil {
		return err
	}
	s.oldNames = map[string]string{}
	names, err := tx.QueryContext(ctx, `SELECT region_key, name FROM stat_region_names WHERE table_code = $1`, s.table.Code)
	if err != nil {
		return err
	}
	defer names.Close()
	for names.Next() {
		var k, n string
		if err := names.Scan(&k, &n); err != nil {
			return err
		}
		s.oldNames[k] = n
	}
	return names.Err()
}

// loadSlices counts the table's cells, and those of the matched series per series ×
// period × breakdown: only these can the file replace. (Grouping only the matched
// series keeps a file of a few series from sorting a whole large table.)
func (s *tableSink) loadSlices(matched []int64) error {
	ctx, tx := s.ctx, s.tx
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM observations WHERE series_id IN (SELECT id FROM stat_series WHERE table_code = $1)`,
		s.table.Code).Scan(&s.total); err != nil {
		return err
	}
	s.slices = map[sliceKey]int{}
	for chunk := range slices.Chunk(matched, maxIDList) {
		var args []any
		rows, err := tx.QueryContext(ctx, `SELECT series_id, period, breakdown, COUNT(*) FROM observations
			WHERE series_id IN (`+inList(&args, chunk...)+`) GROUP BY series_id, period, breakdown`, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var k sliceKey
			var n int
			if err := rows.Scan(&k.series, &k.period, &k.breakdown, &n); err != nil {
				rows.Close()
				return err
			}
			s.slices[k] = n
			s.storedLatest = max(s.storedLatest, k.period)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// matchSeries gives each series of the file its stored series, or a new one after
// the stored ones, and returns the ids of the stored series it matched.
func (s *tableSink) matchSeries(stored []monitoring.SeriesInfo, series []monitoring.Series) ([]int64, error) {
	ctx, tx := s.ctx, s.tx
	match := s.plan.Match
	if match == nil {
		match = func(_ string, stored []monitoring.SeriesInfo, file []monitoring.Series) []monitoring.SeriesMatch {
			return monitoring.MatchSeries(stored, file, nil)
		}
	}
	matches := match(s.table.Code, stored, series)
	var next int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(position), -1) + 1 FROM stat_series WHERE table_code = $1`, s.table.Code).Scan(&next); err != nil {
		return nil, err
	}
	var matched []int64
	s.seriesID = make([]int64, len(series))
	for i, sr := range series {
		if m := matches[i]; m.Stored >= 0 {
			st := stored[m.Stored]
			s.seriesID[i] = st.ID
			matched = append(matched, st.ID)
			if m.By != monitoring.MatchExact {
				s.res.Renamed = append(s.res.Renamed, monitoring.SeriesRename{File: sr.Name(), Stored: st.Name, Unit: st.Unit, By: m.By})
			}
			continue
		}
		labels, _ := json.Marshal(nonNil(sr.Labels))
		err := tx.QueryRowContext(ctx, `INSERT INTO stat_series (table_code, position, name, labels, unit) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			s.table.Code, next, sr.Name(), string(labels), sr.Unit).Scan(&s.seriesID[i])
		if err != nil {
			if tx.db.Dialect.isUniqueViolation(err) {
				return nil, monitoring.ErrTwoColumns(s.file, sr.Name(), sr.Unit)
			}
			return nil, err
		}
		next++
		if len(stored) > 0 {
			s.res.Unmatched = append(s.res.Unmatched, sr.Name())
		}
	}
	return matched, nil
}

func (s *tableSink) Observation(o monitoring.Observation) error {
	if o.Series < 0 || o.Series >= len(s.seriesID) {
		return fmt.Errorf("observation of series %d outside the table's %d series", o.Series, len(s.seriesID))
	}
	var value any
	if o.Symbol == "" {
		value = o.Value
	}
	if _, ok := s.names[o.RegionKey]; !ok {
		s.names[o.RegionKey] = o.RegionName
	}
	s.fileLatest = max(s.fileLatest, o.Period)
	s.res.Observations++
	id, bd := s.seriesID[o.Series], o.BreakdownText()
	buf := &s.direct
	if s.slices != nil {
		if k := (sliceKey{id, o.Period, bd}); s.slices[k] > 0 {
			s.touched[k] = true
			buf = &s.staged
		}
	}
	return s.duplicate(buf.add(id, o.RegionKey, o.Period, bd, value, o.Symbol), o.Line)
}

// duplicate turns a broken primary key into the error for the user.
func (s *tableSink) duplicate(err error, line int) error {
	if err != nil && (errors.Is(err, errDuplicate) || s.tx.db.Dialect.isUniqueViolation(err)) {
		return monitoring.ErrValueTwice(s.file, line)
	}
	return err
}

func (s *tableSink) End(sourceNote string) error {
	for _, b := range []*rowBuffer{&s.direct, &s.staged} {
		if err := s.duplicate(b.finish(), 0); err != nil {
			return err
		}
	}
	s.res.Added += s.direct.sent
	s.res.Kept = s.total
	if s.staged.sent > 0 {
		if err := s.merge(); err != nil {
			return err
		}
	}
	ctx, tx := s.ctx, s.tx
	var err error
	switch {
	case s.isNew:
		_, err = tx.ExecContext(ctx, `UPDATE stat_tables SET source_note = $2 WHERE code = $1`, s.res.Table, sourceNote)
	case s.res.Unchanged():
	case s.fileLatest >= s.storedLatest:
		// The newest vintage describes the table: its title, notes and breakdowns.
		breakdowns, _ := json.Marshal(nonNil(s.table.BreakdownNames))
		_, err = tx.ExecContext(ctx, `UPDATE stat_tables SET title = $2, source_note = $3, breakdown_names = $4, file_name = $5, imported_at = $6 WHERE code = $1`,
			s.res.Table, s.table.Title, sourceNote, string(breakdowns), s.file, tx.now)
	default:
		_, err = tx.ExecContext(ctx, `UPDATE stat_tables SET file_name = $2, imported_at = $3 WHERE code = $1`, s.res.Table, s.file, tx.now)
	}
	return err
}

func (s *tableSink) close() {
	s.direct.close()
	s.staged.close()
}

func unknownRegions(ctx context.Context, tx *Tx, res *monitoring.TableImport) error {
	rows, err := tx.QueryContext(ctx, `SELECT n.region_key FROM stat_region_names n
		WHERE n.table_code = $1 AND NOT EXISTS (SELECT 1 FROM regions r WHERE r.key = n.region_key)
		ORDER BY n.region_key`, res.Table)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return err
		}
		res.UnknownRegions++
		if len(res.UnknownSample) < 5 {
			res.UnknownSample = append(res.UnknownSample, k)
		}
	}
	return rows.Err()
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
