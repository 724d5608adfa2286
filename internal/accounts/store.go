package accounts

import (
	"context"
	"errors"
	"time"
)

// ErrTaken is what the store returns when a write would break a uniqueness the
// database keeps: an e-mail address, an organisation's name, a role someone already
// has in that organisation. The use case turns it into the field error of its form.
var ErrTaken = errors.New("accounts: already taken")

// Store is what the use cases need from storage; the store's Accounts view
// implements it. Its reads see what is committed; Update's transaction sees its own
// writes. Its errors are faults (EINTERNAL), except ENOTFOUND from the reads of one
// thing and ErrTaken from the writes that say so.
type Store interface {
	Reader
	// Now is the clock of sessions, tokens and the login throttle.
	Now() time.Time
	// Update runs fn in one write transaction. It commits when fn returns nil; any
	// error rolls back everything fn did, audit events included.
	Update(ctx context.Context, fn func(Tx) error) error

	// Principal returns a user with every membership, in one query: it runs on
	// every logged-in request. ENOTFOUND if there is no such user.
	Principal(ctx context.Context, userID int64) (*Principal, error)
	// TokenPrincipal returns the principal of the unrevoked token with this hash and
	// the token's id, in one query; ENOTFOUND if there is none.
	TokenPrincipal(ctx context.Context, hash string) (*Principal, int64, error)
	// TokenUsed notes when a token was last used: bookkeeping, not a change anyone
	// made, so it writes outside a transaction and leaves no audit event.
	TokenUsed(ctx context.Context, tokenID int64, at time.Time) error
	// Credentials returns the user with that (normalised) address and their
	// password hash; ENOTFOUND if there is none.
	Credentials(ctx context.Context, email string) (User, string, error)

	// LoginFailures counts the failed logins since a time for an address and from an
	// IP; RecordLoginFailure notes one, ClearLoginFailures forgets an address's
	// after a successful login. Bookkeeping like TokenUsed.
	LoginFailures(ctx context.Context, email, ip string, since time.Time) (byEmail, byIP int, err error)
	RecordLoginFailure(ctx context.Context, email, ip string, at time.Time) error
	ClearLoginFailures(ctx context.Context, email string) error

	// Users returns every user with their memberships, by e-mail address.
	Users(ctx context.Context) ([]UserView, error)
	// UserByEmail returns the user with that (normalised) address; ENOTFOUND if none.
	UserByEmail(ctx context.Context, email string) (User, error)
	// Tokens lists a user's API tokens, newest first.
	Tokens(ctx context.Context, userID int64) ([]APIToken, error)
	// Organisations returns the organisations that match f, by name.
	Organisations(ctx context.Context, f OrganisationFilter) ([]Organisation, error)
	CountOrganisations(ctx context.Context) (int, error)
	// Members returns who works in an organisation in which role, by name.
	Members(ctx context.Context, orgID int64) ([]Member, error)
	// Regions names the regions with these keys, for the pages of memberships and
	// organisations; unknown keys are missing.
	Regions(ctx context.Context, keys []string) (map[string]RegionRef, error)
}

// Reader reads one thing, outside or inside a transaction.
type Reader interface {
	// User returns one user; ENOTFOUND if there is none.
	User(ctx context.Context, id int64) (User, error)
	// Memberships returns a user's memberships with their organisations.
	Memberships(ctx context.Context, userID int64) ([]Membership, error)
	// Organisation returns one organisation; ENOTFOUND if there is none.
	Organisation(ctx context.Context, id int64) (Organisation, error)
	// RegionExists reports whether a region has this key.
	RegionExists(ctx context.Context, key string) (bool, error)
}

// Tx is one write transaction: reads see its writes, and everything it writes
// happens together or not at all.
type Tx interface {
	Reader
	Now() time.Time

	// PasswordHash returns a user's password hash; ENOTFOUND if there is no user.
	PasswordHash(ctx context.Context, userID int64) (string, error)
	// CreateUser inserts u with the password hash and sets its ID; ErrTaken if the
	// address has an account.
	CreateUser(ctx context.Context, u *User, hash string) error
	// SetPassword replaces a user's password hash and ends their sessions (the
	// session epoch grows).
	SetPassword(ctx context.Context, userID int64, hash string, mustChange bool) error
	// SetDisabled disables an account at the given time, or enables it for the zero
	// time, and ends its sessions.
	SetDisabled(ctx context.Context, userID int64, at time.Time) error
	// SetLocale stores the language of a user's pages and mail.
	SetLocale(ctx context.Context, userID int64, locale string) error
	// AddMembership inserts m and sets its ID; ErrTaken if the user has that role in
	// that organisation.
	AddMembership(ctx context.Context, m *Membership) error
	// RemoveMembership deletes the user's membership with that id and returns it;
	// false if the user has none with that id.
	RemoveMembership(ctx context.Context, userID, id int64) (Membership, bool, error)
	// CreateOrganisation inserts o and sets its ID; ErrTaken if the name is used.
	CreateOrganisation(ctx context.Context, o *Organisation) error
	// UpdateOrganisation writes o's fields; ErrTaken if the name is another's.
	UpdateOrganisation(ctx context.Context, o *Organisation) error
	// CreateToken inserts t with the secret's hash and sets its ID.
	CreateToken(ctx context.Context, t *APIToken, hash string) error
	// RevokeToken revokes the user's unrevoked token with that id; false if the user
	// has no such token.
	RevokeToken(ctx context.Context, userID, id int64) (bool, error)

	// Audit records who changed what, in this transaction.
	Audit(ctx context.Context, entity string, id int64, action string, before, after any) error
}

// UserView is a user with their memberships, as the admin pages and the command line
// list them.
type UserView struct {
	User        User
	Memberships []Membership
}

// Member is one person in an organisation, with their role there.
type Member struct {
	MembershipID int64
	User         User
	Role         Role
}

// RegionRef names the region an organisation works in, with the figures its page
// shows.
type RegionRef struct {
	Key            string
	Name           string
	Population     int64
	PopulationDate time.Time
}
