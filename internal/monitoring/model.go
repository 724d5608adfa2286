// Package monitoring is integration monitoring: official statistics read from
// GENESIS / Regionalstatistik tables, kept as series of observations per region and
// period, and the indicators computed from them.
package monitoring

import "strings"

// Symbols are the official special signs that statistical tables write instead of a
// number. They are kept as they are and never stored as zero.
var Symbols = map[string]string{
	"-":   "nichts vorhanden (genau null)",
	".":   "Zahlenwert unbekannt oder geheim zu halten",
	"x":   "Tabellenfach gesperrt, weil Aussage nicht sinnvoll",
	"/":   "keine Angaben, da Zahlenwert nicht sicher genug",
	"...": "Angabe fällt später an",
}

// LabelSeparator joins stacked header labels and breakdown values into one text.
const LabelSeparator = " | "

// Table is one statistical table as published, e.g. GENESIS table 12411-01-01-4.
type Table struct {
	Code  string // "12411-01-01-4"
	Title string // the title lines, joined with a space
	// SourceNote holds the footer: notes on the data, the © line and "Stand".
	SourceNote string
	// BreakdownNames name the breakdown columns between the region and the values
	// (e.g. "Altersgruppen"); empty where the file has no header for them.
	BreakdownNames []string
}

// Series is one value column of a table: what is counted, in which unit.
type Series struct {
	Labels []string // the stacked header labels above the column, top to bottom, without the unit and without a period
	Unit   string   // "Anzahl", "Prozent", "qkm", "EUR", ...
}

// Name is the series' labels joined for display and export.
func (s Series) Name() string { return strings.Join(s.Labels, LabelSeparator) }

// Observation is one cell: a series' value for a region, period and breakdown.
type Observation struct {
	Series     int    // index into the table's series
	RegionKey  string // "DG", or an official key: Land 2, RB 3, Kreis 5, Gemeinde 8 digits
	RegionName string // as the file writes it, trimmed
	Period     string // ISO 8601: "2016" or "2015-12-31"
	Breakdown  []string
	Value      float64 // valid when Symbol is ""
	Symbol     string  // one of Symbols, or "" for a number
	Line       int     // line in the file, for error messages
}

// BreakdownText is the breakdown values joined for storage and export.
func (o Observation) BreakdownText() string { return strings.Join(o.Breakdown, LabelSeparator) }

// Sink receives a table while it is read, so that files of any size are imported
// without holding them in memory. Begin comes once after the header rows, then one
// Observation per cell, then End with the footer. Any error aborts the read.
type Sink interface {
	Begin(t Table, series []Series) error
	Observation(o Observation) error
	End(sourceNote string) error
}
