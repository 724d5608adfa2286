package regions

import (
	"context"
	"slices"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Service is what users can do with the regions of the Gemeindeverzeichnis: find
// them, look at one with its place in the hierarchy, name them, and (platform admins,
// or the system) import a new Gebietsstand. The web UI, the JSON API and the CLI call
// the same methods. Reading is public; Import decides access itself. Errors are
// *teilhabe.Error values with the codes each method names, or internal faults.
type Service struct {
	store Store
}

// NewService returns the region use cases over s.
func NewService(s Store) *Service { return &Service{store: s} }

// notFound is the answer for a key that names no region, well-formed or not.
func notFound(key string) error {
	return teilhabe.E(teilhabe.ENOTFOUND, "regions.error.not_found", "Key", key)
}

// Find returns one page of the current regions that match f, and how many match in
// all: a name prefix of any word (with or without umlauts) or a key prefix in
// f.Query, a level, a parent. Errors: EINVALID (an unknown level, field "level").
func (s *Service) Find(ctx context.Context, f Filter) ([]Region, int, error) {
	if f.Level != "" {
		if _, err := ParseLevel(string(f.Level)); err != nil {
			return nil, 0, err
		}
	}
	return s.store.Find(ctx, f)
}

// Region returns the region with this key ("DG" in any case, or a Gemeinde's
// 12-digit ARS), of any Gebietsstand. Errors: ENOTFOUND (none, or not a key).
func (s *Service) Region(ctx context.Context, key string) (Region, error) {
	k, ok := NormalizeKey(key)
	if !ok {
		return Region{}, notFound(key)
	}
	r, err := s.store.Region(ctx, k)
	if teilhabe.ErrorCode(err) == teilhabe.ENOTFOUND {
		return r, notFound(key)
	}
	return r, err
}

// Detail is a region with its place in the hierarchy, as its page shows it.
type Detail struct {
	Region Region
	// Ancestors run from the Bund down to the region's parent; none for the Bund.
	Ancestors []Region
	// Children counts the current regions directly below it.
	Children int
}

// Detail returns the region with this key or ARS with its ancestors and the number
// of its children. Errors: ENOTFOUND (none, or not a key).
func (s *Service) Detail(ctx context.Context, key string) (Detail, error) {
	r, err := s.Region(ctx, key)
	if err != nil {
		return Detail{}, err
	}
	d := Detail{Region: r}
	chain, err := s.store.Ancestors(ctx, r.Key)
	if err != nil {
		return d, err
	}
	// The chain ends with the region itself.
	for _, c := range chain {
		if c.Key != r.Key {
			d.Ancestors = append(d.Ancestors, c)
		}
	}
	d.Children, err = s.store.Count(ctx, Filter{Parent: r.Key})
	return d, err
}

// Gemeinden returns the Gemeinden of the Kreis with this key across its
// Gemeindeverbände, the largest first, at most MaxPageSize of them, and how many it
// has: the largest Kreis (Eifelkreis Bitburg-Prüm) has 234. A Kreis key has five
// digits; any other key names no Kreis. Errors: ENOTFOUND (not a Kreis key).
func (s *Service) Gemeinden(ctx context.Context, kreisKey string) ([]Region, int, error) {
	if len(kreisKey) != 5 || !isDigits(kreisKey) {
		return nil, 0, notFound(kreisKey)
	}
	// Gemeinde keys (AGS) begin with the key of their Kreis.
	return s.store.Find(ctx, Filter{Query: kreisKey, Level: LevelGemeinde, Limit: MaxPageSize})
}

// Names names the regions with these keys as a sentence does (Region.Label:
// "Landkreis Ludwigsburg"), by key; keys that name no region are missing.
func (s *Service) Names(ctx context.Context, keys []string) (map[string]string, error) {
	keys = slices.Compact(slices.Sorted(slices.Values(keys)))
	list, err := s.store.ByKeys(ctx, keys)
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(list))
	for _, r := range list {
		names[r.Key] = r.Label()
	}
	return names, nil
}
