package demo

import (
	"context"
	"fmt"
	"strings"

	"github.com/teilhabe/teilhabe/data"
	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/store"
)

// loadStatistics imports the embedded Regionalstatistik tables through the monitoring
// use case, file by file in data.GenesisTables' order (the yearly files of one table
// oldest first, each adding its years). A database that holds every table already is
// left as it is, so that starting the demo again costs nothing.
func loadStatistics(ctx context.Context, db *store.DB) error {
	svc := monitoring.NewService(db.Statistics())
	tables, err := svc.Tables(ctx)
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for _, t := range tables {
		have[t.Code] = true
	}
	missing := false
	for _, name := range data.GenesisTables {
		missing = missing || !have[tableCode(name)]
	}
	if !missing {
		return nil
	}
	for _, name := range data.GenesisTables {
		read := func(sink monitoring.Sink) (monitoring.Summary, error) {
			f, err := data.GenesisTable(name)
			if err != nil {
				return monitoring.Summary{}, monitoring.ErrOpenFile(name, err)
			}
			defer f.Close()
			return monitoring.ReadGenesis(f, name, sink)
		}
		if _, err := svc.ImportTables(ctx, []monitoring.TableFile{{Name: name, Read: read}}, monitoring.ImportOptions{}); err != nil {
			return fmt.Errorf("demo table %s: %w", name, err)
		}
	}
	return nil
}

// tableCode is the GENESIS code a file name begins with: "13211-02-05-4_2023.csv"
// holds table 13211-02-05-4.
func tableCode(name string) string {
	name = strings.TrimSuffix(name, ".csv")
	if i := strings.IndexByte(name, '_'); i >= 0 {
		name = name[:i]
	}
	return name
}
