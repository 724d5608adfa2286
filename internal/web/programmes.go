package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// visibleProgramme loads the programme of the {id} path value with its consultation,
// if the caller may see it; a draft someone else may not see does not exist for them.
func (w *Web) visibleProgramme(r *http.Request) (programmes.Programme, *programmes.Consultation, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return programmes.Programme{}, nil, teilhabe.Errorf(teilhabe.ENOTFOUND, "Dieses Förderprogramm gibt es nicht.")
	}
	prog, err := w.store.Programme(r.Context(), id)
	if err != nil {
		return prog, nil, err
	}
	cons, err := w.store.Consultation(r.Context(), id)
	if err != nil {
		return prog, nil, err
	}
	return prog, cons, programmes.CheckView(httpxPrincipal(r), &prog, cons)
}

// managedProgramme is visibleProgramme for the funder's staff only.
func (w *Web) managedProgramme(r *http.Request) (programmes.Programme, *programmes.Consultation, error) {
	prog, cons, err := w.visibleProgramme(r)
	if err == nil {
		err = programmes.CheckManage(httpxPrincipal(r), &prog)
	}
	return prog, cons, err
}

// finderQuery reads the finder's filters from the URL: the same names as the API.
func finderQuery(v url.Values, now time.Time) programmes.Query {
	q := programmes.Query{Text: strings.TrimSpace(v.Get("q")), ActionFields: v["action_field"], TargetGroups: v["target_group"],
		Region: strings.TrimSpace(v.Get("region")), OpenNow: v.Get("open_now") == "true", Sort: programmes.SortOrder(v.Get("sort")), Now: now}
	for _, s := range v["level"] {
		q.Levels = append(q.Levels, accounts.FunderLevel(s))
	}
	for _, s := range v["provider_type"] {
		q.ProviderTypes = append(q.ProviderTypes, accounts.ProviderType(s))
	}
	for _, s := range v["funding_kind"] {
		q.FundingKinds = append(q.FundingKinds, programmes.FundingKind(s))
	}
	for _, s := range v["financing_type"] {
		q.FinancingTypes = append(q.FinancingTypes, programmes.FinancingType(s))
	}
	q.Page, _ = strconv.Atoi(v.Get("page"))
	if q.Page < 1 {
		q.Page = 1
	}
	q.PageSize = 20
	return q
}

type finderPage struct {
	Page
	Query       programmes.Query
	Result      programmes.Result
	Region      *regions.Region
	Now         time.Time
	Sorts       []programmes.SortOrder
	Prev, Next  string
	From, To    int
	Funder      bool // the caller can create programmes
	APIURL      string
	RegionNames map[string]string // of the region facet's values
}

// programmeFinder is the public finder: full text, facets with counts, sorting and
// paging, all in the URL so that a result page can be shared.
func (w *Web) programmeFinder(rw http.ResponseWriter, r *http.Request) {
	now := w.now()
	q := finderQuery(r.URL.Query(), now)
	page := finderPage{Page: w.page(r, "finder.title"), Query: q, Now: now, Funder: len(programmes.FunderMemberships(httpxPrincipal(r))) > 0,
		Sorts: []programmes.SortOrder{programmes.SortRelevance, programmes.SortDeadline, programmes.SortTitle, programmes.SortNewest}}
	if q.Region != "" {
		if reg, err := w.store.Region(r.Context(), q.Region); err == nil {
			page.Region = &reg
		}
	}
	res, err := w.store.SearchProgrammes(r.Context(), q)
	if err != nil {
		if teilhabe.ErrorCode(err) != teilhabe.EINVALID {
			w.RenderError(rw, r, err)
			return
		}
		page.withError(err)
	}
	page.Result = res
	page.APIURL = "/api/v1/programmes"
	if r.URL.RawQuery != "" {
		page.APIURL += "?" + r.URL.RawQuery
	}
	if page.RegionNames, err = w.facetRegionNames(r, res.Facets); err != nil {
		w.RenderError(rw, r, err)
		return
	}
	if res.PageSize > 0 && len(res.Hits) > 0 {
		page.From = (res.Page-1)*res.PageSize + 1
		page.To = page.From + len(res.Hits) - 1
		if res.Page > 1 {
			page.Prev = pageURL(r.URL, res.Page-1)
		}
		if page.To < res.Total {
			page.Next = pageURL(r.URL, res.Page+1)
		}
	}
	w.render(rw, r, http.StatusOK, "programmes", page)
}

func pageURL(u *url.URL, n int) string {
	q := u.Query()
	q.Set("page", strconv.Itoa(n))
	return u.Path + "?" + q.Encode()
}

type programmePage struct {
	Page
	Programme    programmes.Programme
	Consultation *programmes.Consultation
	Regions      []regions.Region
	Now          time.Time
	Manage       bool
	Next         programmes.Status // the next lifecycle step, for the funder
	CanComment   bool
	Versions     int
	// WaitUntil is the consultation's deadline while it runs: publishing must wait.
	WaitUntil time.Time
}

func (w *Web) programmePage(rw http.ResponseWriter, r *http.Request) {
	prog, cons, err := w.visibleProgramme(r)
	if err != nil {
		w.RenderError(rw, r, err)
		return
	}
	p := httpxPrincipal(r)
	page := programmePage{Page: w.page(r, ""), Programme: prog, Consultation: cons, Now: w.now(), Manage: programmes.CanManage(p, &prog), Next: prog.Status.Next()}
	page.Title = prog.Title
	page.CanComment = prog.Status == programmes.StatusConsultation && len(programmes.InvitedMemberships(p, cons)) > 0
	if prog.Status == programmes.StatusConsultation && cons != nil && cons.Accepts(page.Now) {
		page.WaitUntil = cons.Deadline
	}
	if page.Regions, err = w.store.RegionsByKeys(r.Context(), prog.RegionKeys); err != nil {
		w.RenderError(rw, r, err)
		return
	}
	if prog.Status.Versioned() {
		versions, err := w.store.ProgrammeVersions(r.Context(), prog.ID)
		if err != nil {
			w.RenderError(rw, r, err)
			return
		}
		page.Versions = len(versions)
	}
	w.render(rw, r, http.StatusOK, "programme", page)
}

type myProgrammesPage struct {
	Page
	Programmes []programmes.Programme
	Now        time.Time
}

// myProgrammes is the funder's desk: its programmes in every status.
func (w *Web) myProgrammes(rw http.ResponseWriter, r *http.Request) {
	page := myProgrammesPage{Page: w.page(r, "programmes.mine.title"), Now: w.now()}
	var ids []int64
	for _, m := range programmes.FunderMemberships(page.Principal) {
		ids = append(ids, m.Organisation.ID)
	}
	if len(ids) == 0 {
		w.RenderError(rw, r, teilhabe.Errorf(teilhabe.EFORBIDDEN, "Diese Seite ist für Mitarbeitende von Fördermittelgebern."))
		return
	}
	var err error
	if page.Programmes, err = w.store.ProgrammesOfFunders(r.Context(), ids); err != nil {
		w.RenderError(rw, r, err)
		return
	}
	w.render(rw, r, http.StatusOK, "programmes_mine", page)
}

type versionsPage struct {
	Page
	Programme programmes.Programme
	Versions  []versionView
}

type versionView struct {
	programmes.Version
	Changes []programmes.SectionChange // against the version before; nil for the first
}

// programmeChanges shows "Änderungen": every published version with what changed.
func (w *Web) programmeChanges(rw http.ResponseWriter, r *http.Request) {
	prog, _, err := w.visibleProgramme(r)
	if err != nil {
		w.RenderError(rw, r, err)
		return
	}
	versions, err := w.store.ProgrammeVersions(r.Context(), prog.ID)
	if err != nil {
		w.RenderError(rw, r, err)
		return
	}
	page := versionsPage{Page: w.page(r, "programme.changes.title"), Programme: prog}
	for i, v := range versions {
		view := versionView{Version: v}
		if i+1 < len(versions) {
			view.Changes = slices.DeleteFunc(programmes.CompareTexts(versions[i+1].Programme.Text(), v.Programme.Text()),
				func(c programmes.SectionChange) bool { return c.Status == "unchanged" })
		}
		page.Versions = append(page.Versions, view)
	}
	w.render(rw, r, http.StatusOK, "programme_changes", page)
}

// facetRegionNames names the Länder of the region facet.
func (w *Web) facetRegionNames(r *http.Request, facets []programmes.Facet) (map[string]string, error) {
	var keys []string
	for _, f := range facets {
		if f.Name == "region" {
			for _, v := range f.Values {
				keys = append(keys, v.Value)
			}
		}
	}
	regs, err := w.store.RegionsByKeys(r.Context(), keys)
	names := map[string]string{}
	for _, reg := range regs {
		names[reg.Key] = reg.Name
	}
	return names, err
}
