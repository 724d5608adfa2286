package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

const userUsage = `Aufruf:
  teilhabe user add --email E --name N [--organisation NAME --role ROLLE] [--admin]
  teilhabe user list
  teilhabe user disable E-MAIL
  teilhabe user enable E-MAIL
  teilhabe user reset-password E-MAIL`

// The user commands act as the system (accounts.System): whoever runs them on the
// server holds the database anyway, so they have a platform admin's rights in the
// account use cases, and the audit log names the actor "cli".
func runUser(ctx context.Context, e env, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%s", userUsage)
	}
	ctx = accounts.WithPrincipal(ctx, accounts.System("cli"))
	fs, dbURL := flags("user "+args[0], e)
	email := fs.String("email", "", "E-Mail-Adresse")
	name := fs.String("name", "", "Name")
	orgName := fs.String("organisation", "", "Name der Organisation, in der die Rolle gilt")
	role := fs.String("role", "", "Rolle: funder_staff, reviewer, commissioner, provider_staff, network_office, network_member, platform_admin")
	admin := fs.Bool("admin", false, "Plattform-Administration (legt die Organisation „Plattformbetrieb“ an, falls nötig)")
	pos, err := parseInterleaved(fs, args[1:])
	if err != nil {
		return err
	}
	db, err := openDB(ctx, *dbURL, store.InstanceProduction)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := accounts.NewService(db.Accounts())
	l := germanMessages()
	switch args[0] {
	case "add":
		return userAdd(ctx, e, svc, *email, *name, *orgName, *role, *admin)
	case "list":
		return userList(ctx, e, svc)
	case "disable", "enable", "reset-password":
		if len(pos) != 1 {
			return fmt.Errorf("%s", userUsage)
		}
		u, err := svc.UserByEmail(ctx, pos[0])
		if err != nil {
			return err
		}
		switch args[0] {
		case "disable", "enable":
			err = svc.SetDisabled(ctx, u.ID, args[0] == "disable")
		default:
			password, err := svc.ResetPassword(ctx, u.ID)
			if err == nil {
				fmt.Fprintln(e.stdout, l.T("cli.user.password_reset", "Email", u.Email, "Password", password))
			}
			return err
		}
		if err == nil {
			fmt.Fprintln(e.stdout, l.T("cli.user.done", "Email", u.Email, "Command", args[0]))
		}
		return err
	}
	return fmt.Errorf("%s", userUsage)
}

// platformOrganisation holds the platform admins that user add --admin creates.
const platformOrganisation = "Plattformbetrieb"

func userAdd(ctx context.Context, e env, svc *accounts.Service, email, name, orgName, roleName string, admin bool) error {
	var roles []accounts.MembershipInput
	if admin {
		orgName, roleName = platformOrganisation, string(accounts.RolePlatformAdmin)
		found, err := svc.Organisations(ctx, accounts.OrganisationFilter{Name: orgName})
		if err != nil {
			return err
		}
		if len(found) == 0 {
			if _, err := svc.CreateOrganisation(ctx, accounts.Organisation{Kind: accounts.KindPlatform, Name: orgName}); err != nil {
				return err
			}
		}
	}
	if orgName != "" {
		found, err := svc.Organisations(ctx, accounts.OrganisationFilter{Name: orgName})
		if err != nil {
			return err
		}
		if len(found) == 0 {
			return teilhabe.E(teilhabe.EINVALID, "accounts.cli.no_organisation", "Name", orgName)
		}
		if _, ok := accounts.ParseRole(roleName); !ok {
			return teilhabe.E(teilhabe.EINVALID, "accounts.cli.no_role", "Role", roleName)
		}
		roles = append(roles, accounts.MembershipInput{OrganisationID: found[0].ID, Role: roleName})
	}
	u, password, err := svc.CreateUser(ctx, accounts.NewUser{Email: email, Name: name}, roles...)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, germanMessages().T("cli.user.created", "Email", u.Email, "ID", u.ID, "Password", password))
	return nil
}

func userList(ctx context.Context, e env, svc *accounts.Service) error {
	users, err := svc.Users(ctx)
	if err != nil {
		return err
	}
	l := germanMessages()
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, l.T("cli.user.list_header"))
	for _, v := range users {
		status := l.T("cli.user.active")
		if v.User.Disabled() {
			status = l.T("cli.user.disabled")
		}
		roles := make([]string, len(v.Memberships))
		for i, m := range v.Memberships {
			roles[i] = string(m.Role) + "@" + m.Organisation.Name
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", strconv.FormatInt(v.User.ID, 10), v.User.Email, v.User.Name, status, strings.Join(roles, ", "))
	}
	return tw.Flush()
}
