package api

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

type programmePage struct {
	Total    int                         `json:"total"`
	Page     int                         `json:"page"`
	PageSize int                         `json:"page_size"`
	Items    []programmeJSON             `json:"items"`
	Facets   map[string][]facetValueJSON `json:"facets"`
}

type facetValueJSON struct {
	Value    string `json:"value"`
	Count    int    `json:"count"`
	Selected bool   `json:"selected"`
}

// listProgrammes is the public finder with the web finder's filters. Unknown filter
// values are rejected with the field named, since a misspelt code would otherwise
// silently find nothing.
func (a *API) listProgrammes(w http.ResponseWriter, r *http.Request) {
	now := a.now()
	q := query{r: r}
	fq := a.finderQuery(&q, now)
	if err := q.err(); err != nil {
		a.RenderError(w, r, err)
		return
	}
	res, err := a.programmes.Search(r.Context(), fq)
	if err != nil {
		a.RenderError(w, r, err)
		return
	}
	out := programmePage{Total: res.Total, Page: res.Page, PageSize: res.PageSize,
		Items: make([]programmeJSON, 0, len(res.Hits)), Facets: map[string][]facetValueJSON{}}
	for _, h := range res.Hits {
		item := toProgrammeJSON(&h.Programme, now)
		item.NextDeadline, item.OpenNow = instant(h.NextDeadline), h.OpenNow
		out.Items = append(out.Items, item)
	}
	for _, f := range res.Facets {
		values := make([]facetValueJSON, 0, len(f.Values))
		for _, v := range f.Values {
			values = append(values, facetValueJSON(v))
		}
		out.Facets[f.Name] = values
	}
	ok(w, out)
}

// finderQuery reads the finder's parameters, collecting an error per bad field.
func (a *API) finderQuery(q *query, now time.Time) programmes.Query {
	params := q.r.URL.Query()
	fq := programmes.Query{Text: strings.TrimSpace(params.Get("q")), Now: now, Page: 1, PageSize: programmes.DefaultPageSize}
	if len([]rune(fq.Text)) > 200 {
		q.fail("q", "api.fielderror.text_length", "Max", 200)
	}
	fq.Levels = oneOf(q, "level", accounts.FunderLevels)
	fq.ActionFields = oneOf(q, "action_field", programmes.ActionFields)
	fq.ProviderTypes = oneOf(q, "provider_type", accounts.ProviderTypes)
	fq.TargetGroups = oneOf(q, "target_group", programmes.TargetGroups)
	fq.FundingKinds = oneOf(q, "funding_kind", programmes.FundingKinds)
	fq.FinancingTypes = oneOf(q, "financing_type", programmes.FinancingTypes)
	fq.Region = a.regionKey(q, "region", params.Get("region"))
	switch s := params.Get("open_now"); s {
	case "", "false":
	case "true":
		fq.OpenNow = true
	default:
		q.fail("open_now", "api.fielderror.one_of", "Value", s, "Allowed", "true, false")
	}
	sorts := []programmes.SortOrder{programmes.SortRelevance, programmes.SortDeadline, programmes.SortTitle, programmes.SortNewest}
	if s := params.Get("sort"); s != "" {
		fq.Sort = programmes.SortOrder(s)
		if !slices.Contains(sorts, fq.Sort) {
			q.fail("sort", "api.fielderror.one_of", "Value", s, "Allowed", strings.Join(codes(sorts), ", "))
		}
	}
	if fq.Page = q.int("page", 1); fq.Page < 1 {
		q.fail("page", "api.fielderror.page")
	}
	if fq.PageSize = q.int("page_size", programmes.DefaultPageSize); fq.PageSize < 1 || fq.PageSize > programmes.MaxPageSize {
		q.fail("page_size", "api.fielderror.page_size", "Max", programmes.MaxPageSize)
	}
	return fq
}

// oneOf returns the values of a repeatable parameter, each of which must be one of
// allowed; empty values are ignored, as an empty form field is.
func oneOf[T ~string](q *query, name string, allowed []T) []T {
	var out []T
	for _, s := range q.r.URL.Query()[name] {
		v := T(strings.TrimSpace(s))
		switch {
		case v == "" || slices.Contains(out, v):
		case slices.Contains(allowed, v):
			out = append(out, v)
		default:
			q.fail(name, "api.fielderror.one_of", "Value", s, "Allowed", strings.Join(codes(allowed), ", "))
		}
	}
	return out
}

// regionKey checks a region key (AGS, or a Gemeinde's ARS) that must name a
// region, and returns the region's key; "" is no filter.
func (a *API) regionKey(q *query, name, s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	key, valid := regions.NormalizeKey(s)
	if !valid {
		q.fail(name, "api.fielderror.region_key", "Value", s)
		return ""
	}
	reg, err := a.regions.Region(q.r.Context(), key)
	if teilhabe.ErrorCode(err) == teilhabe.ENOTFOUND {
		q.fail(name, "api.fielderror.no_region", "Value", s)
		return ""
	} else if err != nil {
		q.addError(name, err)
		return ""
	}
	return reg.Key
}
