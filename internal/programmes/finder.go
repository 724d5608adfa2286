package programmes

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/programmes/textsearch"
)

// The programme finder filters, facets, sorts and pages in Go, the same way on both
// database engines: the store hands over the searchable programmes a query's text
// matched, each with the facet fields, a summary of its calls and a score, and Find
// does the rest. 3,000 programmes take 3–4 ms on a small virtual machine
// (BenchmarkFind).

// DefaultPageSize is the page size when a query names none.
const DefaultPageSize = 20

// Facet names, in the order the finder shows them.
const (
	FacetLevel         = "level"
	FacetActionField   = "action_field"
	FacetProviderType  = "provider_type"
	FacetTargetGroup   = "target_group"
	FacetRegion        = "region"
	FacetFundingKind   = "funding_kind"
	FacetFinancingType = "financing_type"
	FacetOpenNow       = "open_now"
)

// OpenNowValue is the one value of the "open_now" facet.
const OpenNowValue = "true"

// TargetGroupAll marks a programme for every target group.
const TargetGroupAll = "alle"

// Candidate is a programme the store found for a query, with what Find needs of it:
// of the Programme the ID, FunderLevel, Title, the lists, FundingKind,
// FinancingType and Status, and for the sort by newest PublishedAt and CreatedAt.
// Its calls are summarised in Open and Deadline, so that the store need not read
// and parse every call of every programme for a search; Candidates makes them from
// whole programmes. Find only reads the Programme.
type Candidate struct {
	Programme *Programme
	Score     float64 // text relevance; 0 without a text query
	Open      bool    // a call accepts applications at the query's time (Programme.OpenCall)
	// Deadline orders the candidates by their next deadline at the query's time
	// (Programme.NextDeadline): 1 for the soonest, equal for equal times, 0 for a
	// programme without an upcoming deadline.
	Deadline int
}

// Candidates makes candidates of whole programmes, their calls read at now.
func Candidates(ps []Programme, now time.Time) []Candidate {
	out := make([]Candidate, len(ps))
	var times []time.Time
	for i := range ps {
		out[i] = Candidate{Programme: &ps[i], Open: ps[i].OpenCall(now)}
		if d := ps[i].NextDeadline(now); !d.IsZero() {
			times = append(times, d)
		}
	}
	slices.SortFunc(times, time.Time.Compare)
	times = slices.CompactFunc(times, time.Time.Equal)
	for i := range ps {
		if d := ps[i].NextDeadline(now); !d.IsZero() {
			r, _ := slices.BinarySearchFunc(times, d, time.Time.Compare)
			out[i].Deadline = r + 1
		}
	}
	return out
}

// CallsCanBeOpen reports whether a call of a programme in status s can accept
// applications: only once the programme is published and until it is closed. It is
// the status half of Programme.OpenCall, for stores that check the dates in SQL.
func CallsCanBeOpen(s Status) bool {
	return s == StatusPublished || s == StatusApplications
}

// Searchable reports whether a programme in status s is found by the finder at all:
// published programmes, during and after their application phase. Archived ones are
// over and out of the finder; their page stays reachable by its address.
func Searchable(s Status) bool {
	return s.Public() && s != StatusArchived
}

// SearchableStatuses are the statuses Searchable accepts, for the store's query.
var SearchableStatuses = []Status{StatusPublished, StatusApplications, StatusClosed}

// Normalize fills a query's defaults: page 1, DefaultPageSize (at most MaxPageSize),
// sort by relevance with a text and by title without, and now when Now is zero.
func (q Query) Normalize(now time.Time) Query {
	if q.Page < 1 {
		q.Page = 1
	}
	if q.PageSize <= 0 {
		q.PageSize = DefaultPageSize
	}
	q.PageSize = min(q.PageSize, MaxPageSize)
	if q.Now.IsZero() {
		q.Now = now
	}
	q.Region = strings.TrimSpace(q.Region)
	text := len(textsearch.Query(q.Text)) > 0
	switch q.Sort {
	case SortRelevance, SortDeadline, SortTitle, SortNewest:
		if q.Sort == SortRelevance && !text {
			q.Sort = SortTitle // without a text every score is the same
		}
	default:
		if text {
			q.Sort = SortRelevance
		} else {
			q.Sort = SortTitle
		}
	}
	return q
}

// Find filters the candidates by q, counts the facets, sorts and returns q's page.
// lands are the keys of the Länder for the region facet. q must be normalized.
//
// Facets are disjunctive, as in the Förderdatenbank des Bundes: the counts of a
// facet's values are computed with every other chosen filter applied but not the
// facet's own, so choosing a second action field shows how many more programmes it
// brings instead of zero. A value's count is the number of programmes the finder
// would show if that value alone were chosen in its facet.
func Find(q Query, cands []Candidate, lands []string) Result {
	dims := dimensions(q, lands)
	all := uint16(1)<<len(dims) - 1
	masks := make([]uint16, len(cands))
	for i := range cands {
		for d, dim := range dims {
			if !dim.active || dim.matches(&cands[i], q) {
				masks[i] |= 1 << d
			}
		}
	}

	res := Result{Page: q.Page, PageSize: q.PageSize}
	for d, dim := range dims {
		counts := map[string]int{}
		count := func(v string) { counts[v]++ }
		for i := range cands {
			if masks[i]|1<<d != all {
				continue // fails a filter other than this facet's own
			}
			dim.values(&cands[i], q, count)
		}
		res.Facets = append(res.Facets, dim.facet(counts))
	}

	var found []int
	for i := range cands {
		if masks[i] == all {
			found = append(found, i)
		}
	}
	sortFound(found, cands, q)
	res.Total = len(found)
	from := min((q.Page-1)*q.PageSize, len(found))
	to := min(from+q.PageSize, len(found))
	for _, i := range found[from:to] {
		c := &cands[i]
		res.Hits = append(res.Hits, Hit{Programme: *c.Programme, Score: c.Score, NextDeadline: c.Programme.NextDeadline(q.Now), OpenNow: c.Open})
	}
	return res
}

// dimension is one filter of the finder and its facet.
type dimension struct {
	name   string
	active bool     // the query filters by it
	order  []string // known values in display order; others follow sorted
	chosen []string // the values the query chose
	// matches reports whether c passes the query's filter of this dimension.
	matches func(c *Candidate, q Query) bool
	// values calls count with each facet value c counts for: those whose choice
	// would find it.
	values func(c *Candidate, q Query, count func(string))
}

func dimensions(q Query, lands []string) []dimension {
	regionValues := append([]string{"DG"}, lands...)
	if q.Region != "" && !slices.Contains(regionValues, q.Region) {
		// A Kreis or Gemeinde chosen: show it, so the user sees and can undo it.
		regionValues = append(regionValues, q.Region)
	}
	return []dimension{
		{
			name: FacetLevel, active: len(q.Levels) > 0, order: codes(accounts.FunderLevels), chosen: codes(q.Levels),
			matches: func(c *Candidate, q Query) bool { return slices.Contains(q.Levels, c.Programme.FunderLevel) },
			values:  func(c *Candidate, _ Query, count func(string)) { count(string(c.Programme.FunderLevel)) },
		},
		{
			name: FacetActionField, active: len(q.ActionFields) > 0, order: ActionFields, chosen: q.ActionFields,
			matches: func(c *Candidate, q Query) bool { return intersects(c.Programme.ActionFields, q.ActionFields) },
			values:  func(c *Candidate, _ Query, count func(string)) { countEach(c.Programme.ActionFields, count) },
		},
		{
			name: FacetProviderType, active: len(q.ProviderTypes) > 0, order: codes(accounts.ProviderTypes), chosen: codes(q.ProviderTypes),
			matches: func(c *Candidate, q Query) bool { return intersects(c.Programme.ProviderTypes, q.ProviderTypes) },
			values:  func(c *Candidate, _ Query, count func(string)) { countEach(c.Programme.ProviderTypes, count) },
		},
		{
			name: FacetTargetGroup, active: len(q.TargetGroups) > 0, order: TargetGroups, chosen: q.TargetGroups,
			matches: func(c *Candidate, q Query) bool {
				return slices.ContainsFunc(q.TargetGroups, func(g string) bool { return ServesTargetGroup(c.Programme, g) })
			},
			values: func(c *Candidate, _ Query, count func(string)) {
				if forEveryone(c.Programme) {
					countEach(TargetGroups, count) // a programme for everyone is found for each group
				} else {
					countEach(c.Programme.TargetGroups, count)
				}
			},
		},
		{
			name: FacetRegion, active: q.Region != "", order: regionValues, chosen: nonEmpty(q.Region),
			matches: func(c *Candidate, q Query) bool { return InRegion(c.Programme, q.Region) },
			values: func(c *Candidate, q Query, count func(string)) {
				p := c.Programme
				if slices.Contains(p.RegionKeys, "DG") {
					countEach(regionValues, count) // found in every Land
					return
				}
				for i, k := range p.RegionKeys {
					// Keys start with their Land's; count each Land once.
					if len(k) >= 2 && !slices.ContainsFunc(p.RegionKeys[:i], func(o string) bool { return strings.HasPrefix(o, k[:2]) }) {
						count(k[:2])
					}
				}
				if q.Region != "" && len(q.Region) != 2 && InRegion(p, q.Region) {
					count(q.Region)
				}
			},
		},
		{
			name: FacetFundingKind, active: len(q.FundingKinds) > 0, order: codes(FundingKinds), chosen: codes(q.FundingKinds),
			matches: func(c *Candidate, q Query) bool { return slices.Contains(q.FundingKinds, c.Programme.FundingKind) },
			values:  func(c *Candidate, _ Query, count func(string)) { count(string(c.Programme.FundingKind)) },
		},
		{
			name: FacetFinancingType, active: len(q.FinancingTypes) > 0, order: codes(FinancingTypes), chosen: codes(q.FinancingTypes),
			matches: func(c *Candidate, q Query) bool { return slices.Contains(q.FinancingTypes, c.Programme.FinancingType) },
			values:  func(c *Candidate, _ Query, count func(string)) { count(string(c.Programme.FinancingType)) },
		},
		{
			name: FacetOpenNow, active: q.OpenNow, order: []string{OpenNowValue}, chosen: trueIf(q.OpenNow),
			matches: func(c *Candidate, _ Query) bool { return c.Open },
			values: func(c *Candidate, _ Query, count func(string)) {
				if c.Open {
					count(OpenNowValue)
				}
			},
		},
	}
}

// facet lists the values with a count and the chosen ones (with their count, maybe
// zero, so that a choice that leaves nothing can still be undone), known values in
// their order, then any others the data holds, sorted.
func (d dimension) facet(counts map[string]int) Facet {
	f := Facet{Name: d.name}
	add := func(v string) {
		if slices.ContainsFunc(f.Values, func(fv FacetValue) bool { return fv.Value == v }) {
			return
		}
		if sel := slices.Contains(d.chosen, v); counts[v] > 0 || sel {
			f.Values = append(f.Values, FacetValue{Value: v, Count: counts[v], Selected: sel})
		}
	}
	for _, v := range d.order {
		add(v)
	}
	var rest []string
	for v := range counts {
		if !slices.Contains(d.order, v) {
			rest = append(rest, v)
		}
	}
	slices.Sort(rest)
	for _, v := range append(rest, d.chosen...) {
		add(v)
	}
	return f
}

// InRegion reports whether the finder's region filter with key k finds p: a
// programme for the whole Bund ("DG"), for a region that contains k (its Land,
// Regierungsbezirk, Kreis…) or for a region inside k. Searching for a Kreis finds
// the programmes of its Land and of the Bund as well as those of its Gemeinden.
func InRegion(p *Programme, k string) bool {
	for _, pk := range p.RegionKeys {
		if pk == "DG" || strings.HasPrefix(k, pk) || strings.HasPrefix(pk, k) {
			return true
		}
	}
	return false
}

// ServesTargetGroup reports whether p addresses the target group g: it names g, or
// it is for everyone (names "alle" or no group at all).
func ServesTargetGroup(p *Programme, g string) bool {
	return forEveryone(p) || slices.Contains(p.TargetGroups, g)
}

func forEveryone(p *Programme) bool {
	return len(p.TargetGroups) == 0 || slices.Contains(p.TargetGroups, TargetGroupAll)
}

// sortFound orders the positions of the found candidates by q's sort order; ties
// go by title, then by id, so that paging is stable. Positions are sorted rather
// than programmes, which are large to move, and a title's sort key is derived only
// when a comparison needs it.
func sortFound(found []int, cands []Candidate, q Query) {
	keys, known := make([]string, len(cands)), make([]bool, len(cands))
	title := func(i int) string {
		if !known[i] {
			keys[i], known[i] = textsearch.SortKey(cands[i].Programme.Title), true
		}
		return keys[i]
	}
	byTitle := func(a, b int) int {
		return cmp.Or(strings.Compare(title(a), title(b)), cmp.Compare(cands[a].Programme.ID, cands[b].Programme.ID))
	}
	var fn func(a, b int) int
	switch q.Sort {
	case SortRelevance:
		fn = func(a, b int) int { return cmp.Or(cmp.Compare(cands[b].Score, cands[a].Score), byTitle(a, b)) }
	case SortDeadline:
		fn = func(a, b int) int {
			da, db := cands[a].Deadline, cands[b].Deadline
			if (da == 0) != (db == 0) {
				if da == 0 {
					return 1 // without an upcoming deadline: last
				}
				return -1
			}
			return cmp.Or(cmp.Compare(da, db), byTitle(a, b))
		}
	case SortNewest:
		fn = func(a, b int) int {
			pa, pb := cands[a].Programme, cands[b].Programme
			return cmp.Or(published(pb).Compare(published(pa)), cmp.Compare(pb.ID, pa.ID))
		}
	default:
		for _, i := range found {
			title(i) // every comparison needs both keys: derive them once
		}
		fn = byTitle
	}
	slices.SortFunc(found, fn)
}

// published is when a programme became public; before that, when it was created.
func published(p *Programme) time.Time {
	if p.PublishedAt.IsZero() {
		return p.CreatedAt
	}
	return p.PublishedAt
}

func codes[T ~string](in []T) []string {
	out := make([]string, len(in))
	for i, v := range in {
		out[i] = string(v)
	}
	return out
}

func intersects[T comparable](a, b []T) bool {
	return slices.ContainsFunc(a, func(v T) bool { return slices.Contains(b, v) })
}

func countEach[T ~string](values []T, count func(string)) {
	for _, v := range values {
		count(string(v))
	}
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

func trueIf(b bool) []string {
	if b {
		return []string{OpenNowValue}
	}
	return nil
}
