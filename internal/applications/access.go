package applications

import (
	"slices"
	"strings"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Who may see and do what with an application. An application is confidential
// between the applying provider, the funder of the programme, and the integration
// commissioners of the regions it serves: platform admins do not read it. The
// funder and the commissioners see it once it is submitted; a draft belongs to the
// provider alone.

// ErrNotFound is the answer for an application that does not exist and for one the
// caller may not see, word for word the same.
var ErrNotFound = teilhabe.E(teilhabe.ENOTFOUND, "applications.error.not_found")

func active(p *accounts.Principal) bool { return p != nil && !p.User.Disabled() }

// ProviderMemberships returns the memberships in which p works for a provider as
// staff: the organisations for which p may apply.
func ProviderMemberships(p *accounts.Principal) []accounts.Membership {
	if !active(p) {
		return nil
	}
	var out []accounts.Membership
	for _, m := range p.Memberships {
		if m.Role == accounts.RoleProviderStaff && m.Organisation.Kind == accounts.KindProvider {
			out = append(out, m)
		}
	}
	return out
}

// CanEdit reports whether p writes for the applying provider or for one of the
// partner organisations invited as co-applicants: edit the draft, submit it,
// withdraw it.
func CanEdit(p *accounts.Principal, a *Application) bool {
	return slices.ContainsFunc(ProviderMemberships(p), func(m accounts.Membership) bool {
		return m.Organisation.ID == a.ProviderID || slices.ContainsFunc(a.Partners, func(o Partner) bool { return o.ID == m.Organisation.ID })
	})
}

// Leads reports whether p writes for the applying provider itself, which alone
// invites and removes partners.
func Leads(p *accounts.Principal, a *Application) bool {
	return slices.ContainsFunc(ProviderMemberships(p), func(m accounts.Membership) bool { return m.Organisation.ID == a.ProviderID })
}

// fundersOf returns the organisations p works for as funder staff.
func fundersOf(p *accounts.Principal) []int64 {
	if !active(p) {
		return nil
	}
	var out []int64
	for _, m := range p.Memberships {
		if m.Role == accounts.RoleFunderStaff && m.Organisation.Kind == accounts.KindFunder {
			out = append(out, m.Organisation.ID)
		}
	}
	return out
}

// commissionedRegions returns the region keys of the municipal administrations for
// which p is integration commissioner.
func commissionedRegions(p *accounts.Principal) []string {
	if !active(p) {
		return nil
	}
	var out []string
	for _, m := range p.Memberships {
		if m.Role == accounts.RoleCommissioner && m.Organisation.Kind == accounts.KindMunicipality && m.Organisation.RegionKey != "" {
			out = append(out, m.Organisation.RegionKey)
		}
	}
	return out
}

// InRegions reports whether a region lies in one of the given regions: a Gemeinde
// lies in its Kreis and its Land, because AGS and ARS keys nest.
func InRegions(key string, regions []string) bool {
	return slices.ContainsFunc(regions, func(r string) bool { return strings.HasPrefix(key, r) })
}

// CanView reports whether p may read the application.
func CanView(p *accounts.Principal, a *Application) bool {
	switch {
	case p.IsSystem() || CanEdit(p, a):
		return true
	case !a.Status.Submitted():
		return false
	case slices.Contains(fundersOf(p), a.FunderID):
		return true
	}
	regions := commissionedRegions(p)
	return slices.ContainsFunc(a.RegionKeys, func(k string) bool { return InRegions(k, regions) })
}

// ScopeOf is what p may list: the providers p writes for, the funders p works for,
// and the regions p is commissioner of. The system sees everything.
func ScopeOf(p *accounts.Principal) Scope {
	if p.IsSystem() {
		return Scope{All: true}
	}
	s := Scope{FunderIDs: fundersOf(p), RegionKeys: commissionedRegions(p)}
	for _, m := range ProviderMemberships(p) {
		s.ProviderIDs = append(s.ProviderIDs, m.Organisation.ID)
	}
	return s
}

// Scope selects the applications a caller may list: those of the providers (also
// as invited partners), all
// submitted ones to the funders' programmes, and the submitted ones serving a
// region in (or under) the region keys.
type Scope struct {
	All         bool
	ProviderIDs []int64
	FunderIDs   []int64
	RegionKeys  []string
}

// Empty reports whether the scope selects nothing.
func (s Scope) Empty() bool {
	return !s.All && len(s.ProviderIDs) == 0 && len(s.FunderIDs) == 0 && len(s.RegionKeys) == 0
}
