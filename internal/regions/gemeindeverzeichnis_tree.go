package regions

import (
	"cmp"
	"slices"
	"time"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// parentLabel names the parent of a record by the key column that identifies it.
var parentLabel = map[string]teilhabe.Msg{
	"land":  teilhabe.Msg("regions.gv.parent.land"),
	"rb":    teilhabe.Msg("regions.gv.parent.rb"),
	"kreis": teilhabe.Msg("regions.gv.parent.kreis"),
	"vb":    teilhabe.Msg("regions.gv.parent.vb"),
}

// finish checks that every parent exists, adds the Bund, sums area and
// population bottom-up and sorts.
func (p *gvParser) finish(asOf time.Time) ([]Region, error) {
	n := len(p.regions)
	p.keys[KeyBund] = n
	p.regions = append(p.regions, Region{Key: KeyBund, ARS: ARSBund, Name: "Deutschland", Level: LevelBund, Kind: "Bund"})
	p.rows = append(p.rows, gvRow{})
	parent := make([]int, n+1)
	parent[n] = -1
	for i := range n { // in file order, so the first missing parent is the earliest line
		row := p.rows[i]
		j, ok := p.keys[p.regions[i].ParentKey]
		if !ok && row.orParent != "" {
			if j, ok = p.keys[row.orParent]; ok {
				p.regions[i].ParentKey = row.orParent
			}
		}
		if !ok {
			return nil, p.fail(row.line, row.parentCol, "regions.gv.no_parent", "Parent", parentLabel[row.parentCol], "Key", p.regions[i].ParentKey)
		}
		parent[i] = j
	}
	for i := range n {
		g := &p.regions[i]
		if g.Level != LevelGemeinde {
			continue
		}
		for j := parent[i]; j >= 0; j = parent[j] {
			p.rows[j].area += p.rows[i].area
			p.regions[j].Population += g.Population
			p.regions[j].PopulationMale += g.PopulationMale
			p.regions[j].PopulationFemale += g.PopulationFemale
		}
	}
	for i := range p.regions {
		// Summing hundredths as integers keeps Germany at 357580.73 km², not
		// 357580.73000000074.
		p.regions[i].AreaKm2 = float64(p.rows[i].area) / 100
		p.regions[i].PopulationDate = asOf
		p.regions[i].ValidFrom = asOf
	}
	// Sort indices: moving the 200-byte structs around costs more than the compares.
	order := make([]int32, len(p.regions))
	rank := make([]int8, len(p.regions))
	for i := range order {
		order[i], rank[i] = int32(i), int8(p.regions[i].Level.Rank())
	}
	slices.SortFunc(order, func(a, b int32) int {
		return cmp.Or(cmp.Compare(rank[a], rank[b]), cmp.Compare(p.regions[a].Key, p.regions[b].Key))
	})
	sorted := make([]Region, len(order))
	for i, j := range order {
		sorted[i] = p.regions[j]
	}
	return sorted, nil
}
