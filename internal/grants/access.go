package grants

import (
	"slices"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Who may see and do what with a grant: the audiences of the approved application.
// The provider's staff see their grants and request payments; the funder's staff
// see the grants of their programmes, release and pay; the integration
// commissioners of the regions served read them. Everyone else is told that the
// grant does not exist.

// ErrNotFound answers a grant that does not exist and one the caller may not see,
// word for word the same.
var ErrNotFound = teilhabe.E(teilhabe.ENOTFOUND, "grants.error.not_found")

// ErrPaymentNotFound is the same for a payment of a visible grant.
var ErrPaymentNotFound = teilhabe.E(teilhabe.ENOTFOUND, "grants.error.payment_not_found")

// CanView reports whether p may read the grant.
func CanView(p *accounts.Principal, g *Grant) bool {
	s := applications.ScopeOf(p)
	switch {
	case s.All, slices.Contains(s.ProviderIDs, g.ProviderID), slices.Contains(s.FunderIDs, g.FunderID):
		return true
	}
	return slices.ContainsFunc(g.RegionKeys, func(k string) bool { return applications.InRegions(k, s.RegionKeys) })
}

// Receives reports whether p works for the grant's provider as staff: requests
// payments and, later, writes the reports.
func Receives(p *accounts.Principal, g *Grant) bool {
	return slices.ContainsFunc(applications.ProviderMemberships(p), func(m accounts.Membership) bool { return m.Organisation.ID == g.ProviderID })
}

// Manages reports whether p works for the grant's funder as staff (or is the
// system): releases and pays. Reviewers of the funder do not.
func Manages(p *accounts.Principal, g *Grant) bool {
	if p.IsSystem() {
		return true
	}
	if p == nil || p.User.Disabled() {
		return false
	}
	return slices.ContainsFunc(p.Memberships, func(m accounts.Membership) bool {
		return m.Role == accounts.RoleFunderStaff && m.Organisation.ID == g.FunderID
	})
}
