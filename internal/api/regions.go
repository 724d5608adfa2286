package api

import (
	"context"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// RegionService is what the API asks of the region use cases; *regions.Service
// implements it. Regions are public: the routes declare "public" and no more.
type RegionService interface {
	Find(ctx context.Context, f regions.Filter) ([]regions.Region, int, error)
	Region(ctx context.Context, key string) (regions.Region, error)
	Detail(ctx context.Context, key string) (regions.Detail, error)
}

var _ RegionService = (*regions.Service)(nil)

// regionJSON is a region as API clients see it. Keys are strings, never numbers:
// leading zeros are significant ("08111").
type regionJSON struct {
	Key            string      `json:"key"`
	ARS            string      `json:"ars"`
	Name           string      `json:"name"`
	Level          string      `json:"level"`
	Kind           string      `json:"kind"`
	ParentKey      *string     `json:"parent_key"`
	AreaKm2        float64     `json:"area_km2"`
	Population     int64       `json:"population"`
	PopulationDate *string     `json:"population_date"`
	ValidFrom      *string     `json:"valid_from"`
	ValidUntil     *string     `json:"valid_until"` // set once a newer Gebietsstand dropped the region
	Links          regionLinks `json:"links"`
}

type regionLinks struct {
	Self string `json:"self"`
	HTML string `json:"html"`
}

func toRegionJSON(r regions.Region) regionJSON {
	return regionJSON{
		Key: r.Key, ARS: r.ARS, Name: r.Name, Level: string(r.Level), Kind: r.Kind,
		ParentKey: nullable(r.ParentKey), AreaKm2: r.AreaKm2, Population: r.Population,
		PopulationDate: date(r.PopulationDate), ValidFrom: date(r.ValidFrom), ValidUntil: date(r.ValidUntil),
		Links: regionLinks{Self: Prefix + "/regions/" + r.Key, HTML: "/regions/" + r.Key},
	}
}

// regionPage is one page of a search; total counts every match, not the page.
type regionPage struct {
	Total  int          `json:"total"`
	Limit  int          `json:"limit"`
	Offset int          `json:"offset"`
	Items  []regionJSON `json:"items"`
}

// maxQueryLength bounds q: no region name comes close, and a long pattern only
// makes the database work.
const maxQueryLength = 100

func (a *API) listRegions(w http.ResponseWriter, r *http.Request) {
	q := query{r: r}
	params := r.URL.Query()
	f := regions.Filter{Query: strings.TrimSpace(params.Get("q"))}
	if utf8.RuneCountInString(f.Query) > maxQueryLength {
		q.fail("q", "api.fielderror.text_length", "Max", maxQueryLength)
	}
	if s := params.Get("level"); s != "" {
		level, err := regions.ParseLevel(s)
		q.addError("level", err)
		f.Level = level
	}
	if s := params.Get("parent"); s != "" {
		key, valid := regions.NormalizeKey(s)
		if !valid {
			q.fail("parent", "api.fielderror.region_key", "Value", s)
		}
		f.Parent = key
	}
	f.Limit, f.Offset = q.int("limit", 0), q.int("offset", 0)
	if err := q.err(); err != nil {
		a.RenderError(w, r, err)
		return
	}
	list, total, err := a.regions.Find(r.Context(), f)
	if err != nil {
		a.RenderError(w, r, err)
		return
	}
	// Report the page actually used, after defaults and the cap.
	limit, offset := f.Page()
	page := regionPage{Total: total, Limit: limit, Offset: offset, Items: make([]regionJSON, 0, len(list))}
	for _, reg := range list {
		page.Items = append(page.Items, toRegionJSON(reg))
	}
	ok(w, page)
}

// regionDetail adds the breadcrumb and the number of children to a region.
type regionDetail struct {
	regionJSON
	Ancestors     []regionRef `json:"ancestors"`
	ChildrenCount int         `json:"children_count"`
}

type regionRef struct {
	Key   string `json:"key"`
	Name  string `json:"name"`
	Level string `json:"level"`
}

func (a *API) getRegion(w http.ResponseWriter, r *http.Request) {
	raw := r.PathValue("key")
	key, valid := regions.NormalizeKey(raw)
	if !valid {
		// A malformed key cannot exist; no need to ask the database.
		a.RenderError(w, r, teilhabe.E(teilhabe.ENOTFOUND, "api.error.no_region", "Value", raw))
		return
	}
	detail, err := a.regions.Detail(r.Context(), key) // accepts a Gemeinde's 12-digit ARS too
	if err != nil {
		a.RenderError(w, r, err)
		return
	}
	d := regionDetail{regionJSON: toRegionJSON(detail.Region), Ancestors: make([]regionRef, 0, len(detail.Ancestors)),
		ChildrenCount: detail.Children}
	for _, c := range detail.Ancestors {
		d.Ancestors = append(d.Ancestors, regionRef{Key: c.Key, Name: c.Name, Level: string(c.Level)})
	}
	ok(w, d)
}
