package monitoring

import (
	"math"
	"regexp"
	"slices"
	"strings"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// BaseYear is the comparison year of the monitoring: the last year before the
// pandemic, whose effects the position paper asks to make visible.
const BaseYear = "2019"

// RankItem is one Kreis in the ranking; Rank is 0 for a Kreis without a number.
// Change and FirstEffect are its development since BaseYear (see KreisChanges).
type RankItem struct {
	Rank int
	IndicatorValue
	Change, FirstEffect Change
}

// Rank sorts the Kreise best first: ascending when lower is better, else descending
// (a neutral indicator is simply listed from the highest value). Equal values share a
// rank (1, 2, 2, 4); special signs come last, without a rank.
func Rank(vals []IndicatorValue, better Direction) []RankItem {
	items := make([]RankItem, len(vals))
	for i, v := range vals {
		// Round away float noise first: 8.1 − 5.1 and 6.9 − 3.9 must tie at 3.0.
		v.Value = Round(v.Value, 6)
		items[i] = RankItem{IndicatorValue: v}
	}
	slices.SortStableFunc(items, func(a, b RankItem) int {
		if (a.Symbol == "") != (b.Symbol == "") {
			if a.Symbol == "" {
				return -1
			}
			return 1
		}
		if a.Symbol == "" && a.Value != b.Value {
			less := a.Value < b.Value
			if better != LowerIsBetter {
				less = !less
			}
			if less {
				return -1
			}
			return 1
		}
		return strings.Compare(a.RegionKey, b.RegionKey)
	})
	for i := range items {
		switch {
		case items[i].Symbol != "":
		case i > 0 && items[i-1].Symbol == "" && items[i-1].Value == items[i].Value:
			items[i].Rank = items[i-1].Rank
		default:
			items[i].Rank = i + 1
		}
	}
	return items
}

// Round removes float noise (7.3 − 4.1 = 3.1999999999999997) before values are
// compared or leave the server as JSON, CSV or XLSX.
func Round(f float64, prec int) float64 {
	p := math.Pow(10, float64(prec))
	return math.Round(f*p) / p
}

// RankingYears groups the values of the Kreise by year and returns the years in which
// at least one Kreis has a number, ascending: the years a ranking can be shown for.
func RankingYears(vals []IndicatorValue) ([]string, map[string][]IndicatorValue) {
	byYear := map[string][]IndicatorValue{}
	for _, v := range vals {
		y := Year(v.Period)
		byYear[y] = append(byYear[y], v)
	}
	var years []string
	for y, vs := range byYear {
		if slices.ContainsFunc(vs, func(v IndicatorValue) bool { return v.Symbol == "" }) {
			years = append(years, y)
		}
	}
	slices.Sort(years)
	return years, byYear
}

var yearPattern = regexp.MustCompile(`^[12][0-9]{3}$`)

// ChooseYear picks the ranking's year from input: the latest of years (ascending) when
// input is empty, input when it is one of them. Anything else falls back to the latest
// year and is reported as a field error that says which years there are.
func ChooseYear(input string, years []string) (string, *teilhabe.FieldError) {
	latest := ""
	if len(years) > 0 {
		latest = years[len(years)-1]
	}
	if input == "" {
		return latest, nil
	}
	if yearPattern.MatchString(input) && slices.Contains(years, input) {
		return input, nil
	}
	first := ""
	if latest != "" {
		first = years[0]
	}
	args := []any{"Value", input, "First", first, "Last", latest}
	f := teilhabe.FieldMsg("year", "invalid", "monitoring.fielderror.year.format", args...)
	if yearPattern.MatchString(input) {
		f = teilhabe.FieldMsg("year", "invalid", "monitoring.fielderror.year.none", args...)
	}
	return latest, &f
}
