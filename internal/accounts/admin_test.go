package accounts_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/audit"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Every admin use case is for platform admins (and the command line's system):
// other users get EFORBIDDEN and change nothing, the anonymous public
// EUNAUTHORIZED.
func TestAdminUseCasesAreForAdminsOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		log := audit.NewService(db.Audit())
		target := w.user("ziel@example.de", "Zoe Ziel", accounts.Membership{Organisation: w.provider, Role: accounts.RoleProviderStaff})
		ms, _ := db.Accounts().Memberships(context.Background(), target.ID)
		n := 0
		cases := map[string]func(ctx context.Context) error{
			"Users": func(ctx context.Context) error { _, err := w.svc.Users(ctx); return err },
			"User":  func(ctx context.Context) error { _, err := w.svc.User(ctx, target.ID); return err },
			"UserByEmail": func(ctx context.Context) error {
				_, err := w.svc.UserByEmail(ctx, target.Email)
				return err
			},
			"CreateUser": func(ctx context.Context) error {
				n++
				_, _, err := w.svc.CreateUser(ctx, accounts.NewUser{Email: "neu" + strings.Repeat("x", n) + "@example.de", Name: "Neu"})
				return err
			},
			"ResetPassword": func(ctx context.Context) error { _, err := w.svc.ResetPassword(ctx, target.ID); return err },
			"SetDisabled":   func(ctx context.Context) error { return w.svc.SetDisabled(ctx, target.ID, false) },
			"AddMembership": func(ctx context.Context) error {
				return w.svc.AddMembership(ctx, target.ID, accounts.MembershipInput{OrganisationID: w.stuttgart.ID, Role: string(accounts.RoleNetworkMember)})
			},
			"RemoveMembership": func(ctx context.Context) error { return w.svc.RemoveMembership(ctx, target.ID, ms[0].ID) },
			"OrganisationToEdit": func(ctx context.Context) error {
				_, err := w.svc.OrganisationToEdit(ctx, w.provider.ID)
				return err
			},
			"CreateOrganisation": func(ctx context.Context) error {
				n++
				_, err := w.svc.CreateOrganisation(ctx, accounts.Organisation{Kind: accounts.KindResearch, Name: "Institut " + strings.Repeat("x", n)})
				return err
			},
			"UpdateOrganisation": func(ctx context.Context) error {
				o := w.provider
				o.Description = "geändert"
				_, err := w.svc.UpdateOrganisation(ctx, o)
				return err
			},
			"audit.List": func(ctx context.Context) error { _, err := log.List(ctx, audit.Filter{}); return err },
		}
		// The order matters only for RemoveMembership, which works once: admins last.
		for name, call := range cases {
			for _, who := range []struct {
				label string
				ctx   context.Context
				code  string
			}{
				{"anonymous", nobody, teilhabe.EUNAUTHORIZED},
				{"commissioner", w.as(w.commissioner), teilhabe.EFORBIDDEN},
				{"provider staff", w.as(w.staff), teilhabe.EFORBIDDEN},
				{"the target", w.as(target), teilhabe.EFORBIDDEN},
			} {
				before, _ := db.Audit().Events(context.Background(), audit.Filter{})
				err := call(who.ctx)
				wantErr(t, name+" as "+who.label, err, who.code, "")
				if after, _ := db.Audit().Events(context.Background(), audit.Filter{}); len(after) != len(before) {
					t.Errorf("%s as %s changed something: %d audit events, %d before", name, who.label, len(after), len(before))
				}
			}
			if err := call(w.as(w.admin)); err != nil {
				t.Errorf("%s as the admin: %v", name, err)
			}
		}
		// The command line acts as the system, with an admin's rights.
		if _, err := w.svc.Users(storetest.System()); err != nil {
			t.Errorf("Users as the system: %v", err)
		}
		// A disabled admin is nobody's admin.
		if err := w.svc.SetDisabled(storetest.System(), w.admin.ID, true); err != nil {
			t.Fatal(err)
		}
		p, _ := db.Accounts().Principal(context.Background(), w.admin.ID)
		_, err := w.svc.Users(accounts.WithPrincipal(context.Background(), p))
		wantErr(t, "Users as a disabled admin", err, teilhabe.EUNAUTHORIZED, "accounts.error.disabled")
	})
}

// An admin cannot disable their own account, which nobody could enable then; they
// can disable another admin's, and the command line any.
func TestAdminsCannotDisableThemselves(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		err := w.svc.SetDisabled(w.as(w.admin), w.admin.ID, true)
		wantErr(t, "disabling oneself", err, teilhabe.ECONFLICT, "accounts.error.disable_self")
		if got := read("de", err); got != "Sie können Ihr eigenes Konto nicht sperren." {
			t.Errorf("German: %q", got)
		}
		if u, _ := db.Accounts().User(context.Background(), w.admin.ID); u.Disabled() {
			t.Fatal("the admin's account was disabled")
		}
		if err := w.svc.SetDisabled(w.as(w.admin), w.admin.ID, false); err != nil {
			t.Errorf("enabling oneself (a no-op): %v", err)
		}
		second := w.user("zweite@example.de", "Zweite Admin", w.adminMembership())
		if err := w.svc.SetDisabled(w.as(second), w.admin.ID, true); err != nil {
			t.Fatalf("another admin: %v", err)
		}
		if err := w.svc.SetDisabled(storetest.System(), second.ID, true); err != nil {
			t.Fatalf("the command line: %v", err)
		}
		err = w.svc.SetDisabled(w.as(w.staff), 999999, true)
		wantErr(t, "a missing user, as staff", err, teilhabe.EFORBIDDEN, "")
		err = w.svc.SetDisabled(storetest.System(), 999999, true)
		wantErr(t, "a missing user", err, teilhabe.ENOTFOUND, "accounts.error.no_user")
	})
}

func (w *world) adminMembership() accounts.Membership {
	w.t.Helper()
	orgs, err := w.svc.Organisations(nobody, accounts.OrganisationFilter{Kind: accounts.KindPlatform})
	if err != nil || len(orgs) != 1 {
		w.t.Fatalf("platform organisation: %v, %v", orgs, err)
	}
	return accounts.Membership{Organisation: orgs[0], Role: accounts.RolePlatformAdmin}
}

// An admin creates an account with a one-time password, which logs in once and must
// be replaced; the audit log names the admin and never holds a hash.
func TestCreateUserWithOneTimePassword(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		admin := w.as(w.admin)
		u, once, err := w.svc.CreateUser(admin, accounts.NewUser{Email: " Nora@Traeger.Example ", Name: " Nora Neu "},
			accounts.MembershipInput{OrganisationID: w.provider.ID, Role: string(accounts.RoleProviderStaff)})
		if err != nil || u.Email != "nora@traeger.example" || u.Name != "Nora Neu" || u.Locale != "de" || !u.MustChangePassword || len(once) < 20 {
			t.Fatalf("created %+v with %q, %v", u, once, err)
		}
		in, err := w.login("nora@traeger.example", once, "10.0.0.1")
		if err != nil || !in.MustChangePassword {
			t.Fatalf("login with the one-time password: %+v, %v", in, err)
		}
		v, err := w.svc.User(admin, u.ID)
		if err != nil || len(v.Memberships) != 1 || v.Memberships[0].Role != accounts.RoleProviderStaff {
			t.Fatalf("user = %+v, %v", v, err)
		}

		_, _, err = w.svc.CreateUser(admin, accounts.NewUser{Email: "NORA@traeger.example", Name: "Doppelt"})
		wantErr(t, "a taken address", err, teilhabe.EINVALID, "accounts.error.email_taken")
		if got := read("de", err); got != "Ein Benutzerkonto mit dieser E-Mail-Adresse gibt es schon. | email: Ein Benutzerkonto mit dieser E-Mail-Adresse gibt es schon." {
			t.Errorf("German: %q", got)
		}
		// Every mistake at once: the address, the name, and the role that a
		// municipality cannot give.
		_, _, err = w.svc.CreateUser(admin, accounts.NewUser{Email: "kaputt", Name: " "},
			accounts.MembershipInput{OrganisationID: w.stuttgart.ID, Role: string(accounts.RoleFunderStaff)})
		if got := fieldCodes(err); !slices.Equal(got, []string{"email:invalid", "name:required", "role:invalid"}) {
			t.Errorf("fields = %v (%v)", got, err)
		}
		if got := read("de", err); !strings.Contains(got, "Bitte eine gültige E-Mail-Adresse angeben, z. B. name@kommune.de.") ||
			!strings.Contains(got, "Die Rolle „Mitarbeiter/in Fördermittelgeber“ passt nicht zu einer Organisation dieser Art.") {
			t.Errorf("German: %q", got)
		}
		if got := read("en", err); !strings.Contains(got, "Please give a valid e-mail address") || !strings.Contains(got, "does not fit an organisation of this kind") {
			t.Errorf("English: %q", got)
		}
		_, _, err = w.svc.CreateUser(admin, accounts.NewUser{Email: "x@example.de", Name: "X"},
			accounts.MembershipInput{OrganisationID: 999999, Role: "provider_staff"}, accounts.MembershipInput{OrganisationID: w.provider.ID})
		if got := fieldCodes(err); !slices.Equal(got, []string{"organisation:invalid", "role:required"}) {
			t.Errorf("unknown organisation, no role: %v", got)
		}
		if _, err := db.Accounts().UserByEmail(context.Background(), "x@example.de"); teilhabe.ErrorCode(err) != teilhabe.ENOTFOUND {
			t.Errorf("a refused user was stored: %v", err)
		}

		events, err := db.Audit().Events(context.Background(), audit.Filter{Entity: "user", EntityID: itoa(u.ID)})
		if err != nil || len(events) != 1 || events[0].Action != "create" || events[0].Actor != w.admin.Email {
			t.Fatalf("audit = %+v, %v", events, err)
		}
		if _, err := w.svc.ResetPassword(admin, u.ID); err != nil {
			t.Fatal(err)
		}
		all, _ := db.Audit().Events(context.Background(), audit.Filter{})
		for _, e := range all {
			if strings.Contains(e.Before+e.After, "argon2") || strings.Contains(e.Before+e.After, once) {
				t.Errorf("audit event leaks a password: %+v", e)
			}
		}
	})
}

// Roles are given and taken per user: a membership of another user answers like a
// missing one, and a role someone has is not given twice.
func TestMemberships(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		admin := w.as(w.admin)
		network := accounts.MembershipInput{OrganisationID: w.stuttgart.ID, Role: string(accounts.RoleNetworkMember)}
		if err := w.svc.AddMembership(admin, w.commissioner.ID, network); err != nil {
			t.Fatal(err)
		}
		err := w.svc.AddMembership(admin, w.commissioner.ID, network)
		wantErr(t, "a role twice", err, teilhabe.EINVALID, "accounts.error.role_taken")
		err = w.svc.AddMembership(admin, 999999, network)
		wantErr(t, "a missing user", err, teilhabe.ENOTFOUND, "accounts.error.no_user")

		v, _ := w.svc.User(admin, w.commissioner.ID)
		theirs := v.Memberships[0].ID
		err = w.svc.RemoveMembership(admin, w.staff.ID, theirs)
		wantErr(t, "another user's membership", err, teilhabe.ENOTFOUND, "accounts.error.no_membership")
		if after, _ := w.svc.User(admin, w.commissioner.ID); len(after.Memberships) != 2 {
			t.Fatalf("another user's membership was removed: %+v", after.Memberships)
		}
		if err := w.svc.RemoveMembership(admin, w.commissioner.ID, theirs); err != nil {
			t.Fatal(err)
		}
		err = w.svc.RemoveMembership(admin, w.commissioner.ID, theirs)
		wantErr(t, "removed twice", err, teilhabe.ENOTFOUND, "accounts.error.no_membership")
	})
}
