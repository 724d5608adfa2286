package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// How funders run their calls: the settings of a call (stages, deadlines, budget,
// questions), and the decision on the sketches of a two-stage call. The use cases
// decide who may; a call or application the caller may not see answers 404.

func (a *API) callRoutes() []httpx.Route {
	acc := accounts.ActAccount
	return []httpx.Route{
		{Method: http.MethodGet, Path: Prefix + "/calls/{id}/settings", Action: acc, Handler: a.getCallSettings},
		{Method: http.MethodPut, Path: Prefix + "/calls/{id}/settings", Action: acc, Handler: a.putCallSettings},
		{Method: http.MethodPost, Path: Prefix + "/applications/{id}/invite", Action: acc, Handler: a.inviteSketch},
		{Method: http.MethodPost, Path: Prefix + "/applications/{id}/decline", Action: acc, Handler: a.declineSketch},
	}
}

// CallService is what the API asks of the call set-up.
type CallService interface {
	Settings(ctx context.Context, callID int64) (programmes.CallSetup, error)
	SaveSettings(ctx context.Context, callID int64, revision int, in programmes.CallSettings) (programmes.CallSettings, error)
}

var _ CallService = (*programmes.CallService)(nil)

type questionJSON struct {
	ID       string   `json:"id"`
	Label    string   `json:"label"`
	Help     string   `json:"help"`
	Kind     string   `json:"kind"`
	Choices  []string `json:"choices"`
	Required bool     `json:"required"`
	Stage    string   `json:"stage"`
}

func questionsJSON(qs []programmes.Question) []questionJSON {
	out := make([]questionJSON, 0, len(qs))
	for _, q := range qs {
		c := q.Choices
		if c == nil {
			c = []string{}
		}
		out = append(out, questionJSON{ID: q.ID, Label: q.Label, Help: q.Help, Kind: string(q.Kind), Choices: c, Required: q.Required, Stage: q.Stage})
	}
	return out
}

type callSettingsJSON struct {
	CallID        int64          `json:"call_id"`
	Stages        int            `json:"stages"`
	FullClosesAt  *string        `json:"full_closes_at"`
	StatementDays int            `json:"statement_days"`
	Budget        string         `json:"budget"`
	Questions     []questionJSON `json:"questions"`
	Revision      int            `json:"revision"`
	UpdatedAt     *string        `json:"updated_at"`
}

func toCallSettingsJSON(s programmes.CallSettings) callSettingsJSON {
	return callSettingsJSON{CallID: s.CallID, Stages: s.Stages, FullClosesAt: instant(s.FullClosesAt), StatementDays: s.StatementDays,
		Budget: s.Budget.String(), Questions: questionsJSON(s.Questions), Revision: s.Revision, UpdatedAt: instant(s.UpdatedAt)}
}

// callSettingsBody is what a client sends; revision is optional (none: no check).
type callSettingsBody struct {
	Stages        int            `json:"stages"`
	FullClosesAt  string         `json:"full_closes_at"`
	StatementDays int            `json:"statement_days"`
	Budget        string         `json:"budget"`
	Questions     []questionJSON `json:"questions"`
	Revision      *int           `json:"revision"`
}

// maxCallSettingsBody bounds the settings in JSON: forty questions with long
// help texts and choices.
const maxCallSettingsBody = 512 << 10

func callIDOf(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, programmes.ErrCallNotFound
	}
	return id, nil
}

func (a *API) getCallSettings(w http.ResponseWriter, r *http.Request) {
	id, err := callIDOf(r)
	var setup programmes.CallSetup
	if err == nil {
		setup, err = a.calls.Settings(r.Context(), id)
	}
	if err != nil {
		a.RenderError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "private, no-store")
	ok(w, toCallSettingsJSON(setup.Settings))
}

func (a *API) putCallSettings(w http.ResponseWriter, r *http.Request) {
	id, err := callIDOf(r)
	if err != nil {
		a.RenderError(w, r, err)
		return
	}
	var body callSettingsBody
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxCallSettingsBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		a.RenderError(w, r, teilhabe.Invalid("api.error.body", teilhabe.FieldMsg("body", "json", "api.fielderror.json_detail", "Detail", jsonProblem(err))))
		return
	}
	in := programmes.CallSettings{Stages: body.Stages, StatementDays: body.StatementDays}
	var bad []teilhabe.FieldError
	if s := strings.TrimSpace(body.Budget); s != "" {
		if in.Budget, err = teilhabe.ParseDecimal(s); err != nil {
			bad = append(bad, teilhabe.FieldMsg("budget", teilhabe.EINVALID, "api.fielderror.decimal", "Value", s))
		}
	}
	if s := strings.TrimSpace(body.FullClosesAt); s != "" {
		if in.FullClosesAt, err = time.Parse(time.RFC3339, s); err != nil {
			bad = append(bad, teilhabe.FieldMsg("full_closes_at", teilhabe.EINVALID, "calls.fielderror.full_closes_date"))
		}
	}
	for _, q := range body.Questions {
		in.Questions = append(in.Questions, programmes.Question{ID: q.ID, Label: q.Label, Help: q.Help, Kind: programmes.QuestionKind(q.Kind),
			Choices: q.Choices, Required: q.Required, Stage: q.Stage})
	}
	if len(bad) > 0 {
		a.RenderError(w, r, teilhabe.Invalid("calls.error.invalid", bad...))
		return
	}
	revision := 0
	if body.Revision != nil {
		revision = *body.Revision
	} else {
		// No revision sent: save over whatever is there now.
		setup, err := a.calls.Settings(r.Context(), id)
		if err != nil {
			a.RenderError(w, r, err)
			return
		}
		revision = setup.Settings.Revision
	}
	saved, err := a.calls.SaveSettings(r.Context(), id, revision, in)
	if err != nil {
		a.RenderError(w, r, err)
		return
	}
	ok(w, toCallSettingsJSON(saved))
}

func (a *API) inviteSketch(w http.ResponseWriter, r *http.Request) {
	id, err := applicationID(r)
	var body struct {
		Revision int `json:"revision"`
	}
	if err == nil {
		err = decodeSmall(w, r, &body)
	}
	var full applications.Application
	if err == nil {
		_, full, err = a.applications.Invite(r.Context(), id, body.Revision)
	}
	if err == nil {
		w.Header().Set("Location", Prefix+"/applications/"+strconv.FormatInt(full.ID, 10))
	}
	a.respondApplication(w, r, http.StatusCreated, full, err)
}

func (a *API) declineSketch(w http.ResponseWriter, r *http.Request) {
	id, err := applicationID(r)
	var body struct {
		Revision int    `json:"revision"`
		Reason   string `json:"reason"`
	}
	if err == nil {
		err = decodeSmall(w, r, &body)
	}
	var sketch applications.Application
	if err == nil {
		sketch, err = a.applications.Decline(r.Context(), id, body.Revision, body.Reason)
	}
	a.respondApplication(w, r, http.StatusOK, sketch, err)
}

// decodeSmall reads a small JSON body (a revision, a reason); none is none.
func decodeSmall(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) {
		return teilhabe.Invalid("api.error.body", teilhabe.FieldMsg("body", "json", "api.fielderror.json_detail", "Detail", jsonProblem(err)))
	}
	return nil
}
