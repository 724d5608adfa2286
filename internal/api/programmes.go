package api

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Funding programmes: the public finder, matching, one programme with its versions
// and consultation report, and the funder's lifecycle step. Who may see or change a
// programme depends on its status, funder and consultation, so the routes declare
// only "public" or "logged in" and the use cases decide for the one programme.
//
// Instants (calls, deadlines, publication) are RFC 3339 with the Europe/Berlin
// offset, the time German users read; days (the period) are ISO 8601 dates. Money is
// kept in cents and written in euros as a number with two decimals; rates in basis
// points are written as percent with two decimals.

func (a *API) programmeRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: http.MethodGet, Path: Prefix + "/programmes", Action: accounts.ActPublic, Handler: a.listProgrammes},
		{Method: http.MethodGet, Path: Prefix + "/programmes/match", Action: accounts.ActPublic, Handler: a.matchProgrammes},
		{Method: http.MethodGet, Path: Prefix + "/programmes/{id}", Action: accounts.ActPublic, Handler: a.getProgramme},
		{Method: http.MethodGet, Path: Prefix + "/programmes/{id}/versions", Action: accounts.ActPublic, Handler: a.programmeVersions},
		{Method: http.MethodPost, Path: Prefix + "/programmes/{id}/status", Action: accounts.ActAccount, Handler: a.setProgrammeStatus},
		{Method: http.MethodGet, Path: Prefix + "/programmes/{id}/report", Action: accounts.ActPublic, Handler: a.consultationReport},
	}
}

// ProgrammeService is what the API asks of the programme use cases;
// *programmes.Service implements it. Who may see or change a programme depends on its
// status, funder and consultation, so the routes declare only "public" or "logged
// in" and the use cases decide for the one programme.
type ProgrammeService interface {
	Now() time.Time
	Programme(ctx context.Context, id int64) (programmes.ProgrammeView, error)
	SetStatus(ctx context.Context, id int64, to programmes.Status, revision int) (programmes.Programme, error)
	Versions(ctx context.Context, id int64) (programmes.Programme, []programmes.Version, error)
	Report(ctx context.Context, programmeID int64) (programmes.Report, bool, error)
	Search(ctx context.Context, q programmes.Query) (programmes.Result, error)
	Match(ctx context.Context, m programmes.MatchInput) ([]programmes.Match, error)
}

var _ ProgrammeService = (*programmes.Service)(nil)

// now is the API's clock, the use cases': "open now" here agrees with the finder's
// and tests can move both.
func (a *API) now() time.Time { return a.programmes.Now() }

// programmeID reads the {id} path value; anything but a positive integer names no
// programme, and gets the answer of one that does not exist.
func programmeID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, programmes.ErrNotFound
	}
	return id, nil
}

// private keeps answers about unpublished programmes out of shared caches.
func private(w http.ResponseWriter, p *programmes.Programme) {
	if !p.Status.Public() {
		w.Header().Set("Cache-Control", "private, no-store")
	}
}

func (a *API) getProgramme(w http.ResponseWriter, r *http.Request) {
	id, err := programmeID(r)
	var v programmes.ProgrammeView
	if err == nil {
		v, err = a.programmes.Programme(r.Context(), id)
	}
	if err != nil {
		a.RenderError(w, r, err)
		return
	}
	private(w, &v.Programme)
	ok(w, toProgrammeDetailJSON(&v.Programme, v.Consultation, a.now()))
}

// setProgrammeStatus moves a programme one step along its lifecycle. Someone who may
// not see the programme learns nothing (404); someone who may see but not manage it
// gets 403; a step outside the lifecycle is a conflict and changes nothing. A
// "revision" in the body makes the step conditional on the programme being unchanged
// since the client read it.
func (a *API) setProgrammeStatus(w http.ResponseWriter, r *http.Request) {
	id, err := programmeID(r)
	if err != nil {
		a.RenderError(w, r, err)
		return
	}
	var body struct {
		Status   string `json:"status"`
		Revision int    `json:"revision"`
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4<<10))
	dec.DisallowUnknownFields()
	badBody := dec.Decode(&body) != nil
	// The use case decides on access first: a body is judged only for someone who
	// may change the programme at all.
	if _, err := a.programmes.SetStatus(r.Context(), id, programmes.Status(strings.TrimSpace(body.Status)), body.Revision); err != nil {
		if badBody && teilhabe.ErrorCode(err) == teilhabe.EINVALID {
			err = teilhabe.Invalid("api.error.status_body", teilhabe.Field("status", "json"))
		}
		a.RenderError(w, r, err)
		return
	}
	v, err := a.programmes.Programme(r.Context(), id)
	if err != nil {
		a.RenderError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	ok(w, toProgrammeDetailJSON(&v.Programme, v.Consultation, a.now()))
}

type versionJSON struct {
	Number    int                 `json:"number"`
	Note      string              `json:"note"`
	CreatedAt *string             `json:"created_at"`
	Changes   []sectionChangeJSON `json:"changes"` // against the version before; null for the first
	Programme programmeDetailJSON `json:"programme"`
}

// programmeVersions lists "Änderungen": every published state, newest first, with
// what changed in the text against the state before. Versions begin with the
// publication, so a programme that is not public has none to show.
func (a *API) programmeVersions(w http.ResponseWriter, r *http.Request) {
	id, err := programmeID(r)
	var prog programmes.Programme
	var versions []programmes.Version
	if err == nil {
		prog, versions, err = a.programmes.Versions(r.Context(), id)
	}
	if err != nil {
		a.RenderError(w, r, err)
		return
	}
	now := a.now()
	out := struct {
		ProgrammeID int64         `json:"programme_id"`
		Total       int           `json:"total"`
		Items       []versionJSON `json:"items"`
	}{ProgrammeID: prog.ID, Total: len(versions), Items: make([]versionJSON, 0, len(versions))}
	for i, v := range versions {
		item := versionJSON{Number: v.Number, Note: v.Note, CreatedAt: instant(v.CreatedAt),
			Programme: toProgrammeDetailJSON(&v.Programme, nil, now)}
		if i+1 < len(versions) {
			item.Changes = []sectionChangeJSON{}
			for _, c := range programmes.CompareTexts(versions[i+1].Programme.Text(), v.Programme.Text()) {
				if c.Status != "unchanged" {
					item.Changes = append(item.Changes, toSectionChangeJSON(c))
				}
			}
		}
		out.Items = append(out.Items, item)
	}
	ok(w, out)
}
