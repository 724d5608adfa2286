// Package home is the home page: what Teilhabe is for, for whom, and how much the
// platform holds (regions of the Gemeindeverzeichnis, organisations).
package home

import (
	"context"
	"embed"
	"net/http"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/web"
)

//go:embed templates
var templateFiles embed.FS

// Regions is what the home page asks of the region use cases, to count the current
// regions; *regions.Service implements it.
type Regions interface {
	Find(ctx context.Context, f regions.Filter) ([]regions.Region, int, error)
}

var _ Regions = (*regions.Service)(nil)

// Organisations is what the home page asks of the accounts capability: how many
// organisations the directory lists.
type Organisations interface {
	CountOrganisations(ctx context.Context) (int, error)
}

// Web serves the home page.
type Web struct {
	ui      *web.UI
	regions Regions
	orgs    Organisations
	pages   *web.Pages
}

// New parses the template; a broken one fails the start.
func New(ui *web.UI, rs Regions, orgs Organisations) (*Web, error) {
	pages, err := web.ParsePages(templateFiles, nil)
	return &Web{ui: ui, regions: rs, orgs: orgs, pages: pages}, err
}

// Routes is the route table: the home page is public.
func (w *Web) Routes() []httpx.Route {
	return []httpx.Route{{Method: "GET", Path: "/{$}", Action: accounts.ActPublic, Handler: w.home}}
}

type page struct {
	web.Page
	RegionCount       int64
	OrganisationCount int64
}

func (w *Web) home(rw http.ResponseWriter, r *http.Request) {
	// One region is read: the total is what counts.
	_, regionCount, err := w.regions.Find(r.Context(), regions.Filter{Limit: 1})
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	orgCount, err := w.orgs.CountOrganisations(r.Context())
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	w.pages.Render(rw, r, http.StatusOK, "home", page{Page: w.ui.Page(r, "home.title"),
		RegionCount: int64(regionCount), OrganisationCount: int64(orgCount)})
}
