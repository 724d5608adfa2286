package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/teilhabe/teilhabe/internal/monitoring"
)

// ImportTable reads one table file into the transaction: an earlier import of its
// table is replaced, region keys the Gemeindeverzeichnis does not know are kept and
// counted. A unique constraint that fails is answered with the monitoring errors for
// it (two value columns alike, one value twice); the use case decides the rest and
// records the audit event.
func (t statisticsTx) ImportTable(ctx context.Context, f monitoring.TableFile) (monitoring.TableImport, monitoring.Summary, error) {
	tx := t.tx
	res := monitoring.TableImport{File: f.Name}
	sink := &tableSink{ctx: ctx, tx: tx, file: f.Name, res: &res, names: map[string]string{}}
	defer sink.close()
	sum, err := f.Read(sink)
	if err != nil || res.Table == "" {
		return res, sum, err
	}
	if err := sink.flush(); err != nil {
		return res, sum, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE stat_tables SET encoding = $2 WHERE code = $1`, res.Table, sum.Encoding); err != nil {
		return res, sum, err
	}
	err = unknownRegions(ctx, tx, &res)
	return res, sum, err
}

// tableSink writes what the reader streams. Observations go out in batches through
// prepared statements; region names are collected (a table has a few thousand
// regions at most) and written at the end.
type tableSink struct {
	ctx      context.Context
	tx       *Tx
	file     string
	res      *monitoring.TableImport
	seriesID []int64
	names    map[string]string
	ins      *batchInserter // SQLite
	stream   *copyStream    // PostgreSQL
	batch    int            // rows per flush
	pending  []any
	rows     int
}

func (s *tableSink) Begin(t monitoring.Table, series []monitoring.Series) error {
	ctx, tx := s.ctx, s.tx
	s.res.Table, s.res.Series = t.Code, len(series)
	var old int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM observations o JOIN stat_series s ON s.id = o.series_id WHERE s.table_code = $1`, t.Code).Scan(&old); err != nil {
		return err
	}
	s.res.Replaced = old
	// Observations, series and names go with their table (ON DELETE CASCADE).
	if _, err := tx.ExecContext(ctx, `DELETE FROM observations WHERE series_id IN (SELECT id FROM stat_series WHERE table_code = $1)`, t.Code); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM stat_tables WHERE code = $1`, t.Code); err != nil {
		return err
	}
	breakdowns, _ := json.Marshal(nonNil(t.BreakdownNames))
	if _, err := tx.ExecContext(ctx, `INSERT INTO stat_tables (code, title, source_note, breakdown_names, file_name, encoding, imported_at)
		VALUES ($1, $2, '', $3, $4, '', $5)`, t.Code, t.Title, string(breakdowns), s.file, tx.now); err != nil {
		return err
	}
	s.seriesID = make([]int64, len(series))
	for i, sr := range series {
		labels, _ := json.Marshal(nonNil(sr.Labels))
		err := tx.QueryRowContext(ctx, `INSERT INTO stat_series (table_code, position, name, labels, unit) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			t.Code, i, sr.Name(), string(labels), sr.Unit).Scan(&s.seriesID[i])
		if err != nil {
			if tx.db.Dialect.isUniqueViolation(err) {
				return monitoring.ErrTwoColumns(s.file, sr.Name(), sr.Unit)
			}
			return err
		}
	}
	const cols = "series_id, region_key, period, breakdown, value, symbol"
	if tx.db.Dialect.copies() {
		s.stream, s.batch = startCopy(ctx, tx, "observations", strings.Split(cols, ", ")), 2000
		return nil
	}
	s.ins = newBatchInserter(tx, "observations", cols, 6)
	s.ins.countRows = true
	s.batch = s.ins.size
	return nil
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
	s.pending = append(s.pending, s.seriesID[o.Series], o.RegionKey, o.Period, o.BreakdownText(), value, o.Symbol)
	s.rows++
	s.res.Observations++
	if s.rows == s.batch {
		return s.flushAt(o.Line)
	}
	return nil
}

func (s *tableSink) flushAt(line int) error {
	if s.rows == 0 {
		return nil
	}
	if s.stream != nil {
		// The stream owns the batch now; a duplicate shows only when the COPY ends.
		err := s.stream.Send(s.pending)
		s.pending, s.rows = make([]any, 0, len(s.pending)), 0
		return s.duplicate(err, line)
	}
	err := s.ins.Exec(s.ctx, s.rows, s.pending)
	s.pending, s.rows = s.pending[:0], 0
	return s.duplicate(err, line)
}

// duplicate turns a broken primary key into the error for the user.
func (s *tableSink) duplicate(err error, line int) error {
	if err != nil && (errors.Is(err, errDuplicate) || s.tx.db.Dialect.isUniqueViolation(err)) {
		return monitoring.ErrValueTwice(s.file, line)
	}
	return err
}

func (s *tableSink) End(sourceNote string) error {
	if err := s.flushAt(0); err != nil {
		return err
	}
	if s.stream != nil {
		err := s.stream.Close()
		s.stream = nil
		if err := s.duplicate(err, 0); err != nil {
			return err
		}
	}
	_, err := s.tx.ExecContext(s.ctx, `UPDATE stat_tables SET source_note = $2 WHERE code = $1`, s.res.Table, sourceNote)
	return err
}

// flush writes the region names; End has written the last observations.
func (s *tableSink) flush() error {
	keys := make([]string, 0, len(s.names))
	for k := range s.names {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	ins := newBatchInserter(s.tx, "stat_region_names", "table_code, region_key, name", 3)
	defer ins.Close()
	for _, k := range keys {
		if err := ins.Exec(s.ctx, 1, []any{s.res.Table, k, s.names[k]}); err != nil {
			return err
		}
	}
	return nil
}

func (s *tableSink) close() {
	if s.stream != nil {
		s.stream.Close() // the transaction rolls back: its result does not matter
	}
	if s.ins != nil {
		s.ins.Close()
	}
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
