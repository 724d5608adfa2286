package cli

import (
	"context"
	"fmt"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/store"
)

const tokenUsage = `Aufruf:
  teilhabe token add --email E --name N`

// runToken creates API tokens for automation and for tests that act as a user. The
// secret goes alone to stdout, so that a script can take it
// (TOKEN=$(teilhabe token add …)); what it is for goes to stderr.
func runToken(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] != "add" {
		return fmt.Errorf("%s", tokenUsage)
	}
	ctx = accounts.WithPrincipal(ctx, accounts.System("cli"))
	fs, dbURL := flags("token add", e)
	email := fs.String("email", "", "E-Mail-Adresse des Kontos, für das der Token gilt")
	name := fs.String("name", "", "Name des Tokens, z. B. wofür er gebraucht wird")
	if pos, err := parseInterleaved(fs, args[1:]); err != nil {
		return err
	} else if len(pos) > 0 || *email == "" {
		return fmt.Errorf("%s", tokenUsage)
	}
	db, err := openDB(ctx, *dbURL, store.InstanceProduction)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := accounts.NewService(db.Accounts())
	u, err := svc.UserByEmail(ctx, *email)
	if err != nil {
		return err
	}
	t, secret, err := svc.IssueToken(ctx, u.ID, *name)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, secret)
	fmt.Fprintln(e.stderr, germanMessages().T("cli.token.created", "Email", u.Email, "Name", t.Name, "Prefix", t.Prefix))
	return nil
}
