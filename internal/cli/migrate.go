package cli

import (
	"context"
	"fmt"

	"github.com/teilhabe/teilhabe/internal/demo"
	"github.com/teilhabe/teilhabe/internal/store"
)

func runMigrate(ctx context.Context, e env, args []string) error {
	fs, dbURL := flags("migrate", e)
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := openDB(ctx, *dbURL, store.InstanceProduction)
	if err != nil {
		return err
	}
	defer db.Close()
	current, _, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Datenbank %s ist auf Schema-Version %d.\n", db.URL(), current)
	return nil
}

func runDemo(ctx context.Context, e env, args []string) error {
	fs, dbURL := flags("demo", e)
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := openDB(ctx, *dbURL, "")
	if err != nil {
		return err
	}
	defer db.Close()
	logins, err := demo.Load(ctx, db)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Demo-Szenario in %s geladen.\n", db.URL())
	printLogins(e, logins)
	return nil
}

func runBackup(ctx context.Context, e env, args []string) error {
	fs, dbURL := flags("backup", e)
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("Aufruf: teilhabe backup DATEI")
	}
	db, err := store.Open(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, pos[0]); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Sicherung von %s nach %s geschrieben.\n", db.URL(), pos[0])
	return nil
}
