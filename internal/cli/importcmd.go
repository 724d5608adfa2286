package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

const importUsage = "Aufruf: teilhabe import regions DATEI [--date JJJJ-MM-TT]\n        teilhabe import genesis DATEI…"

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
	asOf, ok := regions.DateFromFileName(filepath.Base(path))
	if *date != "" {
		if asOf, err = time.Parse(time.DateOnly, *date); err != nil {
			return teilhabe.Errorf(teilhabe.EINVALID, "--date: %q ist kein Datum der Form JJJJ-MM-TT.", *date)
		}
	} else if !ok {
		return teilhabe.Errorf(teilhabe.EINVALID, "Der Dateiname %s nennt keinen Gebietsstand; bitte --date JJJJ-MM-TT angeben.", filepath.Base(path))
	}
	start := time.Now()
	f, err := os.Open(path)
	if err != nil {
		return teilhabe.Errorf(teilhabe.EINVALID, "Die Datei %s lässt sich nicht öffnen: %v", path, err)
	}
	defer f.Close()
	// Parse and check the whole file before touching the database: a broken line
	// aborts with nothing written.
	list, err := regions.ParseGemeindeverzeichnis(f, filepath.Base(path), asOf)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, *dbURL, store.InstanceProduction)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := db.ImportRegions(teilhabe.WithActor(ctx, teilhabe.System("cli")), list, filepath.Base(path))
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: %d Gebiete gelesen – %d neu, %d geändert, %d unverändert, %d nicht mehr enthalten (%.2f s).\n",
		filepath.Base(path), len(list), res.Inserted, res.Updated, res.Unchanged, res.Retired, time.Since(start).Seconds())
	counts := map[regions.Level]int{}
	for _, r := range list {
		counts[r.Level]++
	}
	fmt.Fprintf(e.stdout, "Länder %d, Regierungsbezirke %d, Kreise %d, Gemeindeverbände %d, Gemeinden %d.\n",
		counts[regions.LevelLand], counts[regions.LevelRegierungsbezirk], counts[regions.LevelKreis], counts[regions.LevelGemeindeverband], counts[regions.LevelGemeinde])
	return nil
}
