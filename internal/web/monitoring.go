package web

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"

	"github.com/teilhabe/teilhabe/data"
	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// geoPath is where the Kreis boundaries are served. The Gebietsstand is in the name,
// so the file behind a URL never changes and browsers may keep it for a year.
const geoPath = "/geo/" + data.KreiseGeoJSONName

type indicatorGroup struct {
	Field      string
	Indicators []monitoring.Indicator
}

type monitoringCataloguePage struct {
	Page
	Groups []indicatorGroup
	Region string // a region key the indicator links carry, from a region's page
}

// monitoringCatalogue lists the indicators by action field, in the order of
// monitoring.ActionFields (the order of the position paper), not alphabetically.
func (w *Web) monitoringCatalogue(rw http.ResponseWriter, r *http.Request) {
	inds, err := w.store.Indicators(r.Context())
	if err != nil {
		w.RenderError(rw, r, err)
		return
	}
	page := monitoringCataloguePage{Page: w.page(r, "monitoring.title")}
	if key := r.URL.Query().Get("region"); key != "" {
		if reg, err := w.store.Region(r.Context(), key); err == nil {
			page.Region = reg.Key // only a known key goes into the links
		}
	}
	for _, f := range monitoring.ActionFields {
		g := indicatorGroup{Field: f}
		for _, ind := range inds {
			if ind.ActionField == f {
				g.Indicators = append(g.Indicators, ind)
			}
		}
		if len(g.Indicators) > 0 {
			page.Groups = append(page.Groups, g)
		}
	}
	w.render(rw, r, http.StatusOK, "monitoring", page)
}

type seriesRow struct {
	Year  string
	Cells []monitoring.Cell
	Has   []bool // false: no observation for that region and year
	N     []int  // for a median: how many regions had a number; -1 for other columns
}

type monitoringPage struct {
	Page
	D          monitoringData
	RegionIn   string // as typed, to refill the form
	YearIn     string
	PeerKeysIn string
	Rows       []seriesRow
	Main       change   // the chosen region's change since baseYear
	Changes    []change // per column, for the table foot
	BaseYear   string
	Chart      chartData
	ExportBase string
}

// Fmt formats a value as the page's language writes numbers; a special sign stays
// as official statistics writes it, never a zero.
func (p monitoringPage) Fmt(c monitoring.Cell) string {
	if c.Symbol != "" {
		return c.Symbol
	}
	return p.L.Decimal(c.Value, 1)
}

// Num formats a number with one decimal, as the tables do.
func (p monitoringPage) Num(f float64) string { return p.L.Decimal(f, 1) }

// Signed formats a difference with its sign, so that a fall is not misread as a level.
func (p monitoringPage) Signed(f float64) string {
	if f > 0 {
		return "+" + p.L.Decimal(f, 1)
	}
	if f < 0 {
		return "−" + p.L.Decimal(-f, 1)
	}
	return p.L.Decimal(0, 1)
}

func (w *Web) monitoringIndicator(rw http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := w.page(r, "")
	d, err := loadMonitoring(r.Context(), w.store, p.L, r.PathValue("code"), q)
	status := http.StatusOK
	if err != nil {
		if teilhabe.ErrorCode(err) != teilhabe.EINVALID {
			w.RenderError(rw, r, err)
			return
		}
		// A bad region or year: show the error summary above the defaults instead
		// of a dead end, so the user can correct the form right there.
		status = http.StatusUnprocessableEntity
		p.withError(err)
	}
	p.Title = d.Indicator.Name
	page := monitoringPage{Page: p, D: d, RegionIn: q.Get("region"), YearIn: q.Get("year"), PeerKeysIn: q.Get("peer_keys"), BaseYear: baseYear}
	if page.RegionIn == "" {
		page.RegionIn = d.Region.Key
	}
	for _, y := range d.Series.Years {
		row := seriesRow{Year: y}
		for _, c := range d.Series.Columns {
			cell, ok := c.Cells[y]
			row.Cells, row.Has = append(row.Cells, cell), append(row.Has, ok)
			n := -1
			if c.Median {
				n = c.Counts[y]
			}
			row.N = append(row.N, n)
		}
		page.Rows = append(page.Rows, row)
	}
	for _, c := range d.Series.Columns {
		page.Changes = append(page.Changes, changeOf(c, d.Series.Years, d.Indicator.Better))
	}
	if len(page.Changes) > 0 {
		page.Main = page.Changes[0]
	}
	page.Chart = newChartData(page.L, d)
	v := url.Values{"region": {d.Region.Key}, "year": {d.Year}}
	if d.Peers.Choice != peersNone {
		v.Set("peers", d.Peers.Choice)
	}
	if d.Peers.Choice == peersCustom {
		keys := make([]string, len(d.Peers.Members))
		for i, m := range d.Peers.Members {
			keys[i] = m.Key
		}
		v.Set("peer_keys", strings.Join(keys, ","))
	}
	page.ExportBase = "/monitoring/" + url.PathEscape(d.Indicator.Code) + "/export?" + v.Encode()
	w.render(rw, r, status, "monitoring_indicator", page)
}

// chartData is the JSON data island that static/monitoring.js draws from. The
// tables hold the same numbers; the charts only make them visible at a glance.
type chartData struct {
	Lang   string      `json:"lang"`
	Unit   string      `json:"unit"`
	Years  []string    `json:"years"`
	Lines  []chartLine `json:"lines"`
	Map    chartMap    `json:"map"`
	Labels chartLabels `json:"labels"`
}

type chartLine struct {
	Name   string     `json:"name"`
	Values []*float64 `json:"values"` // null for a special sign or a gap: the line breaks
}

type chartMap struct {
	Geo    string      `json:"geo"`
	Year   string      `json:"year"`
	Higher bool        `json:"higherIsBetter"` // the colour scale turns so that dark means worse
	Items  []chartArea `json:"items"`
}

type chartArea struct {
	Key   string   `json:"key"`
	Name  string   `json:"name"`
	Value *float64 `json:"value"`
}

type chartLabels struct {
	NoData string
}

func newChartData(l interface{ T(string, ...any) string }, d monitoringData) chartData {
	c := chartData{Unit: d.Indicator.Unit, Years: d.Series.Years,
		Map:    chartMap{Geo: geoPath, Year: d.Year, Higher: d.Indicator.Better == monitoring.HigherIsBetter},
		Labels: chartLabels{NoData: l.T("monitoring.map.nodata")}}
	num := func(cell monitoring.Cell, ok bool) *float64 {
		if !ok || cell.Symbol != "" {
			return nil
		}
		v := round(cell.Value, 4)
		return &v
	}
	for _, col := range d.Series.Columns {
		line := chartLine{Name: col.Name}
		for _, y := range d.Series.Years {
			cell, ok := col.Cells[y]
			line.Values = append(line.Values, num(cell, ok))
		}
		c.Lines = append(c.Lines, line)
	}
	for _, it := range d.Ranking {
		c.Map.Items = append(c.Map.Items, chartArea{Key: it.RegionKey, Name: it.RegionName, Value: num(it.Cell, true)})
	}
	return c
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
		w.RenderError(rw, r, err)
		return
	}
	rw.Header().Set("Content-Type", "application/geo+json")
	rw.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	httpx.ServeEmbedded(rw, r, data.KreiseGeoJSONName, b, geoETag)
}
