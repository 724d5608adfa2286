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

	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

func runImportGenesis(ctx context.Context, e env, args []string) error {
	fs, dbURL := flags("import genesis", e)
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
	var files []store.TableFile
	for _, p := range paths {
		files = append(files, store.TableFile{Name: filepath.Base(p), Read: genesisReader(e, p)})
	}
	results, sums, err := db.ImportTables(teilhabe.WithActor(ctx, teilhabe.System("cli")), files)
	if err != nil {
		return err
	}
	for i, res := range results {
		printTableSummary(e, res, sums[i])
	}
	fmt.Fprintf(e.stdout, "%d Tabelle(n) in %.2f s importiert.\n", len(results), time.Since(start).Seconds())
	return nil
}

// genesisReader opens the file when the import reaches it, with a progress bar on a
// terminal.
func genesisReader(e env, path string) store.TableReader {
	return func(sink monitoring.Sink) (monitoring.Summary, error) {
		f, err := os.Open(path)
		if err != nil {
			return monitoring.Summary{}, teilhabe.Errorf(teilhabe.EINVALID, "Die Datei %s lässt sich nicht öffnen: %v", path, err)
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

func printTableSummary(e env, res store.TableImport, sum monitoring.Summary) {
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
	if res.Replaced > 0 {
		fmt.Fprintf(w, "  ersetzt %d Beobachtungen eines früheren Imports\n", res.Replaced)
	}
	for _, w := range sum.Warnings {
		fmt.Fprintf(e.stdout, "  Hinweis: %s\n", w)
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
	out, err := monitoring.NewExportWriter(e.stdout, *format)
	if err != nil {
		return err
	}
	if err := db.EachObservation(ctx, store.ObservationFilter{Table: *table, Region: *region}, out.Write); err != nil {
		return err
	}
	return out.Close()
}
