package monitoring

import (
	"io"
	"slices"
	"strings"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// A GENESIS / Regionalstatistik table CSV ("Werteabruf" download) looks like this:
//
//	GENESIS-Tabelle: 13211-02-04-4              line 1, no ';' (today: "Tabelle: …")
//	Arbeitslose nach ...;;;;;;                   title lines, one text each
//	;;;Arbeitslose;Arbeitslose;...               1–4 stacked header rows
//	;;;Anzahl;Anzahl;...;Prozent                 the unit row (optional)
//	2008;DG;Deutschland;3267943;...              data rows: [time;] key; name; [breakdowns;] values
//	__________                                   footer: quoted notes, ©, Stand
//
// The reader is a line state machine rather than a CSV reader because the title and
// footer are not valid CSV (bare and doubled quotes, multi-line notes with ';'), and
// because it has to stream: only the title, the header rows and the footer are kept.

// Summary counts what ReadGenesis read. The counts are complete only when it returns
// no error.
type Summary struct {
	Encoding     string // "UTF-8" (also for pure ASCII), "ISO-8859-1" or "Windows-1252"
	Series       int
	Observations int
	Values       int            // observations with a number
	Symbols      map[string]int // observations per special symbol
	Regions      int            // distinct region keys
	Periods      []string       // distinct periods, sorted
	Lines        int            // physical lines read
	// Warnings name what the file leaves open but does not make it unreadable,
	// e.g. a series without any unit: messages for the import report.
	Warnings []teilhabe.Message
}

// Limits that keep a hostile or broken file from growing the parts held in memory.
const (
	genesisMaxTitleLines  = 50
	genesisMaxHeaderRows  = 20
	genesisMaxFooterBytes = 1 << 20
	genesisMaxTexts       = 1 << 16
)

// ReadGenesis reads a GENESIS table CSV from r and streams it into sink. file names the
// file in error messages. It returns counts for the summary.
//
// What the format leaves open is decided so that nothing is guessed silently:
//   - Unit: the unit row, recognised by its content (isGenesisUnit); else a title line
//     ending in "(Anzahl)"; else "" and a Summary warning.
//   - Time: a column before the region key ("2016", "31.12.2015"), or a header row of
//     years or dates above the value columns. Neither is an error: a title's "Stichtag
//     31.12." has no year, and its dates are as often the Gebietsstand as the period.
//   - Every value cell holds a number or a symbol; an empty cell is an error, since
//     GENESIS writes a symbol for every missing value. Blank lines are skipped.
//   - The footer handed to End starts after the "__________" line.
//
// Format errors are *teilhabe.Error (EINVALID) whose message and FieldError name the
// file, the physical line and the column (genesisFail), with message ids
// "monitoring.genesis.*"; errors from sink are returned unchanged;
// read errors from r are wrapped. Observations share one Breakdown slice per row:
// a sink that keeps them must not modify it.
func ReadGenesis(r io.Reader, file string, sink Sink) (Summary, error) {
	g := &genesisReader{
		file:    file,
		sink:    sink,
		in:      newGenesisLines(r, file),
		sum:     Summary{Symbols: map[string]int{}},
		regions: map[string]string{},
		periods: map[string]string{},
		texts:   map[string]string{},
	}
	err := g.read()
	g.sum.Lines = g.in.n
	g.sum.Encoding = g.in.encoding()
	g.sum.Regions = len(g.regions)
	g.sum.Periods = make([]string, 0, len(g.periods))
	for p := range g.periods {
		g.sum.Periods = append(g.sum.Periods, p)
	}
	slices.Sort(g.sum.Periods)
	return g.sum, err
}

type genesisPhase int

const (
	phaseTitle genesisPhase = iota
	phaseHeader
	phaseData
	phaseFooter
)

type genesisReader struct {
	file    string
	sink    Sink
	in      *genesisLines
	sum     Summary
	phase   genesisPhase
	code    string
	title   []string
	headers []genesisHeaderRow
	lay     *genesisLayout
	fields  []string // reused per line
	foot    genesisFooter
	// regions, periods and texts (region names, breakdown values) intern the strings
	// handed to the sink: they repeat on every row, and a sink that keeps them does not
	// keep each row's whole line alive through a substring.
	regions map[string]string
	periods map[string]string
	texts   map[string]string
}

func (g *genesisReader) read() error {
	line, ok, err := g.in.next()
	if err != nil {
		return err
	}
	code, isGenesis := genesisTableCode(line)
	if !ok || !isGenesis {
		return g.fail(1, 1, GenesisCodeFormat, "monitoring.genesis.not_genesis")
	}
	g.code = code
	for {
		line, ok, err := g.in.next()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if err := g.readLine(line); err != nil {
			return err
		}
	}
	if g.lay == nil {
		return g.fail(g.in.n, 0, GenesisCodeFormat, "monitoring.genesis.no_data")
	}
	note, warn := g.foot.text()
	if warn.ID != "" {
		g.sum.Warnings = append(g.sum.Warnings, warn)
	}
	return g.sink.End(note)
}

// genesisFirstLines are how line 1 names the table in the download formats the
// statistical offices have served: the classic "GENESIS-Tabelle: 13211-02-05-4" and
// today's "Tabelle: 13211-02-05-4". What else differs between the vintages (title
// lines broken elsewhere, renamed labels and Kreise) the reader takes as it comes.
var genesisFirstLines = []string{"GENESIS-Tabelle:", "Tabelle:"}

// genesisTableCode reads the table code from line 1; a ';' after it (a spreadsheet
// that re-saved the file pads every line to the table's width) is ignored.
func genesisTableCode(line string) (string, bool) {
	line = strings.TrimRight(line, "; \t")
	for _, prefix := range genesisFirstLines {
		if code, ok := strings.CutPrefix(line, prefix); ok {
			code = strings.TrimSpace(code)
			return code, code != ""
		}
	}
	return "", false
}

func (g *genesisReader) readLine(line string) error {
	n := g.in.n
	if g.phase == phaseFooter {
		g.foot.add(line)
		return nil
	}
	if isGenesisFooterStart(line) {
		if g.lay == nil {
			return g.fail(n, 0, GenesisCodeFormat, "monitoring.genesis.no_data_before_footer")
		}
		g.phase = phaseFooter
		return nil
	}
	fields, badCol := splitGenesisFields(line, g.fields)
	g.fields = fields
	if badCol > 0 {
		return g.fail(n, badCol, GenesisCodeColumns, "monitoring.genesis.unclosed_quote", "Column", badCol)
	}
	used := usedGenesisFields(fields)
	if used == 0 {
		return nil // blank line or only ';': carries nothing in any part of the table
	}
	switch g.phase {
	case phaseTitle:
		if used == 1 {
			if len(g.title) == genesisMaxTitleLines {
				return g.fail(n, 0, GenesisCodeFormat, "monitoring.genesis.title_lines", "Max", genesisMaxTitleLines)
			}
			g.title = append(g.title, strings.TrimSpace(fields[0]))
			return nil
		}
		if looksLikeGenesisData(fields) {
			return g.fail(n, 0, GenesisCodeHeader, "monitoring.genesis.data_before_header")
		}
		g.phase = phaseHeader
		return g.addHeader(n, fields, used)
	case phaseHeader:
		if !looksLikeGenesisData(fields) {
			return g.addHeader(n, fields, used)
		}
		if err := g.begin(n, fields); err != nil {
			return err
		}
		g.phase = phaseData
	}
	return g.row(n, fields)
}

func (g *genesisReader) addHeader(n int, fields []string, used int) error {
	if len(g.headers) == genesisMaxHeaderRows {
		return g.fail(n, 0, GenesisCodeHeader, "monitoring.genesis.header_rows", "Max", genesisMaxHeaderRows)
	}
	cells := make([]string, used)
	for i := range cells {
		cells[i] = strings.TrimSpace(fields[i])
	}
	g.headers = append(g.headers, genesisHeaderRow{line: n, cells: cells})
	return nil
}

// begin analyses the header rows against the first data row and hands the table to
// the sink.
func (g *genesisReader) begin(n int, first []string) error {
	lay, series, err := g.layout(n, first)
	if err != nil {
		return err
	}
	g.lay = lay
	g.sum.Series = len(series)
	for _, p := range lay.colPeriod {
		if p != "" {
			g.periods[p] = p
		}
	}
	t := Table{Code: g.code, Title: strings.Join(g.title, " "), BreakdownNames: lay.breakdownNames}
	return g.sink.Begin(t, series)
}

// row reads one data row into observations.
func (g *genesisReader) row(n int, f []string) error {
	lay := g.lay
	if len(f) > lay.width {
		for c := lay.width; c < len(f); c++ {
			if strings.TrimSpace(f[c]) != "" {
				return g.fail(n, c+1, GenesisCodeColumns, "monitoring.genesis.extra_column", "Column", c+1, "Value", f[c], "Width", lay.width)
			}
		}
		f = f[:lay.width] // trailing ';' only
	}
	if len(f) < lay.width {
		return g.fail(n, len(f)+1, GenesisCodeColumns, "monitoring.genesis.missing_column", "Column", g.colDesc(len(f)), "Have", len(f), "Width", lay.width)
	}
	key := strings.TrimSpace(f[lay.keyCol])
	if !isGenesisRegionKey(key) {
		return g.fail(n, lay.keyCol+1, GenesisCodeRegion, "monitoring.genesis.region", "Column", g.colDesc(lay.keyCol), "Value", key)
	}
	period := ""
	if lay.timeCol {
		p, ok := parseGenesisPeriod(strings.TrimSpace(f[0]))
		if !ok {
			return g.fail(n, 1, GenesisCodePeriod, "monitoring.genesis.period", "Column", g.colDesc(0), "Value", f[0])
		}
		period = genesisIntern(g.periods, p)
	}
	key = genesisIntern(g.regions, key)
	name := g.text(strings.TrimSpace(f[lay.keyCol+1]))
	var breakdown []string
	if b := f[lay.keyCol+2 : lay.first]; len(b) > 0 {
		breakdown = make([]string, len(b))
		for i, s := range b {
			breakdown[i] = g.text(strings.TrimSpace(s))
		}
	}
	for c := lay.first; c < lay.width; c++ {
		v, sym, ok := parseGenesisValue(f[c])
		if !ok {
			return g.fail(n, c+1, GenesisCodeValue, "monitoring.genesis.value", "Column", g.colDesc(c), "Value", f[c])
		}
		p := period
		if !lay.timeCol {
			p = lay.colPeriod[c]
		}
		o := Observation{Series: lay.colSeries[c], RegionKey: key, RegionName: name, Period: p,
			Breakdown: breakdown, Value: v, Symbol: sym, Line: n}
		if err := g.sink.Observation(o); err != nil {
			return err
		}
		g.sum.Observations++
		if sym == "" {
			g.sum.Values++
		} else {
			g.sum.Symbols[sym]++
		}
	}
	return nil
}

// text interns a region name or breakdown value. Past genesisMaxTexts distinct texts
// (a Gemeinde table has about 11,000 names) it only copies, so that a file of a
// million distinct names cannot grow the map without bound.
func (g *genesisReader) text(s string) string {
	if t, ok := g.texts[s]; ok || len(g.texts) >= genesisMaxTexts {
		if !ok {
			t = strings.Clone(s)
		}
		return t
	}
	return genesisIntern(g.texts, s)
}

// genesisIntern returns the copy of s kept in m, adding one if there is none yet.
func genesisIntern(m map[string]string, s string) string {
	if t, ok := m[s]; ok {
		return t
	}
	s = strings.Clone(s)
	m[s] = s
	return s
}
