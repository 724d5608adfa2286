package api

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/decisions"
	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Decisions for a funder's software: the pipeline of a call, and the decision on an
// application. Only the programme's funder staff see any of it; to everybody else
// the application or call answers like one that does not exist.

func (a *API) decisionRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: http.MethodGet, Path: Prefix + "/applications/{id}/decision", Action: accounts.ActAccount, Handler: a.getDecision},
		{Method: http.MethodPost, Path: Prefix + "/applications/{id}/decision", Action: accounts.ActAccount, Handler: a.decide},
		{Method: http.MethodGet, Path: Prefix + "/calls/{id}/pipeline", Action: accounts.ActAccount, Handler: a.callPipeline},
	}
}

// DecisionService is what the API asks of the decision use cases.
type DecisionService interface {
	Summary(ctx context.Context, id int64) (decisions.Summary, error)
	Decide(ctx context.Context, id int64, in decisions.Input) (decisions.Decision, error)
	Pipeline(ctx context.Context, callID int64) (decisions.Pipeline, error)
}

var _ DecisionService = (*decisions.Service)(nil)

// maxDecisionBody bounds one decision: the two texts at their limit in multi-byte
// characters and a finance plan, several times over.
const maxDecisionBody = 64 << 10

type decisionJSON struct {
	Outcome     string           `json:"outcome"`
	Amount      string           `json:"amount"`
	FinancePlan *financePlanJSON `json:"finance_plan"` // the reduced plan; null when the application's stands
	Conditions  string           `json:"conditions"`
	Reason      string           `json:"reason"`
	Batch       string           `json:"batch"`
	DecidedAt   *string          `json:"decided_at"`
}

type decisionStateJSON struct {
	ApplicationID int64         `json:"application_id"`
	Status        string        `json:"status"`
	Revision      int           `json:"revision"`
	Requested     string        `json:"requested"`
	Score         *string       `json:"score"` // mean weighted score 0.00–5.00; null while unreviewed
	Reviews       int           `json:"reviews"`
	Decision      *decisionJSON `json:"decision"`
}

func toDecisionJSON(d *decisions.Decision) *decisionJSON {
	if d == nil {
		return nil
	}
	j := &decisionJSON{Outcome: string(d.Outcome), Amount: d.Amount.String(), Conditions: d.Conditions, Reason: d.Reason,
		Batch: d.Batch, DecidedAt: instant(d.DecidedAt)}
	if d.Plan != nil {
		p := toApplicationJSON(&applications.Application{Plan: *d.Plan}).FinancePlan
		j.FinancePlan = &p
	}
	return j
}

func toDecisionStateJSON(s *decisions.Summary) decisionStateJSON {
	j := decisionStateJSON{ApplicationID: s.App.ID, Status: string(s.App.Status), Revision: s.App.Revision,
		Requested: s.App.Plan.Requested.String(), Decision: toDecisionJSON(s.Decision)}
	score, n := s.Score()
	j.Reviews = n
	if n > 0 {
		v := teilhabe.Cents(score).String()
		j.Score = &v
	}
	return j
}

func (a *API) getDecision(w http.ResponseWriter, r *http.Request) {
	id, err := applicationID(r)
	var s decisions.Summary
	if err == nil {
		s, err = a.decisions.Summary(r.Context(), id)
	}
	if err != nil {
		a.RenderError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "private, no-store")
	ok(w, toDecisionStateJSON(&s))
}

type decisionBody struct {
	Outcome     string           `json:"outcome"`
	Amount      string           `json:"amount"`
	Conditions  string           `json:"conditions"`
	Reason      string           `json:"reason"`
	FinancePlan *financePlanBody `json:"finance_plan"`
	Revision    int              `json:"revision"`
}

// decide records the decision and answers the application's new state with it.
func (a *API) decide(w http.ResponseWriter, r *http.Request) {
	id, err := applicationID(r)
	if err != nil {
		a.RenderError(w, r, err)
		return
	}
	var body decisionBody
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxDecisionBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		a.RenderError(w, r, teilhabe.Invalid("api.error.body", teilhabe.FieldMsg("body", "json", "api.fielderror.json_detail", "Detail", jsonProblem(err))))
		return
	}
	in := decisions.Input{Outcome: decisions.Outcome(body.Outcome), Conditions: body.Conditions, Reason: body.Reason, Revision: body.Revision}
	var bad []teilhabe.FieldError
	if s := strings.TrimSpace(body.Amount); s != "" {
		if in.Amount, err = teilhabe.ParseDecimal(s); err != nil {
			bad = append(bad, teilhabe.FieldMsg("amount", teilhabe.EINVALID, "api.fielderror.decimal", "Value", s))
		}
	}
	if body.FinancePlan != nil {
		// The same shape, and the same parsing, as an application's plan.
		c, more := applicationBody{FinancePlan: *body.FinancePlan}.content()
		in.Plan, bad = &c.Plan, append(bad, more...)
	}
	if len(bad) > 0 {
		a.RenderError(w, r, teilhabe.Invalid("decisions.error.invalid", bad...))
		return
	}
	if _, err := a.decisions.Decide(r.Context(), id, in); err != nil {
		a.RenderError(w, r, err)
		return
	}
	a.getDecision(w, r)
}

type statusCountJSON struct {
	Status    string `json:"status"`
	Count     int    `json:"count"`
	Requested string `json:"requested"`
}

type pipelineJSON struct {
	CallID    int64             `json:"call_id"`
	Call      string            `json:"call"`
	Programme idNameJSON        `json:"programme"`
	Counts    []statusCountJSON `json:"counts"`
	Total     int               `json:"total"`
	Budget    string            `json:"budget"`
	Approved  string            `json:"approved"`
	Remaining string            `json:"remaining"`
}

func (a *API) callPipeline(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	var p decisions.Pipeline
	if err != nil || id <= 0 {
		err = decisions.ErrCallNotFound
	} else {
		p, err = a.decisions.Pipeline(r.Context(), id)
	}
	if err != nil {
		a.RenderError(w, r, err)
		return
	}
	out := pipelineJSON{CallID: p.Call.ID, Call: p.Call.Title, Programme: idNameJSON{ID: p.Programme.ID, Name: p.Programme.Title},
		Counts: []statusCountJSON{}, Total: p.Total(), Budget: p.Budget.String(), Approved: p.Approved.String(), Remaining: p.Remaining.String()}
	for _, c := range p.Counts {
		out.Counts = append(out.Counts, statusCountJSON{Status: string(c.Status), Count: c.Count, Requested: c.Requested.String()})
	}
	w.Header().Set("Cache-Control", "private, no-store")
	ok(w, out)
}
