// Package monitoring is the web UI of integration monitoring: the indicator
// catalogue, an indicator's time series for a region beside its Land, the Bund and a
// peer group, the ranking and map of the Kreise, their downloads and the Kreis
// boundaries the map is drawn from; and for platform admins the import of GENESIS
// tables and the indicator form. Handlers parse the request, call the use cases of
// package monitoring (imported under the same name, as net/http/pprof imports
// runtime/pprof) and render the result; who may write is decided there.
package monitoring

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html/template"
	"net/http"

	"github.com/teilhabe/teilhabe/data"
	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/web"
)

//go:embed templates
var templateFiles embed.FS

// Service is what the pages ask of the monitoring use cases; *monitoring.Service
// implements it.
type Service interface {
	Catalogue(ctx context.Context, region string) (monitoring.Catalogue, error)
	Monitoring(ctx context.Context, code string, q monitoring.MonitoringQuery) (monitoring.MonitoringView, error)
	Indicators(ctx context.Context) ([]monitoring.Indicator, error)
	Tables(ctx context.Context) ([]monitoring.StatTable, error)
	StatSeries(ctx context.Context) ([]monitoring.SeriesInfo, error)
	ImportTables(ctx context.Context, files []monitoring.TableFile, opt monitoring.ImportOptions) ([]monitoring.ImportResult, error)
	SeriesAliases(ctx context.Context) ([]monitoring.SeriesAlias, error)
	SaveSeriesAlias(ctx context.Context, in monitoring.AliasInput) (monitoring.AliasSaved, error)
	DeleteSeriesAlias(ctx context.Context, table, alias string) error
	StartImport(ctx context.Context, up monitoring.Upload) (monitoring.ImportJob, error)
	ImportJob(ctx context.Context, id int64) (monitoring.ImportJob, error)
	ImportJobs(ctx context.Context) ([]monitoring.ImportJob, error)
	SaveIndicator(ctx context.Context, ind monitoring.Indicator) (monitoring.Indicator, error)
}

var _ Service = (*monitoring.Service)(nil)

// Web serves the monitoring pages.
type Web struct {
	ui    *web.UI
	svc   Service
	pages *web.Pages
}

// New parses the templates; a broken one fails the start.
func New(ui *web.UI, svc Service) (*Web, error) {
	pages, err := web.ParsePages(templateFiles, template.FuncMap{"fileSize": fileSize})
	if err != nil {
		return nil, err
	}
	return &Web{ui: ui, svc: svc, pages: pages}, nil
}

// geoPath is where the Kreis boundaries are served. The Gebietsstand is in the name,
// so the file behind a URL never changes and browsers may keep it for a year.
const geoPath = "/geo/" + data.KreiseGeoJSONName

// Routes is the route table; each route declares who may use it at all, and the use
// cases decide again for the writes.
func (w *Web) Routes() []httpx.Route {
	pub, admin := accounts.ActPublic, accounts.ActImportData
	return []httpx.Route{
		{Method: "GET", Path: "/monitoring", Action: pub, Handler: w.catalogue},
		{Method: "GET", Path: "/monitoring/{code}", Action: pub, Handler: w.indicator},
		{Method: "GET", Path: "/monitoring/{code}/export", Action: pub, Handler: w.export},
		{Method: "GET", Path: geoPath, Action: pub, Handler: w.kreiseGeo},
		{Method: "GET", Path: "/admin/statistics", Action: admin, Handler: w.adminStatistics},
		{Method: "POST", Path: "/admin/statistics", Action: admin, Handler: w.adminImportStatistics},
		{Method: "GET", Path: "/admin/statistics/aliases", Action: admin, Handler: w.adminAliases},
		{Method: "POST", Path: "/admin/statistics/aliases", Action: admin, Handler: w.adminSaveAlias},
		{Method: "POST", Path: "/admin/statistics/aliases/delete", Action: admin, Handler: w.adminDeleteAlias},
		{Method: "GET", Path: "/admin/statistics/jobs/{id}", Action: admin, Handler: w.adminImportJob},
		{Method: "GET", Path: "/admin/indicators", Action: admin, Handler: w.adminIndicators},
		{Method: "POST", Path: "/admin/indicators", Action: admin, Handler: w.adminSaveIndicator},
	}
}

func (w *Web) render(rw http.ResponseWriter, r *http.Request, status int, name string, data any) {
	w.pages.Render(rw, r, status, name, data)
}

type cataloguePage struct {
	web.Page
	Groups []monitoring.IndicatorGroup
	Region string // a region key the indicator links carry, from a region's page
}

// catalogue lists the indicators by action field, in the order of the position paper.
func (w *Web) catalogue(rw http.ResponseWriter, r *http.Request) {
	c, err := w.svc.Catalogue(r.Context(), r.URL.Query().Get("region"))
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	w.render(rw, r, http.StatusOK, "monitoring", cataloguePage{Page: w.ui.Page(r, "monitoring.title"), Groups: c.Groups, Region: c.Region})
}

var geoETag = func() string {
	b, _ := data.KreiseGeoJSON()
	sum := sha256.Sum256(b)
	return `"` + hex.EncodeToString(sum[:8]) + `"`
}()

// kreiseGeo serves the embedded Kreis boundaries for the map.
func (w *Web) kreiseGeo(rw http.ResponseWriter, r *http.Request) {
	b, err := data.KreiseGeoJSON()
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	rw.Header().Set("Content-Type", "application/geo+json")
	rw.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	httpx.ServeEmbedded(rw, r, data.KreiseGeoJSONName, b, geoETag)
}
