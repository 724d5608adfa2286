// Package regions is the web UI of the Gemeindeverzeichnis: the region browser with
// its search (/regions) and a region's page with its place in the hierarchy, its
// Gemeinden or subregions, its organisations and its indicators before and after the
// pandemic (/regions/{key}). Handlers parse the
// request, call the use cases of package regions and render the result.
package regions

import (
	"context"
	"embed"
	"net/http"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/web"
)

//go:embed templates
var templateFiles embed.FS

// Service is what the pages ask of the region use cases; *regions.Service
// implements it.
type Service interface {
	Find(ctx context.Context, f regions.Filter) ([]regions.Region, int, error)
	Detail(ctx context.Context, key string) (regions.Detail, error)
	Gemeinden(ctx context.Context, kreisKey string) ([]regions.Region, int, error)
}

var _ Service = (*regions.Service)(nil)

// Organisations is what a region's page asks of the accounts capability: the
// organisations of the region, by name.
type Organisations interface {
	OrganisationsIn(ctx context.Context, regionKey string) ([]accounts.Organisation, error)
}

// Trends is what a region's page asks of the monitoring capability: how the
// indicators developed there before and after the pandemic; *monitoring.Service
// implements it.
type Trends interface {
	RegionTrends(ctx context.Context, key string) (monitoring.RegionProfile, error)
}

var _ Trends = (*monitoring.Service)(nil)

// Web serves the region pages.
type Web struct {
	ui     *web.UI
	svc    Service
	orgs   Organisations
	trends Trends
	pages  *web.Pages
}

// New parses the templates; a broken one fails the start.
func New(ui *web.UI, svc Service, orgs Organisations, trends Trends) (*Web, error) {
	pages, err := web.ParsePages(templateFiles, nil)
	return &Web{ui: ui, svc: svc, orgs: orgs, trends: trends, pages: pages}, err
}

// Routes is the route table: the Gemeindeverzeichnis is public.
func (w *Web) Routes() []httpx.Route {
	pub := accounts.ActPublic
	return []httpx.Route{
		{Method: "GET", Path: "/regions", Action: pub, Handler: w.list},
		{Method: "GET", Path: "/regions/{key}", Action: pub, Handler: w.region},
	}
}

func (w *Web) render(rw http.ResponseWriter, r *http.Request, name string, data any) {
	w.pages.Render(rw, r, http.StatusOK, name, data)
}
