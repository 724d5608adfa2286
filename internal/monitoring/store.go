package monitoring

import (
	"context"
	"time"

	"github.com/teilhabe/teilhabe/internal/regions"
)

// Store is what the use cases need from storage; the store's Statistics view
// implements it. Its reads see what is committed; Update's transaction sees its own
// writes. Its errors are faults (EINTERNAL), except ENOTFOUND from Indicator and
// Region, and the import errors Tx.ImportTable names.
type Store interface {
	JobStore
	// Update runs fn in one write transaction. It commits when fn returns nil; any
	// error rolls back everything fn did, audit events included.
	Update(ctx context.Context, fn func(Tx) error) error

	// Indicators returns the catalogue, by action field and name.
	Indicators(ctx context.Context) ([]Indicator, error)
	// Indicator returns the indicator with this code; ENOTFOUND if there is none.
	Indicator(ctx context.Context, code string) (Indicator, error)
	// IndicatorValues computes an indicator from the observations as they are now,
	// so that values follow every import. Two series are matched by region, year and
	// breakdown; a region or year where one of them is missing has no value.
	IndicatorValues(ctx context.Context, ind Indicator, f IndicatorFilter) ([]IndicatorValue, error)
	// Tables lists the imported tables by code.
	Tables(ctx context.Context) ([]StatTable, error)
	// Series lists every series of the imported tables, by table and position.
	Series(ctx context.Context) ([]SeriesInfo, error)
	// ReadObservations passes the observations q selects to fn in the order of
	// ObservationKey, without holding them in memory, after it has passed total (if
	// not nil) how many match q without its After and Limit. Count and rows come from
	// one snapshot of the database.
	ReadObservations(ctx context.Context, q ObservationQuery, total func(int), fn func(ExportRow) error) error

	// Region returns the region with this key (or 12-digit ARS); ENOTFOUND if none.
	Region(ctx context.Context, key string) (regions.Region, error)
	// FindRegions searches regions by name or key prefix, best match first.
	FindRegions(ctx context.Context, f regions.Filter) ([]regions.Region, int, error)
	// RegionAncestors returns the chain from the Bund down to the region itself.
	RegionAncestors(ctx context.Context, key string) ([]regions.Region, error)
	// RegionsOfKind returns the current regions of one level and kind, by key.
	RegionsOfKind(ctx context.Context, level regions.Level, kind string) ([]regions.Region, error)
	// RegionsByKeys returns the regions with these keys, by key; unknown keys are
	// missing from the answer.
	RegionsByKeys(ctx context.Context, keys []string) ([]regions.Region, error)
	// SeriesAliases returns the aliases of every table, by table and alias.
	SeriesAliases(ctx context.Context) ([]SeriesAlias, error)
	// NetworkRegions returns the distinct region keys of the organisations with a
	// member of the Qualitätszirkel (a network member or the network office), sorted.
	NetworkRegions(ctx context.Context) ([]string, error)
}

// Tx is one write transaction: everything it writes happens together or not at all.
type Tx interface {
	JobTx
	// Indicator returns the indicator with this code; ENOTFOUND if there is none.
	Indicator(ctx context.Context, code string) (Indicator, error)
	// SaveIndicator inserts the indicator, or replaces the one with its code.
	SaveIndicator(ctx context.Context, ind Indicator) error
	// ImportTable reads one file into the database and reports what it did. The file's
	// series are matched to the table's stored ones by plan.Match; the file then
	// replaces exactly the stored cells of its series × periods × breakdowns and keeps
	// the rest (plan.ReplaceTable: the table is deleted first). An error of the reader
	// is returned as it is. Where the database refuses the table, it answers with the
	// errors of errors.go: ErrTwoColumns for two series of one name and unit,
	// ErrValueTwice for one cell given twice. A reader that never begins a table
	// leaves Table "".
	ImportTable(ctx context.Context, f TableFile, plan TablePlan) (TableImport, Summary, error)
	// TableSeries returns the stored series of one table, by position.
	TableSeries(ctx context.Context, table string) ([]SeriesInfo, error)
	// SeriesByID returns one stored series; ENOTFOUND if there is none.
	SeriesByID(ctx context.Context, id int64) (SeriesInfo, error)
	// SeriesAliases returns the aliases of one table ("" for all), by table and alias.
	SeriesAliases(ctx context.Context, table string) ([]SeriesAlias, error)
	// SaveSeriesAlias inserts the alias, or replaces the one of its table and alias,
	// and returns it as stored.
	SaveSeriesAlias(ctx context.Context, a SeriesAlias) (SeriesAlias, error)
	// DeleteSeriesAlias deletes one alias and returns it; ENOTFOUND if there is none.
	DeleteSeriesAlias(ctx context.Context, table, alias string) (SeriesAlias, error)
	// MergeSeries moves the observations of series from into series into, where into
	// has no value for the cell, and deletes from with what is left of it.
	MergeSeries(ctx context.Context, from, into int64) (SeriesMerge, error)
	// Audit records who changed what, in this transaction.
	Audit(ctx context.Context, entity, id, action string, before, after any) error
}

// IndicatorFilter selects computed values; zero fields do not filter.
type IndicatorFilter struct {
	Region string        // a region key
	Level  regions.Level // e.g. kreis for a ranking of the Kreise
	Period string        // a year, e.g. "2008"
}

// IndicatorValue is an indicator's value for one region and period.
type IndicatorValue struct {
	RegionKey  string
	RegionName string
	Period     string
	Cell
}

// StatTable describes an imported table.
type StatTable struct {
	Code           string
	Title          string
	SourceNote     string
	BreakdownNames []string
	FileName       string
	Encoding       string
	ImportedAt     time.Time
	Series         int
	Observations   int
}

// SeriesInfo names one series of an imported table, for choosing in forms.
type SeriesInfo struct {
	ID    int64
	Table string
	Name  string
	Unit  string
}

// TableReader reads one table file into a sink; ReadGenesis is one.
type TableReader func(sink Sink) (Summary, error)

// TableFile is one file to import.
type TableFile struct {
	Name string
	Read TableReader
}

// TablePlan is how ImportTable merges a file into what is stored.
type TablePlan struct {
	// ReplaceTable deletes everything stored of the file's table first.
	ReplaceTable bool
	// Match decides which of the table's stored series each series of the file is
	// (MatchSeries with the table's aliases).
	Match func(table string, stored []SeriesInfo, file []Series) []SeriesMatch
}

// TableImport is what an import of a statistical table did. A cell is one
// observation: a series' value for a region, period and breakdown.
type TableImport struct {
	Table        string `json:"table"`
	File         string `json:"file"`
	Series       int    `json:"series"`       // value columns in the file
	Observations int    `json:"observations"` // cells in the file
	Added        int    `json:"added"`        // cells the database did not hold
	Replaced     int    `json:"replaced"`     // cells the file gives again; their earlier values were replaced
	Changed      int    `json:"changed"`      // of Replaced, cells whose value or sign differs
	// Removed counts earlier cells that were deleted: of the file's series × periods
	// × breakdowns, those the file lacks; with ReplaceTable every earlier cell.
	Removed       int  `json:"removed"`
	Kept          int  `json:"kept"` // earlier cells outside what the file holds, kept as they were
	TableReplaced bool `json:"table_replaced,omitempty"`
	// Renamed are the file's series found under another label (alias or
	// normalised); Unmatched the ones that match no series the table had before and
	// were added as new series, so that an admin can declare an alias.
	Renamed        []SeriesRename `json:"renamed,omitempty"`
	Unmatched      []string       `json:"unmatched,omitempty"`
	UnknownRegions int            `json:"unknown_regions"`
	UnknownSample  []string       `json:"unknown_sample,omitempty"` // the first few unknown keys
}

// Unchanged reports an import that left the table's cells as they were: the same
// file imported again.
func (r TableImport) Unchanged() bool { return r.Added == 0 && r.Changed == 0 && r.Removed == 0 }

// SeriesRename is a series of a file stored under another label.
type SeriesRename struct {
	File   string    `json:"file"`   // as the file labels it
	Stored string    `json:"stored"` // the stored series
	Unit   string    `json:"unit"`
	By     MatchKind `json:"by"`
}

// SeriesMerge is what merging a series into another did.
type SeriesMerge struct {
	From    string `json:"from"`
	Unit    string `json:"unit"`
	Moved   int    `json:"moved"`   // cells the target did not hold
	Dropped int    `json:"dropped"` // cells both held: the target's were kept
}
