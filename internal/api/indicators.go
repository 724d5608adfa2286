package api

import (
	"context"
	"io"
	"net/http"

	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/regions"
)

// MonitoringService is what the API asks of the monitoring use cases;
// *monitoring.Service implements it. Everything here is public reading.
type MonitoringService interface {
	Indicators(ctx context.Context) ([]monitoring.Indicator, error)
	Indicator(ctx context.Context, code string) (monitoring.Indicator, error)
	Values(ctx context.Context, code string, f monitoring.IndicatorFilter) (monitoring.Indicator, []monitoring.IndicatorValue, error)
	Series(ctx context.Context, code string, q monitoring.SeriesQuery) (monitoring.SeriesView, error)
	Tables(ctx context.Context) ([]monitoring.StatTable, error)
	Export(ctx context.Context, f monitoring.ObservationFilter, format string, open func() io.Writer) error
	Observations(ctx context.Context, f monitoring.ObservationFilter, p monitoring.Paging) (monitoring.ObservationPage, error)
}

var _ MonitoringService = (*monitoring.Service)(nil)

type seriesRefJSON struct {
	Table     string `json:"table"`
	Series    string `json:"series"`
	Unit      string `json:"unit"`
	Breakdown string `json:"breakdown"`
}

type indicatorJSON struct {
	Code        string         `json:"code"`
	Name        string         `json:"name"`
	ActionField string         `json:"action_field"`
	Unit        string         `json:"unit"`
	Better      string         `json:"better"`
	Definition  string         `json:"definition"`
	Source      string         `json:"source"`
	Kind        string         `json:"kind"`
	A           seriesRefJSON  `json:"a"`
	B           *seriesRefJSON `json:"b"`
	Factor      float64        `json:"factor"`
	Links       struct {
		Self   string `json:"self"`
		Values string `json:"values"`
		Series string `json:"series"`
	} `json:"links"`
}

func toIndicatorJSON(i monitoring.Indicator) indicatorJSON {
	j := indicatorJSON{Code: i.Code, Name: i.Name, ActionField: i.ActionField, Unit: i.Unit, Better: string(i.Better),
		Definition: i.Definition, Source: i.Source, Kind: string(i.Kind), A: seriesRefJSON(i.A), Factor: i.Factor}
	if i.Kind != monitoring.KindValue {
		b := seriesRefJSON(i.B)
		j.B = &b
	}
	j.Links.Self = Prefix + "/indicators/" + i.Code
	j.Links.Values = j.Links.Self + "/values"
	j.Links.Series = j.Links.Self + "/series"
	return j
}

func (a *API) listIndicators(w http.ResponseWriter, r *http.Request) {
	list, err := a.monitoring.Indicators(r.Context())
	if err != nil {
		a.RenderError(w, r, err)
		return
	}
	out := struct {
		Total int             `json:"total"`
		Items []indicatorJSON `json:"items"`
	}{Total: len(list), Items: make([]indicatorJSON, 0, len(list))}
	for _, i := range list {
		out.Items = append(out.Items, toIndicatorJSON(i))
	}
	ok(w, out)
}

func (a *API) getIndicator(w http.ResponseWriter, r *http.Request) {
	i, err := a.monitoring.Indicator(r.Context(), r.PathValue("code"))
	if err != nil {
		a.RenderError(w, r, err)
		return
	}
	ok(w, toIndicatorJSON(i))
}

type indicatorValueJSON struct {
	RegionKey  string   `json:"region_key"`
	RegionName string   `json:"region_name"`
	Period     string   `json:"period"`
	Value      *float64 `json:"value"`
	Symbol     string   `json:"symbol"`
}

// indicatorValues computes the indicator now, from the observations as imported.
func (a *API) indicatorValues(w http.ResponseWriter, r *http.Request) {
	params := r.URL.Query()
	f := monitoring.IndicatorFilter{Region: params.Get("region"), Level: regions.Level(params.Get("level")), Period: params.Get("year")}
	ind, values, err := a.monitoring.Values(r.Context(), r.PathValue("code"), f)
	if err != nil {
		a.RenderError(w, r, err)
		return
	}
	out := struct {
		Indicator indicatorJSON        `json:"indicator"`
		Total     int                  `json:"total"`
		Items     []indicatorValueJSON `json:"items"`
	}{Indicator: toIndicatorJSON(ind), Total: len(values), Items: make([]indicatorValueJSON, 0, len(values))}
	for _, v := range values {
		item := indicatorValueJSON{RegionKey: v.RegionKey, RegionName: v.RegionName, Period: v.Period, Symbol: v.Symbol}
		if v.Symbol == "" {
			value := v.Value
			item.Value = &value
		}
		out.Items = append(out.Items, item)
	}
	ok(w, out)
}
