package regions

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/web"
)

// pageSize is how many regions the browser lists per page.
const pageSize = 50

// levels are the levels the browser filters by; the Bund is one region only.
var levels = []regions.Level{regions.LevelLand, regions.LevelRegierungsbezirk, regions.LevelKreis, regions.LevelGemeindeverband, regions.LevelGemeinde}

type listPage struct {
	web.Page
	Filter          regions.Filter
	Levels          []regions.Level
	Items           []regions.Region
	Total           int
	Total64         int64
	From, To        int64
	PrevOffset      bool
	PrevOffsetValue int
	NextOffset      int
}

// list is the region browser: a search by name or key, a level, and for the link
// from a region's page, a parent. An unknown level is reported above the results and
// does not filter.
func (w *Web) list(rw http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := regions.Filter{Query: strings.TrimSpace(q.Get("q")), Parent: q.Get("parent"), Limit: pageSize}
	f.Offset, _ = strconv.Atoi(q.Get("offset"))
	p := w.ui.Page(r, "regions.title")
	if lv := q.Get("level"); lv != "" {
		level, err := regions.ParseLevel(lv)
		if err != nil {
			p.WithError(r, err)
		}
		f.Level = level
	}
	items, total, err := w.svc.Find(r.Context(), f)
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	limit, offset := f.Page()
	page := listPage{Page: p, Filter: f, Items: items, Total: total, Total64: int64(total), Levels: levels}
	page.From, page.To = int64(offset+1), int64(offset+len(items))
	if offset > 0 {
		page.PrevOffset, page.PrevOffsetValue = true, max(0, offset-limit)
	}
	if offset+limit < total {
		page.NextOffset = offset + limit
	}
	w.render(rw, r, "regions", page)
}

type crumb struct{ Label, Href string }

type regionPage struct {
	web.Page
	Region        regions.Region
	Crumbs        []crumb
	Children      []regions.Region
	ChildTotal    int
	Gemeinden     []regions.Region // on a Kreis page: its Gemeinden, across its Gemeindeverbände
	GemeindeTotal int
	Density       int64
	Organisations []accounts.Organisation
	Trends        monitoring.RegionProfile
}

// childrenShown is how many subregions a region's page lists; a link leads to all.
const childrenShown = 100

// region is a region's page: its figures, the chain above it, the regions below it,
// the organisations in it and how its indicators developed since 2019.
func (w *Web) region(rw http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	d, err := w.svc.Detail(ctx, r.PathValue("key"))
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	reg := d.Region
	children, total, err := w.svc.Find(ctx, regions.Filter{Parent: reg.Key, Limit: childrenShown})
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	orgs, err := w.orgs.OrganisationsIn(ctx, reg.Key)
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	trends, err := w.trends.RegionTrends(ctx, reg.Key)
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	p := w.ui.Page(r, "")
	p.Title = reg.Name
	page := regionPage{Page: p, Region: reg, Crumbs: crumbs(d), Children: children, ChildTotal: total, Organisations: orgs, Trends: trends}
	if reg.Level == regions.LevelKreis {
		// The largest Kreis has 234 Gemeinden: one page shows 200, a link leads to the rest.
		if page.Gemeinden, page.GemeindeTotal, err = w.svc.Gemeinden(ctx, reg.Key); err != nil {
			w.ui.Error(rw, r, err)
			return
		}
	}
	if reg.AreaKm2 > 0 {
		page.Density = int64(float64(reg.Population)/reg.AreaKm2 + 0.5)
	}
	w.render(rw, r, "region", page)
}

// crumbs is the breadcrumb from the Bund down to the region, which is not a link.
func crumbs(d regions.Detail) []crumb {
	chain := append(d.Ancestors[:len(d.Ancestors):len(d.Ancestors)], d.Region)
	var out []crumb
	for i, c := range chain {
		// A verbandsfreie Gemeinde is its own Gemeindeverband, with the same name: one
		// crumb is enough.
		if i+1 < len(chain) && c.Level == regions.LevelGemeindeverband && c.Name == chain[i+1].Name {
			continue
		}
		if i == len(chain)-1 {
			out = append(out, crumb{Label: c.Name})
		} else {
			out = append(out, crumb{Label: c.Name, Href: "/regions/" + c.Key})
		}
	}
	return out
}
