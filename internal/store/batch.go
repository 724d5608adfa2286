package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// batchInserter inserts many rows with prepared statements, as many rows per
// statement as suits the engine (see insertBatchRows).
type batchInserter struct {
	tx    *Tx
	table string
	cols  string
	ncol  int
	size  int
	stmts map[int]*sql.Stmt
}

// insertBatchRows is how many rows one INSERT carries. PostgreSQL pays a round trip
// per statement, so it gets 400 rows at once. modernc.org/sqlite looks up each $n
// parameter by name in a linear list, so a statement with thousands of parameters is
// quadratic: one row per execution of a prepared statement is fastest there.
func (d Dialect) insertBatchRows() int {
	if d == Postgres {
		return 400
	}
	return 1
}

func newBatchInserter(tx *Tx, table, cols string, ncol int) *batchInserter {
	return &batchInserter{tx: tx, table: table, cols: cols, ncol: ncol, size: tx.db.Dialect.insertBatchRows(), stmts: map[int]*sql.Stmt{}}
}

// Exec inserts rows rows whose values are args, ncol values a row.
func (b *batchInserter) Exec(ctx context.Context, rows int, args []any) error {
	st, ok := b.stmts[rows]
	if !ok {
		var sb strings.Builder
		sb.WriteString("INSERT INTO " + b.table + " (" + b.cols + ") VALUES ")
		for r := 0; r < rows; r++ {
			if r > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString("(")
			for c := 0; c < b.ncol; c++ {
				if c > 0 {
					sb.WriteString(", ")
				}
				fmt.Fprintf(&sb, "$%d", r*b.ncol+c+1)
			}
			sb.WriteString(")")
		}
		var err error
		if st, err = b.tx.PrepareContext(ctx, sb.String()); err != nil {
			return err
		}
		b.stmts[rows] = st
	}
	_, err := st.ExecContext(ctx, args...)
	return err
}

// Close releases the prepared statements.
func (b *batchInserter) Close() {
	for _, st := range b.stmts {
		st.Close()
	}
}
