package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// language stores the chosen UI language in a cookie and returns to the page the
// user came from. A plain link, so it works without JavaScript.
func (w *Web) language(rw http.ResponseWriter, r *http.Request) {
	lang := r.URL.Query().Get("lang")
	if lang != "de" && lang != "en" {
		lang = "de"
	}
	http.SetCookie(rw, &http.Cookie{Name: "lang", Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode})
	http.Redirect(rw, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
}

// safeNext accepts only local paths as redirect targets, so that links cannot send
// users to another site after login or a language switch.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

type organisationListPage struct {
	Page
	Kind          accounts.OrgKind
	Kinds         []accounts.OrgKind
	Organisations []accounts.Organisation
}

func (w *Web) organisationList(rw http.ResponseWriter, r *http.Request) {
	kind := accounts.OrgKind(r.URL.Query().Get("kind"))
	orgs, err := w.store.Organisations(r.Context(), store.OrganisationFilter{Kind: kind})
	if err != nil {
		w.RenderError(rw, r, err)
		return
	}
	w.render(rw, r, http.StatusOK, "organisations", organisationListPage{Page: w.page(r, "organisations.title"), Kind: kind, Kinds: accounts.OrgKinds, Organisations: orgs})
}

type organisationPage struct {
	Page
	Org         accounts.Organisation
	Region      *regions.Region
	ShowMembers bool
	Members     []accounts.Membership
	Users       []accounts.User
}

func (w *Web) organisationPage(rw http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		w.RenderError(rw, r, err)
		return
	}
	org, err := w.store.Organisation(ctx, id)
	if err != nil {
		w.RenderError(rw, r, err)
		return
	}
	p := w.page(r, "")
	p.Title = org.Name
	page := organisationPage{Page: p, Org: org}
	if org.RegionKey != "" {
		if reg, err := w.store.Region(ctx, org.RegionKey); err == nil {
			page.Region = &reg
		}
	}
	// Who works where is visible to the organisation's own members and to admins only.
	if accounts.Authorize(p.Principal, accounts.ActViewOrgMembers, accounts.Target{OrganisationID: org.ID}) == nil {
		page.ShowMembers = true
		if page.Members, page.Users, err = w.store.OrganisationMembers(ctx, org.ID); err != nil {
			w.RenderError(rw, r, err)
			return
		}
	}
	w.render(rw, r, http.StatusOK, "organisation", page)
}

func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, teilhabe.Errorf(teilhabe.ENOTFOUND, "Diese Seite gibt es nicht.")
	}
	return id, nil
}
