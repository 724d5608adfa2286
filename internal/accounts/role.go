package accounts

// Role is what a user may do in one organisation.
type Role string

const (
	RoleFunderStaff   Role = "funder_staff"   // Mitarbeiter/in Fördermittelgeber
	RoleReviewer      Role = "reviewer"       // Gutachter/in
	RoleCommissioner  Role = "commissioner"   // kommunale/r Integrationsbeauftragte/r
	RoleProviderStaff Role = "provider_staff" // Mitarbeiter/in Träger
	RoleNetworkOffice Role = "network_office" // Geschäftsstelle des Qualitätszirkels
	RoleNetworkMember Role = "network_member" // Mitglied des Qualitätszirkels
	RolePlatformAdmin Role = "platform_admin" // Plattform-Administration
)

// Roles in the order lists show them.
var Roles = []Role{RoleFunderStaff, RoleReviewer, RoleCommissioner, RoleProviderStaff, RoleNetworkOffice, RoleNetworkMember, RolePlatformAdmin}

// rolesByKind says which roles an organisation of each kind can give. A network
// member is usually a municipality or a research body, so those kinds may give it too.
var rolesByKind = map[OrgKind][]Role{
	KindFunder:       {RoleFunderStaff, RoleReviewer, RoleNetworkMember},
	KindMunicipality: {RoleCommissioner, RoleNetworkMember},
	KindProvider:     {RoleProviderStaff, RoleNetworkMember},
	KindNetwork:      {RoleNetworkOffice, RoleNetworkMember},
	KindResearch:     {RoleNetworkMember, RoleReviewer},
	KindPlatform:     {RolePlatformAdmin},
}

// RolesFor returns the roles an organisation of kind k can give.
func RolesFor(k OrgKind) []Role { return rolesByKind[k] }

// Allows reports whether an organisation of kind k can give role r.
func (k OrgKind) Allows(r Role) bool { return contains(rolesByKind[k], r) }

// ParseRole returns the role named s, or false.
func ParseRole(s string) (Role, bool) {
	r := Role(s)
	return r, contains(Roles, r)
}
