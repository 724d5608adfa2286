package cli

import (
	"context"
	"fmt"
	"strconv"
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

func runUser(ctx context.Context, e env, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%s", userUsage)
	}
	ctx = teilhabe.WithActor(ctx, teilhabe.System("cli"))
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
	switch args[0] {
	case "add":
		return userAdd(ctx, e, db, *email, *name, *orgName, *role, *admin)
	case "list":
		return userList(ctx, e, db)
	case "disable", "enable", "reset-password":
		if len(pos) != 1 {
			return fmt.Errorf("%s", userUsage)
		}
		u, err := db.UserByEmail(ctx, pos[0])
		if err != nil {
			return err
		}
		switch args[0] {
		case "disable":
			err = db.SetUserDisabled(ctx, u.ID, true)
		case "enable":
			err = db.SetUserDisabled(ctx, u.ID, false)
		default:
			password := accounts.GeneratePassword()
			if err = db.SetPassword(ctx, u.ID, password, true); err == nil {
				fmt.Fprintf(e.stdout, "Neues Einmal-Passwort für %s: %s\n(Bei der nächsten Anmeldung muss ein eigenes gewählt werden.)\n", u.Email, password)
			}
			return err
		}
		if err == nil {
			fmt.Fprintf(e.stdout, "%s: erledigt (%s).\n", u.Email, args[0])
		}
		return err
	}
	return fmt.Errorf("%s", userUsage)
}

func userAdd(ctx context.Context, e env, db *store.DB, email, name, orgName, roleName string, admin bool) error {
	var members []accounts.Membership
	if admin {
		orgName, roleName = "Plattformbetrieb", string(accounts.RolePlatformAdmin)
		found, err := db.Organisations(ctx, store.OrganisationFilter{Name: orgName})
		if err != nil {
			return err
		}
		if len(found) == 0 {
			o := accounts.Organisation{Kind: accounts.KindPlatform, Name: orgName}
			if err := db.CreateOrganisation(ctx, &o); err != nil {
				return err
			}
		}
	}
	if orgName != "" {
		found, err := db.Organisations(ctx, store.OrganisationFilter{Name: orgName})
		if err != nil {
			return err
		}
		if len(found) == 0 {
			return teilhabe.Errorf(teilhabe.EINVALID, "Die Organisation %q gibt es nicht.", orgName)
		}
		role, ok := accounts.ParseRole(roleName)
		if !ok {
			return teilhabe.Errorf(teilhabe.EINVALID, "--role: %q ist keine Rolle.", roleName)
		}
		members = append(members, accounts.Membership{Organisation: found[0], Role: role})
	}
	password := accounts.GeneratePassword()
	u, err := db.CreateUser(ctx, accounts.NewUser{Email: email, Name: name, Password: password}, true, members...)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Benutzerkonto %s angelegt (Nr. %d). Einmal-Passwort: %s\n", u.Email, u.ID, password)
	return nil
}

func userList(ctx context.Context, e env, db *store.DB) error {
	users, err := db.Users(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NR\tE-MAIL\tNAME\tSTATUS\tROLLEN")
	for _, u := range users {
		ms, err := db.Memberships(ctx, u.ID)
		if err != nil {
			return err
		}
		status := "aktiv"
		if u.Disabled() {
			status = "gesperrt"
		}
		roles := ""
		for i, m := range ms {
			if i > 0 {
				roles += ", "
			}
			roles += string(m.Role) + "@" + m.Organisation.Name
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", strconv.FormatInt(u.ID, 10), u.Email, u.Name, status, roles)
	}
	return tw.Flush()
}
