package store

import (
	"context"
	"database/sql"

	"github.com/teilhabe/teilhabe/internal/audit"
)

// AuditStore is the audit log's view of the database: it reads what Tx.Audit
// wrote. It implements audit.Store.
type AuditStore struct{ db *DB }

// Audit returns the audit log's view.
func (db *DB) Audit() *AuditStore { return &AuditStore{db: db} }

var _ audit.Store = (*AuditStore)(nil)

// Events returns the events that match f, newest first.
func (s *AuditStore) Events(ctx context.Context, f audit.Filter) ([]audit.Event, error) {
	return collect(ctx, s.db.read, func(rows *sql.Rows) (audit.Event, error) {
		var e audit.Event
		err := rows.Scan(&e.ID, &e.At, &e.ActorID, &e.Actor, &e.Entity, &e.EntityID, &e.Action, &e.Before, &e.After)
		return e, err
	}, `SELECT id, at, COALESCE(actor_id, 0), actor, entity, entity_id, action,
		COALESCE(CAST(before AS TEXT), ''), COALESCE(CAST(after AS TEXT), '')
		FROM audit_events
		WHERE ($1 = '' OR entity = $1) AND ($2 = '' OR entity_id = $2)
		ORDER BY id DESC LIMIT $3`, f.Entity, f.EntityID, f.Size())
}
