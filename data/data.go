// Package data embeds the official data sets that the demo scenario and the tests
// use. Each folder has a README with the source and licence; the files are unchanged
// copies of the official publications.
package data

import (
	"embed"
	"io/fs"
)

//go:embed regions/*.csv
var files embed.FS

// GemeindeverzeichnisName is the file name of the embedded Gemeindeverzeichnis; its
// date is the Gebietsstand.
const GemeindeverzeichnisName = "gemeindeverzeichnis-2019-12-31.csv"

// Gemeindeverzeichnis opens the embedded Destatis Gemeindeverzeichnis
// (Gebietsstand 31.12.2019, © Statistisches Bundesamt (Destatis), 2020, dl-de/by-2-0).
func Gemeindeverzeichnis() (fs.File, error) { return files.Open("regions/" + GemeindeverzeichnisName) }
