package monitoring

import "slices"

// FirstEffectYear is the first year of the pandemic: the change from BaseYear to it is
// the pandemic's first effect, beside the change to the latest year.
const FirstEffectYear = "2020"

// Verdicts of a change: better, worse or the same, and for a neutral indicator up or
// down. Each is the message "monitoring.verdict.<verdict>".
const (
	VerdictBetter = "better"
	VerdictWorse  = "worse"
	VerdictSame   = "same"
	VerdictUp     = "up"
	VerdictDown   = "down"
)

// Change is the development of one region from BaseYear to a later year with a
// number: its latest (ChangeOf) or FirstEffectYear (FirstEffectOf).
type Change struct {
	Has        bool // a number in BaseYear and in the later year
	From, To   float64
	LatestYear string // the later year
	Diff       float64
	Verdict    string
}

// ChangeOf is the change of one column since BaseYear: to the latest of years (sorted)
// in which the column has a number, not merely an observation.
func ChangeOf(col SeriesColumn, years []string, better Direction) Change {
	for i := len(years) - 1; i >= 0 && years[i] > BaseYear; i-- {
		if c := changeTo(col.Cells, years[i], better); c.Has {
			return c
		}
	}
	return Change{}
}

// FirstEffectOf is the change of one column from BaseYear to FirstEffectYear; without
// a number in both years it has none (a secret 2020 is not skipped for 2021).
func FirstEffectOf(col SeriesColumn, better Direction) Change {
	return changeTo(col.Cells, FirstEffectYear, better)
}

// changeTo compares the numbers of BaseYear and year, judged by the direction.
func changeTo(cells map[string]Cell, year string, better Direction) Change {
	base, ok := cells[BaseYear]
	to, ok2 := cells[year]
	if !ok || !ok2 || base.Symbol != "" || to.Symbol != "" {
		return Change{}
	}
	c := Change{Has: true, From: base.Value, To: to.Value, LatestYear: year, Diff: Round(to.Value-base.Value, 6)}
	switch {
	case c.Diff == 0:
		c.Verdict = VerdictSame
	case better == Neutral && c.Diff > 0:
		c.Verdict = VerdictUp
	case better == Neutral:
		c.Verdict = VerdictDown
	case (c.Diff < 0) == (better == LowerIsBetter):
		c.Verdict = VerdictBetter
	default:
		c.Verdict = VerdictWorse
	}
	return c
}

// KreisChanges fills in each ranked Kreis' change since BaseYear to its latest year
// with a number and to FirstEffectYear, from all of the Kreise's values (every year).
func KreisChanges(items []RankItem, all []IndicatorValue, better Direction) {
	cells := map[string]map[string]Cell{}
	var years []string
	for _, v := range all {
		if cells[v.RegionKey] == nil {
			cells[v.RegionKey] = map[string]Cell{}
		}
		y := Year(v.Period)
		cells[v.RegionKey][y] = v.Cell
		years = append(years, y)
	}
	years = sortedUnique(years)
	for i := range items {
		col := SeriesColumn{Cells: cells[items[i].RegionKey]}
		items[i].Change = ChangeOf(col, years, better)
		items[i].FirstEffect = FirstEffectOf(col, better)
	}
}

func sortedUnique(list []string) []string {
	slices.Sort(list)
	return slices.Compact(list)
}
