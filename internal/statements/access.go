package statements

import (
	"slices"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/applications"
)

// Who may see and do what. A statement is addressed to the funder: the funder's
// staff read every statement on the applications to their programmes, and the
// integration commissioners of an administration read and write their own.
// Nobody else reads one, not the applying provider, not another region's
// commissioner of the same application, not a platform admin.

func active(p *accounts.Principal) bool { return p != nil && !p.User.Disabled() }

// administrations returns the municipal administrations p is integration
// commissioner of.
func administrations(p *accounts.Principal) []accounts.Organisation {
	if !active(p) {
		return nil
	}
	var out []accounts.Organisation
	for _, m := range p.Memberships {
		if m.Role == accounts.RoleCommissioner && m.Organisation.Kind == accounts.KindMunicipality {
			out = append(out, m.Organisation)
		}
	}
	return out
}

// Writes reports whether p answers for the administration.
func Writes(p *accounts.Principal, municipalityID int64) bool {
	return slices.ContainsFunc(administrations(p), func(o accounts.Organisation) bool { return o.ID == municipalityID })
}

// funds reports whether p works for the funder of the application.
func funds(p *accounts.Principal, a *applications.Application) bool {
	return active(p) && slices.ContainsFunc(p.Memberships, func(m accounts.Membership) bool {
		return m.Role == accounts.RoleFunderStaff && m.Organisation.ID == a.FunderID
	})
}

// CanRead reports whether p may read the statement on the application.
func CanRead(p *accounts.Principal, a *applications.Application, s *Statement) bool {
	return p.IsSystem() || funds(p, a) || Writes(p, s.MunicipalityID)
}

// regionKeys returns the regions of p's administrations, which scope the
// comparison of a call's applications.
func regionKeys(p *accounts.Principal) []string {
	var out []string
	for _, o := range administrations(p) {
		if o.RegionKey != "" {
			out = append(out, o.RegionKey)
		}
	}
	return out
}
