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
	system      string // the system principal's audit label; "" for a user
}

// System returns the principal of the command line: whoever runs it on the server
// already holds the database, so it acts with a platform admin's rights, without
// being a user (no account, no memberships), and the audit log names it by label
// ("cli", "demo"). Only the command line and what it runs (the demo loader, test
// fixtures) create one: the web UI and the API take their principals from sessions
// and tokens, and a test keeps them from calling System.
func System(label string) *Principal { return &Principal{system: label} }

// IsSystem reports whether p is the command line's principal.
func (p *Principal) IsSystem() bool { return p != nil && p.system != "" }

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

// IsAdmin reports whether the user is a platform admin, or p is the system.
func (p *Principal) IsAdmin() bool { return p.IsSystem() || p.HasRole(RolePlatformAdmin) }

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
	switch {
	case p == nil:
		return teilhabe.Actor{Label: "anonymous"}
	case p.system != "":
		return teilhabe.System(p.system)
	}
	return teilhabe.Actor{UserID: p.User.ID, Label: p.User.Email}
}

// Action is something a route or a use case does. The policy below is the one place
// that decides who may do it: every web handler and API endpoint declares its action,
// checked before the handler runs, and the use cases ask again with the one
// organisation or user they are about.
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
		return teilhabe.E(teilhabe.EUNAUTHORIZED, "")
	}
	if p.User.Disabled() {
		return teilhabe.E(teilhabe.EUNAUTHORIZED, "accounts.error.disabled")
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
	return teilhabe.E(teilhabe.EFORBIDDEN, "")
}

// CanSeeMembers reports whether p may see who works in the organisation: its own
// members and platform admins. The directory itself is public.
func CanSeeMembers(p *Principal, orgID int64) bool {
	return Authorize(p, ActViewOrgMembers, Target{OrganisationID: orgID}) == nil
}

// mayAdminister returns nil if p may use the admin use cases of a (users,
// organisations): EUNAUTHORIZED for nobody or a disabled account, else EFORBIDDEN.
func mayAdminister(p *Principal, a Action) error { return Authorize(p, a, Target{}) }

// signedIn returns nil if p is an active user: the own-account use cases are for
// every one of them and about their own data only. Errors: EUNAUTHORIZED (nobody,
// disabled), EFORBIDDEN (the system, which has no account of its own).
func signedIn(p *Principal) error {
	if p.IsSystem() {
		return teilhabe.E(teilhabe.EFORBIDDEN, "accounts.error.system_account")
	}
	return Authorize(p, ActAccount, Target{})
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
