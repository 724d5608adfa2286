// Package calls is the web UI of a call's set-up ("Aufruf einrichten"): the
// funder's staff choose one or two stages, the deadline of the full applications,
// the period for statements, the call's budget and its own questions. The use cases
// of programmes.CallService decide who may; the handlers parse, call and render.
package calls

import (
	"context"
	"embed"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
	"github.com/teilhabe/teilhabe/internal/web"
)

//go:embed templates
var templateFiles embed.FS

// Service is what the page asks of the call set-up.
type Service interface {
	Settings(ctx context.Context, callID int64) (programmes.CallSetup, error)
	SaveSettings(ctx context.Context, callID int64, revision int, in programmes.CallSettings) (programmes.CallSettings, error)
}

var _ Service = (*programmes.CallService)(nil)

// Web serves the settings page.
type Web struct {
	ui    *web.UI
	svc   Service
	pages *web.Pages
}

// New parses the templates; a broken one fails the start.
func New(ui *web.UI, svc Service) (*Web, error) {
	pages, err := web.ParsePages(templateFiles, nil)
	return &Web{ui: ui, svc: svc, pages: pages}, err
}

// Routes is the route table: a login; whether the caller runs the call, the use
// case decides.
func (w *Web) Routes() []httpx.Route {
	acc := accounts.ActAccount
	return []httpx.Route{
		{Method: "GET", Path: "/calls/{id}/settings", Action: acc, Handler: w.page},
		{Method: "POST", Path: "/calls/{id}/settings", Action: acc, Handler: w.save},
	}
}

// maxFormBytes bounds one posted settings form: forty questions with long help
// texts and choices, many times over.
const maxFormBytes = 512 << 10

// form is the settings as typed: a refused form comes back exactly as sent.
type form struct {
	Revision      int
	Stages        string
	FullClosesAt  string
	StatementDays string
	Budget        string
	Questions     []questionRow
}

type questionRow struct {
	ID, Label, Help, Kind, Choices, Stage string
	Required                              bool
}

func formOf(s programmes.CallSettings, lang string) form {
	f := form{Revision: s.Revision, Stages: strconv.Itoa(s.Stages), StatementDays: strconv.Itoa(s.StatementDays)}
	if !s.FullClosesAt.IsZero() {
		f.FullClosesAt = s.FullClosesAt.In(teilhabe.Berlin).Format("2006-01-02T15:04")
	}
	if s.Budget != 0 {
		f.Budget = strings.TrimSuffix(s.Budget.String(), ".00")
		if lang != "en" {
			f.Budget = strings.Replace(f.Budget, ".", ",", 1)
		}
	}
	for _, q := range s.Questions {
		f.Questions = append(f.Questions, questionRow{ID: q.ID, Label: q.Label, Help: q.Help, Kind: string(q.Kind),
			Choices: strings.Join(q.Choices, "\n"), Stage: q.Stage, Required: q.Required})
	}
	return f
}

// maxRows is how many question blocks a posted form may carry.
const maxRows = programmes.MaxQuestions + 5

// parseForm reads the posted form. Questions come as blocks questions.N.*, each
// with its place in the order; a block marked for removal, and the empty block
// for a new question left empty, are dropped; the rest are sorted by their place.
func parseForm(rw http.ResponseWriter, r *http.Request) form {
	r.Body = http.MaxBytesReader(rw, r.Body, maxFormBytes)
	_ = r.ParseForm()
	v := r.PostForm
	f := form{Stages: v.Get("stages"), FullClosesAt: v.Get("full_closes_at"), StatementDays: v.Get("statement_days"), Budget: v.Get("budget")}
	f.Revision, _ = strconv.Atoi(v.Get("revision"))
	n, _ := strconv.Atoi(v.Get("questions"))
	type placed struct {
		row questionRow
		pos float64
	}
	var rows []placed
	for i := range min(max(n, 0), maxRows) {
		p := "questions." + strconv.Itoa(i) + "."
		q := questionRow{ID: v.Get(p + "id"), Label: v.Get(p + "label"), Help: v.Get(p + "help"), Kind: v.Get(p + "kind"),
			Choices: v.Get(p + "choices"), Stage: v.Get(p + "stage"), Required: v.Get(p+"required") != ""}
		if v.Get(p+"remove") != "" || (q.ID == "" && strings.TrimSpace(q.Label+q.Help+q.Choices) == "") {
			continue
		}
		pos, err := strconv.ParseFloat(strings.Replace(strings.TrimSpace(v.Get(p+"position")), ",", ".", 1), 64)
		if err != nil {
			pos = float64(i + 1)
		}
		rows = append(rows, placed{q, pos})
	}
	slices.SortStableFunc(rows, func(a, b placed) int {
		switch {
		case a.pos < b.pos:
			return -1
		case a.pos > b.pos:
			return 1
		}
		return 0
	})
	for _, p := range rows {
		f.Questions = append(f.Questions, p.row)
	}
	return f
}

// settings turns the form into the use case's input; what is no number, date or
// amount is reported by its field.
func (f form) settings(lang string) (programmes.CallSettings, []teilhabe.FieldError) {
	var bad []teilhabe.FieldError
	s := programmes.CallSettings{}
	s.Stages, _ = strconv.Atoi(f.Stages)
	days, err := strconv.Atoi(strings.TrimSpace(f.StatementDays))
	if err != nil {
		bad = append(bad, teilhabe.FieldMsg("statement_days", "invalid", "calls.fielderror.statement_days", "Max", programmes.MaxStatementDays))
	}
	s.StatementDays = days
	if s.Budget, err = teilhabe.ParseEuro(f.Budget, lang); err != nil {
		bad = append(bad, teilhabe.FieldMsg("budget", "invalid", "calls.fielderror.budget"))
	}
	if t := strings.TrimSpace(f.FullClosesAt); t != "" && s.Stages == 2 {
		at, err := time.ParseInLocation("2006-01-02T15:04", t, teilhabe.Berlin)
		if err != nil {
			bad = append(bad, teilhabe.FieldMsg("full_closes_at", "invalid", "calls.fielderror.full_closes_date"))
		}
		s.FullClosesAt = at.UTC()
	}
	for _, q := range f.Questions {
		s.Questions = append(s.Questions, programmes.Question{ID: q.ID, Label: q.Label, Help: q.Help, Kind: programmes.QuestionKind(q.Kind),
			Choices: strings.Split(strings.ReplaceAll(q.Choices, "\r", ""), "\n"), Stage: q.Stage, Required: q.Required})
	}
	return s, bad
}

type settingsPage struct {
	web.Page
	Setup  programmes.CallSetup
	Form   form
	Kinds  []programmes.QuestionKind
	Stages []string
}

func callID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, programmes.ErrCallNotFound
	}
	return id, nil
}

func (w *Web) page(rw http.ResponseWriter, r *http.Request) {
	id, err := callID(r)
	var setup programmes.CallSetup
	if err == nil {
		setup, err = w.svc.Settings(r.Context(), id)
	}
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	w.render(rw, r, http.StatusOK, setup, formOf(setup.Settings, w.ui.Localizer(r).Lang), nil)
}

func (w *Web) save(rw http.ResponseWriter, r *http.Request) {
	id, err := callID(r)
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	f := parseForm(rw, r)
	in, bad := f.settings(w.ui.Localizer(r).Lang)
	if len(bad) > 0 {
		err = teilhabe.Invalid("calls.error.invalid", bad...)
	} else {
		_, err = w.svc.SaveSettings(r.Context(), id, f.Revision, in)
	}
	if err == nil {
		w.ui.Redirect(rw, r, "/calls/"+strconv.FormatInt(id, 10)+"/settings", "calls.flash.saved")
		return
	}
	// Invalid or in conflict (changed since, stages fixed, a question in use): the
	// form comes back with the user's input and the reason above it.
	switch teilhabe.ErrorCode(err) {
	case teilhabe.EINVALID, teilhabe.ECONFLICT:
		setup, serr := w.svc.Settings(r.Context(), id)
		if serr != nil {
			w.ui.Error(rw, r, serr)
			return
		}
		w.render(rw, r, httpx.Status(err), setup, f, err)
	default:
		w.ui.Error(rw, r, err)
	}
}

func (w *Web) render(rw http.ResponseWriter, r *http.Request, status int, setup programmes.CallSetup, f form, err error) {
	p := settingsPage{Page: w.ui.Page(r, "calls.settings.title"), Setup: setup, Form: f, Kinds: programmes.QuestionKinds, Stages: programmes.QuestionStages}
	if err != nil {
		p.WithError(r, err)
	}
	// One empty block for a new question; its kind is text until chosen.
	p.Form.Questions = append(p.Form.Questions, questionRow{Kind: string(programmes.QuestionText)})
	w.pages.Render(rw, r, status, "call_settings", p)
}
