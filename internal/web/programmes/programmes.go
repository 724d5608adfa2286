package programmes

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
	"github.com/teilhabe/teilhabe/internal/web"
)

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
	web.Page
	Query       programmes.Query
	Result      programmes.Result
	Region      *programmes.RegionRef
	Now         time.Time
	Sorts       []programmes.SortOrder
	Prev, Next  string
	From, To    int
	Funder      bool // the caller can create programmes
	APIURL      string
	RegionNames map[string]string // of the region facet's values
}

// finder is the public finder: full text, facets with counts, sorting and paging,
// all in the URL so that a result page can be shared.
func (w *Web) finder(rw http.ResponseWriter, r *http.Request) {
	now := w.svc.Now()
	q := finderQuery(r.URL.Query(), now)
	page := finderPage{Page: w.ui.Page(r, "finder.title"), Query: q, Now: now, Funder: len(w.svc.Funders(r.Context())) > 0,
		Sorts: []programmes.SortOrder{programmes.SortRelevance, programmes.SortDeadline, programmes.SortTitle, programmes.SortNewest}}
	res, err := w.svc.Search(r.Context(), q)
	if err != nil {
		if teilhabe.ErrorCode(err) != teilhabe.EINVALID {
			w.ui.Error(rw, r, err)
			return
		}
		page.WithError(r, err)
	}
	page.Result, page.RegionNames = res, res.RegionNames
	if name, ok := res.RegionNames[q.Region]; ok && q.Region != "" {
		page.Region = &programmes.RegionRef{Key: q.Region, Name: name}
	}
	page.APIURL = "/api/v1/programmes"
	if r.URL.RawQuery != "" {
		page.APIURL += "?" + r.URL.RawQuery
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
	web.Page
	programmes.ProgrammeView
	Manage     bool
	CanComment bool
}

func (w *Web) programmePage(rw http.ResponseWriter, r *http.Request) {
	id, err := programmeID(r)
	var v programmes.ProgrammeView
	if err == nil {
		v, err = w.svc.Programme(r.Context(), id)
	}
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	page := programmePage{Page: w.ui.Page(r, ""), ProgrammeView: v, Manage: v.Can.Manage, CanComment: v.Can.Comment}
	page.Title = v.Programme.Title
	w.render(rw, r, http.StatusOK, "programme", page)
}

type myProgrammesPage struct {
	web.Page
	Programmes []programmes.Programme
	Now        time.Time
}

// mine is the funder's desk: its programmes in every status.
func (w *Web) mine(rw http.ResponseWriter, r *http.Request) {
	list, err := w.svc.Mine(r.Context())
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	w.render(rw, r, http.StatusOK, "programmes_mine", myProgrammesPage{Page: w.ui.Page(r, "programmes.mine.title"), Programmes: list, Now: w.svc.Now()})
}

type versionsPage struct {
	web.Page
	Programme programmes.Programme
	Versions  []versionView
}

type versionView struct {
	programmes.Version
	Changes []programmes.SectionChange // against the version before; nil for the first
}

// changes shows "Änderungen": every published version with what changed.
func (w *Web) changes(rw http.ResponseWriter, r *http.Request) {
	id, err := programmeID(r)
	var prog programmes.Programme
	var versions []programmes.Version
	if err == nil {
		prog, versions, err = w.svc.Versions(r.Context(), id)
	}
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	page := versionsPage{Page: w.ui.Page(r, "programme.changes.title"), Programme: prog}
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
