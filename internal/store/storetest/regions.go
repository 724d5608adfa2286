package storetest

import (
	"time"

	"github.com/teilhabe/teilhabe/internal/regions"
)

// Regions is a small, consistent hierarchy around Stuttgart and a part of
// Bayern, for tests of programmes, applications and their regions, named by kind where a sentence needs it ("Landkreis Ludwigsburg").
func Regions() []regions.Region {
	asOf := time.Date(2019, 12, 31, 0, 0, 0, 0, time.UTC)
	r := func(key, ars, name string, level regions.Level, kind, parent string, pop int64) regions.Region {
		return regions.Region{Key: key, ARS: ars, Name: name, Level: level, Kind: kind, ParentKey: parent,
			AreaKm2: 1.5, Population: pop, PopulationMale: pop / 2, PopulationFemale: pop - pop/2, PopulationDate: asOf, ValidFrom: asOf}
	}
	return []regions.Region{
		r("DG", regions.ARSBund, "Deutschland", regions.LevelBund, "Test", "", 1000),
		r("08", "08", "Baden-Württemberg", regions.LevelLand, "Land", "DG", 1000),
		r("081", "081", "Reg.-Bez. Stuttgart", regions.LevelRegierungsbezirk, "Test", "08", 1000),
		r("08111", "08111", "Stuttgart, Stadtkreis", regions.LevelKreis, "Test", "081", 600),
		r("08118", "08118", "Ludwigsburg", regions.LevelKreis, "Landkreis", "081", 400),
		r("081110000", "081110000", "Stuttgart, Landeshauptstadt", regions.LevelGemeindeverband, "Test", "08111", 600),
		r("08111000", "081110000000", "Stuttgart, Landeshauptstadt", regions.LevelGemeinde, "Test", "081110000", 600),
		r("081185001", "081185001", "Besigheim", regions.LevelGemeindeverband, "Test", "08118", 400),
		r("08118016", "081185001016", "Freudental", regions.LevelGemeinde, "Test", "081185001", 150),
		r("08118079", "081185001079", "Löchgau", regions.LevelGemeinde, "Test", "081185001", 250),
		r("09", "09", "Bayern", regions.LevelLand, "Test", "DG", 1000),
		r("091", "091", "Oberbayern", regions.LevelRegierungsbezirk, "Test", "09", 1000),
		r("09162", "09162", "München, Landeshauptstadt", regions.LevelKreis, "Test", "091", 1000),
	}
}
