package monitoring

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
	"github.com/teilhabe/teilhabe/internal/web"
)

// monitoringQuery reads the page's choices from the URL: the same names as the
// exports and the API.
func monitoringQuery(q url.Values) monitoring.MonitoringQuery {
	return monitoring.MonitoringQuery{Year: q.Get("year"),
		SeriesQuery: monitoring.SeriesQuery{Region: q.Get("region"), Peers: q.Get("peers"), PeerKeys: q.Get("peer_keys")}}
}

// view asks for the monitoring view and names its median columns in the reader's
// language. An EINVALID error comes with the view of the defaults.
func (w *Web) view(r *http.Request, l *i18n.Localizer) (monitoring.MonitoringView, error) {
	d, err := w.svc.Monitoring(r.Context(), r.PathValue("code"), monitoringQuery(r.URL.Query()))
	nameColumns(l, d.Series.Columns)
	return d, err
}

// nameColumns names the median columns, which the view leaves to the reader's
// language: "Median: Kreise gleichen Typs (Stadtkreis, n = 40)".
func nameColumns(l *i18n.Localizer, cols []monitoring.SeriesColumn) {
	for i, c := range cols {
		if c.Median() {
			cols[i].Name = l.T(c.MedianMessageID(), "Kind", c.Kind, "N", c.Size)
		}
	}
}

// peerLabel names the peer group shown, "" for none.
func peerLabel(l *i18n.Localizer, g monitoring.PeerGroup) string {
	switch g.Choice {
	case monitoring.PeersKind:
		return l.T("monitoring.peers.kind.label", "Kind", g.Kind)
	case monitoring.PeersNetwork:
		return l.T("monitoring.peers.network")
	case monitoring.PeersCustom:
		return l.T("monitoring.peers.custom")
	}
	return ""
}

type seriesRow struct {
	Year  string
	Cells []monitoring.Cell
	Has   []bool // false: no observation for that region and year
	N     []int  // for a median: how many regions had a number; -1 for other columns
}

type indicatorPage struct {
	web.Page
	D          monitoring.MonitoringView
	RegionIn   string // as typed, to refill the form
	YearIn     string
	PeerKeysIn string
	PeerLabel  string // the group shown, "" for none
	Rows       []seriesRow
	Main       monitoring.Change   // the chosen region's change since BaseYear
	First      monitoring.Change   // and its change from BaseYear to FirstEffectYear
	Changes    []monitoring.Change // per column, for the table foot
	BaseYear   string
	Chart      chartData
	ExportBase string
	Ranking    rankingPager
	MapMode    string
	MapModes   []string
	Grey       greyKreise
	// HasValues is false while no region has a number: no chart, no map, and no
	// downloads that would hold a header row only.
	HasValues bool
}

// Verdict is the class that marks a change as better or worse; the text beside it
// says the same, so colour is never the only sign.
func (p indicatorPage) Verdict(c monitoring.Change) string { return "verdict verdict--" + c.Verdict }

// Fmt formats a value as the page's language writes numbers; a special sign stays
// as official statistics writes it, never a zero.
func (p indicatorPage) Fmt(c monitoring.Cell) string {
	if c.Symbol != "" {
		return c.Symbol
	}
	return p.L.Decimal(c.Value, 1)
}

// Num formats a number with one decimal, as the tables do.
func (p indicatorPage) Num(f float64) string { return p.L.Decimal(f, 1) }

// Signed formats a difference with its sign, so that a fall is not misread as a level.
func (p indicatorPage) Signed(f float64) string {
	if f > 0 {
		return "+" + p.L.Decimal(f, 1)
	}
	if f < 0 {
		return "−" + p.L.Decimal(-f, 1)
	}
	return p.L.Decimal(0, 1)
}

func (w *Web) indicator(rw http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := w.ui.Page(r, "")
	d, err := w.view(r, p.L)
	status := http.StatusOK
	if err != nil {
		if teilhabe.ErrorCode(err) != teilhabe.EINVALID {
			w.ui.Error(rw, r, err)
			return
		}
		// A bad region or year: show the error summary above the defaults instead
		// of a dead end, so the user can correct the form right there.
		status = http.StatusUnprocessableEntity
		p.WithError(r, err)
	}
	p.Title = d.Indicator.Name
	page := indicatorPage{Page: p, D: d, RegionIn: q.Get("region"), YearIn: q.Get("year"), PeerKeysIn: q.Get("peer_keys"),
		PeerLabel: peerLabel(p.L, d.Peers), Changes: d.Changes, BaseYear: d.BaseYear}
	if page.RegionIn == "" {
		page.RegionIn = d.Region.Key
	}
	for _, y := range d.Series.Years {
		row := seriesRow{Year: y}
		for _, c := range d.Series.Columns {
			cell, ok := c.Cells[y]
			row.Cells, row.Has = append(row.Cells, cell), append(row.Has, ok)
			n := -1
			if c.Median() {
				n = c.Counts[y]
			}
			row.N = append(row.N, n)
		}
		page.Rows = append(page.Rows, row)
	}
	if len(page.Changes) > 0 {
		page.Main, page.First = page.Changes[0], d.FirstEffects[0]
	}
	page.MapMode, page.MapModes = mapMode(q.Get("map")), mapModes
	page.Chart = newChartData(p.L, d, page.MapMode)
	page.ExportBase = exportBase(d)
	page.Ranking = pageRanking(p.Path, d.Ranking, q.Get("offset"), d.Region.Key)
	page.Grey = newGreyKreise(d, page.MapMode)
	page.HasValues = len(d.Years) > 0 || hasNumber(d.Series)
	w.render(rw, r, status, "monitoring_indicator", page)
}

// exportBase is the download link of what the page shows: region, year and group.
func exportBase(d monitoring.MonitoringView) string {
	v := url.Values{"region": {d.Region.Key}, "year": {d.Year}}
	if d.Peers.Choice != monitoring.PeersNone {
		v.Set("peers", string(d.Peers.Choice))
	}
	if d.Peers.Choice == monitoring.PeersCustom {
		keys := make([]string, len(d.Peers.Members))
		for i, m := range d.Peers.Members {
			keys[i] = m.Key
		}
		v.Set("peer_keys", strings.Join(keys, ","))
	}
	return "/monitoring/" + url.PathEscape(d.Indicator.Code) + "/export?" + v.Encode()
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
	Mode   string      `json:"mode"`           // what the colours show: "value", "change" or "first"
	Unit   string      `json:"unit"`           // of the values shown: a change of a rate is in percentage points
	Higher bool        `json:"higherIsBetter"` // the colour scale turns so that dark means worse
	Items  []chartArea `json:"items"`
}

type chartArea struct {
	Key   string   `json:"key"`
	Name  string   `json:"name"`
	Value *float64 `json:"value"`
}

type chartLabels struct {
	NoData string // a Kreis' tooltip
	Legend string // the grey box of the legend
}

func newChartData(l *i18n.Localizer, d monitoring.MonitoringView, mode string) chartData {
	c := chartData{Unit: d.Indicator.Unit, Years: d.Series.Years,
		Map:    chartMap{Geo: geoPath, Year: d.Year, Mode: mode, Unit: d.Indicator.Unit, Higher: d.Indicator.Better == monitoring.HigherIsBetter},
		Labels: chartLabels{NoData: l.T("monitoring.map.nodata"), Legend: l.T("mviews.map.legend.nodata")}}
	num := func(cell monitoring.Cell, ok bool) *float64 {
		if !ok || cell.Symbol != "" {
			return nil
		}
		v := monitoring.Round(cell.Value, 4)
		return &v
	}
	c.Years = continuousYears(d.Series.Years)
	for _, col := range d.Series.Columns {
		line := chartLine{Name: col.Name}
		for _, y := range c.Years {
			cell, ok := col.Cells[y]
			line.Values = append(line.Values, num(cell, ok))
		}
		c.Lines = append(c.Lines, line)
	}
	for _, it := range d.Ranking {
		v := num(it.Cell, true)
		if mode != "value" && d.Indicator.Unit == "%" {
			c.Map.Unit = l.T("mviews.unit.points")
		}
		switch mode {
		case "change":
			v = diff(it.Change)
		case "first":
			v = diff(it.FirstEffect)
		}
		c.Map.Items = append(c.Map.Items, chartArea{Key: it.RegionKey, Name: it.RegionName, Value: v})
	}
	return c
}

// diff is a change for the map, nil where there is none.
func diff(ch monitoring.Change) *float64 {
	if !ch.Has {
		return nil
	}
	v := monitoring.Round(ch.Diff, 4)
	return &v
}

// hasNumber reports whether any column of the time series has a number.
func hasNumber(s monitoring.TimeSeries) bool {
	for _, c := range s.Columns {
		for _, cell := range c.Cells {
			if cell.Symbol == "" {
				return true
			}
		}
	}
	return false
}

// continuousYears fills the years between the first and the last, so that the chart's
// axis keeps its scale: 2020 and 2023 are three years apart, not neighbours, and the
// years between are gaps in the lines.
func continuousYears(years []string) []string {
	if len(years) < 2 {
		return years
	}
	first, err1 := strconv.Atoi(years[0])
	last, err2 := strconv.Atoi(years[len(years)-1])
	if err1 != nil || err2 != nil || last-first > 200 {
		return years
	}
	out := make([]string, 0, last-first+1)
	for y := first; y <= last; y++ {
		out = append(out, strconv.Itoa(y))
	}
	return out
}
