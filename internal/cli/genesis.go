package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/store"
)

func runImportGenesis(ctx context.Context, e env, args []string) error {
	fs, dbURL := flags("import genesis", e)
	replace := fs.Bool("replace-table", false, "jede Tabelle als Ganzes ersetzen, statt die Dateien einer Tabelle zusammenzuführen")
	paths, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return fmt.Errorf("%s", importUsage)
	}
	db, err := openDB(ctx, *dbURL, store.InstanceProduction)
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	var files []monitoring.TableFile
	for _, p := range paths {
		files = append(files, monitoring.TableFile{Name: filepath.Base(p), Read: genesisReader(e, p)})
	}
	// The command line acts as the system: whoever may run it may write the database.
	results, err := monitoring.NewService(db.Statistics()).ImportTables(accounts.WithPrincipal(ctx, accounts.System("cli")), files,
		monitoring.ImportOptions{ReplaceTable: *replace})
	if err != nil {
		return err
	}
	for _, res := range results {
		printTableSummary(e, res.Result, res.Summary)
	}
	fmt.Fprintf(e.stdout, "%d Tabelle(n) in %.2f s importiert.\n", len(results), time.Since(start).Seconds())
	return nil
}

// genesisReader opens the file when the import reaches it, with a progress bar on a
// terminal.
func genesisReader(e env, path string) monitoring.TableReader {
	return func(sink monitoring.Sink) (monitoring.Summary, error) {
		f, err := os.Open(path)
		if err != nil {
			return monitoring.Summary{}, monitoring.ErrOpenFile(path, err)
		}
		defer f.Close()
		var r io.Reader = f
		if isTerminal(e.stderr) {
			if st, err := f.Stat(); err == nil {
				bar := progressbar.NewOptions64(st.Size(), progressbar.OptionSetWriter(e.stderr), progressbar.OptionShowBytes(true),
					progressbar.OptionSetDescription(filepath.Base(path)), progressbar.OptionClearOnFinish(), progressbar.OptionThrottle(100*time.Millisecond))
				defer bar.Finish()
				r = io.TeeReader(f, bar)
			}
		}
		return monitoring.ReadGenesis(r, filepath.Base(path), sink)
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func printTableSummary(e env, res monitoring.TableImport, sum monitoring.Summary) {
	w := e.stdout
	fmt.Fprintf(w, "%s → Tabelle %s (%s)\n", res.File, res.Table, sum.Encoding)
	fmt.Fprintf(w, "  %d Wertspalten (Reihen), %d Beobachtungen: %d Zahlen", res.Series, res.Observations, sum.Values)
	if len(sum.Symbols) > 0 {
		var parts []string
		for _, s := range sortedKeys(sum.Symbols) {
			parts = append(parts, fmt.Sprintf("%d × „%s“", sum.Symbols[s], s))
		}
		fmt.Fprintf(w, ", Zeichen: %s", strings.Join(parts, ", "))
	}
	fmt.Fprintln(w)
	periods := ""
	if n := len(sum.Periods); n > 0 {
		periods = fmt.Sprintf(" (%s bis %s)", sum.Periods[0], sum.Periods[n-1])
	}
	fmt.Fprintf(w, "  %d Gebiete, %d Zeitpunkte%s\n", sum.Regions, len(sum.Periods), periods)
	l := germanMessages()
	if res.TableReplaced {
		fmt.Fprintf(w, "  %s\n", l.T("monitoring.import.table_replaced", "Removed", res.Removed))
	}
	fmt.Fprintf(w, "  %s\n", l.T("monitoring.import.merged", "Added", res.Added, "Replaced", res.Replaced, "Changed", res.Changed, "Removed", res.Removed, "Kept", res.Kept))
	if res.Unchanged() {
		fmt.Fprintf(w, "  %s\n", l.T("monitoring.import.unchanged"))
	}
	for _, r := range res.Renamed {
		fmt.Fprintf(w, "  %s\n", l.T("monitoring.import.renamed", "File", r.File, "Stored", r.Stored, "By", l.T("monitoring.import.by."+string(r.By))))
	}
	for _, s := range res.Unmatched {
		fmt.Fprintln(w, l.T("monitoring.import.cli.unmatched", "Series", s))
	}
	for _, warning := range sum.Warnings {
		fmt.Fprintf(w, "  Hinweis: %s\n", l.Message(warning))
	}
	if res.UnknownRegions > 0 {
		fmt.Fprintf(w, "  %d Gebietsschlüssel stehen nicht im Gemeindeverzeichnis (behalten), z. B. %s\n", res.UnknownRegions, strings.Join(res.UnknownSample, ", "))
	}
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func runExport(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] != "observations" {
		return fmt.Errorf("Aufruf: teilhabe export observations [--table CODE] [--region KEY] --format csv|json")
	}
	fs, dbURL := flags("export observations", e)
	table := fs.String("table", "", "nur diese Tabelle, z. B. 12411-01-01-4")
	region := fs.String("region", "", "nur dieses Gebiet (Schlüssel), z. B. 08111")
	format := fs.String("format", "csv", "csv oder json")
	if _, err := parseInterleaved(fs, args[1:]); err != nil {
		return err
	}
	db, err := openDB(ctx, *dbURL, store.InstanceProduction)
	if err != nil {
		return err
	}
	defer db.Close()
	f := monitoring.ObservationFilter{Table: *table}
	if *region != "" {
		f.Regions = []string{*region}
	}
	return monitoring.NewService(db.Statistics()).Export(ctx, f, *format, func() io.Writer { return e.stdout })
}
