package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/regions"
)

type homePage struct {
	Page
	RegionCount       int64
	OrganisationCount int64
}

func (w *Web) home(rw http.ResponseWriter, r *http.Request) {
	_, total, err := w.store.FindRegions(r.Context(), regions.Filter{Limit: 1})
	if err != nil {
		w.RenderError(rw, r, err)
		return
	}
	orgs, err := w.orgs.Organisations(r.Context(), accounts.OrganisationFilter{})
	if err != nil {
		w.RenderError(rw, r, err)
		return
	}
	w.render(rw, r, http.StatusOK, "home", homePage{Page: w.page(r, "home.title"), RegionCount: int64(total), OrganisationCount: int64(len(orgs))})
}

// language stores the chosen UI language in a cookie and, for a logged-in user, as
// their locale, and returns to the page the user came from. A plain link, so it
// works without JavaScript.
func (w *Web) language(rw http.ResponseWriter, r *http.Request) {
	lang := r.URL.Query().Get("lang")
	if lang != "de" && lang != "en" {
		lang = "de"
	}
	http.SetCookie(rw, &http.Cookie{Name: "lang", Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode})
	// The cookie is the choice for this browser; a failure to keep it for the
	// user's mail too is logged and does not stop the switch.
	if w.ui.SetLocale != nil {
		if err := w.ui.SetLocale(r.Context(), lang); err != nil {
			logFailure(r, err)
		}
	}
	http.Redirect(rw, r, SafeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
}

type regionListPage struct {
	Page
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

func (w *Web) regionList(rw http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := regions.Filter{Query: strings.TrimSpace(q.Get("q")), Parent: q.Get("parent"), Limit: 50}
	f.Offset, _ = strconv.Atoi(q.Get("offset"))
	p := w.page(r, "regions.title")
	if lv := q.Get("level"); lv != "" {
		level, err := regions.ParseLevel(lv)
		if err != nil {
			p.withError(err)
		}
		f.Level = level
	}
	items, total, err := w.store.FindRegions(r.Context(), f)
	if err != nil {
		w.RenderError(rw, r, err)
		return
	}
	limit, offset := f.Page()
	page := regionListPage{Page: p, Filter: f, Items: items, Total: total, Total64: int64(total),
		Levels: []regions.Level{regions.LevelLand, regions.LevelRegierungsbezirk, regions.LevelKreis, regions.LevelGemeindeverband, regions.LevelGemeinde}}
	page.From, page.To = int64(offset+1), int64(offset+len(items))
	if offset > 0 {
		page.PrevOffset, page.PrevOffsetValue = true, max(0, offset-limit)
	}
	if offset+limit < total {
		page.NextOffset = offset + limit
	}
	w.render(rw, r, http.StatusOK, "regions", page)
}

type crumb struct{ Label, Href string }

type regionPage struct {
	Page
	Region        regions.Region
	Crumbs        []crumb
	Children      []regions.Region
	ChildTotal    int
	Gemeinden     []regions.Region // on a Kreis page: its Gemeinden, across its Gemeindeverbände
	GemeindeTotal int
	Density       int64
	Organisations []accounts.Organisation
}

func (w *Web) regionPage(rw http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	reg, err := w.store.Region(ctx, r.PathValue("key"))
	if err != nil {
		w.RenderError(rw, r, err)
		return
	}
	chain, err := w.store.RegionAncestors(ctx, reg.Key)
	if err != nil {
		w.RenderError(rw, r, err)
		return
	}
	children, total, err := w.store.FindRegions(ctx, regions.Filter{Parent: reg.Key, Limit: 100})
	if err != nil {
		w.RenderError(rw, r, err)
		return
	}
	orgs, err := w.orgs.Organisations(ctx, accounts.OrganisationFilter{RegionKey: reg.Key})
	if err != nil {
		w.RenderError(rw, r, err)
		return
	}
	p := w.page(r, "")
	p.Title = reg.Name
	page := regionPage{Page: p, Region: reg, Children: children, ChildTotal: total, Organisations: orgs}
	for i, c := range chain {
		// A verbandsfreie Gemeinde is its own Gemeindeverband, with the same name: one
		// crumb is enough.
		if i+1 < len(chain) && c.Level == regions.LevelGemeindeverband && c.Name == chain[i+1].Name {
			continue
		}
		if c.Key == reg.Key {
			page.Crumbs = append(page.Crumbs, crumb{Label: c.Name})
		} else {
			page.Crumbs = append(page.Crumbs, crumb{Label: c.Name, Href: "/regions/" + c.Key})
		}
	}
	if reg.Level == regions.LevelKreis {
		// The largest Kreis (Eifelkreis Bitburg-Prüm) has 234 Gemeinden: one page
		// shows 200, a link leads to the rest.
		if page.Gemeinden, page.GemeindeTotal, err = w.store.FindRegions(ctx, regions.Filter{Query: reg.Key, Level: regions.LevelGemeinde, Limit: regions.MaxPageSize}); err != nil {
			w.RenderError(rw, r, err)
			return
		}
	}
	if reg.AreaKm2 > 0 {
		page.Density = int64(float64(reg.Population)/reg.AreaKm2 + 0.5)
	}
	w.render(rw, r, http.StatusOK, "region", page)
}
