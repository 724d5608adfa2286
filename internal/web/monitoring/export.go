package monitoring

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// monitoringExport answers the ranking (and the time series) as CSV, JSON or XLSX.
// Unlike the page, bad input is an error here: a download must never silently hold
// other data than the link asked for.
func (w *Web) export(rw http.ResponseWriter, r *http.Request) {
	format := r.URL.Query().Get("format")
	if format != "csv" && format != "json" && format != "xlsx" {
		e := teilhabe.E(teilhabe.EINVALID, "monitoring.error.export_format", "Value", format)
		e.Fields = []teilhabe.FieldError{teilhabe.FieldMsg("format", "invalid", "monitoring.fielderror.export_format")}
		w.ui.Error(rw, r, e)
		return
	}
	d, err := w.view(r, w.ui.Localizer(r))
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	name := d.Indicator.Code + "-" + d.Year + "." + format
	if d.Year == "" { // no values yet
		name = d.Indicator.Code + "." + format
	}
	var body []byte
	var ctype string
	switch format {
	case "csv":
		body, ctype = exportCSV(d), "text/csv; charset=utf-8"
	case "json":
		body, err = json.MarshalIndent(exportJSON(d), "", "  ")
		ctype = "application/json; charset=utf-8"
	case "xlsx":
		body, err = exportXLSX(d)
		ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	rw.Header().Set("Content-Type", ctype)
	rw.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	_, _ = rw.Write(body)
}

// exportCSV writes the ranking as German Excel reads CSV: a BOM so it detects
// UTF-8, ";" between fields and a decimal comma. Keys are always quoted, because
// Excel would otherwise drop the leading zero of "08111" (it still may: the JSON and
// XLSX exports keep keys as text for certain).
func exportCSV(d monitoring.MonitoringView) []byte {
	var b bytes.Buffer
	b.WriteString("\ufeff")
	field := func(s string) string {
		if strings.ContainsAny(s, ";\"\r\n") {
			return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
		}
		return s
	}
	decimal := func(f float64) string {
		return strings.Replace(strconv.FormatFloat(monitoring.Round(f, 4), 'f', -1, 64), ".", ",", 1)
	}
	// A change without numbers in both years stays empty: a gap, never a zero.
	change := func(c monitoring.Change) (diff, year string) {
		if !c.Has {
			return "", ""
		}
		return decimal(c.Diff), c.LatestYear
	}
	fmt.Fprintf(&b, "Rang;Regionalschlüssel;Kreis;Jahr;Wert;Einheit;Indikator;Veränderung seit %s;bis;Veränderung %s–%s\r\n",
		monitoring.BaseYear, monitoring.BaseYear, monitoring.FirstEffectYear)
	for _, it := range d.Ranking {
		rank, value := "", it.Symbol
		if it.Rank > 0 {
			rank = strconv.Itoa(it.Rank)
		}
		if it.Symbol == "" {
			value = decimal(it.Value)
		}
		since, until := change(it.Change)
		first, _ := change(it.FirstEffect)
		fmt.Fprintf(&b, "%s;\"%s\";%s;%s;%s;%s;%s;%s;%s;%s\r\n", rank, it.RegionKey, field(it.RegionName), d.Year,
			field(value), field(d.Indicator.Unit), field(d.Indicator.Code), since, until, first)
	}
	return b.Bytes()
}

// jsonChange is a change since the comparison year: to the Kreis' latest year with a
// number, or to the first year of the pandemic.
type jsonChange struct {
	From    string  `json:"from"`
	To      string  `json:"to"`
	Diff    float64 `json:"diff"`
	Verdict string  `json:"verdict"` // better, worse, same; up or down for a neutral indicator
}

func toJSONChange(c monitoring.Change) *jsonChange {
	if !c.Has {
		return nil
	}
	return &jsonChange{From: monitoring.BaseYear, To: c.LatestYear, Diff: monitoring.Round(c.Diff, 4), Verdict: c.Verdict}
}

type jsonValue struct {
	Rank       int      `json:"rank,omitempty"`
	RegionKey  string   `json:"region_key"`
	RegionName string   `json:"region_name"`
	Year       string   `json:"year"`
	Value      *float64 `json:"value"`            // null when Symbol is set
	Symbol     string   `json:"symbol,omitempty"` // official special sign
	Median     bool     `json:"median,omitempty"` // a peer group's median, over N regions with a number
	N          int      `json:"n,omitempty"`
	// Change and FirstEffect are a ranked Kreis' changes, null without numbers.
	Change      *jsonChange `json:"change,omitempty"`
	FirstEffect *jsonChange `json:"first_effect,omitempty"`
}

func jsonCell(c monitoring.Cell) (*float64, string) {
	if c.Symbol != "" {
		return nil, c.Symbol
	}
	v := monitoring.Round(c.Value, 4)
	return &v, ""
}

func exportJSON(d monitoring.MonitoringView) map[string]any {
	ranking := make([]jsonValue, 0, len(d.Ranking))
	for _, it := range d.Ranking {
		v := jsonValue{Rank: it.Rank, RegionKey: it.RegionKey, RegionName: it.RegionName, Year: d.Year,
			Change: toJSONChange(it.Change), FirstEffect: toJSONChange(it.FirstEffect)}
		v.Value, v.Symbol = jsonCell(it.Cell)
		ranking = append(ranking, v)
	}
	series := []jsonValue{}
	for _, col := range d.Series.Columns {
		for _, y := range d.Series.Years {
			if c, ok := col.Cells[y]; ok {
				v := jsonValue{RegionKey: col.Key, RegionName: col.Name, Year: y, Median: col.Median()}
				v.Value, v.Symbol = jsonCell(c)
				if col.Median() {
					v.N = col.Counts[y]
				}
				series = append(series, v)
			}
		}
	}
	ind := d.Indicator
	return map[string]any{
		"indicator": map[string]string{"code": ind.Code, "name": ind.Name, "unit": ind.Unit, "better": string(ind.Better),
			"definition": ind.Definition, "source": ind.Source},
		"licence":     dataLicence,
		"year":        d.Year,
		"ranking":     ranking,
		"time_series": series,
	}
}

// dataLicence is the licence of the official statistics the indicators are computed from.
const dataLicence = "Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-de/by-2-0)"

// exportXLSX writes the ranking and the time series as two sheets. Keys are text
// cells (a number cell would lose the leading zero); values are numbers, so that
// they can be computed with; a special sign is a text cell.
func exportXLSX(d monitoring.MonitoringView) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	const rankSheet, seriesSheet = "Rangfolge", "Zeitreihe"
	if err := f.SetSheetName("Sheet1", rankSheet); err != nil {
		return nil, err
	}
	if _, err := f.NewSheet(seriesSheet); err != nil {
		return nil, err
	}
	value := func(c monitoring.Cell) any {
		if c.Symbol != "" {
			return c.Symbol
		}
		return monitoring.Round(c.Value, 4)
	}
	change := func(c monitoring.Change) any {
		if !c.Has {
			return nil // an empty cell: a gap, never a zero
		}
		return monitoring.Round(c.Diff, 4)
	}
	rows := [][]any{{"Rang", "Regionalschlüssel", "Kreis", "Jahr", "Wert (" + d.Indicator.Unit + ")",
		"Veränderung seit " + monitoring.BaseYear, "bis", "Veränderung " + monitoring.BaseYear + "–" + monitoring.FirstEffectYear}}
	for _, it := range d.Ranking {
		var rank, until any
		if it.Rank > 0 {
			rank = it.Rank
		}
		if it.Change.Has {
			until = it.Change.LatestYear
		}
		rows = append(rows, []any{rank, it.RegionKey, it.RegionName, d.Year, value(it.Cell), change(it.Change), until, change(it.FirstEffect)})
	}
	rows = append(rows, []any{}, []any{d.Indicator.Name + ". Quelle: " + d.Indicator.Source + ". " + dataLicence})
	if err := writeRows(f, rankSheet, rows); err != nil {
		return nil, err
	}
	head := []any{"Jahr"}
	for _, c := range d.Series.Columns {
		if c.Median() {
			head = append(head, c.Name, "Anzahl mit Wert")
		} else {
			head = append(head, c.Name+" ("+c.Key+")")
		}
	}
	rows = [][]any{head}
	for _, y := range d.Series.Years {
		row := []any{y}
		for _, c := range d.Series.Columns {
			if cell, ok := c.Cells[y]; ok {
				row = append(row, value(cell))
			} else {
				row = append(row, nil)
			}
			if c.Median() {
				row = append(row, c.Counts[y])
			}
		}
		rows = append(rows, row)
	}
	if err := writeRows(f, seriesSheet, rows); err != nil {
		return nil, err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writeRows writes rows from A1; strings become text cells (SetSheetRow keeps a Go
// string a string, so "08111" stays "08111").
func writeRows(f *excelize.File, sheet string, rows [][]any) error {
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			return err
		}
	}
	return nil
}
