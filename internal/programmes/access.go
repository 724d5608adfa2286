package programmes

import (
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Who may do what with a programme. Routes declare a coarse action (public or logged
// in); these functions decide for one programme, because the answer depends on its
// status, its funder and whom its consultation invited. A draft is seen only by the
// funder and, while it is in consultation, by the invited commissioners: not even
// platform admins read unpublished drafts.

// FunderMemberships returns the memberships in which p works for a funder as staff:
// the organisations for which p may create programmes.
func FunderMemberships(p *accounts.Principal) []accounts.Membership {
	var out []accounts.Membership
	if p == nil || p.User.Disabled() {
		return nil
	}
	for _, m := range p.Memberships {
		if m.Role == accounts.RoleFunderStaff && m.Organisation.Kind == accounts.KindFunder {
			out = append(out, m)
		}
	}
	return out
}

// CanManage reports whether p is staff of the programme's funder: edit, change the
// status, run the consultation and answer contributions.
func CanManage(p *accounts.Principal, prog *Programme) bool {
	for _, m := range FunderMemberships(p) {
		if m.Organisation.ID == prog.FunderID {
			return true
		}
	}
	return false
}

// InFunder reports whether p belongs to the programme's funder in any role (staff or
// reviewer): they read drafts and the consultation.
func InFunder(p *accounts.Principal, prog *Programme) bool {
	return p != nil && !p.User.Disabled() && p.MemberOf(prog.FunderID)
}

// InvitedMemberships returns p's memberships as commissioner of a municipal
// administration that the consultation invites.
func InvitedMemberships(p *accounts.Principal, c *Consultation) []accounts.Membership {
	if p == nil || c == nil || p.User.Disabled() {
		return nil
	}
	var out []accounts.Membership
	for _, m := range p.Memberships {
		if m.Role == accounts.RoleCommissioner && m.Organisation.Kind == accounts.KindMunicipality && c.Invites(m.Organisation.RegionKey) {
			out = append(out, m)
		}
	}
	return out
}

// CanView reports whether p may read the programme. c is its consultation, or nil.
func CanView(p *accounts.Principal, prog *Programme, c *Consultation) bool {
	if prog.Status.Public() || InFunder(p, prog) {
		return true
	}
	return prog.Status == StatusConsultation && len(InvitedMemberships(p, c)) > 0
}

// ErrNotFound is the answer for a programme that does not exist and for one the
// caller may not see, word for word the same, so that drafts do not reveal that
// they exist.
var ErrNotFound = teilhabe.E(teilhabe.ENOTFOUND, "programme.error.not_found")

// CheckView returns ErrNotFound for a programme p may not see.
func CheckView(p *accounts.Principal, prog *Programme, c *Consultation) error {
	if CanView(p, prog, c) {
		return nil
	}
	return ErrNotFound
}

// CheckManage returns forbidden unless p may manage the programme.
func CheckManage(p *accounts.Principal, prog *Programme) error {
	if CanManage(p, prog) {
		return nil
	}
	return teilhabe.E(teilhabe.EFORBIDDEN, "programme.error.manage")
}

// CheckContribute returns the membership in whose name p contributes: an invited
// commissioner, while the programme is in consultation and before the deadline. orgID
// chooses among several invited administrations; 0 takes the first.
func CheckContribute(p *accounts.Principal, prog *Programme, c *Consultation, orgID int64, now time.Time) (accounts.Membership, error) {
	invited := InvitedMemberships(p, c)
	if prog.Status != StatusConsultation || c == nil || len(invited) == 0 {
		return accounts.Membership{}, teilhabe.E(teilhabe.EFORBIDDEN, "consultation.error.invited_only")
	}
	if err := c.CheckOpen(now); err != nil {
		return accounts.Membership{}, err
	}
	for _, m := range invited {
		if orgID == 0 || m.Organisation.ID == orgID {
			return m, nil
		}
	}
	return accounts.Membership{}, teilhabe.E(teilhabe.EFORBIDDEN, "consultation.error.not_invited")
}

// CommissionerMemberships returns p's memberships as commissioner of a municipal
// administration: the administrations in whose name p takes part in consultations.
func CommissionerMemberships(p *accounts.Principal) []accounts.Membership {
	if p == nil || p.User.Disabled() {
		return nil
	}
	var out []accounts.Membership
	for _, m := range p.Memberships {
		if m.Role == accounts.RoleCommissioner && m.Organisation.Kind == accounts.KindMunicipality {
			out = append(out, m)
		}
	}
	return out
}

// Permissions say what the caller may do with one programme; pages show only the
// actions that would succeed.
type Permissions struct {
	Manage  bool // edit, change the status, run the consultation, answer contributions
	Comment bool // contribute to the running consultation, as an invited commissioner
	Read    bool // read the consultation and its contributions (the funder and the invited)
}

// PermissionsOf says what p may do with the programme at now.
func PermissionsOf(p *accounts.Principal, prog *Programme, c *Consultation, now time.Time) Permissions {
	invited := len(InvitedMemberships(p, c)) > 0
	return Permissions{
		Manage:  CanManage(p, prog),
		Comment: prog.Status == StatusConsultation && c != nil && invited && c.Accepts(now),
		Read:    InFunder(p, prog) || invited,
	}
}
