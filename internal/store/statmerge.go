package store

import (
	"context"
	"slices"
	"sort"
	"strings"
)

// rowBuffer collects rows for one table and writes them in batches: through a COPY
// that runs while the file is read (PostgreSQL, stream), else through the batch
// inserter (multi-row INSERT OR IGNORE on SQLite, one COPY per batch on PostgreSQL,
// which leaves the connection free between batches for a second buffer).
type rowBuffer struct {
	ctx    context.Context
	ins    *batchInserter
	stream *copyStream
	args   []any
	rows   int
	size   int
	sent   int // rows written
}

func newRowBuffer(ctx context.Context, tx *Tx, table, cols string, stream bool) rowBuffer {
	b := rowBuffer{ctx: ctx}
	names := strings.Split(cols, ", ")
	if stream && tx.db.Dialect.copies() {
		b.stream, b.size = startCopy(ctx, tx, table, names), 2000
		return b
	}
	b.ins = newBatchInserter(tx, table, cols, len(names))
	b.ins.countRows = true
	b.size = b.ins.size
	return b
}

// add buffers one row and writes the batch when it is full.
func (b *rowBuffer) add(row ...any) error {
	b.args = append(b.args, row...)
	b.rows++
	if b.rows == b.size {
		return b.flush()
	}
	return nil
}

func (b *rowBuffer) flush() error {
	if b.rows == 0 {
		return nil
	}
	n := b.rows
	var err error
	if b.stream != nil {
		// The stream owns the batch now; a duplicate shows only when the COPY ends.
		err = b.stream.Send(b.args)
		b.args = make([]any, 0, len(b.args))
	} else {
		err = b.ins.Exec(b.ctx, b.rows, b.args)
		b.args = b.args[:0]
	}
	b.rows, b.sent = 0, b.sent+n
	return err
}

// finish writes what is left and ends a COPY.
func (b *rowBuffer) finish() error {
	if b.ins == nil && b.stream == nil {
		return nil
	}
	if err := b.flush(); err != nil {
		return err
	}
	if b.stream != nil {
		err := b.stream.Close()
		b.stream = nil
		return err
	}
	return nil
}

func (b *rowBuffer) close() {
	if b.stream != nil {
		b.stream.Close() // the transaction rolls back: its result does not matter
	}
	if b.ins != nil {
		b.ins.Close()
	}
}

// merge writes the staged cells, whose series × period × breakdown the table holds
// already: the file replaces those slices exactly. Stored cells of them that the file
// lacks or gives differently are deleted, cells it gives anew or differently are
// inserted; a cell it gives alike is not touched, so that the same file imported
// again writes nothing.
func (s *tableSink) merge() error {
	ctx, tx := s.ctx, s.tx
	if q := tx.db.Dialect.analyzeTemp("stat_import"); q != "" {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	inSlices := 0
	for k := range s.touched {
		inSlices += s.slices[k]
	}
	var replaced, same int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN s.symbol = o.symbol AND COALESCE(s.value, 0) = COALESCE(o.value, 0) THEN 1 ELSE 0 END), 0)
		FROM stat_import s JOIN observations o ON o.series_id = s.series_id AND o.period = s.period
			AND o.breakdown = s.breakdown AND o.region_key = s.region_key`).Scan(&replaced, &same); err != nil {
		return err
	}
	r := s.res
	r.Replaced, r.Changed = replaced, replaced-same
	r.Removed += inSlices - replaced
	r.Added += s.staged.sent - replaced
	r.Kept = s.total - inSlices
	if r.Changed+inSlices-replaced > 0 {
		if _, err := tx.ExecContext(ctx, `DELETE FROM observations WHERE series_id IN (SELECT DISTINCT series_id FROM stat_import)
			AND EXISTS (SELECT 1 FROM stat_import s WHERE s.series_id = observations.series_id
				AND s.period = observations.period AND s.breakdown = observations.breakdown)
			AND NOT EXISTS (SELECT 1 FROM stat_import s WHERE s.series_id = observations.series_id
				AND s.period = observations.period AND s.breakdown = observations.breakdown
				AND s.region_key = observations.region_key AND s.symbol = observations.symbol
				AND COALESCE(s.value, 0) = COALESCE(observations.value, 0))`); err != nil {
			return err
		}
	}
	if s.staged.sent > same {
		if _, err := tx.ExecContext(ctx, `INSERT INTO observations (series_id, region_key, period, breakdown, value, symbol)
			SELECT s.series_id, s.region_key, s.period, s.breakdown, s.value, s.symbol FROM stat_import s
			WHERE NOT EXISTS (SELECT 1 FROM observations o WHERE o.series_id = s.series_id AND o.region_key = s.region_key
				AND o.period = s.period AND o.breakdown = s.breakdown)`); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, `DROP TABLE stat_import`)
	return err
}

// writeNames stores the region names of the file: all of them for a new table; for
// a merge the keys the table lacked, and, if the file is the newest vintage, the
// names it writes differently (Kreise are renamed: "Landkreis" becomes "Kreis").
func (s *tableSink) writeNames() error {
	newer := s.fileLatest >= s.storedLatest
	var keys, renamed []string
	for k, n := range s.names {
		old, ok := s.oldNames[k]
		switch {
		case !ok:
			keys = append(keys, k)
		case newer && old != n:
			keys, renamed = append(keys, k), append(renamed, k)
		}
	}
	sort.Strings(keys)
	for chunk := range slices.Chunk(renamed, maxIDList) {
		args := []any{s.res.Table}
		if _, err := s.tx.ExecContext(s.ctx, `DELETE FROM stat_region_names WHERE table_code = $1 AND region_key IN (`+inList(&args, chunk...)+`)`, args...); err != nil {
			return err
		}
	}
	ins := newBatchInserter(s.tx, "stat_region_names", "table_code, region_key, name", 3)
	defer ins.Close()
	for chunk := range slices.Chunk(keys, ins.size) {
		args := make([]any, 0, 3*len(chunk))
		for _, k := range chunk {
			args = append(args, s.res.Table, k, s.names[k])
		}
		if err := ins.Exec(s.ctx, len(chunk), args); err != nil {
			return err
		}
	}
	return nil
}
