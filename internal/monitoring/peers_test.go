package monitoring

import (
	"slices"
	"testing"

	"github.com/teilhabe/teilhabe/internal/regions"
)

func TestParsePeerKeys(t *testing.T) {
	keys, bad := ParsePeerKeys(" 08111, dg,,08111 ,8111, 081110000000, Stuttgart")
	if !slices.Equal(keys, []string{"08111", "DG", "081110000000"}) || !slices.Equal(bad, []string{"8111", "Stuttgart"}) {
		t.Errorf("keys %v, bad %v", keys, bad)
	}
	if keys, bad := ParsePeerKeys(" , "); keys != nil || bad != nil {
		t.Errorf("blank: %v %v", keys, bad)
	}
}

func TestNetworkKreise(t *testing.T) {
	// Gemeinden count with their Kreis; Länder and the Bund are columns of their own.
	got := NetworkKreise([]string{"08118016", "08111000", "08111", "DG", "08", "081", "09162"})
	if !slices.Equal(got, []string{"08111", "08118", "09162"}) {
		t.Errorf("Kreise %v", got)
	}
}

func TestColumnRegions(t *testing.T) {
	bund := regions.Region{Key: "DG", Level: regions.LevelBund}
	land := regions.Region{Key: "08", Level: regions.LevelLand}
	rb := regions.Region{Key: "081", Level: regions.LevelRegierungsbezirk}
	kreis := regions.Region{Key: "08118", Level: regions.LevelKreis, Kind: "Landkreis"}
	gv := regions.Region{Key: "081185001", Level: regions.LevelGemeindeverband}
	gemeinde := regions.Region{Key: "08118016", Level: regions.LevelGemeinde}
	chain := []regions.Region{bund, land, rb, kreis, gv, gemeinde}
	regs, roles := ColumnRegions(gemeinde, chain)
	if len(regs) != 3 || regs[0].Key != "08118016" || regs[1].Key != "08" || regs[2].Key != "DG" ||
		!slices.Equal(roles, []ColumnRole{RoleRegion, RoleLand, RoleBund}) {
		t.Errorf("Gemeinde: %v %v", regs, roles)
	}
	if regs, _ := ColumnRegions(land, chain[:2]); len(regs) != 2 || regs[1].Key != "DG" {
		t.Errorf("a Land is not its own Land: %v", regs)
	}
	if regs, _ := ColumnRegions(bund, chain[:1]); len(regs) != 1 {
		t.Errorf("the Bund alone: %v", regs)
	}
	if k, ok := KreisOf(gemeinde, chain); !ok || k.Kind != "Landkreis" {
		t.Errorf("Kreis of the Gemeinde: %v %v", k, ok)
	}
	if _, ok := KreisOf(land, chain[:2]); ok {
		t.Error("a Land lies in no Kreis")
	}
}

func TestPeerColumns(t *testing.T) {
	members := func(keys ...string) []regions.Region {
		var out []regions.Region
		for _, k := range keys {
			out = append(out, regions.Region{Key: k, Name: "Name " + k, Level: regions.LevelKreis})
		}
		return out
	}
	values := map[string]map[string]Cell{
		"a": {"2019": {Value: 1}, "2020": {Value: 4}},
		"b": {"2019": {Value: 3}, "2020": {Symbol: "."}},
		"c": {"2019": {Value: 10}},
		"d": {"2019": {Value: 2}},
	}
	if cols := PeerColumns(PeerGroup{}, values); cols != nil {
		t.Errorf("no group: %v", cols)
	}
	// A median leaves out the special signs and counts who had a number.
	cols := PeerColumns(PeerGroup{Choice: PeersKind, Kind: "Stadtkreis", Members: members("a", "b", "c", "d", "e")}, values)
	if len(cols) != 1 {
		t.Fatalf("%d columns", len(cols))
	}
	m := cols[0]
	if !m.Median() || m.Key != "median:kind" || m.Kind != "Stadtkreis" || m.Size != 5 || m.MedianMessageID() != "monitoring.peers.median.kind" {
		t.Errorf("median column %+v", m)
	}
	if m.Cells["2019"].Value != 2.5 || m.Counts["2019"] != 4 || m.Cells["2020"].Value != 4 || m.Counts["2020"] != 1 {
		t.Errorf("median %v, counts %v", m.Cells, m.Counts)
	}
	// An own selection of up to five: lines, in the members' order.
	cols = PeerColumns(PeerGroup{Choice: PeersCustom, Members: members("c", "a")}, values)
	if len(cols) != 2 || cols[0].Key != "c" || cols[0].Role != RolePeer || cols[1].Cells["2020"].Value != 4 {
		t.Errorf("lines %+v", cols)
	}
	// An empty group still shows its (empty) median.
	cols = PeerColumns(PeerGroup{Choice: PeersNetwork}, values)
	if len(cols) != 1 || cols[0].Size != 0 || len(cols[0].Cells) != 0 {
		t.Errorf("empty group %+v", cols)
	}
	if Median([]float64{3, 1, 2}) != 2 || Median([]float64{4, 1, 3, 2}) != 2.5 {
		t.Error("Median")
	}
	if got := SeriesYears([]SeriesColumn{{Cells: map[string]Cell{"2020": {}}}, {Cells: map[string]Cell{"2008": {}, "2020": {}}}}); !slices.Equal(got, []string{"2008", "2020"}) {
		t.Errorf("years %v", got)
	}
}

func TestGroupByActionField(t *testing.T) {
	groups := GroupByActionField([]Indicator{{Code: "A", ActionField: "arbeit"}, {Code: "B", ActionField: "bildung"}, {Code: "C", ActionField: "arbeit"}, {Code: "X", ActionField: "unbekannt"}})
	if len(groups) != 2 || groups[0].Field != "bildung" || groups[1].Field != "arbeit" || len(groups[1].Indicators) != 2 {
		t.Errorf("groups %+v", groups)
	}
}
