package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Tx is a write transaction. It carries one timestamp, so that every row it touches and
// every audit event it records agree on when the change happened, and the actor who
// made the change.
type Tx struct {
	*sql.Tx
	conn  *sql.Conn // the connection the transaction runs on, for bulk COPY (copy.go)
	db    *DB
	now   time.Time
	actor teilhabe.Actor
}

// Update runs fn in a write transaction and commits it if fn returns nil. The actor
// comes from ctx. Any error rolls everything back, audit events included.
func (db *DB) Update(ctx context.Context, fn func(tx *Tx) error) error {
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close()
	sqlTx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	tx := &Tx{Tx: sqlTx, conn: conn, db: db, now: db.Now().UTC(), actor: teilhabe.ActorFrom(ctx)}
	if err := fn(tx); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	return sqlTx.Commit()
}

// Now returns the transaction's timestamp.
func (tx *Tx) Now() time.Time { return tx.now }

// Audit records who changed what, in the same transaction as the change. before and
// after are marshalled to JSON; nil stays NULL.
func (tx *Tx) Audit(ctx context.Context, entity, entityID, action string, before, after any) error {
	b, err := jsonOrNil(before)
	if err != nil {
		return err
	}
	a, err := jsonOrNil(after)
	if err != nil {
		return err
	}
	var actorID sql.NullInt64
	if tx.actor.UserID != 0 {
		actorID = sql.NullInt64{Int64: tx.actor.UserID, Valid: true}
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_events (at, actor_id, actor, entity, entity_id, action, before, after)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, tx.now, actorID, tx.actor.Label, entity, entityID, action, b, a)
	if err != nil {
		return fmt.Errorf("audit %s %s: %w", entity, action, err)
	}
	return nil
}

func jsonOrNil(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}
