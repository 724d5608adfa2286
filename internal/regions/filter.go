package regions

import "strings"

// Filter selects regions for the region browser and the API. Zero fields do not filter.
type Filter struct {
	Query  string // a name prefix ("Stutt") or a key prefix ("08111")
	Level  Level
	Parent string // key of the parent region
	Limit  int
	Offset int
}

// MaxPageSize caps one page of results.
const MaxPageSize = 200

// Page returns the limit and offset to use, with defaults and caps applied.
func (f Filter) Page() (limit, offset int) {
	limit, offset = f.Limit, f.Offset
	if limit <= 0 {
		limit = 50
	}
	if limit > MaxPageSize {
		limit = MaxPageSize
	}
	if offset < 0 {
		offset = 0
	}
	return limit, offset
}

// KeyPrefix reports whether q is the beginning of a region key (digits only, or "DG")
// and returns it trimmed.
func KeyPrefix(q string) (string, bool) {
	q = strings.TrimSpace(q)
	if q == "" {
		return "", false
	}
	if strings.EqualFold(q, "DG") {
		return "DG", true
	}
	for _, c := range q {
		if c < '0' || c > '9' {
			return "", false
		}
	}
	return q, len(q) <= 12
}
