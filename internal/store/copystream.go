package store

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
)

// copyStream runs one PostgreSQL COPY for as long as rows keep coming, on the
// transaction's connection in its own goroutine. The server stores the rows while the
// caller is still reading the file, so a large import costs about the longer of the
// two instead of their sum. Nothing else may use the connection until Close.
type copyStream struct {
	ctx      context.Context
	ncol     int
	batches  chan []any
	finished chan struct{}
	err      error // the COPY's result, set before finished is closed
	closed   bool
	cur      []any
	pos      int
}

func startCopy(ctx context.Context, tx *Tx, table string, cols []string) *copyStream {
	c := &copyStream{ctx: ctx, ncol: len(cols), batches: make(chan []any, 4), finished: make(chan struct{})}
	go func() {
		defer close(c.finished)
		c.err = tx.conn.Raw(func(dc any) error {
			pc, err := pgxConn(dc)
			if err != nil {
				return err
			}
			_, err = pc.Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, c)
			return err
		})
	}()
	return c
}

// Send hands over a batch of rows (ncol values each); the stream owns it from now on.
// An error means the COPY has failed already.
func (c *copyStream) Send(batch []any) error {
	select {
	case c.batches <- batch:
		return nil
	case <-c.finished:
		if c.err == nil {
			return errors.New("store: COPY ended early")
		}
		return c.err
	}
}

// Close ends the COPY and returns its result.
func (c *copyStream) Close() error {
	if !c.closed {
		c.closed = true
		close(c.batches)
	}
	<-c.finished
	return c.err
}

// Next, Values and Err make the stream a pgx.CopyFromSource.
func (c *copyStream) Next() bool {
	c.pos += c.ncol
	for c.pos >= len(c.cur) {
		select {
		case b, ok := <-c.batches:
			if !ok {
				return false
			}
			c.cur, c.pos = b, 0
		case <-c.ctx.Done():
			return false
		}
	}
	return true
}

func (c *copyStream) Values() ([]any, error) { return c.cur[c.pos : c.pos+c.ncol], nil }

func (c *copyStream) Err() error { return c.ctx.Err() }
