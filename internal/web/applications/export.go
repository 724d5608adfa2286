package applications

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// maxExport bounds one export: the applications of one call, read page by page.
const maxExport = 20 * applications.MaxPage

// export writes the applications of one call that the caller may see, as CSV for
// German Excel or as XLSX: what a funding committee's table is made of.
func (w *Web) export(rw http.ResponseWriter, r *http.Request) {
	callID, _ := strconv.ParseInt(r.URL.Query().Get("call"), 10, 64)
	format := r.URL.Query().Get("format")
	if format != "csv" && format != "xlsx" {
		w.ui.Error(rw, r, teilhabe.Invalid("applications.error.export_format", teilhabe.FieldMsg("format", "invalid", "applications.error.export_format")))
		return
	}
	_, call, err := w.svc.Call(r.Context(), callID)
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	var list []applications.Application
	for len(list) < maxExport {
		page, total, err := w.svc.List(r.Context(), applications.Filter{CallID: callID, Limit: applications.MaxPage, Offset: len(list)})
		if err != nil {
			w.ui.Error(rw, r, err)
			return
		}
		list = append(list, page...)
		if len(page) == 0 || len(list) >= total {
			break
		}
	}
	var keys []string
	for _, a := range list {
		keys = append(keys, a.RegionKeys...)
	}
	names, err := w.svc.RegionNames(r.Context(), keys)
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	l := w.ui.Localizer(r)
	rows := exportRows(l, list, names)
	if rows, err = w.withAnswers(r, l, rows, list, callID); err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	name := fmt.Sprintf("antraege-aufruf-%d", call.ID)
	rw.Header().Set("Cache-Control", "private, no-store")
	var body []byte
	if format == "csv" {
		body = csvOf(rows)
		rw.Header().Set("Content-Type", "text/csv; charset=utf-8")
	} else {
		if body, err = xlsxOf(l.T("applications.export.sheet"), rows); err != nil {
			w.ui.Error(rw, r, err)
			return
		}
		rw.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	}
	rw.Header().Set("Content-Disposition", `attachment; filename="`+name+"."+format+`"`)
	_, _ = rw.Write(body)
}

// Prefixes of the message ids of the export's headings and of the statuses.
const (
	exportHeading = "applications.export."
	statusName    = "applications.status."
)

// cell is one value of the export: text, an exact amount, a whole number or a day.
type cell struct {
	text  string
	money *teilhabe.Cents
	n     *int64
	day   time.Time
}

func exportRows(l *i18n.Localizer, list []applications.Application, names map[string]string) [][]cell {
	head := []string{"id", "status", "provider", "title", "regions", "action_fields", "period_start", "period_end",
		"total_costs", "own_funds", "third_party_funds", "requested", "grant_rate", "submitted_at"}
	var header []cell
	for _, h := range head {
		header = append(header, cell{text: l.T(exportHeading + h)})
	}
	rows := [][]cell{header}
	money := func(c teilhabe.Cents) cell { return cell{money: &c} }
	for _, a := range list {
		var regions, fields []string
		for _, k := range a.RegionKeys {
			// Name and key together: a cell of digits alone would lose its leading
			// zero in Excel; this one stays text.
			regions = append(regions, strings.TrimSpace(names[k]+" ("+k+")"))
		}
		for _, f := range a.ActionFields {
			fields = append(fields, l.T("actionfield."+f))
		}
		id, rate := a.ID, int64(a.Plan.GrantRate())
		submitted := cell{}
		if !a.SubmittedAt.IsZero() {
			submitted.text = l.DateTime(a.SubmittedAt)
		}
		rows = append(rows, []cell{{n: &id}, {text: l.T(statusName + string(a.Status))}, {text: a.ProviderName}, {text: a.Title},
			{text: strings.Join(regions, "; ")}, {text: strings.Join(fields, ", ")}, {day: a.PeriodStart}, {day: a.PeriodEnd},
			money(a.Plan.TotalCosts()), money(a.Plan.OwnFunds), money(a.Plan.ThirdPartyFunds()), money(a.Plan.Requested),
			{money: (*teilhabe.Cents)(&rate)}, submitted})
	}
	return rows
}

// csvOf writes the rows as German Excel reads CSV: a BOM, ";" between fields, a
// decimal comma without grouping, dates as TT.MM.JJJJ.
func csvOf(rows [][]cell) []byte {
	var b bytes.Buffer
	b.WriteString("\ufeff")
	for _, row := range rows {
		for i, c := range row {
			if i > 0 {
				b.WriteByte(';')
			}
			switch {
			case c.money != nil:
				b.WriteString(strings.Replace(c.money.String(), ".", ",", 1))
			case c.n != nil:
				b.WriteString(strconv.FormatInt(*c.n, 10))
			case !c.day.IsZero():
				b.WriteString(c.day.Format("02.01.2006"))
			case strings.ContainsAny(c.text, ";\"\r\n"):
				b.WriteString(`"` + strings.ReplaceAll(c.text, `"`, `""`) + `"`)
			default:
				b.WriteString(c.text)
			}
		}
		b.WriteString("\r\n")
	}
	return b.Bytes()
}

// xlsxOf writes the rows as one sheet: amounts as numbers with two decimals, days
// as dates, everything else as text cells.
func xlsxOf(sheet string, rows [][]cell) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	money, err := f.NewStyle(&excelize.Style{NumFmt: 4}) // #,##0.00
	if err != nil {
		return nil, err
	}
	date, err := f.NewStyle(&excelize.Style{NumFmt: 14}) // the reader's date format
	if err != nil {
		return nil, err
	}
	for y, row := range rows {
		for x, c := range row {
			ref, _ := excelize.CoordinatesToCellName(x+1, y+1)
			switch {
			case c.money != nil:
				// Cents to a decimal through its string: exact to the cent.
				v, _ := strconv.ParseFloat(c.money.String(), 64)
				err = f.SetCellFloat(sheet, ref, v, 2, 64)
				if err == nil {
					err = f.SetCellStyle(sheet, ref, ref, money)
				}
			case c.n != nil:
				err = f.SetCellInt(sheet, ref, *c.n)
			case !c.day.IsZero():
				err = f.SetCellValue(sheet, ref, c.day)
				if err == nil {
					err = f.SetCellStyle(sheet, ref, ref, date)
				}
			default:
				err = f.SetCellStr(sheet, ref, c.text)
			}
			if err != nil {
				return nil, err
			}
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
