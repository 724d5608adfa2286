package monitoring

import (
	"slices"
	"strconv"
	"strings"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// genesisHeaderRow is one header row: its line and its trimmed cells up to the last
// non-blank one.
type genesisHeaderRow struct {
	line  int
	cells []string
}

func (h genesisHeaderRow) cell(c int) string {
	if c < len(h.cells) {
		return h.cells[c]
	}
	return ""
}

// leading is the number of blank cells before the first label.
func (h genesisHeaderRow) leading() int {
	for i, s := range h.cells {
		if s != "" {
			return i
		}
	}
	return len(h.cells)
}

// genesisLayout is what the header rows say about the columns of every data row.
type genesisLayout struct {
	timeCol        bool // column 1 holds the time, the region key follows
	keyCol         int  // 0-based column of the region key; the name is next
	first          int  // 0-based first value column; breakdowns lie between name and it
	width          int  // number of columns
	colSeries      []int
	colPeriod      []string // period per column when a header row holds the time
	colName        []string // series name per column, for messages
	breakdownNames []string
}

// layout reads the header rows, with the first data row f (line n) to settle what the
// header rows leave open.
func (g *genesisReader) layout(n int, f []string) (*genesisLayout, []Series, error) {
	lay := &genesisLayout{}
	if !isGenesisRegionKey(strings.TrimSpace(f[0])) {
		lay.timeCol, lay.keyCol = true, 1
	}
	last := g.headers[len(g.headers)-1].line
	// The first value column is where header labels start. A label may stand only above
	// a later group (13211: ";;;;Teilzeit"), and a row may name the key columns
	// ("Stichtag;Kreise;;Altersgruppen;Insgesamt"), so the leading blank counts differ
	// between rows. Candidates are the counts that leave room for time, key and name;
	// the first data row then picks the smallest one from which on it holds only values.
	var cands []int
	for _, h := range g.headers {
		lay.width = max(lay.width, len(h.cells))
		if l := h.leading(); l >= lay.keyCol+2 && !slices.Contains(cands, l) {
			cands = append(cands, l)
		}
	}
	if len(cands) == 0 {
		return nil, nil, g.fail(last, 0, GenesisCodeHeader, "monitoring.genesis.no_key_columns", "Min", lay.keyCol+2)
	}
	slices.Sort(cands)
	lay.first = cands[0] // if no candidate fits, row() reports the first bad cell
	for _, c := range cands {
		if genesisValuesFrom(f, c, lay.width) {
			lay.first = c
			break
		}
	}

	// Sort the header rows: the time (a row of years or dates, perhaps under a row
	// "Stichtag;Stichtag"), the unit row (the last row made of units only), labels.
	periodRow, timeRow, unitRow := -1, -1, -1
	for r, h := range g.headers {
		if g.allCells(h, lay, func(s string) bool { _, ok := parseGenesisPeriod(s); return ok }) {
			if periodRow >= 0 {
				return nil, nil, g.fail(h.line, 0, GenesisCodeHeader, "monitoring.genesis.two_period_rows", "First", g.headers[periodRow].line, "Second", h.line)
			}
			periodRow = r
		}
	}
	if periodRow > 0 && g.allCells(g.headers[periodRow-1], lay, func(s string) bool { return genesisTimeWords[s] }) {
		timeRow = periodRow - 1
	}
	for r := len(g.headers) - 1; r >= 0 && unitRow < 0; r-- {
		if r != periodRow && r != timeRow && g.allCells(g.headers[r], lay, isGenesisUnit) {
			unitRow = r
		}
	}
	switch {
	case lay.timeCol && periodRow >= 0:
		return nil, nil, g.fail(n, 1, GenesisCodePeriod, "monitoring.genesis.time_twice", "Value", f[0], "Row", g.headers[periodRow].line)
	case !lay.timeCol && periodRow < 0:
		return nil, nil, g.fail(n, 0, GenesisCodePeriod, "monitoring.genesis.no_time")
	}

	var labels [][]string
	for r, h := range g.headers {
		if r != periodRow && r != timeRow && r != unitRow {
			labels = append(labels, carryGenesisLabels(h, lay, labels))
		}
	}
	var units []string
	if unitRow >= 0 {
		units = carryGenesisLabels(g.headers[unitRow], lay, labels)
	}
	if periodRow >= 0 {
		h := g.headers[periodRow]
		lay.colPeriod = make([]string, lay.width)
		for c := lay.first; c < lay.width; c++ {
			// Dates usually repeat over each column; where they stand once above a
			// group, they hold until the next one.
			switch p, ok := parseGenesisPeriod(h.cell(c)); {
			case ok:
				lay.colPeriod[c] = p
			case c > lay.first:
				lay.colPeriod[c] = lay.colPeriod[c-1]
			default:
				return nil, nil, g.fail(h.line, c+1, GenesisCodeHeader, "monitoring.genesis.period_start", "Column", c+1)
			}
		}
	}

	titleUnit, measure := genesisTitleUnit(g.title)
	var series []Series
	var noUnit []string
	index := map[string]int{}  // labels and unit → series
	column := map[string]int{} // series and period → column
	lay.colSeries = make([]int, lay.width)
	lay.colName = make([]string, lay.width)
	for c := lay.first; c < lay.width; c++ {
		var s Series
		for _, row := range labels {
			if row[c] != "" {
				s.Labels = append(s.Labels, row[c])
			}
		}
		if len(s.Labels) == 0 && measure == "" {
			return nil, nil, g.fail(last, c+1, GenesisCodeHeader, "monitoring.genesis.unlabelled", "Column", c+1)
		} else if len(s.Labels) == 0 {
			s.Labels = []string{measure} // e.g. "Gebietsfläche" from "Gebietsfläche (qkm)"
		}
		if s.Unit = titleUnit; units != nil && units[c] != "" {
			s.Unit = units[c]
		}
		key := strings.Join(s.Labels, "\x00") + "\x01" + s.Unit
		i, ok := index[key]
		if !ok {
			i = len(series)
			index[key] = i
			series = append(series, s)
			if s.Unit == "" {
				noUnit = append(noUnit, strconv.Itoa(c+1))
			}
		}
		pk := strconv.Itoa(i) + "\x00" + lay.period(c)
		if prev, dup := column[pk]; dup {
			return nil, nil, g.fail(last, c+1, GenesisCodeHeader, "monitoring.genesis.same_labels", "Column", c+1, "Name", s.Name(), "Other", prev+1)
		}
		column[pk] = c
		lay.colSeries[c], lay.colName[c] = i, s.Name()
	}
	if len(noUnit) > 0 {
		g.sum.Warnings = append(g.sum.Warnings, teilhabe.M("monitoring.genesis.warning.no_unit", "Columns", strings.Join(noUnit, ", ")))
	}

	// Breakdown columns are named by whatever header cells stand above them.
	for b := lay.keyCol + 2; b < lay.first; b++ {
		var names []string
		for _, h := range g.headers {
			if s := h.cell(b); s != "" && !slices.Contains(names, s) {
				names = append(names, s)
			}
		}
		lay.breakdownNames = append(lay.breakdownNames, strings.Join(names, LabelSeparator))
	}
	return lay, series, nil
}

// colDesc names column c (0-based) for messages: "Spalte 9 („Arbeitslose | Ausländer“)".
func (g *genesisReader) colDesc(c int) teilhabe.Message {
	n := c + 1
	lay := g.lay
	switch {
	case lay == nil:
	case c >= lay.first && c < lay.width:
		return teilhabe.M("monitoring.genesis.column.named", "Column", n, "Name", lay.colName[c])
	case lay.timeCol && c == 0:
		return teilhabe.M("monitoring.genesis.column.time", "Column", n)
	case c == lay.keyCol:
		return teilhabe.M("monitoring.genesis.column.key", "Column", n)
	case c == lay.keyCol+1:
		return teilhabe.M("monitoring.genesis.column.name", "Column", n)
	case c > lay.keyCol+1 && c < lay.first && lay.breakdownNames[c-lay.keyCol-2] != "":
		return teilhabe.M("monitoring.genesis.column.named", "Column", n, "Name", lay.breakdownNames[c-lay.keyCol-2])
	case c > lay.keyCol+1 && c < lay.first:
		return teilhabe.M("monitoring.genesis.column.breakdown", "Column", n)
	}
	return teilhabe.M("monitoring.genesis.column", "Column", n)
}

func (l *genesisLayout) period(c int) string {
	if l.colPeriod == nil {
		return ""
	}
	return l.colPeriod[c]
}

// allCells reports whether the row labels at least one value column and every
// non-blank cell above the value columns satisfies ok.
func (g *genesisReader) allCells(h genesisHeaderRow, lay *genesisLayout, ok func(string) bool) bool {
	found := false
	for c := lay.first; c < lay.width; c++ {
		if s := h.cell(c); s != "" {
			if !ok(s) {
				return false
			}
			found = true
		}
	}
	return found
}

// carryGenesisLabels returns the row's cells above the value columns, with a label
// carried right into the blank cells of its group. GENESIS repeats a group label over
// every column (13211, 21111), but a table written with merged cells leaves the label
// only above the group's first column. A blank is filled only if the rows above put
// it in the same group as its left neighbour: in 13211 the blank under
// "Arbeitslosenquote bez. auf alle Erwerbspers." stays blank rather than inheriting
// "unter 25 Jahre alt ..." from the "Arbeitslose" group to its left.
func carryGenesisLabels(h genesisHeaderRow, lay *genesisLayout, above [][]string) []string {
	row := make([]string, lay.width)
	for c := lay.first; c < lay.width; c++ {
		row[c] = h.cell(c)
		if row[c] != "" || c == lay.first || row[c-1] == "" {
			continue
		}
		same := true
		for _, a := range above {
			same = same && a[c] == a[c-1]
		}
		if same {
			row[c] = row[c-1]
		}
	}
	return row
}

// genesisValuesFrom reports whether f holds only values from column first on.
func genesisValuesFrom(f []string, first, width int) bool {
	for c := first; c < width && c < len(f); c++ {
		if _, _, ok := parseGenesisValue(f[c]); !ok {
			return false
		}
	}
	return true
}
