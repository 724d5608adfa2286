package regions

import (
	"context"
	"math"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// ImportResult counts what an import of the Gemeindeverzeichnis read and changed.
// It is also the audit record of the import.
type ImportResult struct {
	Source    string        `json:"source"`
	Read      map[Level]int `json:"read"` // regions in the file, by level
	Inserted  int           `json:"inserted"`
	Updated   int           `json:"updated"`
	Unchanged int           `json:"unchanged"`
	Retired   int           `json:"retired"`           // stored, but no longer in the directory
	Changed   []string      `json:"changed,omitempty"` // the first 100 updated keys
}

// maxChanged bounds the keys an import lists as changed: a new Gebietsstand changes
// thousands of population figures, and the audit record names a sample.
const maxChanged = 100

// checkImport lets platform admins and the system (accounts.System: the command
// line and the demo loader) import.
// Errors: EUNAUTHORIZED (nobody), EFORBIDDEN (not a platform admin).
func checkImport(ctx context.Context) error {
	p := accounts.PrincipalFrom(ctx)
	switch {
	case p == nil || p.User.Disabled():
		return teilhabe.E(teilhabe.EUNAUTHORIZED, "")
	case !p.IsAdmin():
		return teilhabe.E(teilhabe.EFORBIDDEN, "regions.error.import_admins")
	}
	return nil
}

// Import stores a Gemeindeverzeichnis, as ParseGemeindeverzeichnis read it, in one
// transaction with its audit event: new regions are inserted, changed ones updated,
// and stored regions that the directory no longer has are kept with ValidUntil set to
// the new Gebietsstand, because keys change with mergers and older data refers to
// them. Importing the same list twice changes nothing. source names the file in the
// audit log. The surfaces parse the whole file first, so that a broken line aborts
// before anything is written, as a form is read before its use case runs.
// Errors: EUNAUTHORIZED, EFORBIDDEN (not a platform admin, nor the system: accounts.System).
func (s *Service) Import(ctx context.Context, list []Region, source string) (ImportResult, error) {
	res := ImportResult{Source: source, Read: map[Level]int{}}
	if err := checkImport(ctx); err != nil {
		return res, err
	}
	for _, r := range list {
		res.Read[r.Level]++
	}
	err := s.store.Update(ctx, func(tx Tx) error {
		existing, err := tx.Existing(ctx)
		if err != nil {
			return err
		}
		seen := make(map[string]bool, len(list))
		var inserts []Region
		for _, r := range list {
			seen[r.Key] = true
			old, ok := existing[r.Key]
			switch {
			case !ok:
				inserts = append(inserts, r)
			case unchanged(old, r):
				res.Unchanged++
			default:
				if err := tx.Replace(ctx, r); err != nil {
					return err
				}
				res.Updated++
				if len(res.Changed) < maxChanged {
					res.Changed = append(res.Changed, r.Key)
				}
			}
		}
		if err := tx.Insert(ctx, inserts); err != nil {
			return err
		}
		res.Inserted = len(inserts)
		if len(list) > 0 {
			asOf := list[0].ValidFrom
			for key, old := range existing {
				if !seen[key] && old.ValidUntil.IsZero() {
					if err := tx.Retire(ctx, key, asOf); err != nil {
						return err
					}
					res.Retired++
				}
			}
		}
		return tx.Audit(ctx, "regions", source, "import", nil, res)
	})
	return res, err
}

// unchanged reports whether the stored region old is current and says what r says.
// Areas are compared to the hundredth of a km² the source has: the database may
// give the float back with a different last bit.
func unchanged(old, r Region) bool {
	return old.ARS == r.ARS && old.Name == r.Name && old.Level == r.Level && old.Kind == r.Kind &&
		old.ParentKey == r.ParentKey && math.Abs(old.AreaKm2-r.AreaKm2) < 0.005 &&
		old.Population == r.Population && old.PopulationMale == r.PopulationMale &&
		old.PopulationFemale == r.PopulationFemale && sameDay(old.PopulationDate, r.PopulationDate) &&
		old.Postcode == r.Postcode && old.ValidUntil.IsZero()
}

func sameDay(a, b time.Time) bool { return a.Format(time.DateOnly) == b.Format(time.DateOnly) }
