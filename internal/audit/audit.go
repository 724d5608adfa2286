// Package audit is the audit log as its readers see it: who changed what, when, with
// the state before and after. Every capability writes its events in the transaction
// of the change (the store's Tx.Audit); this package lists them for the platform
// admins.
package audit

import (
	"context"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
)

// Event is one row of the audit log. Before and After are the JSON the change
// recorded, "" for none.
type Event struct {
	ID       int64
	At       time.Time
	ActorID  int64 // 0 for the system
	Actor    string
	Entity   string
	EntityID string
	Action   string
	Before   string
	After    string
}

// Filter selects events; zero fields do not filter.
type Filter struct {
	Entity   string
	EntityID string
	Limit    int // see Size
}

// DefaultLimit and MaxLimit bound one list of events.
const (
	DefaultLimit = 100
	MaxLimit     = 500
)

// Size is how many events one list holds: Limit, or DefaultLimit when it is not
// between 1 and MaxLimit.
func (f Filter) Size() int {
	if f.Limit <= 0 || f.Limit > MaxLimit {
		return DefaultLimit
	}
	return f.Limit
}

// Store reads the log; the store's Audit view implements it.
type Store interface {
	// Events returns the events that match f, newest first, at most f.Size().
	Events(ctx context.Context, f Filter) ([]Event, error)
}

// Service is the audit log's use case.
type Service struct{ store Store }

// NewService returns the audit log over s.
func NewService(s Store) *Service { return &Service{store: s} }

// List returns the events that match f, newest first. The log names people and
// holds the states of every change, so only platform admins read it.
// Errors: EUNAUTHORIZED, EFORBIDDEN.
func (s *Service) List(ctx context.Context, f Filter) ([]Event, error) {
	if err := accounts.Authorize(accounts.PrincipalFrom(ctx), accounts.ActAdminAudit, accounts.Target{}); err != nil {
		return nil, err
	}
	return s.store.Events(ctx, f)
}
