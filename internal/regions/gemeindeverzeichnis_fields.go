package regions

import (
	"slices"
	"strings"
)

// fields checks the columns of one record against its Satzart and builds the
// region with its own figures; parents and sums come later.
func (p *gvParser) fields(code string, sa *satzart, f *[numCols]string) (Region, gvRow, error) {
	var reg Region
	var row gvRow
	var part [len(keyParts)]string
	for i, w := range sa.widths {
		c := colLand + i
		v := strings.TrimSpace(f[c])
		switch {
		case w == 0 && v != "":
			return reg, row, p.failCol(c, "regions.gv.not_allowed", "Value", f[c], "Satzart", code, "Name", sa.name)
		case w > 0 && (len(v) != w || !isDigits(v)):
			return reg, row, p.failCol(c, "regions.gv.key_digits", "Value", f[c], "Count", w)
		}
		part[i] = v
	}
	land, rb, kreis, vb, gem := part[0], part[1], part[2], part[3], part[4]
	if sa.level == LevelRegierungsbezirk && rb == "0" {
		return reg, row, p.failCol(colRB, "regions.gv.rb_zero")
	}

	tk := strings.TrimSpace(f[colTextkennzeichen])
	reg.Kind = sa.kind
	if sa.kinds == nil {
		if tk != "" {
			return reg, row, p.failCol(colTextkennzeichen, "regions.gv.not_allowed", "Value", f[colTextkennzeichen], "Satzart", code, "Name", sa.name)
		}
	} else if reg.Kind = sa.kinds[tk]; reg.Kind == "" {
		codes := make([]string, 0, len(sa.kinds))
		for k := range sa.kinds {
			codes = append(codes, k)
		}
		slices.Sort(codes)
		return reg, row, p.failCol(colTextkennzeichen, "regions.gv.textkennzeichen",
			"Value", f[colTextkennzeichen], "Satzart", code, "Name", sa.name, "Allowed", strings.Join(codes, ", "))
	}

	if reg.Name = strings.TrimSpace(f[colName]); reg.Name == "" {
		return reg, row, p.failCol(colName, "regions.gv.name_missing")
	}

	reg.Level = sa.level
	switch sa.level {
	case LevelLand:
		reg.Key, reg.ParentKey = land, KeyBund
	case LevelRegierungsbezirk:
		reg.Key, reg.ParentKey, row.parentCol = land+rb, land, "land"
	case LevelKreis:
		reg.Key, reg.ParentKey, row.parentCol = land+rb+kreis, land+rb, "rb"
		if rb == "0" { // the Land has no Regierungsbezirke
			reg.ParentKey, row.parentCol = land, "land"
		}
	case LevelGemeindeverband:
		reg.Key, reg.ParentKey, row.parentCol = land+rb+kreis+vb, land+rb+kreis, "kreis"
		if kreis == "00" {
			// Kreis 00 is "no Kreis". Berlin and Hamburg have a Kreis record 00 all
			// the same, but the coastal waters (13000999) and the German-Luxembourg
			// condominium (07000999) hang directly below their Land.
			row.orParent = land
			if rb != "0" {
				row.orParent = land + rb
			}
		}
	case LevelGemeinde:
		reg.Key, reg.ParentKey, row.parentCol = land+rb+kreis+gem, land+rb+kreis+vb, "vb"
		reg.ARS = land + rb + kreis + vb + gem
		if err := p.figures(&reg, &row, f); err != nil {
			return reg, row, err
		}
	}
	if reg.ARS == "" {
		reg.ARS = reg.Key
	}
	return reg, row, nil
}

// figures reads area, population and postcode, which only Gemeinde rows carry.
func (p *gvParser) figures(reg *Region, row *gvRow, f *[numCols]string) error {
	var ok bool
	if row.area, ok = parseArea(f[colFlaeche]); !ok {
		return p.failCol(colFlaeche, "regions.gv.area", "Value", f[colFlaeche])
	}
	for _, c := range []struct {
		col int
		n   *int64
	}{{colBevoelkerung, &reg.Population}, {colMaennlich, &reg.PopulationMale}, {colWeiblich, &reg.PopulationFemale}} {
		if *c.n, ok = parseCount(f[c.col]); !ok {
			return p.failCol(c.col, "regions.gv.number", "Value", f[c.col])
		}
	}
	if reg.PopulationMale+reg.PopulationFemale != reg.Population {
		return p.failCol(colBevoelkerung, "regions.gv.population_sum",
			"Population", reg.Population, "Male", reg.PopulationMale, "Female", reg.PopulationFemale)
	}
	reg.Postcode = strings.TrimSpace(f[colPostleitzahl])
	if reg.Postcode != "" && (len(reg.Postcode) != 5 || !isDigits(reg.Postcode)) {
		return p.failCol(colPostleitzahl, "regions.gv.postcode", "Value", f[colPostleitzahl])
	}
	return nil
}

// parseCount reads a non-negative whole number as Destatis prints it, with
// spaces as thousand separators (" 90 164"). Separators must sit every three
// digits, so that two numbers run together ("12 5") are not read as one.
func parseCount(s string) (int64, bool) {
	groups := strings.Split(strings.TrimSpace(s), " ")
	var n int64
	ndigits := 0
	for i, g := range groups {
		if !isDigits(g) || len(groups) > 1 && (i == 0 && len(g) > 3 || i > 0 && len(g) != 3) {
			return 0, false
		}
		if ndigits += len(g); ndigits > 15 { // far beyond any population, safely below overflow
			return 0, false
		}
		for _, d := range []byte(g) {
			n = n*10 + int64(d-'0')
		}
	}
	return n, true
}

// parseArea reads km² with a decimal point and at most two decimals, as the
// source has them, and returns hundredths of a km².
func parseArea(s string) (int64, bool) {
	whole, frac, hasPoint := strings.Cut(strings.TrimSpace(s), ".")
	n, ok := parseCount(whole)
	if !ok || hasPoint && (len(frac) < 1 || len(frac) > 2 || !isDigits(frac)) {
		return 0, false
	}
	frac += "00"[len(frac):]
	return n*100 + int64(frac[0]-'0')*10 + int64(frac[1]-'0'), true
}
