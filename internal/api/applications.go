package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Applications (Anträge) for other programs: a provider's software creates and
// submits drafts, a funder's reads the pipeline. Every route needs a logged-in
// caller (a token); which applications the caller sees, and what it may do with
// one, the use cases decide: one the caller may not see answers like one that does
// not exist.

func (a *API) applicationRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: http.MethodGet, Path: Prefix + "/applications", Action: accounts.ActAccount, Handler: a.listApplications},
		{Method: http.MethodPost, Path: Prefix + "/applications", Action: accounts.ActAccount, Handler: a.createApplication},
		{Method: http.MethodGet, Path: Prefix + "/applications/{id}", Action: accounts.ActAccount, Handler: a.getApplication},
		{Method: http.MethodPut, Path: Prefix + "/applications/{id}", Action: accounts.ActAccount, Handler: a.saveApplication},
		{Method: http.MethodPost, Path: Prefix + "/applications/{id}/submit", Action: accounts.ActAccount, Handler: a.submitApplication},
		{Method: http.MethodPost, Path: Prefix + "/applications/{id}/withdraw", Action: accounts.ActAccount, Handler: a.withdrawApplication},
	}
}

// ApplicationService is what the API asks of the application use cases.
type ApplicationService interface {
	Get(ctx context.Context, id int64) (applications.Application, error)
	List(ctx context.Context, f applications.Filter) ([]applications.Application, int, error)
	Create(ctx context.Context, callID, providerID int64, c applications.Content) (applications.Application, error)
	Save(ctx context.Context, id int64, revision int, c applications.Content) (applications.Application, error)
	Submit(ctx context.Context, id int64, revision int) (applications.Application, error)
	Withdraw(ctx context.Context, id int64, revision int) (applications.Application, error)
	CallSettings(ctx context.Context, callID int64) (programmes.CallSettings, error)
	Invite(ctx context.Context, id int64, revision int) (sketch, full applications.Application, err error)
	Decline(ctx context.Context, id int64, revision int, reason string) (applications.Application, error)
}

var _ ApplicationService = (*applications.Service)(nil)

// maxApplicationBody bounds one application in JSON: the description's 20,000
// characters and every list at its limit fit several times over.
const maxApplicationBody = 256 << 10

func applicationID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, applications.ErrNotFound
	}
	return id, nil
}

type applicationListJSON struct {
	Items []applicationJSON `json:"items"`
	Total int               `json:"total"`
}

func (a *API) listApplications(w http.ResponseWriter, r *http.Request) {
	q := &query{r: r}
	f := applications.Filter{CallID: int64(q.int("call_id", 0)), ProgrammeID: int64(q.int("programme_id", 0)),
		Status: applications.Status(r.URL.Query().Get("status")), Limit: q.int("limit", applications.DefaultPage), Offset: q.int("offset", 0)}
	if f.Limit > applications.MaxPage {
		q.fail("limit", "api.fielderror.limit", "Max", applications.MaxPage)
	}
	if err := q.err(); err != nil {
		a.RenderError(w, r, err)
		return
	}
	list, total, err := a.applications.List(r.Context(), f)
	if err != nil {
		a.RenderError(w, r, err)
		return
	}
	out := applicationListJSON{Items: make([]applicationJSON, 0, len(list)), Total: total}
	for i := range list {
		out.Items = append(out.Items, toApplicationJSON(&list[i]))
	}
	w.Header().Set("Cache-Control", "private, no-store")
	ok(w, out)
}

func (a *API) getApplication(w http.ResponseWriter, r *http.Request) {
	id, err := applicationID(r)
	var app applications.Application
	if err == nil {
		app, err = a.applications.Get(r.Context(), id)
	}
	var settings programmes.CallSettings
	if err == nil {
		settings, err = a.applications.CallSettings(r.Context(), app.CallID)
	}
	if err != nil {
		a.RenderError(w, r, err)
		return
	}
	j := toApplicationJSON(&app)
	j.Questions = questionsJSON(settings.QuestionsAt(string(app.Stage)))
	w.Header().Set("Cache-Control", "private, no-store")
	ok(w, j)
}

func (a *API) createApplication(w http.ResponseWriter, r *http.Request) {
	body, c, err := readApplicationBody(w, r)
	var app applications.Application
	if err == nil {
		app, err = a.applications.Create(r.Context(), body.CallID, body.ProviderID, c)
	}
	if err == nil {
		w.Header().Set("Location", Prefix+"/applications/"+strconv.FormatInt(app.ID, 10))
	}
	a.respondApplication(w, r, http.StatusCreated, app, err)
}

func (a *API) saveApplication(w http.ResponseWriter, r *http.Request) {
	id, err := applicationID(r)
	var app applications.Application
	if err == nil {
		var body applicationBody
		var c applications.Content
		if body, c, err = readApplicationBody(w, r); err == nil {
			app, err = a.applications.Save(r.Context(), id, body.Revision, c)
		}
	}
	a.respondApplication(w, r, http.StatusOK, app, err)
}

func (a *API) submitApplication(w http.ResponseWriter, r *http.Request) {
	a.applicationStep(w, r, a.applications.Submit)
}

func (a *API) withdrawApplication(w http.ResponseWriter, r *http.Request) {
	a.applicationStep(w, r, a.applications.Withdraw)
}

// applicationStep runs a step that takes only the revision the client last saw
// (optional; 0 or none: no check).
func (a *API) applicationStep(w http.ResponseWriter, r *http.Request, step func(context.Context, int64, int) (applications.Application, error)) {
	id, err := applicationID(r)
	var app applications.Application
	if err == nil {
		var body struct {
			Revision int `json:"revision"`
		}
		dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4<<10))
		dec.DisallowUnknownFields()
		if derr := dec.Decode(&body); derr != nil && !errors.Is(derr, io.EOF) {
			err = teilhabe.Invalid("api.error.body", teilhabe.FieldMsg("revision", "json", "api.fielderror.json"))
		} else {
			app, err = step(r.Context(), id, body.Revision)
		}
	}
	a.respondApplication(w, r, http.StatusOK, app, err)
}

func (a *API) respondApplication(w http.ResponseWriter, r *http.Request, status int, app applications.Application, err error) {
	if err != nil {
		a.RenderError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "private, no-store")
	writeJSON(w, "application/json", status, toApplicationJSON(&app))
}

// readApplicationBody decodes the JSON body. A body that is no JSON object of this
// shape is refused as a whole; malformed amounts and dates are refused together
// with the field errors of the use case's own validation, as far as it gets.
func readApplicationBody(w http.ResponseWriter, r *http.Request) (applicationBody, applications.Content, error) {
	var body applicationBody
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxApplicationBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		return body, applications.Content{}, teilhabe.Invalid("api.error.body", teilhabe.FieldMsg("body", "json", "api.fielderror.json_detail", "Detail", jsonProblem(err)))
	}
	c, bad := body.content()
	if len(bad) > 0 {
		return body, c, teilhabe.Invalid("applications.error.invalid", bad...)
	}
	return body, c, nil
}

// jsonProblem describes a decoding error without echoing the body.
func jsonProblem(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var big *http.MaxBytesError
	switch {
	case errors.As(err, &syn):
		return "offset " + strconv.FormatInt(syn.Offset, 10)
	case errors.As(err, &typ):
		return typ.Field
	case errors.As(err, &big):
		return "> " + strconv.FormatInt(big.Limit, 10) + " bytes"
	}
	return err.Error()
}
