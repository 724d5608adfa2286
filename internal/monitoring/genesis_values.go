package monitoring

import (
	"strconv"
	"strings"
	"time"
)

// isGenesisRegionKey accepts "DG" (Germany) and the official keys: Land 2, Regierungs-
// bezirk 3, Kreis 5, Gemeinde 8 digits, and the Regionalschlüssel of Gemeindeverbände
// (9) and Gemeinden (12). Keys stay text: their leading zeros matter.
func isGenesisRegionKey(s string) bool {
	if s == "DG" {
		return true
	}
	switch len(s) {
	case 2, 3, 5, 8, 9, 12:
		return isDigits(s)
	}
	return false
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// parseGenesisPeriod turns a year "2016" into "2016" and a Stichtag "31.12.2015" into
// "2015-12-31". The year range keeps labels that happen to be 4-digit numbers, and
// invalid dates, from being taken as time.
func parseGenesisPeriod(s string) (string, bool) {
	year := func(y string) bool {
		n, err := strconv.Atoi(y)
		return err == nil && isDigits(y) && n >= 1800 && n <= 2199
	}
	switch {
	case len(s) == 4 && year(s):
		return s, true
	case len(s) == 10 && s[2] == '.' && s[5] == '.' && isDigits(s[:2]) && isDigits(s[3:5]) && year(s[6:]):
		t, err := time.Parse("02.01.2006", s)
		if err != nil {
			return "", false
		}
		return t.Format(time.DateOnly), true
	}
	return "", false
}

// pow10 holds the powers of ten that float64 represents exactly.
var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// parseGenesisValue reads a value cell: an official symbol (Symbols), or a number with
// a decimal comma and an optional minus: "1234", "7,8", "-14,6". A lone "-" is the
// symbol, never minus zero.
//
// Thousands dots: GENESIS writes none. "1.234,5" is accepted (a German spreadsheet may
// have re-saved the file; with a decimal comma the dot can only group thousands), but
// "1.234" alone is rejected: it could as well be an English 1.234, and guessing wrong
// is off by a factor of 1000 without anyone noticing.
func parseGenesisValue(cell string) (v float64, symbol string, ok bool) {
	s := strings.TrimSpace(cell)
	if _, isSym := Symbols[s]; isSym {
		return 0, s, true
	}
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	intPart, frac, hasComma := strings.Cut(s, ",")
	if hasComma && !isDigits(frac) {
		return 0, "", false
	}
	if strings.Contains(intPart, ".") {
		if !hasComma || !isGroupedDigits(intPart) {
			return 0, "", false
		}
		intPart = strings.ReplaceAll(intPart, ".", "")
	} else if !isDigits(intPart) {
		return 0, "", false
	}
	digits := len(intPart) + len(frac)
	if digits <= 15 { // the mantissa is below 2^53: one exact division, correctly rounded
		var m uint64
		for _, p := range [2]string{intPart, frac} {
			for i := 0; i < len(p); i++ {
				m = m*10 + uint64(p[i]-'0')
			}
		}
		v = float64(m) / pow10[len(frac)]
	} else {
		f, err := strconv.ParseFloat(intPart+"."+frac, 64)
		if err != nil { // out of range: not a number a statistics office writes
			return 0, "", false
		}
		v = f
	}
	if neg {
		v = -v
	}
	return v, "", true
}

// isGroupedDigits checks "1.234" or "12.345.678": 1–3 digits, then groups of three.
func isGroupedDigits(s string) bool {
	groups := strings.Split(s, ".")
	if len(groups[0]) < 1 || len(groups[0]) > 3 || !isDigits(groups[0]) {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 || !isDigits(g) {
			return false
		}
	}
	return true
}

// genesisUnits are the units that GENESIS writes in the unit row or in a title line
// such as "Bevölkerungsstand (Anzahl)". A unit row is recognised by its content, since
// it has no marker of its own; the list is kept explicit, not "any short word": label
// rows such as "Insgesamt;männlich;weiblich" are short words too, and words that are
// counted things as often as units ("Wohnungen", "Betten", "m" for männlich) are left out.
var genesisUnits = map[string]bool{
	"Anzahl": true, "Prozent": true, "%": true, "Promille": true, "‰": true,
	"EUR": true, "Euro": true, "DM": true, "Personen": true, "Jahre": true,
	"Monate": true, "Tage": true, "Stunden": true, "Std.": true, "Index": true,
	"Punkte": true, "Prozentpunkte": true, "qkm": true, "km²": true, "ha": true,
	"qm": true, "m²": true, "m³": true, "km": true, "t": true, "Tonnen": true,
	"kg": true, "dt": true, "Stück": true, "kWh": true, "MWh": true, "GWh": true,
	"TJ": true, "Tsd.": true, "Mill.": true,
}

// genesisUnitScales may stand before a unit: "Tsd. EUR", "1000 EUR", "Mill. EUR".
var genesisUnitScales = []string{"Tsd.", "Tsd", "1000", "1 000", "1.000", "Mill.", "Mio.", "Mio", "Mrd.", "Mrd"}

// isGenesisUnit recognises a unit: a listed unit, optionally scaled ("Tsd. EUR"), and
// optionally per something ("EUR je Einwohner", "Einwohner je qkm", "dt/ha").
func isGenesisUnit(s string) bool {
	s = strings.TrimSpace(s)
	per := false
	for _, sep := range []string{" je ", " pro ", "/"} {
		if head, tail, ok := strings.Cut(s, sep); ok && strings.TrimSpace(tail) != "" {
			s, per = strings.TrimSpace(head), true
			break
		}
	}
	if genesisUnits[s] || per && (s == "Einwohner" || s == "Einw.") {
		return true
	}
	for _, scale := range genesisUnitScales {
		if rest, ok := strings.CutPrefix(s, scale+" "); ok && genesisUnits[strings.TrimSpace(rest)] {
			return true
		}
	}
	return false
}

// genesisTimeWords name the time dimension in a header row directly above the row of
// years or dates ("Stichtag;Stichtag;..."); such a row labels no series.
var genesisTimeWords = map[string]bool{
	"Stichtag": true, "Stichtage": true, "Jahr": true, "Jahre": true, "Berichtsjahr": true,
	"Schuljahr": true, "Zeit": true,
}

// genesisTitleUnit finds the unit that a title line carries at its end, as in
// "Bevölkerungsstand (Anzahl)", and the measure named before it.
func genesisTitleUnit(title []string) (unit, measure string) {
	for _, t := range title {
		t = strings.TrimSpace(t)
		if !strings.HasSuffix(t, ")") {
			continue
		}
		i := strings.LastIndex(t, "(")
		if i < 0 {
			continue
		}
		if u := strings.TrimSpace(t[i+1 : len(t)-1]); isGenesisUnit(u) {
			return u, strings.TrimSpace(t[:i])
		}
	}
	return "", ""
}

// looksLikeGenesisData tells a data row from a header row: it has a region key in
// column 1, or a time (or anything) in column 1 and a region key in column 2. Header
// rows leave these columns empty or name them ("Stichtag;Kreise;...").
func looksLikeGenesisData(f []string) bool {
	if len(f) > 0 && isGenesisRegionKey(strings.TrimSpace(f[0])) {
		return true
	}
	return len(f) > 1 && strings.TrimSpace(f[0]) != "" && isGenesisRegionKey(strings.TrimSpace(f[1]))
}
