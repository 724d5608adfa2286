package monitoring

import (
	"cmp"
	"context"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// ObservationFilter selects observations as a data user types it (API parameters,
// CLI flags); zero fields do not filter, and a list matches any of its values.
type ObservationFilter struct {
	Table      string   // a table code, e.g. "13211-02-05-4"
	Series     []string // a series' number, or its name as the export writes it ("Arbeitslose | Ausländer")
	Regions    []string // region keys
	Level      string   // a regions.Level: the regions of one tier, told by the length of their key
	From, To   string   // a period range, both ends included: "2015", "2019-06", "2020-12-31"
	Breakdowns []string // a breakdown as the export writes it; "" for rows without one
}

// Paging asks for one page: at most Limit rows (1 to MaxPageSize) after the row
// that Cursor, taken from the previous page's Next, names ("" for the first page).
type Paging struct {
	Limit  int
	Cursor string
}

// The page sizes of Observations. A page is held in memory while it is written;
// larger results stream with Export.
const (
	DefaultPageSize = 1000
	MaxPageSize     = 10000
)

// Bounds on a filter as typed, so that a request cannot make the database compare
// thousands of values or long texts.
const (
	maxFilterValues = 100
	maxFilterText   = 200
	maxCursorText   = 1000
)

// ObservationPage is one page of observations in the export's order.
type ObservationPage struct {
	Items []ExportRow
	// Total counts the rows the filter matches on all pages, as the database holds
	// them while this page is read.
	Total int
	// Next is the cursor of the following page; "" on the last page.
	Next string
}

// ObservationQuery is a checked filter as the store runs it.
type ObservationQuery struct {
	// Series are the series to read, in the export's order (by table code, then by
	// number); a query without series matches nothing.
	Series  []SeriesInfo
	Regions []string
	// Bund keeps only Germany as a whole; KeyLength > 0 only the other keys of that
	// length (a level).
	Bund      bool
	KeyLength int
	// From and Before bound the period: From <= period < Before; "" does not bound.
	From, Before string
	Breakdowns   []string
	// After starts the rows after this one; the zero key starts at the beginning.
	After ObservationKey
	// Limit stops after that many rows; 0 reads all.
	Limit int
}

// ObservationKey names one row in the export's order: by table, series number,
// region, period and breakdown. The store pages on it, so that a page follows the
// previous one even while imports add or replace rows.
type ObservationKey struct {
	Table     string
	SeriesID  int64
	Region    string
	Period    string
	Breakdown string
}

// Key is the row's place in the export's order.
func (r ExportRow) Key() ObservationKey {
	return ObservationKey{Table: r.Table, SeriesID: r.SeriesID, Region: r.RegionKey, Period: r.Period, Breakdown: r.Breakdown}
}

// Observations returns one page of the observations f selects, and how many there
// are in all. A page continues after the row its cursor names, so that rows an import
// adds or replaces meanwhile shift no page: a row before the cursor is not shown
// again, one after it is shown once.
// Errors: EINVALID (every bad parameter at once, named as the API names it: table,
// series, region, level, from, to, breakdown, limit, cursor).
func (s *Service) Observations(ctx context.Context, f ObservationFilter, p Paging) (ObservationPage, error) {
	q, fields, err := s.query(ctx, f)
	if err != nil {
		return ObservationPage{}, err
	}
	if p.Limit < 1 || p.Limit > MaxPageSize {
		fields = append(fields, teilhabe.FieldMsg("limit", "invalid", "monitoring.fielderror.limit", "Value", p.Limit, "Max", MaxPageSize))
	}
	q.Limit = p.Limit
	if p.Cursor != "" {
		after, ok := decodeCursor(p.Cursor)
		if !ok {
			fields = append(fields, teilhabe.FieldMsg("cursor", "invalid", "monitoring.fielderror.cursor"))
		}
		q.After = after
	}
	if len(fields) > 0 {
		return ObservationPage{}, teilhabe.Invalid("monitoring.error.filter", fields...)
	}
	limit := q.Limit
	q.Limit++ // one more tells whether there is a next page
	var page ObservationPage
	err = s.store.ReadObservations(ctx, q, func(total int) {
		page.Total = total
	}, func(r ExportRow) error {
		page.Items = append(page.Items, r)
		return nil
	})
	if err != nil {
		return ObservationPage{}, err
	}
	if len(page.Items) > limit {
		page.Items = page.Items[:limit]
		page.Next = encodeCursor(page.Items[limit-1].Key())
	}
	return page, nil
}

// Export writes all the observations f selects in long format ("csv" or "json", see
// NewExportWriter), streaming, to the writer open returns: open is called only once
// the request is valid, so that a surface can still answer an error instead.
// Errors: EINVALID (every bad parameter at once, as for Observations, and an unknown
// format). An error once rows are out is a fault of the writer or the database.
func (s *Service) Export(ctx context.Context, f ObservationFilter, format string, open func() io.Writer) error {
	q, fields, err := s.query(ctx, f)
	if err != nil {
		return err
	}
	if !slices.Contains(ExportFormats, format) {
		fields = append(fields, teilhabe.FieldMsg("format", "invalid", "monitoring.fielderror.format"))
	}
	if len(fields) > 0 {
		return teilhabe.Invalid("monitoring.error.filter", fields...)
	}
	out, err := NewExportWriter(open(), format)
	if err != nil {
		return err
	}
	if err := s.store.ReadObservations(ctx, q, nil, out.Write); err != nil {
		return err
	}
	return out.Close()
}

// query checks f and turns it into what the store runs. It returns the field errors
// it found rather than an error, so that the callers can add theirs; err is a fault.
func (s *Service) query(ctx context.Context, f ObservationFilter) (ObservationQuery, []teilhabe.FieldError, error) {
	var q ObservationQuery
	var fields []teilhabe.FieldError
	for _, p := range []struct {
		name string
		list []string
	}{{"table", []string{f.Table}}, {"series", f.Series}, {"region", f.Regions}, {"breakdown", f.Breakdowns}} {
		switch {
		case len(p.list) > maxFilterValues:
			fields = append(fields, teilhabe.FieldMsg(p.name, "invalid", "monitoring.fielderror.too_many_values", "Max", maxFilterValues))
		case slices.ContainsFunc(p.list, func(v string) bool { return utf8.RuneCountInString(v) > maxFilterText }):
			fields = append(fields, teilhabe.FieldMsg(p.name, "invalid", "monitoring.fielderror.text_length", "Max", maxFilterText))
		}
	}
	if len(fields) > 0 {
		return q, fields, nil // too large to look at further
	}
	all, err := s.store.Series(ctx)
	if err != nil {
		return q, nil, err
	}
	var bad []teilhabe.FieldError
	q.Series, bad = matchSeries(all, strings.TrimSpace(f.Table), f.Series)
	fields = append(fields, bad...)
	for _, r := range f.Regions {
		key, ok := regions.NormalizeKey(r)
		if !ok {
			fields = append(fields, teilhabe.FieldMsg("region", "invalid", "monitoring.fielderror.region_key", "Value", r))
		}
		q.Regions = append(q.Regions, key)
	}
	if f.Level != "" {
		level, err := regions.ParseLevel(strings.TrimSpace(f.Level))
		if err != nil {
			fields = append(fields, teilhabe.FieldMsg("level", "invalid", "monitoring.fielderror.level", "Value", f.Level))
		}
		q.Bund, q.KeyLength = level == regions.LevelBund, levelKeyLength[level]
	}
	var fromOK, toOK bool
	if f.From = strings.TrimSpace(f.From); f.From != "" {
		if q.From, _, fromOK = periodBounds(f.From); !fromOK {
			fields = append(fields, teilhabe.FieldMsg("from", "invalid", "monitoring.fielderror.period", "Value", f.From))
		}
	}
	if f.To = strings.TrimSpace(f.To); f.To != "" {
		if _, q.Before, toOK = periodBounds(f.To); !toOK {
			fields = append(fields, teilhabe.FieldMsg("to", "invalid", "monitoring.fielderror.period", "Value", f.To))
		}
	}
	if fromOK && toOK && q.Before != "" && q.From >= q.Before {
		fields = append(fields, teilhabe.FieldMsg("to", "invalid", "monitoring.fielderror.period_order", "From", f.From, "To", f.To))
	}
	q.Breakdowns = f.Breakdowns
	return q, fields, nil
}

// levelKeyLength is the length of a level's keys (see regions.Region.Key); the Bund's
// "DG" is as long as a Land's key and is told apart by Bund.
var levelKeyLength = map[regions.Level]int{
	regions.LevelLand: 2, regions.LevelRegierungsbezirk: 3, regions.LevelKreis: 5,
	regions.LevelGemeindeverband: 9, regions.LevelGemeinde: 8,
}

// matchSeries returns the series of table (any, for "") that the values name, by
// table code and number; no values name all of them. A value is a series' number or
// its name, compared without regard to case and to the spaces around the separator.
func matchSeries(all []SeriesInfo, table string, values []string) ([]SeriesInfo, []teilhabe.FieldError) {
	var fields []teilhabe.FieldError
	var inTable []SeriesInfo
	for _, s := range all {
		if table == "" || strings.EqualFold(s.Table, table) {
			inTable = append(inTable, s)
		}
	}
	if table != "" && len(inTable) == 0 {
		return nil, []teilhabe.FieldError{teilhabe.FieldMsg("table", "invalid", "monitoring.fielderror.no_table", "Value", table)}
	}
	picked := inTable
	if len(values) > 0 {
		picked = nil
		for _, v := range values {
			n := len(picked)
			id, isNumber := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			for _, s := range inTable {
				if (isNumber == nil && s.ID == id) || sameSeriesName(s.Name, v) {
					picked = append(picked, s)
				}
			}
			if len(picked) == n {
				fields = append(fields, teilhabe.FieldMsg("series", "invalid", "monitoring.fielderror.no_series", "Value", v, "Table", table))
			}
		}
	}
	slices.SortFunc(picked, func(a, b SeriesInfo) int {
		return cmp.Or(strings.Compare(a.Table, b.Table), cmp.Compare(a.ID, b.ID))
	})
	return slices.CompactFunc(picked, func(a, b SeriesInfo) bool { return a.ID == b.ID }), fields
}

// sameSeriesName compares a stored name with one as typed: "arbeitslose|ausländer"
// names "Arbeitslose | Ausländer".
func sameSeriesName(stored, typed string) bool {
	a, b := strings.Split(stored, "|"), strings.Split(typed, "|")
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !strings.EqualFold(strings.Join(strings.Fields(a[i]), " "), strings.Join(strings.Fields(b[i]), " ")) {
			return false
		}
	}
	return true
}
