package web

import (
	"context"
	"math"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// baseYear is the comparison year of the monitoring: the last year before the
// pandemic, whose effects the position paper asks to make visible.
const baseYear = "2019"

// seriesColumn is one line of the time series: a region and its value per period.
type seriesColumn struct {
	Key, Name string
	Level     regions.Level
	Cells     map[string]monitoring.Cell // by year
	// Median marks a peer group's median; Size is the group's number of regions and
	// Counts how many of them had a number in each year.
	Median bool
	Size   int
	Counts map[string]int
}

// timeSeries is the chosen region beside its Land and the Bund, year by year.
type timeSeries struct {
	Years   []string
	Columns []seriesColumn
}

// rankItem is one Kreis in the ranking; Rank is 0 for a Kreis without a number.
type rankItem struct {
	Rank int
	store.IndicatorValue
}

// monitoringData is what the page and every export show, computed once per request.
type monitoringData struct {
	Indicator monitoring.Indicator
	Region    regions.Region
	Series    timeSeries
	Years     []string // years with values for Kreise, ascending
	Year      string   // the year of the ranking
	Ranking   []rankItem
	Peers     peerGroup
}

var yearPattern = regexp.MustCompile(`^[12][0-9]{3}$`)

// loadMonitoring computes the time series and the ranking. Bad input (an unknown
// region, a malformed year or one without values) falls back to the default and is
// returned as an EINVALID error beside the data, so the page can show both.
func loadMonitoring(ctx context.Context, s Store, l translator, code string, q url.Values) (monitoringData, error) {
	regionInput, yearInput := q.Get("region"), q.Get("year")
	var d monitoringData
	var err error
	if d.Indicator, err = s.Indicator(ctx, strings.ToUpper(code)); err != nil {
		return d, err
	}
	var fields []teilhabe.FieldError
	d.Region, err = findRegion(ctx, s, strings.TrimSpace(regionInput))
	if err != nil {
		if teilhabe.ErrorCode(err) != teilhabe.ENOTFOUND {
			return d, err
		}
		fields = append(fields, teilhabe.FieldError{Field: "region", Code: "not_found",
			Message: "Ein Gebiet „" + regionInput + "“ gibt es nicht. Bitte einen Regionalschlüssel (z. B. 08111) oder Namen angeben; gezeigt wird Deutschland."})
		if d.Region, err = s.Region(ctx, "DG"); err != nil {
			return d, err
		}
	}
	if d.Series, err = loadSeries(ctx, s, d.Indicator, d.Region); err != nil {
		return d, err
	}
	peers, bad, err := loadPeers(ctx, s, l, d.Region, q.Get("peers"), q.Get("peer_keys"))
	if err != nil {
		return d, err
	}
	fields = append(fields, bad...)
	d.Peers = peers
	cols, err := peerColumns(ctx, s, l, d.Indicator, peers)
	if err != nil {
		return d, err
	}
	d.Series.Columns = append(d.Series.Columns, cols...)
	for _, c := range cols { // a peer may have years the region has not
		for y := range c.Cells {
			if !slices.Contains(d.Series.Years, y) {
				d.Series.Years = append(d.Series.Years, y)
			}
		}
	}
	slices.Sort(d.Series.Years)
	all, err := s.IndicatorValues(ctx, d.Indicator, store.IndicatorFilter{Level: string(regions.LevelKreis)})
	if err != nil {
		return d, err
	}
	byYear := map[string][]store.IndicatorValue{}
	for _, v := range all {
		y := monitoring.Year(v.Period)
		byYear[y] = append(byYear[y], v)
	}
	for y, vs := range byYear {
		if slices.ContainsFunc(vs, func(v store.IndicatorValue) bool { return v.Symbol == "" }) {
			d.Years = append(d.Years, y)
		}
	}
	slices.Sort(d.Years)
	d.Year = yearInput
	switch {
	case yearInput == "":
		if len(d.Years) > 0 {
			d.Year = d.Years[len(d.Years)-1]
		}
	case !yearPattern.MatchString(yearInput) || !slices.Contains(d.Years, yearInput):
		msg := "Das Jahr „" + yearInput + "“ ist keine vierstellige Jahreszahl."
		if yearPattern.MatchString(yearInput) {
			msg = "Für das Jahr " + yearInput + " gibt es keine Werte der Kreise."
		}
		if len(d.Years) > 0 {
			msg += " Werte gibt es für " + d.Years[0] + " bis " + d.Years[len(d.Years)-1] + "; gezeigt wird " + d.Years[len(d.Years)-1] + "."
			d.Year = d.Years[len(d.Years)-1]
		} else {
			d.Year = ""
		}
		fields = append(fields, teilhabe.FieldError{Field: "year", Code: "invalid", Message: msg})
	}
	d.Ranking = rank(byYear[d.Year], d.Indicator.Better)
	if len(fields) > 0 {
		return d, teilhabe.Invalid("Die Auswahl ist ungültig.", fields...)
	}
	return d, nil
}

// findRegion accepts a key ("08111", "DG") or, for people who do not know keys, the
// beginning of a name; the best match of the region search wins.
func findRegion(ctx context.Context, s Store, input string) (regions.Region, error) {
	if input == "" {
		input = "DG"
	}
	r, err := s.Region(ctx, input)
	if err == nil || teilhabe.ErrorCode(err) != teilhabe.ENOTFOUND {
		return r, err
	}
	found, _, ferr := s.FindRegions(ctx, regions.Filter{Query: input, Limit: 1})
	if ferr != nil {
		return r, ferr
	}
	if len(found) == 0 {
		return r, err
	}
	return found[0], nil
}

// loadSeries reads the region, its Land and the Bund, skipping levels in between
// (Regierungsbezirk) and duplicates (the Land itself chosen).
func loadSeries(ctx context.Context, s Store, ind monitoring.Indicator, reg regions.Region) (timeSeries, error) {
	var ts timeSeries
	chain, err := s.RegionAncestors(ctx, reg.Key)
	if err != nil {
		return ts, err
	}
	cols := []regions.Region{reg}
	for i := len(chain) - 1; i >= 0; i-- { // nearest ancestor first: Land before Bund
		c := chain[i]
		if c.Key != reg.Key && (c.Level == regions.LevelLand || c.Level == regions.LevelBund) {
			cols = append(cols, c)
		}
	}
	years := map[string]bool{}
	for _, c := range cols {
		vals, err := s.IndicatorValues(ctx, ind, store.IndicatorFilter{Region: c.Key})
		if err != nil {
			return ts, err
		}
		col := seriesColumn{Key: c.Key, Name: c.Name, Level: c.Level, Cells: map[string]monitoring.Cell{}}
		for _, v := range vals {
			y := monitoring.Year(v.Period)
			col.Cells[y], years[y] = v.Cell, true
		}
		ts.Columns = append(ts.Columns, col)
	}
	for y := range years {
		ts.Years = append(ts.Years, y)
	}
	slices.Sort(ts.Years)
	return ts, nil
}

// rank sorts the Kreise best first: ascending when lower is better, else descending
// (a neutral indicator is simply listed from the highest value). Equal values share a
// rank (1, 2, 2, 4); special signs come last, without a rank.
func rank(vals []store.IndicatorValue, better monitoring.Direction) []rankItem {
	items := make([]rankItem, len(vals))
	for i, v := range vals {
		// Round away float noise first: 8.1 − 5.1 and 6.9 − 3.9 must tie at 3.0.
		v.Value = round(v.Value, 6)
		items[i] = rankItem{IndicatorValue: v}
	}
	slices.SortStableFunc(items, func(a, b rankItem) int {
		if (a.Symbol == "") != (b.Symbol == "") {
			if a.Symbol == "" {
				return -1
			}
			return 1
		}
		if a.Symbol == "" && a.Value != b.Value {
			less := a.Value < b.Value
			if better != monitoring.LowerIsBetter {
				less = !less
			}
			if less {
				return -1
			}
			return 1
		}
		return strings.Compare(a.RegionKey, b.RegionKey)
	})
	for i := range items {
		switch {
		case items[i].Symbol != "":
		case i > 0 && items[i-1].Symbol == "" && items[i-1].Value == items[i].Value:
			items[i].Rank = items[i-1].Rank
		default:
			items[i].Rank = i + 1
		}
	}
	return items
}

// change is the development of one region from baseYear to its latest year with a number.
type change struct {
	Has        bool // a number in baseYear and a later one
	From, To   float64
	LatestYear string
	Diff       float64
	Verdict    string // "better", "worse", "same", or for neutral indicators "up", "down"
}

func changeOf(col seriesColumn, years []string, better monitoring.Direction) change {
	var c change
	base, ok := col.Cells[baseYear]
	if !ok || base.Symbol != "" {
		return c
	}
	for i := len(years) - 1; i >= 0 && years[i] > baseYear; i-- {
		if v, ok := col.Cells[years[i]]; ok && v.Symbol == "" {
			c = change{Has: true, From: base.Value, To: v.Value, LatestYear: years[i], Diff: round(v.Value-base.Value, 6)}
			break
		}
	}
	if !c.Has {
		return c
	}
	switch {
	case c.Diff == 0:
		c.Verdict = "same"
	case better == monitoring.Neutral && c.Diff > 0:
		c.Verdict = "up"
	case better == monitoring.Neutral:
		c.Verdict = "down"
	case (c.Diff < 0) == (better == monitoring.LowerIsBetter):
		c.Verdict = "better"
	default:
		c.Verdict = "worse"
	}
	return c
}

// round removes float noise (7.3 − 4.1 = 3.1999999999999997) before values leave
// the server as JSON, CSV or XLSX.
func round(f float64, prec int) float64 {
	p := math.Pow(10, float64(prec))
	return math.Round(f*p) / p
}
