// Package regions is the territorial hierarchy of Germany (Bund, Länder,
// Regierungsbezirke, Kreise, Gemeindeverbände, Gemeinden) with the official keys,
// area and population, as published in the Destatis Gemeindeverzeichnis.
package regions

import (
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Level is a tier of the territorial hierarchy. The values are stored and appear
// in URLs and API payloads, so they never change.
type Level string

const (
	LevelBund             Level = "bund"
	LevelLand             Level = "land"
	LevelRegierungsbezirk Level = "regierungsbezirk"
	LevelKreis            Level = "kreis"
	LevelGemeindeverband  Level = "gemeindeverband"
	LevelGemeinde         Level = "gemeinde"
)

// levels lists the levels from top to bottom; the index is the rank.
var levels = [...]Level{LevelBund, LevelLand, LevelRegierungsbezirk, LevelKreis, LevelGemeindeverband, LevelGemeinde}

// Rank is 0 for the Bund and 5 for a Gemeinde, so that regions sort top-down and
// breadcrumbs can be built from the parent chain. It is -1 for an unknown level.
func (l Level) Rank() int {
	for i, v := range levels {
		if v == l {
			return i
		}
	}
	return -1
}

// ParseLevel accepts exactly the Level constants; input comes from URLs and API
// clients, so anything else is the caller's mistake, not ours.
// Errors: EINVALID with the field "level".
func ParseLevel(s string) (Level, error) {
	if l := Level(s); l.Rank() >= 0 {
		return l, nil
	}
	return "", teilhabe.Invalid("regions.error.level", teilhabe.FieldMsg("level", "invalid", "regions.fielderror.level", "Value", s))
}

// KeyBund is the key of Germany as a whole; GENESIS tables write it this way.
const KeyBund = "DG"

// ARSBund is the Regionalschlüssel of Germany as a whole.
const ARSBund = "000000000000"

// Region is one territorial unit at one Gebietsstand. Regions of different
// Gebietsstände are different rows: Gemeinden merge and Kreise are reformed, and
// statistics must be read against the territory they were collected for.
type Region struct {
	// Key is the identifier used across the platform and by statistical tables:
	// "DG" for the Bund, 2 digits for a Land, 3 for a Regierungsbezirk, 5 for a
	// Kreis, 9 (land+rb+kreis+vb) for a Gemeindeverband and the 8-digit AGS
	// (land+rb+kreis+gemeinde) for a Gemeinde. The lengths never collide, so a key
	// alone tells the level.
	Key string
	// ARS is the Amtlicher Regionalschlüssel: 12 digits for a Gemeinde, equal to
	// Key on the other levels, ARSBund for the Bund. Only the ARS of a Gemeinde
	// names its Gemeindeverband, which the AGS does not.
	ARS   string
	Name  string
	Level Level
	// Kind is the German label of the kind of unit ("Landkreis", "Kreisfreie
	// Stadt", "Amt", "Markt", ...), shown to users beside the name.
	Kind string
	// ParentKey is "" for the Bund. A Kreis hangs below its Regierungsbezirk where
	// the Land has them and directly below the Land otherwise; a Gemeinde hangs
	// below its Gemeindeverband, which for a verbandsfreie Gemeinde is a record of
	// its own with the same name.
	ParentKey string
	// AreaKm2 and the population figures are sums of the Gemeinden above the
	// Gemeinde level: the source has them on Gemeinde rows only.
	AreaKm2          float64
	Population       int64
	PopulationMale   int64
	PopulationFemale int64
	// PopulationDate is the Stichtag of the population figures.
	PopulationDate time.Time
	// Postcode is the postcode of the Gemeinde's administrative seat; large
	// Gemeinden have many, so it is a hint, not a lookup key.
	Postcode string
	// ValidFrom is the Gebietsstand: the territory as it was on that date.
	ValidFrom time.Time
	// ValidUntil is set when a later Gebietsstand no longer has the region (mergers);
	// zero while it is current.
	ValidUntil time.Time
}

// Label names the region as a sentence does: the Gemeindeverzeichnis calls the
// Landkreis "Ludwigsburg" just like its town, so the kind is put in front where it
// tells them apart ("Landkreis Ludwigsburg"); towns and Länder go by their name alone.
func (r Region) Label() string {
	switch r.Kind {
	case "Landkreis", "Kreis", "Regierungsbezirk", "Regionalverband":
		return r.Kind + " " + r.Name
	}
	return r.Name
}

// NormalizeKey trims spaces and accepts "DG" or a digit string of one of the key
// lengths (2, 3, 5, 8, 9, 12). Keys are text: a leading zero is significant, so a
// key that lost it in a spreadsheet is rejected rather than guessed.
func NormalizeKey(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if strings.EqualFold(s, KeyBund) {
		return KeyBund, true
	}
	switch len(s) {
	case 2, 3, 5, 8, 9, 12:
	default:
		return "", false
	}
	if !isDigits(s) {
		return "", false
	}
	return s, true
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
