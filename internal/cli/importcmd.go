package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

const importUsage = "Aufruf: teilhabe import regions DATEI [--date JJJJ-MM-TT]\n        teilhabe import genesis [--replace-table] DATEI…"

func runImport(ctx context.Context, e env, args []string) error {
	if len(args) > 0 && args[0] == "genesis" {
		return runImportGenesis(ctx, e, args[1:])
	}
	if len(args) == 0 || args[0] != "regions" {
		return fmt.Errorf("%s", importUsage)
	}
	fs, dbURL := flags("import regions", e)
	date := fs.String("date", "", "Gebietsstand und Stichtag der Einwohnerzahlen (Standard: das Datum im Dateinamen)")
	pos, err := parseInterleaved(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("Aufruf: teilhabe import regions DATEI [--date JJJJ-MM-TT]")
	}
	path := pos[0]
	file := filepath.Base(path)
	asOf, ok := regions.DateFromFileName(file)
	if *date != "" {
		if asOf, err = time.Parse(time.DateOnly, *date); err != nil {
			return teilhabe.E(teilhabe.EINVALID, "regions.error.date", "Value", *date)
		}
	} else if !ok {
		return teilhabe.E(teilhabe.EINVALID, "regions.error.no_date", "File", file)
	}
	start := time.Now()
	f, err := os.Open(path)
	if err != nil {
		return teilhabe.E(teilhabe.EINVALID, "regions.error.open", "File", path, "Reason", err.Error())
	}
	defer f.Close()
	// Parse and check the whole file before touching the database: a broken line
	// aborts with nothing written, and no database is created for it.
	list, err := regions.ParseGemeindeverzeichnis(f, file, asOf)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, *dbURL, store.InstanceProduction)
	if err != nil {
		return err
	}
	defer db.Close()
	// Whoever runs the command line holds the database already: the import acts as
	// the system, named "cli" in the audit log (accounts.System).
	res, err := regions.NewService(db.Regions()).Import(accounts.WithPrincipal(ctx, accounts.System("cli")), list, file)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: %d Gebiete gelesen – %d neu, %d geändert, %d unverändert, %d nicht mehr enthalten (%.2f s).\n",
		file, len(list), res.Inserted, res.Updated, res.Unchanged, res.Retired, time.Since(start).Seconds())
	fmt.Fprintf(e.stdout, "Länder %d, Regierungsbezirke %d, Kreise %d, Gemeindeverbände %d, Gemeinden %d.\n",
		res.Read[regions.LevelLand], res.Read[regions.LevelRegierungsbezirk], res.Read[regions.LevelKreis], res.Read[regions.LevelGemeindeverband], res.Read[regions.LevelGemeinde])
	return nil
}
