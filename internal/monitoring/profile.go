package monitoring

import (
	"cmp"
	"context"
	"slices"

	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// RegionTrend is one indicator's development in one region: its values by year and
// the changes since BaseYear, to the latest year and to FirstEffectYear.
type RegionTrend struct {
	Indicator   Indicator
	Cells       map[string]Cell // by year
	LatestYear  string          // the latest year with an observation
	Change      Change
	FirstEffect Change
}

// Has reports whether the table has an observation for year (a number or a sign).
func (t RegionTrend) Has(year string) bool {
	_, ok := t.Cells[year]
	return ok
}

// RegionProfile is the indicators of a region's page: how each developed before and
// after the pandemic.
type RegionProfile struct {
	Region regions.Region // the region asked for
	// Of is the region the figures are of: Region itself, or for a region below the
	// Kreise (a Gemeinde) its Kreis, the finest level of the official tables.
	Of              regions.Region
	BaseYear        string
	FirstEffectYear string
	// Trends are the indicators with an observation for Of: those with a number in
	// BaseYear first (the comparison the page is for), each part in catalogue order.
	Trends []RegionTrend
}

// RegionTrends returns, for a region's page, every indicator with values for the
// region (a Gemeinde's Kreis), its values in BaseYear, FirstEffectYear and the
// latest year, and the changes between them, judged by the indicator's direction.
// Errors: ENOTFOUND (no such region).
func (s *Service) RegionTrends(ctx context.Context, key string) (RegionProfile, error) {
	p := RegionProfile{BaseYear: BaseYear, FirstEffectYear: FirstEffectYear}
	var err error
	if p.Region, err = s.store.Region(ctx, key); err != nil {
		if teilhabe.ErrorCode(err) == teilhabe.ENOTFOUND {
			return p, teilhabe.E(teilhabe.ENOTFOUND, "regions.error.not_found", "Key", key)
		}
		return p, err
	}
	p.Of = p.Region
	if p.Region.Level.Rank() > regions.LevelKreis.Rank() {
		chain, err := s.store.RegionAncestors(ctx, p.Region.Key)
		if err != nil {
			return p, err
		}
		if kreis, ok := KreisOf(p.Region, chain); ok {
			p.Of = kreis
		}
	}
	inds, err := s.store.Indicators(ctx)
	if err != nil {
		return p, err
	}
	for _, g := range GroupByActionField(inds) {
		for _, ind := range g.Indicators {
			vals, err := s.store.IndicatorValues(ctx, ind, IndicatorFilter{Region: p.Of.Key})
			if err != nil {
				return p, err
			}
			if len(vals) == 0 {
				continue
			}
			col := RegionColumn(p.Of, RoleRegion, vals)
			years := SeriesYears([]SeriesColumn{col})
			p.Trends = append(p.Trends, RegionTrend{Indicator: ind, Cells: col.Cells, LatestYear: years[len(years)-1],
				Change: ChangeOf(col, years, ind.Better), FirstEffect: FirstEffectOf(col, ind.Better)})
		}
	}
	slices.SortStableFunc(p.Trends, func(a, b RegionTrend) int {
		return cmp.Compare(a.rankBase(p.BaseYear), b.rankBase(p.BaseYear))
	})
	return p, nil
}

// rankBase is 0 for a trend with a number in year, else 1.
func (t RegionTrend) rankBase(year string) int {
	if c, ok := t.Cells[year]; ok && c.Symbol == "" {
		return 0
	}
	return 1
}
