package programmes

import (
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
)

// SortOrder orders the finder's results.
type SortOrder string

const (
	SortRelevance SortOrder = "relevance" // default with a text query
	SortDeadline  SortOrder = "deadline"  // next closing call first; without one last
	SortTitle     SortOrder = "title"     // default without a text query
	SortNewest    SortOrder = "newest"
)

// Query is what the public programme finder and its API ask. Every list is an OR
// within itself; the lists are combined with AND, as in the Förderdatenbank.
type Query struct {
	Text           string
	Levels         []accounts.FunderLevel
	ActionFields   []string
	ProviderTypes  []accounts.ProviderType
	TargetGroups   []string
	Region         string // a region key: programmes for it, its Land and the Bund, and inside it
	FundingKinds   []FundingKind
	FinancingTypes []FinancingType
	OpenNow        bool
	Sort           SortOrder
	Page           int // 1-based
	PageSize       int
	Now            time.Time // for "open now" and deadlines; the caller's clock
}

// MaxPageSize bounds a result page.
const MaxPageSize = 100

// Hit is one programme found, without its sections.
type Hit struct {
	Programme    Programme
	Score        float64
	NextDeadline time.Time
	OpenNow      bool
}

// FacetValue is one choice of a facet with the number of programmes it would give
// together with the other chosen filters.
type FacetValue struct {
	Value    string
	Count    int
	Selected bool
}

// Facet is one dimension of the finder: "level", "action_field", "provider_type",
// "target_group", "region", "funding_kind", "financing_type", "open_now".
type Facet struct {
	Name   string
	Values []FacetValue
}

// Result is one page of the finder.
type Result struct {
	Total    int
	Page     int
	PageSize int
	Hits     []Hit
	Facets   []Facet
	// RegionNames names the values of the region facet and the query's region.
	RegionNames map[string]string
}
