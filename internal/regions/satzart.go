package regions

// The record types (Satzarten) and kind codes (Textkennzeichen) of the Destatis
// Gemeindeverzeichnis (GV-ISys). The Textkennzeichen labels follow the Destatis
// legend; 57 does not occur in the extract of 31.12.2019 but is part of the code
// list, so a later extract with it still imports.

// keyParts are the key columns of the Gemeindeverzeichnis, top-down.
var keyParts = [...]string{"land", "rb", "kreis", "vb", "gemeinde"}

type satzart struct {
	level Level // "" for records that are read and checked, then skipped
	name  string
	// widths gives the number of digits of each key part, in keyParts order; 0
	// means the column must be empty for this record type.
	widths [len(keyParts)]int
	kinds  map[string]string // Textkennzeichen → label; nil: Textkennzeichen must be empty
	kind   string            // the label when kinds is nil
}

var satzarten = map[string]*satzart{
	"10": {level: LevelLand, name: "Land", widths: [5]int{2}, kind: "Land"},
	"20": {level: LevelRegierungsbezirk, name: "Regierungsbezirk", widths: [5]int{2, 1}, kind: "Regierungsbezirk"},
	// Regionen are planning regions in Baden-Württemberg: their number sits in
	// the kreis column with one digit, and Kreise do not refer to them, so they
	// are no level of the key hierarchy.
	"30": {name: "Region", widths: [5]int{2, 1, 1}},
	"40": {level: LevelKreis, name: "Kreis", widths: [5]int{2, 1, 2}, kinds: map[string]string{
		"41": "Kreisfreie Stadt",
		"42": "Stadtkreis",
		"43": "Kreis",
		"44": "Landkreis",
		"45": "Regionalverband",
	}},
	"50": {level: LevelGemeindeverband, name: "Gemeindeverband", widths: [5]int{2, 1, 2, 4}, kinds: map[string]string{
		"50": "Verbandsfreie Gemeinde",
		"51": "Amt",
		"52": "Samtgemeinde",
		"53": "Verbandsgemeinde",
		"54": "Verwaltungsgemeinschaft",
		"55": "Kirchspielslandgemeinde",
		"56": "Verwaltungsverband",
		"57": "VG Trägermodell",
		"58": "Erfüllende Gemeinde",
	}},
	"60": {level: LevelGemeinde, name: "Gemeinde", widths: [5]int{2, 1, 2, 4, 3}, kinds: map[string]string{
		"60": "Markt",
		"61": "Kreisfreie Stadt",
		"62": "Stadtkreis",
		"63": "Stadt",
		"64": "Kreisangehörige Gemeinde",
		"65": "Gemeindefreies Gebiet, bewohnt",
		"66": "Gemeindefreies Gebiet, unbewohnt",
		"67": "Große Kreisstadt",
	}},
}
