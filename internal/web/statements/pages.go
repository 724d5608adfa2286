package statements

import (
	"net/http"
	"strconv"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/statements"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
	"github.com/teilhabe/teilhabe/internal/web"
)

type listPage struct {
	web.Page
	Items []statements.Item
	Now   any
}

func (w *Web) list(rw http.ResponseWriter, r *http.Request) {
	items, now, err := w.svc.Asked(r.Context())
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	w.pages.Render(rw, r, http.StatusOK, "statements", listPage{Page: w.ui.Page(r, "statements.list.title"), Items: items, Now: now})
}

// entry is one statement on the page: a form for the commissioner while it may
// be given, read-only otherwise.
type entry struct {
	statements.Statement
	State    string
	CanWrite bool
	Sent     bool                // Form is the one just sent
	Fields   []i18n.FieldMessage // what was wrong with the form just sent
	Form     form
}

// form is the statement as typed, so that a refused form comes back as sent.
type form struct {
	StrategyFit, Overlap, Recommendation, Conditions, Text string
	Revision                                               int
}

func formOf(s statements.Statement) form {
	return form{StrategyFit: s.StrategyFit, Overlap: s.Overlap, Recommendation: string(s.Recommendation),
		Conditions: s.Conditions, Text: s.Text, Revision: s.Revision}
}

type statementPage struct {
	web.Page
	statements.Workspace
	Entries []entry
	Funder  bool // the caller reads as the funder: every administration's statement
}

func (w *Web) show(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, errNoApplication)
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	w.render(rw, r, http.StatusOK, id, 0, nil, nil)
}

// render shows the application with its statements; sent, if not nil, is the
// form of municipality as sent, formErr what was wrong with it.
func (w *Web) render(rw http.ResponseWriter, r *http.Request, status int, id, municipality int64, sent *form, formErr error) {
	ws, err := w.svc.Open(r.Context(), id)
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	p := statementPage{Page: w.ui.Page(r, ""), Workspace: ws}
	p.Title = ws.App.Title
	pr := accounts.PrincipalFrom(r.Context())
	for _, s := range ws.Statements {
		e := entry{Statement: s, State: string(s.StateAt(ws.Now)), Form: formOf(s)}
		e.CanWrite = statements.Writes(pr, s.MunicipalityID) && e.State != string(statements.StateMissing) && ws.App.Status.Submitted() && !ws.App.Status.Final()
		if sent != nil && s.MunicipalityID == municipality {
			e.Form, e.Sent = *sent, true
		}
		if !statements.Writes(pr, s.MunicipalityID) {
			p.Funder = true
		}
		p.Entries = append(p.Entries, e)
	}
	if formErr != nil {
		p.WithError(r, formErr)
		for i := range p.Entries {
			if p.Entries[i].Sent {
				p.Entries[i].Fields = p.Fields
			}
		}
	}
	w.pages.Render(rw, r, status, "statement", p)
}

func (w *Web) give(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, errNoApplication)
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	r.Body = http.MaxBytesReader(rw, r.Body, maxFormBytes)
	_ = r.ParseForm()
	v := r.PostForm
	f := form{StrategyFit: v.Get("strategy_fit"), Overlap: v.Get("overlap"), Recommendation: v.Get("recommendation"),
		Conditions: v.Get("conditions"), Text: v.Get("text")}
	f.Revision, _ = strconv.Atoi(v.Get("revision"))
	municipality, _ := strconv.ParseInt(v.Get("municipality_id"), 10, 64)
	_, err = w.svc.Give(r.Context(), id, municipality, statements.Input{StrategyFit: f.StrategyFit, Overlap: f.Overlap,
		Recommendation: statements.Recommendation(f.Recommendation), Conditions: f.Conditions, Text: f.Text, Revision: f.Revision})
	switch teilhabe.ErrorCode(err) {
	case "":
		w.ui.Redirect(rw, r, "/applications/"+strconv.FormatInt(id, 10)+"/statement", "statements.flash.given")
	case teilhabe.EINVALID, teilhabe.ECONFLICT:
		w.render(rw, r, httpx.Status(err), id, municipality, &f, err)
	default:
		w.ui.Error(rw, r, err)
	}
}

type comparePage struct {
	web.Page
	statements.Comparison
}

func (w *Web) compare(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, teilhabe.E(teilhabe.ENOTFOUND, "applications.error.call_unknown"))
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	c, err := w.svc.Compare(r.Context(), id)
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	p := comparePage{Page: w.ui.Page(r, ""), Comparison: c}
	p.Title = p.L.T("statements.compare.title", "Call", c.Call.Title)
	w.pages.Render(rw, r, http.StatusOK, "compare", p)
}
