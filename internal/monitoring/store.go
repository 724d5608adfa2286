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
	// NetworkRegions returns the distinct region keys of the organisations with a
	// member of the Qualitätszirkel (a network member or the network office), sorted.
	NetworkRegions(ctx context.Context) ([]string, error)
}

// Tx is one write transaction: everything it writes happens together or not at all.
type Tx interface {
	// Indicator returns the indicator with this code; ENOTFOUND if there is none.
	Indicator(ctx context.Context, code string) (Indicator, error)
	// SaveIndicator inserts the indicator, or replaces the one with its code.
	SaveIndicator(ctx context.Context, ind Indicator) error
	// ImportTable reads one file into the database, replacing an earlier import of
	// its table, and reports what it did. An error of the reader is returned as it
	// is. Where the database refuses the table, it answers with the errors of
	// errors.go: ErrTwoColumns for two series of one name and unit, ErrValueTwice
	// for one cell given twice. A reader that never begins a table leaves Table "".
	ImportTable(ctx context.Context, f TableFile) (TableImport, Summary, error)
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

// TableImport is what an import of a statistical table did.
type TableImport struct {
	Table          string   `json:"table"`
	File           string   `json:"file"`
	Series         int      `json:"series"`
	Observations   int      `json:"observations"`
	Replaced       int      `json:"replaced"` // observations of an earlier import of the table
	UnknownRegions int      `json:"unknown_regions"`
	UnknownSample  []string `json:"unknown_sample,omitempty"` // the first few unknown keys
}
