package regions

import (
	"context"
	"time"
)

// Store is what the use cases need from storage; the store's Regions view implements
// it. Its reads see what is committed; Update's transaction sees its own writes. Its
// errors are faults (EINTERNAL), except ENOTFOUND from Region.
type Store interface {
	// Region returns the region with this key, or the Gemeinde with this 12-digit
	// ARS; ENOTFOUND if there is none. Regions of an older Gebietsstand count.
	Region(ctx context.Context, key string) (Region, error)
	// Ancestors returns the chain from the Bund down to the region itself; empty
	// for an unknown key.
	Ancestors(ctx context.Context, key string) ([]Region, error)
	// Find returns one page (f.Page) of the current regions that match f and how
	// many match in all. Names match by the prefix of any word, with or without
	// umlauts, the whole-name prefixes first; keys and ARS by prefix.
	Find(ctx context.Context, f Filter) ([]Region, int, error)
	// Count counts the current regions that match f; f's page does not matter.
	Count(ctx context.Context, f Filter) (int, error)
	// ByKeys returns the regions with these keys, by key; unknown keys are missing.
	ByKeys(ctx context.Context, keys []string) ([]Region, error)
	// Update runs fn in one write transaction. It commits when fn returns nil; any
	// error rolls back everything fn did, the audit event included.
	Update(ctx context.Context, fn func(Tx) error) error
}

// Tx is one write transaction of an import: everything it writes happens together
// or not at all.
type Tx interface {
	// Existing returns every stored region, current or retired, by key.
	Existing(ctx context.Context) (map[string]Region, error)
	// Insert adds new regions.
	Insert(ctx context.Context, list []Region) error
	// Replace overwrites the stored region with r's key with r, current again.
	Replace(ctx context.Context, r Region) error
	// Retire marks the region as no longer in the Gemeindeverzeichnis since asOf; it
	// stays, because older data refers to its key.
	Retire(ctx context.Context, key string, asOf time.Time) error
	// Audit records who changed what, in this transaction.
	Audit(ctx context.Context, entity, id, action string, before, after any) error
}
