package monitoring

import (
	"slices"
	"strings"

	"github.com/teilhabe/teilhabe/internal/regions"
)

// The time series of one indicator puts a region beside its Land and the Bund, and
// beside a peer group: the Kreise of the same type, the members of the
// Qualitätszirkel, or regions the reader lists. A small own selection is shown region
// by region; any other group as its median per year.

// ColumnRole says what a column of the time series is.
type ColumnRole string

const (
	RoleRegion ColumnRole = "region" // the chosen region
	RoleLand   ColumnRole = "land"   // its Land
	RoleBund   ColumnRole = "bund"   // Deutschland
	RolePeer   ColumnRole = "peer"   // one region of a small own selection
	RoleMedian ColumnRole = "median" // a peer group's median
)

// SeriesColumn is one line of the time series: a region, or a peer group's median,
// and its value per year.
type SeriesColumn struct {
	Key   string // the region key; "median:<group>" for a median
	Name  string // the region's name; "" for a median, see MedianMessageID
	Level regions.Level
	Role  ColumnRole
	Cells map[string]Cell // by year
	// Group is the peer group of a median, Kind its Kreis type (kind only) and Size
	// its number of regions; Counts says how many of them had a number in each year.
	Group  PeerChoice
	Kind   string
	Size   int
	Counts map[string]int
}

// Median reports whether the column is a peer group's median.
func (c SeriesColumn) Median() bool { return c.Role == RoleMedian }

// MedianMessageID names the message that names a median column, with the arguments
// Kind (the Kreis type) and N (the group's size).
func (c SeriesColumn) MedianMessageID() string { return "monitoring.peers.median." + string(c.Group) }

// TimeSeries is the columns year by year; Years holds every year any column has.
type TimeSeries struct {
	Years   []string
	Columns []SeriesColumn
}

// PeerChoice is a peer group a reader can choose.
type PeerChoice string

const (
	PeersNone    PeerChoice = ""
	PeersKind    PeerChoice = "kind"    // Kreise of the same kind as the region's Kreis
	PeersNetwork PeerChoice = "network" // regions of the members of the Qualitätszirkel
	PeersCustom  PeerChoice = "custom"  // keys the reader lists
)

// MaxOwnColumns is how many regions of an own selection are shown each as a line;
// more are summarised by their median.
const MaxOwnColumns = 5

// MaxPeerKeys bounds an own selection, so that a URL cannot ask for the whole
// country key by key.
const MaxPeerKeys = 500

// PeerGroup is the chosen comparison group and its members.
type PeerGroup struct {
	Choice   PeerChoice // the group shown; PeersNone after bad input
	Selected PeerChoice // the group chosen, to refill a form
	Kind     string     // the Kreis kind of the region, "" when it has no Kreis (Bund, Land)
	Members  []regions.Region
}

// ColumnRegions returns the regions whose series stand beside each other, with their
// roles: the region, then its Land and the Bund from chain (the region's ancestors
// from the Bund down), skipping the levels in between (Regierungsbezirk) and the
// region itself (a Land chosen is not its own Land).
func ColumnRegions(reg regions.Region, chain []regions.Region) ([]regions.Region, []ColumnRole) {
	regs, roles := []regions.Region{reg}, []ColumnRole{RoleRegion}
	for i := len(chain) - 1; i >= 0; i-- { // nearest ancestor first: Land before Bund
		c := chain[i]
		if c.Key == reg.Key {
			continue
		}
		switch c.Level {
		case regions.LevelLand:
			regs, roles = append(regs, c), append(roles, RoleLand)
		case regions.LevelBund:
			regs, roles = append(regs, c), append(roles, RoleBund)
		}
	}
	return regs, roles
}

// KreisOf returns the Kreis that reg is or lies in, from its ancestors.
func KreisOf(reg regions.Region, chain []regions.Region) (regions.Region, bool) {
	if reg.Level == regions.LevelKreis {
		return reg, true
	}
	for _, c := range chain {
		if c.Level == regions.LevelKreis {
			return c, true
		}
	}
	return regions.Region{}, false
}

// RegionColumn is the column of one region from its values.
func RegionColumn(reg regions.Region, role ColumnRole, vals []IndicatorValue) SeriesColumn {
	col := SeriesColumn{Key: reg.Key, Name: reg.Name, Level: reg.Level, Role: role, Cells: map[string]Cell{}}
	for _, v := range vals {
		col.Cells[Year(v.Period)] = v.Cell
	}
	return col
}

// ParsePeerKeys splits an own selection typed as comma-separated keys: the keys,
// normalised, in the order typed and without repeats, and the parts that are no key.
func ParsePeerKeys(input string) (keys, bad []string) {
	for _, part := range strings.Split(input, ",") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		k, ok := regions.NormalizeKey(part)
		if !ok {
			bad = append(bad, strings.TrimSpace(part))
			continue
		}
		if !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	return keys, bad
}

// NetworkKreise reduces the regions of the network's members to Kreise: the
// statistics reach down to the Kreise, so a member in a Gemeinde counts with its
// Kreis; the Land and the Bund are columns of their own. Sorted, without repeats.
func NetworkKreise(keys []string) []string {
	var kreise []string
	for _, k := range keys {
		if len(k) >= 5 && k != regions.KeyBund {
			kreise = append(kreise, k[:5])
		}
	}
	slices.Sort(kreise)
	return slices.Compact(kreise)
}

// PeerColumns computes the group's columns from its members' values (region key →
// year → cell): each region of an own selection of at most MaxOwnColumns, otherwise
// the median per year over the members with a number that year. A group without
// members still has its (empty) median column, so that the reader sees it is empty.
func PeerColumns(g PeerGroup, values map[string]map[string]Cell) []SeriesColumn {
	if g.Choice == PeersNone {
		return nil
	}
	if g.Choice == PeersCustom && len(g.Members) > 0 && len(g.Members) <= MaxOwnColumns {
		var cols []SeriesColumn
		for _, m := range g.Members {
			col := SeriesColumn{Key: m.Key, Name: m.Name, Level: m.Level, Role: RolePeer, Cells: map[string]Cell{}}
			for y, c := range values[m.Key] {
				col.Cells[y] = c
			}
			cols = append(cols, col)
		}
		return cols
	}
	col := SeriesColumn{Key: "median:" + string(g.Choice), Role: RoleMedian, Group: g.Choice, Kind: g.Kind, Size: len(g.Members),
		Cells: map[string]Cell{}, Counts: map[string]int{}}
	byYear := map[string][]float64{}
	for _, m := range g.Members {
		for y, c := range values[m.Key] {
			if c.Symbol == "" {
				byYear[y] = append(byYear[y], c.Value)
			}
		}
	}
	for y, vs := range byYear {
		col.Cells[y] = Cell{Value: Median(vs)}
		col.Counts[y] = len(vs)
	}
	return []SeriesColumn{col}
}

// Median of a non-empty list; the list is sorted in place.
func Median(vs []float64) float64 {
	slices.Sort(vs)
	n := len(vs)
	if n%2 == 1 {
		return vs[n/2]
	}
	return (vs[n/2-1] + vs[n/2]) / 2
}

// SeriesYears returns every year any column has, ascending.
func SeriesYears(cols []SeriesColumn) []string {
	var years []string
	for _, c := range cols {
		for y := range c.Cells {
			if !slices.Contains(years, y) {
				years = append(years, y)
			}
		}
	}
	slices.Sort(years)
	return years
}
