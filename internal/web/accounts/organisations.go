package accounts

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/web"
)

// The public directory of organisations and the admins' forms for its entries.

type organisationListPage struct {
	web.Page
	Kind          accounts.OrgKind
	Kinds         []accounts.OrgKind
	Organisations []accounts.Organisation
}

func (w *Web) organisationList(rw http.ResponseWriter, r *http.Request) {
	kind := accounts.OrgKind(r.URL.Query().Get("kind"))
	orgs, err := w.svc.Organisations(r.Context(), accounts.OrganisationFilter{Kind: kind})
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	w.render(rw, r, http.StatusOK, "organisations", organisationListPage{Page: w.ui.Page(r, "organisations.title"),
		Kind: kind, Kinds: accounts.OrgKinds, Organisations: orgs})
}

type organisationPage struct {
	web.Page
	Org         accounts.Organisation
	Region      *accounts.RegionRef
	ShowMembers bool
	Members     []accounts.Member
}

func (w *Web) organisationPage(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	var v accounts.OrganisationView
	if err == nil {
		v, err = w.svc.Organisation(r.Context(), id)
	}
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	p := w.ui.Page(r, "")
	p.Title = v.Organisation.Name
	w.render(rw, r, http.StatusOK, "organisation", organisationPage{Page: p, Org: v.Organisation, Region: v.Region,
		ShowMembers: v.ShowMembers, Members: v.Members})
}

type adminOrgsPage struct {
	web.Page
	Organisations []accounts.Organisation
	Form          accounts.Organisation
	Kinds         []accounts.OrgKind
	FunderLevels  []accounts.FunderLevel
	ProviderTypes []accounts.ProviderType
	Editing       bool
}

func (w *Web) adminOrgsPage(r *http.Request) adminOrgsPage {
	return adminOrgsPage{Page: w.ui.Page(r, "admin.organisations.title"), Kinds: accounts.OrgKinds,
		FunderLevels: accounts.FunderLevels, ProviderTypes: accounts.ProviderTypes}
}

func (w *Web) adminOrganisations(rw http.ResponseWriter, r *http.Request) {
	page := w.adminOrgsPage(r)
	var err error
	if page.Organisations, err = w.svc.Organisations(r.Context(), accounts.OrganisationFilter{}); err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	w.render(rw, r, http.StatusOK, "admin_organisations", page)
}

func orgFromForm(r *http.Request) accounts.Organisation {
	return accounts.Organisation{
		Kind: accounts.OrgKind(r.PostFormValue("kind")), Name: r.PostFormValue("name"),
		FunderLevel: accounts.FunderLevel(r.PostFormValue("funder_level")), ProviderType: accounts.ProviderType(r.PostFormValue("provider_type")),
		RegionKey: strings.TrimSpace(r.PostFormValue("region_key")), Description: strings.TrimSpace(r.PostFormValue("description")),
		Website: strings.TrimSpace(r.PostFormValue("website")),
	}
}

func (w *Web) adminCreateOrganisation(rw http.ResponseWriter, r *http.Request) {
	form := orgFromForm(r)
	if _, err := w.svc.CreateOrganisation(r.Context(), form); err != nil {
		w.ui.FormFailed(rw, r, err, func(status int) {
			page := w.adminOrgsPage(r)
			page.Form = form
			page.WithError(r, err)
			var lerr error
			if page.Organisations, lerr = w.svc.Organisations(r.Context(), accounts.OrganisationFilter{}); lerr != nil {
				w.ui.Error(rw, r, lerr)
				return
			}
			w.render(rw, r, status, "admin_organisations", page)
		})
		return
	}
	w.ui.Redirect(rw, r, "/admin/organisations", "flash.organisation_created")
}

func (w *Web) adminOrganisation(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	page := w.adminOrgsPage(r)
	page.Editing = true
	if err == nil {
		page.Form, err = w.svc.OrganisationToEdit(r.Context(), id)
	}
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	page.Title = page.Form.Name
	w.render(rw, r, http.StatusOK, "admin_organisation", page)
}

func (w *Web) adminUpdateOrganisation(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	form := orgFromForm(r)
	form.ID = id
	if _, err := w.svc.UpdateOrganisation(r.Context(), form); err != nil {
		w.ui.FormFailed(rw, r, err, func(status int) {
			page := w.adminOrgsPage(r)
			page.Editing, page.Form = true, form
			page.WithError(r, err)
			w.render(rw, r, status, "admin_organisation", page)
		})
		return
	}
	w.ui.Redirect(rw, r, "/organisations/"+strconv.FormatInt(id, 10), "flash.organisation_saved")
}
