package api

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// AccountService is what the API asks of the account use cases: the caller of a
// bearer token, their own account and the public directory of organisations;
// *accounts.Service implements it.
type AccountService interface {
	TokenPrincipal(ctx context.Context, secret string) (*accounts.Principal, error)
	Account(ctx context.Context) (accounts.Account, error)
	Organisations(ctx context.Context, f accounts.OrganisationFilter) ([]accounts.Organisation, error)
	Organisation(ctx context.Context, id int64) (accounts.OrganisationView, error)
}

var _ AccountService = (*accounts.Service)(nil)

// organisationJSON is the public directory entry. Members are not part of it: who
// works where is visible to the organisation's own members only.
type organisationJSON struct {
	ID           int64   `json:"id"`
	Kind         string  `json:"kind"`
	Name         string  `json:"name"`
	FunderLevel  *string `json:"funder_level"`  // funders only
	ProviderType *string `json:"provider_type"` // providers only
	RegionKey    *string `json:"region_key"`
	Website      *string `json:"website"`
	Description  string  `json:"description"`
	Links        struct {
		Self string `json:"self"`
	} `json:"links"`
}

func toOrganisationJSON(o accounts.Organisation) organisationJSON {
	j := organisationJSON{ID: o.ID, Kind: string(o.Kind), Name: o.Name,
		FunderLevel: nullable(string(o.FunderLevel)), ProviderType: nullable(string(o.ProviderType)),
		RegionKey: nullable(o.RegionKey), Website: nullable(o.Website), Description: o.Description}
	j.Links.Self = Prefix + "/organisations/" + strconv.FormatInt(o.ID, 10)
	return j
}

type organisationList struct {
	Total int                `json:"total"`
	Items []organisationJSON `json:"items"`
}

func (a *API) listOrganisations(w http.ResponseWriter, r *http.Request) {
	q := query{r: r}
	params := r.URL.Query()
	var f accounts.OrganisationFilter
	if s := params.Get("kind"); s != "" {
		f.Kind = accounts.OrgKind(s)
		if !slices.Contains(accounts.OrgKinds, f.Kind) {
			q.fail("kind", "api.fielderror.one_of", "Value", s, "Allowed", joinKinds())
		}
	}
	if s := params.Get("region"); s != "" {
		key, valid := regions.NormalizeKey(s)
		if !valid {
			q.fail("region", "api.fielderror.region_key", "Value", s)
		}
		f.RegionKey = key
	}
	if err := q.err(); err != nil {
		a.RenderError(w, r, err)
		return
	}
	list, err := a.accounts.Organisations(r.Context(), f)
	if err != nil {
		a.RenderError(w, r, err)
		return
	}
	out := organisationList{Total: len(list), Items: make([]organisationJSON, 0, len(list))}
	for _, o := range list {
		out.Items = append(out.Items, toOrganisationJSON(o))
	}
	ok(w, out)
}

func joinKinds() string {
	s := make([]string, len(accounts.OrgKinds))
	for i, k := range accounts.OrgKinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

func (a *API) getOrganisation(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		a.RenderError(w, r, teilhabe.E(teilhabe.ENOTFOUND, "api.error.no_organisation", "Value", r.PathValue("id")))
		return
	}
	v, err := a.accounts.Organisation(r.Context(), id)
	if err != nil {
		a.RenderError(w, r, err)
		return
	}
	ok(w, toOrganisationJSON(v.Organisation))
}

// meJSON is the caller's own account: enough for a client to show who it acts as
// and in which organisations.
type meJSON struct {
	User struct {
		ID     int64  `json:"id"`
		Email  string `json:"email"`
		Name   string `json:"name"`
		Locale string `json:"locale"`
	} `json:"user"`
	Memberships []membershipJSON `json:"memberships"`
}

type membershipJSON struct {
	Organisation struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
		Kind string `json:"kind"`
	} `json:"organisation"`
	Role string `json:"role"`
}

func (a *API) me(w http.ResponseWriter, r *http.Request) {
	acc, err := a.accounts.Account(r.Context())
	if err != nil {
		a.RenderError(w, r, err)
		return
	}
	var out meJSON
	u := acc.User
	out.User.ID, out.User.Email, out.User.Name, out.User.Locale = u.ID, u.Email, u.Name, u.Locale
	out.Memberships = make([]membershipJSON, 0, len(acc.Organisations))
	for _, v := range acc.Organisations {
		m := v.Membership
		var mj membershipJSON
		mj.Organisation.ID, mj.Organisation.Name, mj.Organisation.Kind = m.Organisation.ID, m.Organisation.Name, string(m.Organisation.Kind)
		mj.Role = string(m.Role)
		out.Memberships = append(out.Memberships, mj)
	}
	w.Header().Set("Cache-Control", "private, no-store") // personal data
	ok(w, out)
}
