// Package web is the HTML user interface: German by default, English switchable,
// KERN UX look, usable without JavaScript and enhanced by htmx.
package web

import (
	"context"
	"embed"
	"io/fs"
	"net/http"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/store"
)

//go:embed static
var staticFiles embed.FS

// Static returns the embedded static files (CSS, fonts, htmx).
func Static() fs.FS {
	sub, _ := fs.Sub(staticFiles, "static")
	return sub
}

// Store is what the web UI needs from storage; *store.DB implements it.
type Store interface {
	FindRegions(ctx context.Context, f regions.Filter) ([]regions.Region, int, error)
	Region(ctx context.Context, key string) (regions.Region, error)
	RegionAncestors(ctx context.Context, key string) ([]regions.Region, error)
	ImportTables(ctx context.Context, files []store.TableFile) ([]store.TableImport, []monitoring.Summary, error)
	StatTables(ctx context.Context) ([]store.StatTable, error)
	StatSeries(ctx context.Context) ([]store.SeriesInfo, error)
	Indicators(ctx context.Context) ([]monitoring.Indicator, error)
	SaveIndicator(ctx context.Context, ind *monitoring.Indicator) error
	Indicator(ctx context.Context, code string) (monitoring.Indicator, error)
	IndicatorValues(ctx context.Context, ind monitoring.Indicator, f store.IndicatorFilter) ([]store.IndicatorValue, error)
	NetworkRegions(ctx context.Context) ([]string, error)
	RegionsOfKind(ctx context.Context, level regions.Level, kind string) ([]regions.Region, error)
	RegionsByKeys(ctx context.Context, keys []string) ([]regions.Region, error)
}

// Web serves the HTML pages.
type Web struct {
	ui    *UI
	store Store
	pages *Pages
	i18n  *i18n.Bundle
}

// New parses every template; a broken template fails the start, not a request.
func New(ui *UI, s Store) (*Web, error) {
	sub, _ := fs.Sub(templateFiles, "templates")
	pages, err := ParsePages(sub, nil)
	if err != nil {
		return nil, err
	}
	return &Web{ui: ui, store: s, pages: pages, i18n: ui.i18n}, nil
}

// NotFound renders the 404 page for paths no route matches.
func (w *Web) NotFound(rw http.ResponseWriter, r *http.Request) { w.ui.NotFound(rw, r) }

// Routes is the web UI's route table; each route declares who may use it.
func (w *Web) Routes() []httpx.Route {
	pub := accounts.ActPublic
	return []httpx.Route{
		{Method: "GET", Path: "/language", Action: pub, Handler: w.language},
		{Method: "GET", Path: "/monitoring", Action: pub, Handler: w.monitoringCatalogue},
		{Method: "GET", Path: "/monitoring/{code}", Action: pub, Handler: w.monitoringIndicator},
		{Method: "GET", Path: "/monitoring/{code}/export", Action: pub, Handler: w.monitoringExport},
		{Method: "GET", Path: geoPath, Action: pub, Handler: w.kreiseGeo},
		{Method: "GET", Path: "/admin/statistics", Action: accounts.ActImportData, Handler: w.adminStatistics},
		{Method: "POST", Path: "/admin/statistics", Action: accounts.ActImportData, Handler: w.adminImportStatistics},
		{Method: "GET", Path: "/admin/indicators", Action: accounts.ActImportData, Handler: w.adminIndicators},
		{Method: "POST", Path: "/admin/indicators", Action: accounts.ActImportData, Handler: w.adminSaveIndicator},
	}
}
