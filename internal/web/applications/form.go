package applications

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
	"github.com/teilhabe/teilhabe/internal/web"
)

// Rows of the form's repeated lines: planned outputs and third-party funds. A
// project with more writes them into the description; the API takes up to the
// domain's limits.
const (
	outputRows     = 3
	thirdPartyRows = 3
)

// form is the application form as the user typed it: amounts stay text, so that
// a refused form comes back exactly as sent.
type form struct {
	Revision     int
	CallID       int64
	ProviderID   int64
	Title        string
	Description  string
	Regions      string
	ActionFields []string
	TargetGroups []string
	PeriodStart  string
	PeriodEnd    string
	Outputs      []outputRow
	ContactName  string
	ContactEmail string
	ContactPhone string
	Costs        map[string]string // by category
	AdminRate    string
	OwnFunds     string
	ThirdParty   []thirdPartyRow
	Requested    string
	Answers      map[string]string // to the call's questions, by question id, as typed
}

type outputRow struct{ Quantity, Unit string }

type thirdPartyRow struct{ Source, Amount string }

// formOf fills the form with a stored application.
func formOf(a *applications.Application, lang string) form {
	f := form{Revision: a.Revision, CallID: a.CallID, ProviderID: a.ProviderID, Title: a.Title, Description: a.Description,
		Regions: strings.Join(a.RegionKeys, ", "), ActionFields: a.ActionFields, TargetGroups: a.TargetGroups,
		ContactName: a.Contact.Name, ContactEmail: a.Contact.Email, ContactPhone: a.Contact.Phone, Costs: map[string]string{}, Answers: answersOf(a)}
	if !a.PeriodStart.IsZero() {
		f.PeriodStart = a.PeriodStart.Format(time.DateOnly)
	}
	if !a.PeriodEnd.IsZero() {
		f.PeriodEnd = a.PeriodEnd.Format(time.DateOnly)
	}
	for _, o := range a.Outputs {
		f.Outputs = append(f.Outputs, outputRow{Quantity: strconv.FormatInt(o.Quantity, 10), Unit: o.Unit})
	}
	amount := func(c teilhabe.Cents) string {
		if c == 0 {
			return ""
		}
		return web.AmountValue(c, lang)
	}
	for c, v := range a.Plan.Costs {
		f.Costs[string(c)] = amount(v)
	}
	if a.Plan.AdminRate > 0 {
		f.AdminRate = web.AmountValue(teilhabe.Cents(a.Plan.AdminRate), lang)
	}
	f.OwnFunds, f.Requested = amount(a.Plan.OwnFunds), amount(a.Plan.Requested)
	for _, t := range a.Plan.ThirdParty {
		f.ThirdParty = append(f.ThirdParty, thirdPartyRow{Source: t.Source, Amount: amount(t.Amount)})
	}
	return f.padded()
}

// padded gives the repeated lines their empty rows.
func (f form) padded() form {
	for len(f.Outputs) < outputRows {
		f.Outputs = append(f.Outputs, outputRow{})
	}
	for len(f.ThirdParty) < thirdPartyRows {
		f.ThirdParty = append(f.ThirdParty, thirdPartyRow{})
	}
	if f.Costs == nil {
		f.Costs = map[string]string{}
	}
	return f
}

// maxFormBytes bounds one posted form: the description's 20,000 characters and
// every other field many times over.
const maxFormBytes = 256 << 10

// parseForm reads the posted form.
func parseForm(rw http.ResponseWriter, r *http.Request) form {
	r.Body = http.MaxBytesReader(rw, r.Body, maxFormBytes)
	_ = r.ParseForm()
	v := r.PostForm
	f := form{Title: v.Get("title"), Description: v.Get("description"), Regions: v.Get("regions"),
		ActionFields: v["action_fields"], TargetGroups: v["target_groups"], PeriodStart: v.Get("period_start"), PeriodEnd: v.Get("period_end"),
		ContactName: v.Get("contact_name"), ContactEmail: v.Get("contact_email"), ContactPhone: v.Get("contact_phone"),
		Costs: map[string]string{}, AdminRate: v.Get("finance_plan.admin_rate"), OwnFunds: v.Get("finance_plan.own_funds"),
		Requested: v.Get("finance_plan.requested")}
	f.Revision, _ = strconv.Atoi(v.Get("revision"))
	f.CallID, _ = strconv.ParseInt(v.Get("call"), 10, 64)
	f.ProviderID, _ = strconv.ParseInt(v.Get("provider"), 10, 64)
	for _, c := range applications.CostCategories {
		f.Costs[string(c)] = v.Get("finance_plan.costs." + string(c))
	}
	rows := func(v url.Values, a, b string, n int) [][2]string {
		as, bs := v[a], v[b]
		var out [][2]string
		for i := 0; i < n && (i < len(as) || i < len(bs)); i++ {
			var x, y string
			if i < len(as) {
				x = as[i]
			}
			if i < len(bs) {
				y = bs[i]
			}
			out = append(out, [2]string{x, y})
		}
		return out
	}
	f.Answers = postedAnswers(v)
	for _, row := range rows(v, "output_quantity", "output_unit", 20) {
		f.Outputs = append(f.Outputs, outputRow{Quantity: row[0], Unit: row[1]})
	}
	for _, row := range rows(v, "third_party_source", "third_party_amount", 20) {
		f.ThirdParty = append(f.ThirdParty, thirdPartyRow{Source: row[0], Amount: row[1]})
	}
	return f.padded()
}

// content turns the form into the use case's input. Text that is no amount, date
// or number is reported per field, with the use case's own findings after it.
func (f form) content(lang string) (applications.Content, []teilhabe.FieldError) {
	var bad []teilhabe.FieldError
	money := func(field, s string) teilhabe.Cents {
		c, err := teilhabe.ParseEuro(s, lang)
		if err != nil {
			bad = append(bad, teilhabe.FieldMsg(field, teilhabe.EINVALID, "applications.fielderror.amount"))
		}
		return c
	}
	day := func(field, s string) time.Time {
		if strings.TrimSpace(s) == "" {
			return time.Time{}
		}
		t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
		if err != nil {
			bad = append(bad, teilhabe.FieldMsg(field, teilhabe.EINVALID, "applications.fielderror.date"))
		}
		return t
	}
	c := applications.Content{Title: f.Title, Description: f.Description, ActionFields: f.ActionFields, TargetGroups: f.TargetGroups,
		RegionKeys:  strings.FieldsFunc(f.Regions, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\r' || r == '\t' }),
		PeriodStart: day("period_start", f.PeriodStart), PeriodEnd: day("period_end", f.PeriodEnd),
		Contact: applications.Contact{Name: f.ContactName, Email: f.ContactEmail, Phone: f.ContactPhone}, Answers: f.Answers}
	for _, o := range f.Outputs {
		if strings.TrimSpace(o.Quantity) == "" && strings.TrimSpace(o.Unit) == "" {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSpace(strings.ReplaceAll(o.Quantity, ".", "")), 10, 64)
		if err != nil && strings.TrimSpace(o.Quantity) != "" {
			bad = append(bad, teilhabe.FieldMsg("outputs", teilhabe.EINVALID, "applications.fielderror.output"))
		}
		c.Outputs = append(c.Outputs, applications.Output{Quantity: n, Unit: o.Unit})
	}
	c.Plan = applications.FinancePlan{Costs: map[applications.CostCategory]teilhabe.Cents{},
		OwnFunds: money("finance_plan.own_funds", f.OwnFunds), Requested: money("finance_plan.requested", f.Requested)}
	for _, cat := range applications.CostCategories {
		if v := money("finance_plan.costs."+string(cat), f.Costs[string(cat)]); v != 0 {
			c.Plan.Costs[cat] = v
		}
	}
	c.Plan.AdminRate = int(money("finance_plan.admin_rate", f.AdminRate)) // percent in hundredths: basis points
	for _, t := range f.ThirdParty {
		if strings.TrimSpace(t.Source) == "" && strings.TrimSpace(t.Amount) == "" {
			continue
		}
		c.Plan.ThirdParty = append(c.Plan.ThirdParty, applications.ThirdParty{Source: t.Source, Amount: money("finance_plan.third_party_funds", t.Amount)})
	}
	return c, bad
}

type formPage struct {
	web.Page
	Form         form
	App          *applications.Application // nil for a new one
	Programme    programmes.Programme
	Call         programmes.Call
	Providers    []accounts.Membership // the providers the user may apply for, when more than one
	ActionFields []string
	TargetGroups []string
	Categories   []applications.CostCategory
	Plan         applications.FinancePlan // the sums of what was entered, where it parsed
	Files        *attachmentsView         // the Anlagen of a stored draft; nil: not shown
	questions
}

func (w *Web) renderForm(rw http.ResponseWriter, r *http.Request, status int, p formPage, err error) {
	if err != nil {
		p.WithError(r, err)
	}
	p.ActionFields, p.TargetGroups, p.Categories = programmes.ActionFields, programmes.TargetGroups, applications.CostCategories
	if ms := applications.ProviderMemberships(p.Principal); len(ms) > 1 && p.App == nil {
		p.Providers = ms
	}
	c, _ := p.Form.content(p.L.Lang)
	p.Plan = c.Plan
	if p.App != nil {
		p.Files = w.attachments(r, p.L, p.App, "edit")
	}
	q, err := w.questionsOf(r, p.Form.CallID, p.App)
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	p.questions = q
	if q.Sketch && p.App == nil {
		p.Title = p.L.T("calls.sketch.new.title")
	} else if q.Sketch {
		p.Title = p.L.T("calls.sketch.edit.title")
	}
	w.pages.Render(rw, r, status, "application_form", p)
}

func (w *Web) newForm(rw http.ResponseWriter, r *http.Request) {
	callID, _ := strconv.ParseInt(r.URL.Query().Get("call"), 10, 64)
	prog, call, err := w.svc.Call(r.Context(), callID)
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	if len(applications.ProviderMemberships(accounts.PrincipalFrom(r.Context()))) == 0 {
		w.ui.Error(rw, r, teilhabe.E(teilhabe.EFORBIDDEN, "applications.error.not_provider"))
		return
	}
	f := form{CallID: call.ID, ActionFields: prog.ActionFields}.padded()
	p := formPage{Page: w.ui.Page(r, "applications.new.title"), Form: f, Programme: prog, Call: call}
	w.renderForm(rw, r, http.StatusOK, p, nil)
}

func (w *Web) create(rw http.ResponseWriter, r *http.Request) {
	f := parseForm(rw, r)
	c, bad := f.content(w.ui.Localizer(r).Lang)
	var a applications.Application
	var err error
	if len(bad) > 0 {
		err = teilhabe.Invalid("applications.error.invalid", bad...)
	} else {
		a, err = w.svc.Create(r.Context(), f.CallID, f.ProviderID, c)
	}
	if err != nil {
		w.ui.FormFailed(rw, r, err, func(status int) {
			prog, call, cerr := w.svc.Call(r.Context(), f.CallID)
			if cerr != nil {
				w.ui.Error(rw, r, cerr)
				return
			}
			w.renderForm(rw, r, status, formPage{Page: w.ui.Page(r, "applications.new.title"), Form: f, Programme: prog, Call: call}, err)
		})
		return
	}
	w.ui.Redirect(rw, r, "/applications/"+strconv.FormatInt(a.ID, 10), "flash.application_saved")
}

func (w *Web) editForm(rw http.ResponseWriter, r *http.Request) {
	a, prog, err := w.load(r)
	if err == nil && !applications.CanEdit(accounts.PrincipalFrom(r.Context()), &a) {
		err = teilhabe.E(teilhabe.EFORBIDDEN, "")
	} else if err == nil && a.Status != applications.StatusDraft {
		err = teilhabe.E(teilhabe.ECONFLICT, "applications.error.frozen")
	}
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	p := formPage{Page: w.ui.Page(r, "applications.edit.title"), Form: formOf(&a, w.ui.Localizer(r).Lang), App: &a, Programme: prog, Call: callOf(prog, a.CallID)}
	w.renderForm(rw, r, http.StatusOK, p, nil)
}

func (w *Web) save(rw http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		w.ui.Error(rw, r, applications.ErrNotFound)
		return
	}
	f := parseForm(rw, r)
	c, bad := f.content(w.ui.Localizer(r).Lang)
	var a applications.Application
	if len(bad) > 0 {
		err = teilhabe.Invalid("applications.error.invalid", bad...)
	} else {
		a, err = w.svc.Save(r.Context(), id, f.Revision, c)
	}
	if err != nil {
		// A stale revision keeps the user's input on the form, with the conflict
		// above it, so that nothing typed is lost.
		if teilhabe.ErrorCode(err) == teilhabe.ECONFLICT {
			w.againWith(rw, r, http.StatusConflict, id, f, err)
			return
		}
		w.ui.FormFailed(rw, r, err, func(status int) { w.againWith(rw, r, status, id, f, err) })
		return
	}
	w.ui.Redirect(rw, r, "/applications/"+strconv.FormatInt(a.ID, 10), "flash.application_saved")
}

// againWith shows the edit form of a stored application with the user's input.
func (w *Web) againWith(rw http.ResponseWriter, r *http.Request, status int, id int64, f form, err error) {
	a, gerr := w.svc.Get(r.Context(), id)
	var prog programmes.Programme
	if gerr == nil {
		prog, gerr = w.svc.Programme(r.Context(), &a)
	}
	if gerr != nil {
		w.ui.Error(rw, r, gerr)
		return
	}
	if a.Status != applications.StatusDraft {
		w.renderShow(rw, r, status, a, prog, err)
		return
	}
	w.renderForm(rw, r, status, formPage{Page: w.ui.Page(r, "applications.edit.title"), Form: f, App: &a, Programme: prog, Call: callOf(prog, a.CallID)}, err)
}

// renderStored answers a refused step on a stored application: an incomplete one
// comes back as its form with every gap marked, anything else on its page.
func (w *Web) renderStored(rw http.ResponseWriter, r *http.Request, status int, id int64, err error) {
	a, gerr := w.svc.Get(r.Context(), id)
	var prog programmes.Programme
	if gerr == nil {
		prog, gerr = w.svc.Programme(r.Context(), &a)
	}
	if gerr != nil {
		w.ui.Error(rw, r, gerr)
		return
	}
	if a.Status == applications.StatusDraft && teilhabe.ErrorCode(err) == teilhabe.EINVALID {
		w.renderForm(rw, r, status, formPage{Page: w.ui.Page(r, "applications.edit.title"), Form: formOf(&a, w.ui.Localizer(r).Lang), App: &a,
			Programme: prog, Call: callOf(prog, a.CallID)}, err)
		return
	}
	w.renderShow(rw, r, status, a, prog, err)
}

func (w *Web) renderShow(rw http.ResponseWriter, r *http.Request, status int, a applications.Application, prog programmes.Programme, err error) {
	w.renderShowPage(rw, r, status, a, prog, err, nil)
}

// renderShowPage renders the application's page; edit, if not nil, fills in what
// a form on it sent back.
func (w *Web) renderShowPage(rw http.ResponseWriter, r *http.Request, status int, a applications.Application, prog programmes.Programme, err error, edit func(*showPage)) {
	names, nerr := w.svc.RegionNames(r.Context(), a.RegionKeys)
	if nerr != nil {
		w.ui.Error(rw, r, nerr)
		return
	}
	caller := accounts.PrincipalFrom(r.Context())
	p := showPage{Page: w.ui.Page(r, ""), App: a, Programme: prog, CanEdit: applications.CanEdit(caller, &a),
		Leads: applications.Leads(caller, &a), Regions: names}
	p.Files = w.attachments(r, p.L, &a, "")
	p.Title = a.Title
	var qerr error
	if p.questions, qerr = w.questionsOf(r, a.CallID, &a); qerr == nil {
		p.Decision, qerr = w.svc.SketchDecision(r.Context(), &a)
	}
	if qerr != nil {
		w.ui.Error(rw, r, qerr)
		return
	}
	p.CanDecide = a.Stage == applications.StageSketch && a.Status.Submitted() && !a.Status.Final() && funderOf(caller, &a)
	if err != nil {
		p.WithError(r, err)
	}
	if edit != nil {
		edit(&p)
	}
	w.pages.Render(rw, r, status, "application", p)
}

func callOf(p programmes.Programme, id int64) programmes.Call {
	for _, c := range p.Calls {
		if c.ID == id {
			return c
		}
	}
	return programmes.Call{}
}
