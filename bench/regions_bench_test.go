// Package bench holds the performance benchmarks of Teilhabe. They are run by hand
// (see README.md), never as timed assertions in the test suite.
package bench

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/server"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
)

const gvFile = "../data/regions/gemeindeverzeichnis-2019-12-31.csv"

func parseGV(b *testing.B) []regions.Region {
	f, err := os.Open(gvFile)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	list, err := regions.ParseGemeindeverzeichnis(f, "gv.csv", time.Date(2019, 12, 31, 0, 0, 0, 0, time.UTC))
	if err != nil {
		b.Fatal(err)
	}
	return list
}

// BenchmarkImportGemeindeverzeichnis measures what "teilhabe import regions" does:
// parse and check the whole file, then load all 16,057 regions into an empty database
// in one transaction.
func BenchmarkImportGemeindeverzeichnis(b *testing.B) {
	for _, engine := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(string(engine), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				db := open(b, engine)
				b.StartTimer()
				list := parseGV(b)
				if _, err := storetest.ImportRegions(context.Background(), db, list, "gv.csv"); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				db.Close()
				b.StartTimer()
			}
		})
	}
}

// BenchmarkReimportUnchanged measures the idempotent re-import of the same file.
func BenchmarkReimportUnchanged(b *testing.B) {
	for _, engine := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(string(engine), func(b *testing.B) {
			db := open(b, engine)
			list := parseGV(b)
			if _, err := storetest.ImportRegions(context.Background(), db, list, "gv.csv"); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := storetest.ImportRegions(context.Background(), db, list, "gv.csv"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkServerStart measures building the application on a migrated database:
// parsing templates and catalogues and wiring the routes (the part of start-up that
// does not depend on the database's size).
func BenchmarkServerStart(b *testing.B) {
	db := open(b, store.SQLite)
	for b.Loop() {
		if _, err := server.New(db, server.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRegionSearch measures the prefix search of the region browser over the
// whole Gemeindeverzeichnis.
func BenchmarkRegionSearch(b *testing.B) {
	for _, engine := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(string(engine), func(b *testing.B) {
			db := open(b, engine)
			if _, err := storetest.ImportRegions(context.Background(), db, parseGV(b), "gv.csv"); err != nil {
				b.Fatal(err)
			}
			queries := []string{"Stutt", "08111", "Lubeck", "Neustadt", "Berlin"}
			i := 0
			for b.Loop() {
				if _, _, err := db.FindRegions(context.Background(), regions.Filter{Query: queries[i%len(queries)]}); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

func open(b *testing.B, engine store.Dialect) *store.DB {
	if engine == store.SQLite {
		return storetest.SQLite(b)
	}
	return storetest.Postgres(b)
}
