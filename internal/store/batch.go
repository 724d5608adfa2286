package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5"
)

// batchInserter inserts many rows in as few round trips as the engine allows:
// PostgreSQL gets the COPY protocol (~30x faster than INSERT statements there),
// SQLite multi-row INSERTs through one prepared statement.
type batchInserter struct {
	tx    *Tx
	table string
	cols  []string
	size  int // rows per flush
	stmts map[int]*sql.Stmt
	// countRows makes SQLite skip rows that break a constraint (INSERT OR IGNORE) and
	// report them as errDuplicate by counting. A multi-row INSERT that may abort
	// half-way makes SQLite copy every page it touches into a statement journal
	// first; that copy cost a third of a bulk import.
	countRows bool
}

// errDuplicate says that a batch held a row that broke a unique or other constraint.
var errDuplicate = errors.New("store: a row of the batch broke a constraint")

func newBatchInserter(tx *Tx, table, cols string, ncol int) *batchInserter {
	b := &batchInserter{tx: tx, table: table, stmts: map[int]*sql.Stmt{}}
	for _, c := range strings.Split(cols, ",") {
		b.cols = append(b.cols, strings.TrimSpace(c))
	}
	if len(b.cols) != ncol {
		panic("store: batch inserter columns do not match")
	}
	b.size = tx.db.Dialect.batchRows()
	return b
}

// Exec inserts rows rows whose values are args, len(cols) values a row.
func (b *batchInserter) Exec(ctx context.Context, rows int, args []any) error {
	if b.tx.db.Dialect.copies() {
		return b.copy(ctx, rows, args)
	}
	st, ok := b.stmts[rows]
	if !ok {
		var sb strings.Builder
		verb := "INSERT INTO "
		if b.countRows {
			verb = "INSERT OR IGNORE INTO "
		}
		sb.WriteString(verb + b.table + " (" + strings.Join(b.cols, ", ") + ") VALUES ")
		n := len(b.cols)
		for r := 0; r < rows; r++ {
			if r > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString("(")
			for c := 0; c < n; c++ {
				if c > 0 {
					sb.WriteString(", ")
				}
				sb.WriteString(b.tx.db.Dialect.placeholder(r*n + c + 1))
			}
			sb.WriteString(")")
		}
		var err error
		if st, err = b.tx.PrepareContext(ctx, sb.String()); err != nil {
			return err
		}
		b.stmts[rows] = st
	}
	res, err := st.ExecContext(ctx, args...)
	if err != nil || !b.countRows {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n != int64(rows) {
		return errDuplicate
	}
	return nil
}

// copy sends the rows with COPY on the transaction's own connection, so that they
// are part of the transaction like any INSERT.
func (b *batchInserter) copy(ctx context.Context, rows int, args []any) error {
	n := len(b.cols)
	data := make([][]any, rows)
	for r := range data {
		data[r] = args[r*n : (r+1)*n]
	}
	return b.tx.conn.Raw(func(dc any) error {
		c, err := pgxConn(dc)
		if err != nil {
			return err
		}
		_, err = c.Conn().CopyFrom(ctx, pgx.Identifier{b.table}, b.cols, pgx.CopyFromRows(data))
		return err
	})
}

// Close releases the prepared statements.
func (b *batchInserter) Close() {
	for _, st := range b.stmts {
		st.Close()
	}
}
