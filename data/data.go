// Package data embeds the official data sets that the demo scenario and the tests
// use. Each folder has a README with the source and licence; the files are unchanged
// copies of the official publications.
package data

import (
	"embed"
	"io/fs"
)

//go:embed regions/*.csv geo/*.geojson genesis/*.csv
var files embed.FS

// GemeindeverzeichnisName is the file name of the embedded Gemeindeverzeichnis; its
// date is the Gebietsstand.
const GemeindeverzeichnisName = "gemeindeverzeichnis-2019-12-31.csv"

// Gemeindeverzeichnis opens the embedded Destatis Gemeindeverzeichnis
// (Gebietsstand 31.12.2019, © Statistisches Bundesamt (Destatis), 2020, dl-de/by-2-0).
func Gemeindeverzeichnis() (fs.File, error) { return files.Open("regions/" + GemeindeverzeichnisName) }

// KreiseGeoJSONName is the file name of the embedded Kreis boundaries; the year is
// the Gebietsstand, so a newer map gets a new name (and URL).
const KreiseGeoJSONName = "kreise-vg5000-2021.geojson"

// KreiseGeoJSON returns the embedded boundaries of the Kreise (BKG VG5000,
// Gebietsstand 2021, © GeoBasis-DE / BKG 2021, dl-de/by-2-0), with the 5-digit
// Kreis key in the feature property "ARS".
func KreiseGeoJSON() ([]byte, error) { return files.ReadFile("geo/" + KreiseGeoJSONName) }

// GenesisTables are the embedded Regionalstatistik tables (GENESIS CSV, see
// genesis/README.md for each file's source; © Statistische Ämter des Bundes und der
// Länder, dl-de/by-2-0), in the order the demo imports them: the yearly files of one
// table oldest first.
var GenesisTables = []string{
	"11111-01-01-4.csv",
	"12411-01-01-4.csv",
	"13211-02-04-4_00.csv",
	"13211-02-05-4_2015-2020.csv",
	"13211-02-05-4_2023.csv",
	"21111-02-06-4.csv",
}

// GenesisTable opens one of GenesisTables.
func GenesisTable(name string) (fs.File, error) { return files.Open("genesis/" + name) }
