package monitoring

import (
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// A series keeps its identity across the vintages of a table. The statistical offices
// relabel columns between download formats ("Ausländer" in 2015–2020, "ausländisch"
// in 2023); a later file's column is the stored series whose labels are the same
// after NormalizeLabel, or that an admin has declared the same (SeriesAlias).

// labelSynonyms are labels that official tables use for the same thing, in
// NormalizeLabel's form (lower case, umlauts spelt out), each mapped to one of them.
var labelSynonyms = map[string]string{
	"auslaender":                     "auslaendisch",
	"auslaenderinnen und auslaender": "auslaendisch",
	"auslaender/-innen":              "auslaendisch",
	"auslaender/innen":               "auslaendisch",
	"deutsche":                       "deutsch",
}

var umlauts = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss", "Ä", "ae", "Ö", "oe", "Ü", "ue", "ẞ", "ss")

// NormalizeLabel is the form in which two labels of one column compare equal: case,
// spacing and the spelling of umlauts do not count, nor the known official synonyms.
func NormalizeLabel(s string) string {
	s = strings.ToLower(umlauts.Replace(strings.Join(strings.Fields(s), " ")))
	if c, ok := labelSynonyms[s]; ok {
		return c
	}
	return s
}

// normalizeName normalises each label of a series name ("A | B").
func normalizeName(name string) string {
	parts := strings.Split(name, LabelSeparator)
	for i, p := range parts {
		parts[i] = NormalizeLabel(p)
	}
	return strings.Join(parts, "\x00")
}

func seriesKey(name, unit string) string { return normalizeName(name) + "\x01" + NormalizeLabel(unit) }

// SeriesAlias says that in one table a series as a file labels it is a stored series:
// a renaming that NormalizeLabel does not know. Admins keep the list.
type SeriesAlias struct {
	Table     string    `json:"table"`
	Alias     string    `json:"alias"`  // the labels as a file writes them, joined with " | "
	Series    string    `json:"series"` // the stored series' name
	CreatedAt time.Time `json:"created_at"`
}

// AliasInput is an alias as an admin enters it: the labels of the file's column, and
// the stored series they are (which names the table).
type AliasInput struct {
	Alias    string
	SeriesID int64
}

// MatchKind says how a column of a file was found to be a stored series.
type MatchKind string

const (
	MatchNew        MatchKind = ""           // no stored series: a new one
	MatchExact      MatchKind = "exact"      // same labels and unit
	MatchAlias      MatchKind = "alias"      // an admin's alias
	MatchNormalised MatchKind = "normalised" // same after NormalizeLabel
)

// SeriesMatch is what MatchSeries decided for one series of a file.
type SeriesMatch struct {
	Stored int // index into the stored series; -1 for a new series
	By     MatchKind
}

// MatchSeries decides which stored series of a table each series of a file is:
// first the same labels and unit, then an alias of the table, then the same labels
// after NormalizeLabel. A stored series is given to at most one column, so that two
// columns of one file never merge; a column left over becomes a new series.
func MatchSeries(stored []SeriesInfo, file []Series, aliases []SeriesAlias) []SeriesMatch {
	out := make([]SeriesMatch, len(file))
	taken := make([]bool, len(stored))
	for i := range out {
		out[i].Stored = -1
	}
	claim := func(i int, by MatchKind, ok func(SeriesInfo) bool) {
		if out[i].Stored >= 0 {
			return
		}
		for j, s := range stored {
			if !taken[j] && ok(s) {
				taken[j], out[i] = true, SeriesMatch{Stored: j, By: by}
				return
			}
		}
	}
	for i, f := range file {
		name := f.Name()
		claim(i, MatchExact, func(s SeriesInfo) bool { return s.Name == name && s.Unit == f.Unit })
	}
	for i, f := range file {
		name, unit := normalizeName(f.Name()), NormalizeLabel(f.Unit)
		for _, a := range aliases {
			if normalizeName(a.Alias) != name {
				continue
			}
			target := normalizeName(a.Series)
			claim(i, MatchAlias, func(s SeriesInfo) bool { return normalizeName(s.Name) == target && NormalizeLabel(s.Unit) == unit })
		}
	}
	for i, f := range file {
		key := seriesKey(f.Name(), f.Unit)
		claim(i, MatchNormalised, func(s SeriesInfo) bool { return seriesKey(s.Name, s.Unit) == key })
	}
	return out
}

// ResolveSeries finds the stored series an indicator's reference means, by the rules
// of MatchSeries, so that an indicator defined on "… | Ausländer" finds a table whose
// first import said "… | ausländisch". stored and aliases are those of ref's table.
func ResolveSeries(ref SeriesRef, stored []SeriesInfo, aliases []SeriesAlias) (SeriesInfo, bool) {
	m := MatchSeries(stored, []Series{{Labels: []string{ref.Series}, Unit: ref.Unit}}, aliases)
	if m[0].Stored < 0 {
		return SeriesInfo{}, false
	}
	return stored[m[0].Stored], true
}

// AliasesOf returns the aliases of one table.
func AliasesOf(aliases []SeriesAlias, table string) []SeriesAlias {
	var out []SeriesAlias
	for _, a := range aliases {
		if a.Table == table {
			out = append(out, a)
		}
	}
	return out
}

// validateAlias checks an alias against the series it names.
func validateAlias(a *SeriesAlias) error {
	a.Alias = strings.Join(strings.Fields(a.Alias), " ")
	switch {
	case a.Alias == "":
		return teilhabe.Invalid("monitoring.import.error.alias", teilhabe.FieldMsg("alias", "required", "monitoring.import.fielderror.alias_required"))
	case len(a.Alias) > 500:
		return teilhabe.Invalid("monitoring.import.error.alias", teilhabe.FieldMsg("alias", "invalid", "monitoring.import.fielderror.alias_long", "Max", 500))
	case normalizeName(a.Alias) == normalizeName(a.Series):
		return teilhabe.Invalid("monitoring.import.error.alias",
			teilhabe.FieldMsg("alias", "invalid", "monitoring.import.fielderror.alias_same", "Alias", a.Alias, "Series", a.Series))
	}
	return nil
}
