package api

import (
	"encoding/json"
	"net/http"
	"slices"
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
// only "public" or "logged in" and the handlers ask programmes.CheckView and
// programmes.CheckManage for the one programme.
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

// now is the API's clock: the server sets it to the store's, so that "open now"
// here agrees with the finder's and tests can move both.
func (a *API) now() time.Time {
	if a.Clock != nil {
		return a.Clock()
	}
	return time.Now()
}

// programmeID reads the {id} path value; anything but a positive integer names no
// programme.
func programmeID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, teilhabe.Errorf(teilhabe.ENOTFOUND, "Ein Förderprogramm „%s“ gibt es nicht.", r.PathValue("id"))
	}
	return id, nil
}

// visibleProgramme loads the {id} programme with its consultation, if the caller
// may see it: a draft someone may not see does not exist for them.
func (a *API) visibleProgramme(r *http.Request) (programmes.Programme, *programmes.Consultation, error) {
	id, err := programmeID(r)
	if err != nil {
		return programmes.Programme{}, nil, err
	}
	prog, err := a.store.Programme(r.Context(), id)
	if err != nil {
		return prog, nil, err
	}
	cons, err := a.store.Consultation(r.Context(), id)
	if err != nil {
		return prog, nil, err
	}
	return prog, cons, programmes.CheckView(accounts.PrincipalFrom(r.Context()), &prog, cons)
}

// private keeps answers about unpublished programmes out of shared caches.
func private(w http.ResponseWriter, p *programmes.Programme) {
	if !p.Status.Public() {
		w.Header().Set("Cache-Control", "private, no-store")
	}
}

func (a *API) getProgramme(w http.ResponseWriter, r *http.Request) {
	prog, cons, err := a.visibleProgramme(r)
	if err != nil {
		a.RenderError(w, r, err)
		return
	}
	private(w, &prog)
	ok(w, toProgrammeDetailJSON(&prog, cons, a.now()))
}

// setProgrammeStatus moves a programme one step along its lifecycle. Someone who may
// not see the programme learns nothing (404); someone who may see but not manage it
// gets 403; a step outside the lifecycle is a conflict and changes nothing.
func (a *API) setProgrammeStatus(w http.ResponseWriter, r *http.Request) {
	prog, cons, err := a.visibleProgramme(r)
	if err == nil {
		err = programmes.CheckManage(accounts.PrincipalFrom(r.Context()), &prog)
	}
	if err != nil {
		a.RenderError(w, r, err)
		return
	}
	var body struct {
		Status string `json:"status"`
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		a.RenderError(w, r, teilhabe.Invalid("Der Inhalt muss ein JSON-Objekt wie {\"status\": \"published\"} sein.",
			teilhabe.FieldError{Field: "status", Code: teilhabe.EINVALID, Message: "Bitte den neuen Status als JSON senden."}))
		return
	}
	to := programmes.Status(strings.TrimSpace(body.Status))
	if !slices.Contains(programmes.Statuses, to) {
		a.RenderError(w, r, teilhabe.Invalid("Unbekannter Status.", teilhabe.FieldError{Field: "status", Code: teilhabe.EINVALID,
			Message: "„" + body.Status + "“ ist kein Status (erwartet: " + strings.Join(codes(programmes.Statuses), ", ") + ")."}))
		return
	}
	if err := a.store.SetProgrammeStatus(r.Context(), prog.ID, to); err != nil {
		a.RenderError(w, r, err)
		return
	}
	if prog, err = a.store.Programme(r.Context(), prog.ID); err != nil {
		a.RenderError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	ok(w, toProgrammeDetailJSON(&prog, cons, a.now()))
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
	prog, _, err := a.visibleProgramme(r)
	if err == nil && !prog.Status.Public() {
		err = teilhabe.Errorf(teilhabe.ENOTFOUND, "Änderungen gibt es erst, wenn das Programm veröffentlicht ist.")
	}
	if err != nil {
		a.RenderError(w, r, err)
		return
	}
	versions, err := a.store.ProgrammeVersions(r.Context(), prog.ID)
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
