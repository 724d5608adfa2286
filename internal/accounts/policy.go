package accounts

import (
	"context"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Principal is the logged-in user with every membership: what the policy decides on.
// A nil *Principal is the anonymous public.
type Principal struct {
	User        User
	Memberships []Membership
}

// HasRole reports whether the user has role r in any organisation.
func (p *Principal) HasRole(r Role) bool {
	if p == nil {
		return false
	}
	for _, m := range p.Memberships {
		if m.Role == r {
			return true
		}
	}
	return false
}

// IsAdmin reports whether the user is a platform admin.
func (p *Principal) IsAdmin() bool { return p.HasRole(RolePlatformAdmin) }

// MemberOf reports whether the user belongs to the organisation.
func (p *Principal) MemberOf(orgID int64) bool {
	if p == nil {
		return false
	}
	for _, m := range p.Memberships {
		if m.Organisation.ID == orgID {
			return true
		}
	}
	return false
}

// Actor returns the audit actor for the principal.
func (p *Principal) Actor() teilhabe.Actor {
	if p == nil {
		return teilhabe.Actor{Label: "anonymous"}
	}
	return teilhabe.Actor{UserID: p.User.ID, Label: p.User.Email}
}

// Action is something a route or a service method does. The policy below is the one
// place that decides who may do it; every web handler and API endpoint declares its
// action, and handlers that touch one organisation's or user's data ask again with it.
type Action string

const (
	ActPublic             Action = "public"               // anyone, logged in or not
	ActAccount            Action = "account"              // any logged-in user: own account, own tokens
	ActViewOrgMembers     Action = "organisation.members" // members of that organisation, admins
	ActAdminUsers         Action = "admin.users"          // platform admins
	ActAdminOrganisations Action = "admin.organisations"  // platform admins
	ActAdminAudit         Action = "admin.audit"          // platform admins
	ActImportData         Action = "admin.import"         // platform admins
)

// Target is the resource an action is about, where it matters.
type Target struct {
	OrganisationID int64
	UserID         int64
}

// Authorize decides whether p may perform a on t. It returns nil, or a *teilhabe.Error:
// EUNAUTHORIZED when logging in could help, EFORBIDDEN when it would not.
func Authorize(p *Principal, a Action, t Target) error {
	if a == ActPublic {
		return nil
	}
	if p == nil {
		return teilhabe.Errorf(teilhabe.EUNAUTHORIZED, "Bitte melden Sie sich an.")
	}
	if p.User.Disabled() {
		return teilhabe.Errorf(teilhabe.EUNAUTHORIZED, "Dieses Benutzerkonto ist gesperrt.")
	}
	switch a {
	case ActAccount:
		if t.UserID == 0 || t.UserID == p.User.ID || p.IsAdmin() {
			return nil
		}
	case ActViewOrgMembers:
		if p.IsAdmin() || p.MemberOf(t.OrganisationID) {
			return nil
		}
	case ActAdminUsers, ActAdminOrganisations, ActAdminAudit, ActImportData:
		if p.IsAdmin() {
			return nil
		}
	}
	return teilhabe.Errorf(teilhabe.EFORBIDDEN, "Sie haben keine Berechtigung für diese Seite.")
}

type principalKey struct{}

// WithPrincipal returns a context that carries the logged-in principal and the
// matching audit actor. Every surface (web session, API token, CLI) puts the caller
// here, and the use cases of every capability read it back with PrincipalFrom.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	ctx = context.WithValue(ctx, principalKey{}, p)
	return teilhabe.WithActor(ctx, p.Actor())
}

// PrincipalFrom returns the principal in ctx, or nil for the anonymous public.
func PrincipalFrom(ctx context.Context) *Principal {
	p, _ := ctx.Value(principalKey{}).(*Principal)
	return p
}
