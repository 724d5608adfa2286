package monitoring

import (
	"net/http"
	"strconv"

	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/web"
)

// aliasesPage lists the series aliases and offers the form for one more; the import
// summary links here with the unmatched series' labels and table filled in.
type aliasesPage struct {
	web.Page
	Aliases []monitoring.SeriesAlias
	Tables  []seriesGroup
	Alias   string
	Series  int64
}

// seriesGroup is one table's series, for the choice of the series an alias means.
type seriesGroup struct {
	Table  string
	Series []monitoring.SeriesInfo
}

func (w *Web) aliasesPage(r *http.Request, table string) (aliasesPage, error) {
	page := aliasesPage{Page: w.ui.Page(r, "monitoring.import.alias.title")}
	var err error
	if page.Aliases, err = w.svc.SeriesAliases(r.Context()); err != nil {
		return page, err
	}
	all, err := w.svc.StatSeries(r.Context())
	if err != nil {
		return page, err
	}
	for _, s := range all {
		if table != "" && s.Table != table {
			continue // the summary's link narrows the choice to the file's table
		}
		if n := len(page.Tables); n == 0 || page.Tables[n-1].Table != s.Table {
			page.Tables = append(page.Tables, seriesGroup{Table: s.Table})
		}
		g := &page.Tables[len(page.Tables)-1]
		g.Series = append(g.Series, s)
	}
	return page, nil
}

func (w *Web) adminAliases(rw http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page, err := w.aliasesPage(r, q.Get("table"))
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	page.Alias = q.Get("alias")
	w.render(rw, r, http.StatusOK, "admin_aliases", page)
}

func (w *Web) adminSaveAlias(rw http.ResponseWriter, r *http.Request) {
	in := monitoring.AliasInput{Alias: r.PostFormValue("alias")}
	in.SeriesID, _ = strconv.ParseInt(r.PostFormValue("series"), 10, 64)
	saved, err := w.svc.SaveSeriesAlias(r.Context(), in)
	if err != nil {
		w.ui.FormFailed(rw, r, err, func(status int) {
			page, lerr := w.aliasesPage(r, "")
			if lerr != nil {
				w.ui.Error(rw, r, lerr)
				return
			}
			page.Alias, page.Series = in.Alias, in.SeriesID
			page.WithError(r, err)
			w.render(rw, r, status, "admin_aliases", page)
		})
		return
	}
	a := saved.Alias
	if len(saved.Merged) == 0 {
		w.ui.Redirect(rw, r, "/admin/statistics/aliases", "monitoring.import.flash.alias_saved", "Alias", a.Alias, "Series", a.Series)
		return
	}
	moved, dropped := 0, 0
	for _, m := range saved.Merged {
		moved, dropped = moved+m.Moved, dropped+m.Dropped
	}
	l := w.ui.Localizer(r)
	w.ui.Redirect(rw, r, "/admin/statistics/aliases", "monitoring.import.flash.alias_merged", "Alias", a.Alias, "Series", a.Series,
		"Moved", l.Int(int64(moved)), "Dropped", l.Int(int64(dropped)))
}

func (w *Web) adminDeleteAlias(rw http.ResponseWriter, r *http.Request) {
	alias := r.PostFormValue("alias")
	if err := w.svc.DeleteSeriesAlias(r.Context(), r.PostFormValue("table"), alias); err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	w.ui.Redirect(rw, r, "/admin/statistics/aliases", "monitoring.import.flash.alias_deleted", "Alias", alias)
}
