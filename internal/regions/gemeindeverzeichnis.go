package regions

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Columns the parser reads. They are found by header name, so that a file
// re-exported with more, fewer or reordered columns still reads.
const (
	colSatzart = iota
	colTextkennzeichen
	colLand // the five key parts follow in keyParts order
	colRB
	colKreis
	colVB
	colGemeinde
	colName
	colFlaeche
	colBevoelkerung
	colMaennlich
	colWeiblich
	colPostleitzahl
	numCols
)

var colNames = [numCols]string{"satzart", "textkennzeichen", "land", "rb", "kreis", "vb", "gemeinde",
	"gemeindename", "flaeche", "bevoelkerung", "maennlich", "weiblich", "postleitzahl"}

// ParseGemeindeverzeichnis reads a Destatis Gemeindeverzeichnis extract (GV-ISys
// "AuszugGV", CSV with header) and returns the Bund and every Land,
// Regierungsbezirk, Kreis, Gemeindeverband and Gemeinde in it, ordered by level
// and key, with area and population summed up from the Gemeinden. file names the
// file in error messages; asOf is the Gebietsstand and population Stichtag.
//
// The import is all or nothing, so the whole file is checked and the first
// problem is returned as an EINVALID *teilhabe.Error naming file, physical line
// and column: one field error "file:line:column" whose message (regions.gv.*) says
// what is wrong, under the summary regions.error.file or, for broken CSV syntax,
// regions.error.csv. A missing parent is only known at the end of the file
// (parents may come after their children), so errors within a line are reported
// first. A reader that fails is an internal error.
func ParseGemeindeverzeichnis(r io.Reader, file string, asOf time.Time) ([]Region, error) {
	p := &gvParser{file: file}
	if err := p.read(r); err != nil {
		return nil, err
	}
	return p.finish(asOf)
}

type gvRow struct {
	line      int    // physical line of the record, for parent errors
	parentCol string // the key column that names the parent
	orParent  string // the parent if the one in ParentKey does not exist
	area      int64  // km² in hundredths, summed exactly
}

type gvParser struct {
	file    string
	csv     *csv.Reader
	col     [numCols]int
	nfields int
	regions []Region
	rows    []gvRow
	keys    map[string]int // key → index in regions
}

// read parses and checks every record; it stops at the first problem.
func (p *gvParser) read(r io.Reader) error {
	// The file is small (2 MB for all of Germany); reading it whole lets the
	// slices be sized once from the line count instead of growing 16,000 times.
	data, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("regions: read %s: %w", p.file, err)
	}
	// Excel and GV-ISys write a UTF-8 BOM, which would become part of "satzart".
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	n := bytes.Count(data, []byte("\n")) + 1
	p.regions, p.rows, p.keys = make([]Region, 0, n+1), make([]gvRow, 0, n+1), make(map[string]int, n+1)
	p.csv = csv.NewReader(bytes.NewReader(data))
	p.csv.FieldsPerRecord = -1 // counted here, to report it with the line and column
	p.csv.ReuseRecord = true
	if err := p.readHeader(); err != nil {
		return err
	}
	for {
		rec, err := p.csv.Read()
		if err == io.EOF {
			break
		} else if err != nil {
			return p.csvError(err)
		}
		if err := p.record(rec); err != nil {
			return err
		}
	}
	if !slices.ContainsFunc(p.regions, func(r Region) bool { return r.Level == LevelGemeinde }) {
		return p.fail(1, colNames[colSatzart], "regions.gv.no_gemeinden")
	}
	return nil
}

func (p *gvParser) readHeader() error {
	header, err := p.csv.Read()
	if err == io.EOF {
		return p.fail(1, colNames[colSatzart], "regions.gv.empty", "Columns", strings.Join(colNames[:], ", "))
	} else if err != nil {
		return p.csvError(err)
	}
	p.nfields = len(header)
	byName := make(map[string]int, len(header))
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if _, dup := byName[h]; dup && h != "" {
			return p.fail(1, h, "regions.gv.column_twice", "Column", h)
		}
		byName[h] = i
	}
	for c, name := range colNames {
		i, ok := byName[name]
		if !ok {
			return p.fail(1, name, "regions.gv.column_missing", "Column", name)
		}
		p.col[c] = i
	}
	return nil
}

// noColumn stands in for the column when the problem is the whole record's, as with
// an unclosed quote.
const noColumn = "0"

// csvError turns a syntax error of the CSV reader into a domain error; other
// errors (a broken upload stream) are not the user's input and stay internal.
func (p *gvParser) csvError(err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return fmt.Errorf("regions: read %s: %w", p.file, err)
	}
	problem := teilhabe.Msg("regions.gv.csv_syntax")
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		problem = teilhabe.Msg("regions.gv.csv_bare_quote")
	case errors.Is(pe.Err, csv.ErrQuote):
		problem = teilhabe.Msg("regions.gv.csv_quote")
	}
	// No column name is known here, only the character position within the line.
	// An unclosed quote swallows the following lines until the reader trips over
	// another quote; the record where it started is where to look.
	line := pe.Line
	fe := p.fieldError(line, strconv.Itoa(pe.Column), "regions.gv.csv_at", "Problem", problem, "Column", pe.Column)
	if pe.StartLine != 0 && pe.StartLine != pe.Line {
		line = pe.StartLine
		fe = p.fieldError(line, noColumn, "regions.gv.csv_record", "Problem", problem, "Start", pe.StartLine, "Line", pe.Line, "Column", pe.Column)
	}
	e := teilhabe.E(teilhabe.EINVALID, "regions.error.csv", "File", p.file, "Line", line, "Problem", fe)
	e.Fields = []teilhabe.FieldError{fe}
	return e
}

// fieldError is the problem at one line and column of the file: the field
// "file:line:column" with the message id regions.gv.* and its arguments.
func (p *gvParser) fieldError(line int, column, id string, args ...any) teilhabe.FieldError {
	return teilhabe.FieldMsg(fmt.Sprintf("%s:%d:%s", p.file, line, column), teilhabe.EINVALID, id, args...)
}

// fail builds the error for one line and column, a header name: the field error
// under a summary that names the place and repeats the problem.
func (p *gvParser) fail(line int, column, id string, args ...any) *teilhabe.Error {
	fe := p.fieldError(line, column, id, args...)
	e := teilhabe.E(teilhabe.EINVALID, "regions.error.file", "File", p.file, "Line", line, "Column", column, "Problem", fe)
	e.Fields = []teilhabe.FieldError{fe}
	return e
}

// failCol reports a problem with column c of the current record, at the
// physical line where that field starts.
func (p *gvParser) failCol(c int, id string, args ...any) *teilhabe.Error {
	line, _ := p.csv.FieldPos(p.col[c])
	return p.fail(line, colNames[c], id, args...)
}

func (p *gvParser) record(rec []string) error {
	line, _ := p.csv.FieldPos(0)
	if len(rec) != p.nfields {
		// Name the first column that is missing, or the first one too many.
		col, first := fmt.Sprint(p.nfields+1), -1
		for c, i := range p.col {
			if i >= len(rec) && (first < 0 || i < p.col[first]) {
				first = c
			}
		}
		if first >= 0 {
			col = colNames[first]
		} else if len(rec) < p.nfields {
			col = fmt.Sprint(len(rec) + 1)
		}
		return p.fail(line, col, "regions.gv.field_count", "Got", len(rec), "Want", p.nfields)
	}
	var f [numCols]string
	for c := range f {
		f[c] = rec[p.col[c]]
		if !utf8.ValidString(f[c]) {
			return p.failCol(c, "regions.gv.utf8", "Value", strings.ToValidUTF8(f[c], "?"))
		}
	}
	sa, ok := satzarten[strings.TrimSpace(f[colSatzart])]
	if !ok {
		return p.failCol(colSatzart, "regions.gv.satzart", "Value", f[colSatzart])
	}
	reg, row, err := p.fields(strings.TrimSpace(f[colSatzart]), sa, &f)
	if err != nil || sa.level == "" {
		return err
	}
	row.line = line
	if first, dup := p.keys[reg.Key]; dup {
		return p.failCol(colLand+deepestPart(sa), "regions.gv.key_twice", "Key", reg.Key, "First", p.rows[first].line)
	}
	p.keys[reg.Key] = len(p.regions)
	p.regions = append(p.regions, reg)
	p.rows = append(p.rows, row)
	return nil
}

func deepestPart(sa *satzart) int {
	i := len(sa.widths) - 1
	for i > 0 && sa.widths[i] == 0 {
		i--
	}
	return i
}

// DateFromFileName finds a date written YYYY-MM-DD in the base name of a file,
// such as the Gebietsstand in "gemeindeverzeichnis-2019-12-31.csv", so that an
// import need not ask for it.
func DateFromFileName(name string) (time.Time, bool) {
	base := filepath.Base(name)
	digit := func(i int) bool { return i >= 0 && i < len(base) && '0' <= base[i] && base[i] <= '9' }
	for i := 0; i+10 <= len(base); i++ {
		if digit(i-1) || digit(i+10) || base[i+4] != '-' || base[i+7] != '-' ||
			!isDigits(base[i:i+4]) || !isDigits(base[i+5:i+7]) || !isDigits(base[i+8:i+10]) {
			continue
		}
		if t, err := time.Parse(time.DateOnly, base[i:i+10]); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
