package monitoring

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
	"github.com/teilhabe/teilhabe/internal/web"
)

type indicatorsPage struct {
	web.Page
	Indicators   []monitoring.Indicator
	Series       []monitoring.SeriesInfo
	ActionFields []string
	Form         monitoring.Indicator
	FormA, FormB int64
}

func (w *Web) indicatorsPage(r *http.Request) (indicatorsPage, error) {
	page := indicatorsPage{Page: w.ui.Page(r, "admin.indicators.title"), ActionFields: monitoring.ActionFields}
	var err error
	if page.Indicators, err = w.svc.Indicators(r.Context()); err != nil {
		return page, err
	}
	page.Series, err = w.svc.StatSeries(r.Context())
	return page, err
}

func (w *Web) adminIndicators(rw http.ResponseWriter, r *http.Request) {
	page, err := w.indicatorsPage(r)
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	page.Form.Factor = 1
	w.render(rw, r, http.StatusOK, "admin_indicators", page)
}

// adminSaveIndicator adds an indicator (or changes the one with that code). The two
// series are chosen from the imported tables and stored by name, so the indicator
// survives re-imports.
func (w *Web) adminSaveIndicator(rw http.ResponseWriter, r *http.Request) {
	page, err := w.indicatorsPage(r)
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	f := &page.Form
	f.Code, f.Name, f.ActionField = r.PostFormValue("code"), r.PostFormValue("name"), r.PostFormValue("action_field")
	f.Unit, f.Better, f.Kind = strings.TrimSpace(r.PostFormValue("unit")), monitoring.Direction(r.PostFormValue("better")), monitoring.FormulaKind(r.PostFormValue("kind"))
	f.Definition, f.Source = strings.TrimSpace(r.PostFormValue("definition")), strings.TrimSpace(r.PostFormValue("source"))
	page.FormA, _ = strconv.ParseInt(r.PostFormValue("a_series"), 10, 64)
	page.FormB, _ = strconv.ParseInt(r.PostFormValue("b_series"), 10, 64)
	f.A, f.B = seriesRef(page.Series, page.FormA), seriesRef(page.Series, page.FormB)
	f.A.Breakdown, f.B.Breakdown = strings.TrimSpace(r.PostFormValue("a_breakdown")), strings.TrimSpace(r.PostFormValue("b_breakdown"))
	again := func(status int) { w.render(rw, r, status, "admin_indicators", page) }
	if f.Factor, err = strconv.ParseFloat(strings.Replace(r.PostFormValue("factor"), ",", ".", 1), 64); err != nil || f.Factor == 0 {
		// A factor that is no number: say so beside every other mistake of the form.
		factor := teilhabe.FieldMsg("factor", "invalid", "monitoring.fielderror.factor")
		bad := teilhabe.Invalid("monitoring.error.factor", factor)
		check := *f
		if e := teilhabe.AsError(check.Validate()); e != nil {
			e.Fields, bad = append(e.Fields, factor), e
		}
		page.WithError(r, bad)
		again(http.StatusUnprocessableEntity)
		return
	}
	saved, err := w.svc.SaveIndicator(r.Context(), *f)
	if err != nil {
		w.ui.FormFailed(rw, r, err, func(status int) {
			page.WithError(r, err)
			again(status)
		})
		return
	}
	w.ui.Redirect(rw, r, "/admin/indicators", "flash.indicator_saved", "Code", saved.Code)
}

func seriesRef(all []monitoring.SeriesInfo, id int64) monitoring.SeriesRef {
	for _, s := range all {
		if s.ID == id {
			return monitoring.SeriesRef{Table: s.Table, Series: s.Name, Unit: s.Unit}
		}
	}
	return monitoring.SeriesRef{}
}
