package monitoring

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// ExportRow is one observation in long format. Value is nil exactly when Symbol holds
// an official special sign.
type ExportRow struct {
	Table      string   `json:"table"`
	SeriesID   int64    `json:"series_id"` // JSON only: the CSV keeps the columns of ExportColumns
	Series     string   `json:"series"`
	Unit       string   `json:"unit"`
	RegionKey  string   `json:"region_key"`
	RegionName string   `json:"region_name"`
	Period     string   `json:"period"`
	Breakdown  string   `json:"breakdown"`
	Value      *float64 `json:"value"`
	Symbol     string   `json:"symbol"`
}

// ExportColumns are the columns of the long format, in order.
var ExportColumns = []string{"table", "series", "unit", "region_key", "region_name", "period", "breakdown", "value", "symbol"}

// ExportWriter writes rows in one format; Close finishes the document.
type ExportWriter interface {
	Write(r ExportRow) error
	Close() error
}

// ExportFormats are the formats NewExportWriter knows.
var ExportFormats = []string{"csv", "json"}

// NewExportWriter returns a streaming writer for format "csv" or "json". The CSV is
// plain (comma, UTF-8 without BOM, decimal point) for programs; people who want
// Excel get XLSX from the monitoring views.
func NewExportWriter(w io.Writer, format string) (ExportWriter, error) {
	switch format {
	case "csv":
		cw := csv.NewWriter(w)
		return &csvExport{w: cw}, cw.Write(ExportColumns)
	case "json":
		bw := bufio.NewWriter(w)
		_, err := bw.WriteString("[")
		return &jsonExport{w: bw, enc: json.NewEncoder(bw)}, err
	}
	return nil, errFormat()
}

// errFormat is the answer to an export format other than ExportFormats.
func errFormat() error {
	return teilhabe.Invalid("monitoring.error.format", teilhabe.FieldMsg("format", "invalid", "monitoring.fielderror.format"))
}

type csvExport struct{ w *csv.Writer }

func (e *csvExport) Write(r ExportRow) error {
	value := ""
	if r.Value != nil {
		value = strconv.FormatFloat(*r.Value, 'f', -1, 64)
	}
	return e.w.Write([]string{r.Table, r.Series, r.Unit, r.RegionKey, r.RegionName, r.Period, r.Breakdown, value, r.Symbol})
}

func (e *csvExport) Close() error {
	e.w.Flush()
	return e.w.Error()
}

type jsonExport struct {
	w     *bufio.Writer
	enc   *json.Encoder
	wrote bool
}

func (e *jsonExport) Write(r ExportRow) error {
	if e.wrote {
		if err := e.w.WriteByte(','); err != nil {
			return err
		}
	}
	e.wrote = true
	return e.enc.Encode(r)
}

func (e *jsonExport) Close() error {
	if _, err := e.w.WriteString("]\n"); err != nil {
		return err
	}
	return e.w.Flush()
}
