package api

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/statements"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Municipal statements (Stellungnahmen): a commissioner's software lists the
// statements asked of its administrations and gives them; the funder's reads the
// statements on an application. Whose statement it is, the use cases decide: an
// application the caller may not see answers like one that does not exist.

func (a *API) statementRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: http.MethodGet, Path: Prefix + "/statements", Action: accounts.ActAccount, Handler: a.askedStatements},
		{Method: http.MethodGet, Path: Prefix + "/applications/{id}/statements", Action: accounts.ActAccount, Handler: a.listStatements},
		{Method: http.MethodPost, Path: Prefix + "/applications/{id}/statements", Action: accounts.ActAccount, Handler: a.giveStatement},
	}
}

// StatementService is what the API asks of the statement use cases.
type StatementService interface {
	Asked(ctx context.Context) ([]statements.Item, time.Time, error)
	OfApplication(ctx context.Context, applicationID int64) ([]statements.Statement, time.Time, error)
	Give(ctx context.Context, applicationID, municipalityID int64, in statements.Input) (statements.Statement, error)
}

var _ StatementService = (*statements.Service)(nil)

// maxStatementBody bounds one statement: its four texts at their limits fit.
const maxStatementBody = 256 << 10

type statementJSON struct {
	ID             int64      `json:"id"`
	ApplicationID  int64      `json:"application_id"`
	Municipality   idNameJSON `json:"municipality"`
	RegionKey      string     `json:"region_key"`
	State          string     `json:"state"` // open, given, missing (keine Stellungnahme)
	RequestedAt    *string    `json:"requested_at"`
	DueAt          *string    `json:"due_at"`
	StrategyFit    string     `json:"strategy_fit"`
	Overlap        string     `json:"overlap"`
	Recommendation *string    `json:"recommendation"`
	Conditions     string     `json:"conditions"`
	Text           string     `json:"text"`
	GivenBy        *string    `json:"given_by"`
	GivenAt        *string    `json:"given_at"`
	Revision       int        `json:"revision"`
}

func toStatementJSON(s *statements.Statement, now time.Time) statementJSON {
	out := statementJSON{ID: s.ID, ApplicationID: s.ApplicationID, Municipality: idNameJSON{ID: s.MunicipalityID, Name: s.Municipality},
		RegionKey: s.RegionKey, State: string(s.StateAt(now)), RequestedAt: instant(s.RequestedAt), DueAt: instant(s.DueAt),
		StrategyFit: s.StrategyFit, Overlap: s.Overlap, Conditions: s.Conditions, Text: s.Text, GivenAt: instant(s.GivenAt), Revision: s.Revision}
	if s.Given() {
		rec, by := string(s.Recommendation), s.GivenByName
		out.Recommendation, out.GivenBy = &rec, &by
	}
	return out
}

type askedStatementJSON struct {
	statementJSON
	Application struct {
		ID        int64      `json:"id"`
		Title     string     `json:"title"`
		Status    string     `json:"status"`
		Provider  string     `json:"provider"`
		Programme string     `json:"programme"`
		Call      idNameJSON `json:"call"`
	} `json:"application"`
}

func (a *API) askedStatements(w http.ResponseWriter, r *http.Request) {
	items, now, err := a.statements.Asked(r.Context())
	if err != nil {
		a.RenderError(w, r, err)
		return
	}
	out := struct {
		Items []askedStatementJSON `json:"items"`
	}{Items: []askedStatementJSON{}}
	for i := range items {
		it := &items[i]
		j := askedStatementJSON{statementJSON: toStatementJSON(&it.Statement, now)}
		j.Application.ID, j.Application.Title, j.Application.Status = it.ApplicationID, it.Title, string(it.Status)
		j.Application.Provider, j.Application.Programme = it.Provider, it.ProgrammeTitle
		j.Application.Call = idNameJSON{ID: it.CallID, Name: it.CallTitle}
		out.Items = append(out.Items, j)
	}
	w.Header().Set("Cache-Control", "private, no-store")
	ok(w, out)
}

func (a *API) listStatements(w http.ResponseWriter, r *http.Request) {
	id, err := applicationID(r)
	var list []statements.Statement
	var now time.Time
	if err == nil {
		list, now, err = a.statements.OfApplication(r.Context(), id)
	}
	if err != nil {
		a.RenderError(w, r, err)
		return
	}
	out := struct {
		Items []statementJSON `json:"items"`
	}{Items: []statementJSON{}}
	for i := range list {
		out.Items = append(out.Items, toStatementJSON(&list[i], now))
	}
	w.Header().Set("Cache-Control", "private, no-store")
	ok(w, out)
}

type statementBody struct {
	MunicipalityID int64  `json:"municipality_id"` // only when the caller answers for several administrations
	StrategyFit    string `json:"strategy_fit"`
	Overlap        string `json:"overlap"`
	Recommendation string `json:"recommendation"`
	Conditions     string `json:"conditions"`
	Text           string `json:"text"`
	Revision       int    `json:"revision"`
}

// giveStatement gives or revises the statement of the caller's administration,
// until the deadline.
func (a *API) giveStatement(w http.ResponseWriter, r *http.Request) {
	id, err := applicationID(r)
	var st statements.Statement
	if err == nil {
		var body statementBody
		dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxStatementBody))
		dec.DisallowUnknownFields()
		if derr := dec.Decode(&body); derr != nil {
			err = teilhabe.Invalid("api.error.body", teilhabe.FieldMsg("body", "json", "api.fielderror.json_detail", "Detail", jsonProblem(derr)))
		} else {
			st, err = a.statements.Give(r.Context(), id, body.MunicipalityID, statements.Input{StrategyFit: body.StrategyFit, Overlap: body.Overlap,
				Recommendation: statements.Recommendation(body.Recommendation), Conditions: body.Conditions, Text: body.Text, Revision: body.Revision})
		}
	}
	if err != nil {
		a.RenderError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "private, no-store")
	writeJSON(w, "application/json", http.StatusOK, toStatementJSON(&st, st.GivenAt))
}
