package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"sync/atomic"

	"github.com/jackc/pgx/v5/stdlib"
)

// The database pools talk to the engine through a thin driver wrapper that counts
// what is sent: statements and transactions. The benchmarks report SQL statements
// per request from it, and tests use it to keep a page from quietly growing an N+1
// query. Everything else passes through unchanged, including the optional driver
// interfaces, so the engine's own fast paths (ExecerContext, NamedValueChecker,
// session reset) stay in use.

// Statements counts what a DB sent to its engine since it was opened.
type Statements struct {
	Queries      uint64 // statements that return rows
	Execs        uint64 // statements that do not
	Transactions uint64 // BEGIN … COMMIT/ROLLBACK pairs
}

// Total is every statement, counting a transaction as its BEGIN and its end.
func (s Statements) Total() uint64 { return s.Queries + s.Execs + 2*s.Transactions }

// Sub returns what happened between an earlier count and s.
func (s Statements) Sub(earlier Statements) Statements {
	return Statements{Queries: s.Queries - earlier.Queries, Execs: s.Execs - earlier.Execs, Transactions: s.Transactions - earlier.Transactions}
}

type counter struct{ queries, execs, txs atomic.Uint64 }

func (c *counter) snapshot() Statements {
	return Statements{Queries: c.queries.Load(), Execs: c.execs.Load(), Transactions: c.txs.Load()}
}

// Statements returns how many statements and transactions the DB has sent.
func (db *DB) Statements() Statements { return db.count.snapshot() }

// countingConnector opens connections of the wrapped connector and counts their work.
type countingConnector struct {
	driver.Connector
	c *counter
}

func (cc countingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := cc.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &countingConn{Conn: conn, c: cc.c}, nil
}

// dsnConnector is the connector of a driver without driver.DriverContext.
type dsnConnector struct {
	dsn string
	d   driver.Driver
}

func (dc dsnConnector) Connect(context.Context) (driver.Conn, error) { return dc.d.Open(dc.dsn) }
func (dc dsnConnector) Driver() driver.Driver                        { return dc.d }

func countingConnectorFor(d driver.Driver, dsn string, c *counter) (driver.Connector, error) {
	var conn driver.Connector = dsnConnector{dsn: dsn, d: d}
	if dc, ok := d.(driver.DriverContext); ok {
		var err error
		if conn, err = dc.OpenConnector(dsn); err != nil {
			return nil, err
		}
	}
	return countingConnector{Connector: conn, c: c}, nil
}

type countingConn struct {
	driver.Conn
	c *counter
}

// Unwrap returns the engine's own connection, for driver-specific work such as
// PostgreSQL's COPY (copystream.go).
func (c *countingConn) Unwrap() driver.Conn { return c.Conn }

func (c *countingConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

func (c *countingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	var st driver.Stmt
	var err error
	if pc, ok := c.Conn.(driver.ConnPrepareContext); ok {
		st, err = pc.PrepareContext(ctx, query)
	} else {
		st, err = c.Conn.Prepare(query)
	}
	if err != nil {
		return nil, err
	}
	return &countingStmt{Stmt: st, c: c.c}, nil
}

func (c *countingConn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

func (c *countingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	var tx driver.Tx
	var err error
	if bt, ok := c.Conn.(driver.ConnBeginTx); ok {
		tx, err = bt.BeginTx(ctx, opts)
	} else {
		tx, err = c.Conn.Begin()
	}
	if err == nil {
		c.c.txs.Add(1)
	}
	return tx, err
}

func (c *countingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	ec, ok := c.Conn.(driver.ExecerContext)
	if !ok {
		return nil, driver.ErrSkip // database/sql prepares instead; the statement counts then
	}
	res, err := ec.ExecContext(ctx, query, args)
	if err != driver.ErrSkip {
		c.c.execs.Add(1)
	}
	return res, err
}

func (c *countingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	qc, ok := c.Conn.(driver.QueryerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	rows, err := qc.QueryContext(ctx, query, args)
	if err != driver.ErrSkip {
		c.c.queries.Add(1)
	}
	return rows, err
}

func (c *countingConn) Ping(ctx context.Context) error {
	if p, ok := c.Conn.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

func (c *countingConn) ResetSession(ctx context.Context) error {
	if r, ok := c.Conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (c *countingConn) IsValid() bool {
	if v, ok := c.Conn.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

func (c *countingConn) CheckNamedValue(nv *driver.NamedValue) error {
	if n, ok := c.Conn.(driver.NamedValueChecker); ok {
		return n.CheckNamedValue(nv)
	}
	return driver.ErrSkip // database/sql's default conversion
}

type countingStmt struct {
	driver.Stmt
	c *counter
}

func (s *countingStmt) Exec(args []driver.Value) (driver.Result, error) {
	s.c.execs.Add(1)
	return s.Stmt.Exec(args)
}

func (s *countingStmt) Query(args []driver.Value) (driver.Rows, error) {
	s.c.queries.Add(1)
	return s.Stmt.Query(args)
}

func (s *countingStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	if ec, ok := s.Stmt.(driver.StmtExecContext); ok {
		s.c.execs.Add(1)
		return ec.ExecContext(ctx, args)
	}
	values, err := plainValues(args)
	if err != nil {
		return nil, err
	}
	return s.Exec(values)
}

func (s *countingStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	if qc, ok := s.Stmt.(driver.StmtQueryContext); ok {
		s.c.queries.Add(1)
		return qc.QueryContext(ctx, args)
	}
	values, err := plainValues(args)
	if err != nil {
		return nil, err
	}
	return s.Query(values)
}

func (s *countingStmt) CheckNamedValue(nv *driver.NamedValue) error {
	if n, ok := s.Stmt.(driver.NamedValueChecker); ok {
		return n.CheckNamedValue(nv)
	}
	return driver.ErrSkip // the connection's checker, then the default
}

// plainValues is what database/sql does for a statement without context methods:
// positional values only.
func plainValues(args []driver.NamedValue) ([]driver.Value, error) {
	out := make([]driver.Value, len(args))
	for i, a := range args {
		if a.Name != "" {
			return nil, driver.ErrSkip
		}
		out[i] = a.Value
	}
	return out, nil
}

// pgxConn returns the pgx connection behind a database/sql driver connection, for
// COPY; the counting wrapper is looked through.
func pgxConn(dc any) (*stdlib.Conn, error) {
	if u, ok := dc.(interface{ Unwrap() driver.Conn }); ok {
		dc = u.Unwrap()
	}
	c, ok := dc.(*stdlib.Conn)
	if !ok {
		return nil, errors.New("store: COPY needs a pgx connection")
	}
	return c, nil
}
