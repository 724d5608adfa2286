package web

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Peer groups the time series can be compared with, beside Land and Bund.
const (
	peersNone    = ""
	peersKind    = "kind"    // Kreise of the same kind as the region's Kreis
	peersNetwork = "network" // regions of the members of the Qualitätszirkel
	peersCustom  = "custom"  // keys the user lists
)

// maxOwnColumns is how many regions of an own selection are shown each as a line;
// more are summarised by their median.
const maxOwnColumns = 5

// maxPeerKeys bounds an own selection, so that a URL cannot ask for the whole country key by key.
const maxPeerKeys = 500

// medianIDs names the message of each group's median column.
var medianIDs = map[string]string{
	peersKind:    "monitoring.peers.median.kind",
	peersNetwork: "monitoring.peers.median.network",
	peersCustom:  "monitoring.peers.median.custom",
}

type translator interface{ T(string, ...any) string }

// peerGroup is the chosen comparison group and its members.
type peerGroup struct {
	Choice   string // the group shown; none after bad input
	Selected string // the group chosen in the form, to refill it
	Kind     string // the Kreis kind of the region, "" when it has no Kreis (Bund, Land)
	Label    string // e.g. "Kreise gleichen Typs (Stadtkreis)"
	Members  []regions.Region
}

// kreisOf returns the Kreis the region is or lies in.
func kreisOf(ctx context.Context, s Store, reg regions.Region) (regions.Region, bool, error) {
	if reg.Level == regions.LevelKreis {
		return reg, true, nil
	}
	chain, err := s.RegionAncestors(ctx, reg.Key)
	if err != nil {
		return regions.Region{}, false, err
	}
	for _, c := range chain {
		if c.Level == regions.LevelKreis {
			return c, true, nil
		}
	}
	return regions.Region{}, false, nil
}

// loadPeers resolves the peer choice to regions. Bad input becomes field errors.
func loadPeers(ctx context.Context, s Store, l translator, reg regions.Region, choice, keysInput string) (peerGroup, []teilhabe.FieldError, error) {
	choice = strings.TrimSpace(choice)
	if choice == peersNone && strings.TrimSpace(keysInput) != "" {
		choice = peersCustom // a list typed without choosing the group still means it
	}
	g := peerGroup{Choice: choice, Selected: choice}
	kreis, ok, err := kreisOf(ctx, s, reg)
	if err != nil {
		return g, nil, err
	}
	if ok {
		g.Kind = kreis.Kind
	}
	switch choice {
	case peersNone:
		return g, nil, nil
	case peersKind:
		if g.Kind == "" {
			g.Choice = peersNone
			return g, []teilhabe.FieldError{{Field: "peers", Code: "invalid",
				Message: "„" + reg.Name + "“ liegt in keinem Kreis; Kreise gleichen Typs gibt es nur für Kreise und Gemeinden."}}, nil
		}
		g.Label = l.T("monitoring.peers.kind.label", "Kind", g.Kind)
		g.Members, err = s.RegionsOfKind(ctx, regions.LevelKreis, g.Kind)
		return g, nil, err
	case peersNetwork:
		keys, err := s.NetworkRegions(ctx)
		if err != nil {
			return g, nil, err
		}
		// The statistics reach down to the Kreise: a member in a Gemeinde counts with
		// its Kreis; the Land and the Bund are already columns of their own.
		var kreise []string
		for _, k := range keys {
			if len(k) >= 5 && k != regions.KeyBund {
				kreise = append(kreise, k[:5])
			}
		}
		slices.Sort(kreise)
		g.Label = l.T("monitoring.peers.network")
		g.Members, err = s.RegionsByKeys(ctx, slices.Compact(kreise))
		return g, nil, err
	case peersCustom:
		var keys, bad []string
		for _, part := range strings.Split(keysInput, ",") {
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
		field := func(msg string) []teilhabe.FieldError {
			return []teilhabe.FieldError{{Field: "peer_keys", Code: "invalid", Message: msg}}
		}
		if len(bad) > 0 {
			return peerGroup{Selected: choice, Kind: g.Kind}, field("Kein Regionalschlüssel: „" + strings.Join(bad, "“, „") + "“. Schlüssel haben 2, 3, 5, 8, 9 oder 12 Ziffern, DG steht für Deutschland."), nil
		}
		if len(keys) == 0 {
			return peerGroup{Selected: choice, Kind: g.Kind}, field("Bitte mindestens einen Regionalschlüssel angeben, durch Kommas getrennt (z. B. 08111, 08118)."), nil
		}
		if len(keys) > maxPeerKeys {
			return peerGroup{Selected: choice, Kind: g.Kind}, field(fmt.Sprintf("Höchstens %d Gebiete, bitte die Auswahl verkleinern.", maxPeerKeys)), nil
		}
		found, err := s.RegionsByKeys(ctx, keys)
		if err != nil {
			return g, nil, err
		}
		var unknown []string
		for _, k := range keys {
			if !slices.ContainsFunc(found, func(r regions.Region) bool { return r.Key == k }) {
				unknown = append(unknown, k)
			}
		}
		if len(unknown) > 0 {
			return peerGroup{Selected: choice, Kind: g.Kind}, field("Unbekannte Regionalschlüssel: " + strings.Join(unknown, ", ") + "."), nil
		}
		// Keep the order the user typed them in.
		slices.SortStableFunc(found, func(a, b regions.Region) int { return slices.Index(keys, a.Key) - slices.Index(keys, b.Key) })
		g.Label = l.T("monitoring.peers.custom")
		g.Members = found
		return g, nil, nil
	default:
		return peerGroup{Kind: g.Kind}, []teilhabe.FieldError{{Field: "peers", Code: "invalid",
			Message: "Unbekannte Vergleichsgruppe „" + choice + "“."}}, nil
	}
}

// peerColumns computes the group's columns: each region of a small own selection,
// otherwise the median per year over the regions with a number.
func peerColumns(ctx context.Context, s Store, l translator, ind monitoring.Indicator, g peerGroup) ([]seriesColumn, error) {
	if g.Choice == peersNone || len(g.Members) == 0 {
		if g.Choice != peersNone {
			return []seriesColumn{{Key: "median:" + g.Choice, Name: l.T(medianIDs[g.Choice], "Kind", g.Kind, "N", 0),
				Median: true, Cells: map[string]monitoring.Cell{}, Counts: map[string]int{}}}, nil
		}
		return nil, nil
	}
	// One query per level holds every member's values.
	byLevel := map[regions.Level]bool{}
	members := map[string]bool{}
	for _, m := range g.Members {
		byLevel[m.Level], members[m.Key] = true, true
	}
	values := map[string]map[string]monitoring.Cell{} // region → year → cell
	for level := range byLevel {
		vals, err := s.IndicatorValues(ctx, ind, store.IndicatorFilter{Level: string(level)})
		if err != nil {
			return nil, err
		}
		for _, v := range vals {
			if !members[v.RegionKey] {
				continue
			}
			if values[v.RegionKey] == nil {
				values[v.RegionKey] = map[string]monitoring.Cell{}
			}
			values[v.RegionKey][monitoring.Year(v.Period)] = v.Cell
		}
	}
	if g.Choice == peersCustom && len(g.Members) <= maxOwnColumns {
		var cols []seriesColumn
		for _, m := range g.Members {
			col := seriesColumn{Key: m.Key, Name: m.Name, Level: m.Level, Cells: map[string]monitoring.Cell{}}
			for y, c := range values[m.Key] {
				col.Cells[y] = c
			}
			cols = append(cols, col)
		}
		return cols, nil
	}
	name := l.T(medianIDs[g.Choice], "Kind", g.Kind, "N", len(g.Members))
	col := seriesColumn{Key: "median:" + g.Choice, Name: name, Median: true, Size: len(g.Members),
		Cells: map[string]monitoring.Cell{}, Counts: map[string]int{}}
	byYear := map[string][]float64{}
	for _, cells := range values {
		for y, c := range cells {
			if c.Symbol == "" {
				byYear[y] = append(byYear[y], c.Value)
			}
		}
	}
	for y, vs := range byYear {
		col.Cells[y] = monitoring.Cell{Value: median(vs)}
		col.Counts[y] = len(vs)
	}
	return []seriesColumn{col}, nil
}

// median of a non-empty list; the list is sorted in place.
func median(vs []float64) float64 {
	slices.Sort(vs)
	n := len(vs)
	if n%2 == 1 {
		return vs[n/2]
	}
	return (vs[n/2-1] + vs[n/2]) / 2
}
