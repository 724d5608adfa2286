package decisions

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/decisions"
	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
	"github.com/teilhabe/teilhabe/internal/web"
)

// decisionForm is the decision form as typed: amounts stay text, so that a refused
// form comes back exactly as sent. The reduced plan edits the cost lines and the
// own funds; the flat rate and third-party funds stay the applicant's.
type decisionForm struct {
	Revision   int
	Outcome    string
	Amount     string
	Conditions string
	Reason     string
	Costs      map[string]string
	OwnFunds   string
}

func formOf(a *applications.Application, lang string) decisionForm {
	f := decisionForm{Revision: a.Revision, Outcome: string(decisions.Approved), Amount: web.AmountValue(a.Plan.Requested, lang),
		Costs: map[string]string{}, OwnFunds: web.AmountValue(a.Plan.OwnFunds, lang)}
	for _, c := range applications.CostCategories {
		if v := a.Plan.Costs[c]; v != 0 {
			f.Costs[string(c)] = web.AmountValue(v, lang)
		}
	}
	return f
}

func parseDecision(rw http.ResponseWriter, r *http.Request) decisionForm {
	r.Body = http.MaxBytesReader(rw, r.Body, maxFormBytes)
	_ = r.ParseForm()
	v := r.PostForm
	f := decisionForm{Outcome: v.Get("outcome"), Amount: v.Get("amount"), Conditions: v.Get("conditions"), Reason: v.Get("reason"),
		Costs: map[string]string{}, OwnFunds: v.Get("finance_plan.own_funds")}
	f.Revision, _ = strconv.Atoi(v.Get("revision"))
	for _, c := range applications.CostCategories {
		f.Costs[string(c)] = v.Get("finance_plan.costs." + string(c))
	}
	return f
}

// input turns the form into the use case's input; the reduced plan goes with it
// only when the amount is below the requested sum.
func (f decisionForm) input(a *applications.Application, lang string) (decisions.Input, []teilhabe.FieldError) {
	var bad []teilhabe.FieldError
	money := func(field, s string) teilhabe.Cents {
		c, err := teilhabe.ParseEuro(s, lang)
		if err != nil {
			bad = append(bad, teilhabe.FieldMsg(field, teilhabe.EINVALID, "decisions.fielderror.amount"))
		}
		return c
	}
	in := decisions.Input{Outcome: decisions.Outcome(f.Outcome), Conditions: f.Conditions, Reason: f.Reason, Revision: f.Revision}
	if in.Outcome != decisions.Approved {
		return in, nil
	}
	if strings.TrimSpace(f.Amount) != "" {
		in.Amount = money("amount", f.Amount)
	}
	if in.Amount > 0 && in.Amount < a.Plan.Requested {
		p := a.Plan
		p.Costs = map[applications.CostCategory]teilhabe.Cents{}
		for _, c := range applications.CostCategories {
			if v := money("finance_plan.costs."+string(c), f.Costs[string(c)]); v != 0 {
				p.Costs[c] = v
			}
		}
		p.OwnFunds = money("finance_plan.own_funds", f.OwnFunds)
		in.Plan = &p
	}
	return in, bad
}

type summaryPage struct {
	web.Page
	S    decisions.Summary
	Form decisionForm
	// Reduced is the reduced plan as entered, where it parsed, for its sums.
	Reduced *applications.FinancePlan
}

func (w *Web) summary(rw http.ResponseWriter, r *http.Request) {
	w.renderSummary(rw, r, http.StatusOK, nil, nil)
}

func (w *Web) renderSummary(rw http.ResponseWriter, r *http.Request, status int, f *decisionForm, failed error) {
	id, err := pathID(r, applications.ErrNotFound)
	var s decisions.Summary
	if err == nil {
		s, err = w.svc.Summary(r.Context(), id)
	}
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	lang := w.ui.Localizer(r).Lang
	p := summaryPage{Page: w.ui.Page(r, ""), S: s}
	p.Title = p.L.T("decisions.summary.title", "Title", s.App.Title)
	if f != nil {
		p.Form = *f
		if in, bad := f.input(&s.App, lang); len(bad) == 0 && in.Plan != nil {
			rp := *in.Plan
			rp.Requested = in.Amount
			p.Reduced = &rp
		}
	} else {
		p.Form = formOf(&s.App, lang)
	}
	if failed != nil {
		p.WithError(r, failed)
	}
	w.pages.Render(rw, r, status, "decision", p)
}

func (w *Web) decide(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, applications.ErrNotFound)
	var s decisions.Summary
	if err == nil {
		s, err = w.svc.Summary(r.Context(), id)
	}
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	f := parseDecision(rw, r)
	in, bad := f.input(&s.App, w.ui.Localizer(r).Lang)
	if len(bad) > 0 {
		err = teilhabe.Invalid("decisions.error.invalid", bad...)
	} else {
		_, err = w.svc.Decide(r.Context(), id, in)
	}
	switch teilhabe.ErrorCode(err) {
	case "":
		flash := "flash.decision_approved"
		if in.Outcome == decisions.Rejected {
			flash = "flash.decision_rejected"
		}
		w.ui.Redirect(rw, r, "/applications/"+strconv.FormatInt(id, 10)+"/decision", flash)
	case teilhabe.EINVALID, teilhabe.ECONFLICT:
		// Refused or too late: the form keeps what the user typed, the page shows
		// the current state above it.
		w.renderSummary(rw, r, httpx.Status(err), &f, err)
	default:
		w.ui.Error(rw, r, err)
	}
}

func (w *Web) startReview(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, applications.ErrNotFound)
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	r.Body = http.MaxBytesReader(rw, r.Body, 4<<10)
	revision, _ := strconv.Atoi(r.PostFormValue("revision"))
	_, err = w.svc.StartReview(r.Context(), id, revision)
	switch teilhabe.ErrorCode(err) {
	case "":
		w.ui.Redirect(rw, r, "/applications/"+strconv.FormatInt(id, 10)+"/decision", "flash.decisions_review_started", "Count", 1)
	case teilhabe.ECONFLICT:
		w.renderSummary(rw, r, http.StatusConflict, nil, err)
	default:
		w.ui.Error(rw, r, err)
	}
}
