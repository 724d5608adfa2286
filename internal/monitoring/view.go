package monitoring

import (
	"context"
	"slices"
	"strings"

	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// SeriesQuery is what a reader chose for an indicator's time series, as typed.
type SeriesQuery struct {
	Region   string // a key ("08111", "DG") or the beginning of a name; "" for Deutschland
	Peers    string // "", "kind", "network" or "custom"
	PeerKeys string // the own selection: keys separated by commas; implies "custom"
}

// SeriesView is an indicator's time series for one region: the region beside its
// Land and the Bund and its peer group, and each column's change since BaseYear, to
// its latest year and to FirstEffectYear.
type SeriesView struct {
	Indicator       Indicator
	Region          regions.Region
	Series          TimeSeries
	Peers           PeerGroup
	Changes         []Change // per column of Series
	FirstEffects    []Change // per column of Series
	BaseYear        string
	FirstEffectYear string
}

// MonitoringQuery is SeriesQuery and the year of the ranking ("" for the latest).
type MonitoringQuery struct {
	SeriesQuery
	Year string
}

// MonitoringView is the monitoring of one indicator: the time series and the
// ranking of the Kreise in one year.
type MonitoringView struct {
	SeriesView
	Years   []string // years in which a Kreis has a number, ascending
	Year    string   // the year of the ranking; "" while there are no values
	Ranking []RankItem
	// Unlisted are the Kreise of the current Gebietsstand that the table has no row
	// for in Year, by key: they have no value on the map.
	Unlisted []regions.Region
	// Older are the values in Year for Kreis keys that the current Gebietsstand does
	// not know (Kreise dissolved or merged since), by key: neither ranked nor mapped.
	Older []IndicatorValue
}

// Series returns an indicator's time series for a region and a peer group. Bad input
// (an unknown region, a peer group that does not fit, keys that are none) falls back
// to the default (Deutschland, no group) and is reported as an EINVALID error with
// one field error each beside the view, so that a page can show both.
// Errors: ENOTFOUND (no such indicator), EINVALID (with the view).
func (s *Service) Series(ctx context.Context, code string, q SeriesQuery) (SeriesView, error) {
	v, fields, err := s.series(ctx, code, q)
	if err != nil {
		return v, err
	}
	return v, errSelection(fields)
}

// Monitoring returns the monitoring view: Series, and the Kreise ranked for the
// chosen year, best first. A year that is none, or without values of the Kreise,
// falls back to the latest year and is reported like Series' bad input.
// Errors: ENOTFOUND (no such indicator), EINVALID (with the view).
func (s *Service) Monitoring(ctx context.Context, code string, q MonitoringQuery) (MonitoringView, error) {
	sv, fields, err := s.series(ctx, code, q.SeriesQuery)
	v := MonitoringView{SeriesView: sv}
	if err != nil {
		return v, err
	}
	all, err := s.store.IndicatorValues(ctx, v.Indicator, IndicatorFilter{Level: regions.LevelKreis})
	if err != nil {
		return v, err
	}
	years, byYear := RankingYears(all)
	v.Years = years
	year, bad := ChooseYear(strings.TrimSpace(q.Year), years)
	if bad != nil {
		fields = append(fields, *bad)
	}
	v.Year = year
	v.Ranking = Rank(byYear[year], v.Indicator.Better)
	KreisChanges(v.Ranking, all, v.Indicator.Better)
	if year != "" {
		if v.Unlisted, v.Older, err = s.outsideRanking(ctx, v.Indicator, year, v.Ranking); err != nil {
			return v, err
		}
	}
	return v, errSelection(fields)
}

func errSelection(fields []teilhabe.FieldError) error {
	if len(fields) == 0 {
		return nil
	}
	return teilhabe.Invalid("monitoring.error.selection", fields...)
}

// series computes the view and returns bad input as field errors.
func (s *Service) series(ctx context.Context, code string, q SeriesQuery) (SeriesView, []teilhabe.FieldError, error) {
	v := SeriesView{BaseYear: BaseYear, FirstEffectYear: FirstEffectYear}
	var err error
	if v.Indicator, err = s.Indicator(ctx, code); err != nil {
		return v, nil, err
	}
	var fields []teilhabe.FieldError
	input := strings.TrimSpace(q.Region)
	v.Region, err = s.findRegion(ctx, input)
	if teilhabe.ErrorCode(err) == teilhabe.ENOTFOUND {
		fields = append(fields, teilhabe.FieldMsg("region", "not_found", "monitoring.fielderror.region", "Value", input))
		v.Region, err = s.store.Region(ctx, regions.KeyBund)
	}
	if err != nil {
		return v, nil, err
	}
	chain, err := s.store.RegionAncestors(ctx, v.Region.Key)
	if err != nil {
		return v, nil, err
	}
	regs, roles := ColumnRegions(v.Region, chain)
	for i, reg := range regs {
		vals, err := s.store.IndicatorValues(ctx, v.Indicator, IndicatorFilter{Region: reg.Key})
		if err != nil {
			return v, nil, err
		}
		v.Series.Columns = append(v.Series.Columns, RegionColumn(reg, roles[i], vals))
	}
	var bad []teilhabe.FieldError
	if v.Peers, bad, err = s.peerGroup(ctx, v.Region, chain, q); err != nil {
		return v, nil, err
	}
	fields = append(fields, bad...)
	values, err := s.memberValues(ctx, v.Indicator, v.Peers.Members)
	if err != nil {
		return v, nil, err
	}
	v.Series.Columns = append(v.Series.Columns, PeerColumns(v.Peers, values)...)
	v.Series.Years = SeriesYears(v.Series.Columns) // a peer may have years the region has not
	for _, c := range v.Series.Columns {
		v.Changes = append(v.Changes, ChangeOf(c, v.Series.Years, v.Indicator.Better))
		v.FirstEffects = append(v.FirstEffects, FirstEffectOf(c, v.Indicator.Better))
	}
	return v, fields, nil
}

// findRegion accepts a key ("08111", "DG") or, for people who do not know keys, the
// beginning of a name; the best match of the region search wins. "" is Deutschland.
func (s *Service) findRegion(ctx context.Context, input string) (regions.Region, error) {
	if input == "" {
		input = regions.KeyBund
	}
	r, err := s.store.Region(ctx, input)
	if err == nil || teilhabe.ErrorCode(err) != teilhabe.ENOTFOUND {
		return r, err
	}
	found, _, ferr := s.store.FindRegions(ctx, regions.Filter{Query: input, Limit: 1})
	if ferr != nil {
		return r, ferr
	}
	if len(found) == 0 {
		return r, err
	}
	return found[0], nil
}

// peerGroup resolves the reader's peer choice to regions. Bad input becomes field
// errors and no group.
func (s *Service) peerGroup(ctx context.Context, reg regions.Region, chain []regions.Region, q SeriesQuery) (PeerGroup, []teilhabe.FieldError, error) {
	choice := PeerChoice(strings.TrimSpace(q.Peers))
	if choice == PeersNone && strings.TrimSpace(q.PeerKeys) != "" {
		choice = PeersCustom // a list typed without choosing the group still means it
	}
	g := PeerGroup{Choice: choice, Selected: choice}
	if kreis, ok := KreisOf(reg, chain); ok {
		g.Kind = kreis.Kind
	}
	none := PeerGroup{Selected: choice, Kind: g.Kind}
	field := func(f teilhabe.FieldError) (PeerGroup, []teilhabe.FieldError, error) {
		return none, []teilhabe.FieldError{f}, nil
	}
	var err error
	switch choice {
	case PeersNone:
	case PeersKind:
		if g.Kind == "" {
			return field(teilhabe.FieldMsg("peers", "invalid", "monitoring.fielderror.peers.no_kreis", "Region", reg.Name))
		}
		g.Members, err = s.store.RegionsOfKind(ctx, regions.LevelKreis, g.Kind)
	case PeersNetwork:
		var keys []string
		if keys, err = s.store.NetworkRegions(ctx); err == nil {
			g.Members, err = s.store.RegionsByKeys(ctx, NetworkKreise(keys))
		}
	case PeersCustom:
		keys, bad := ParsePeerKeys(q.PeerKeys)
		switch {
		case len(bad) > 0:
			return field(teilhabe.FieldMsg("peer_keys", "invalid", "monitoring.fielderror.peer_keys.malformed", "Keys", bad))
		case len(keys) == 0:
			return field(teilhabe.FieldMsg("peer_keys", "invalid", "monitoring.fielderror.peer_keys.required"))
		case len(keys) > MaxPeerKeys:
			return field(teilhabe.FieldMsg("peer_keys", "invalid", "monitoring.fielderror.peer_keys.too_many", "Max", MaxPeerKeys))
		}
		found, err := s.store.RegionsByKeys(ctx, keys)
		if err != nil {
			return g, nil, err
		}
		byKey := map[string]regions.Region{}
		for _, r := range found {
			byKey[r.Key] = r
		}
		var unknown []string
		for _, k := range keys {
			if r, ok := byKey[k]; ok {
				g.Members = append(g.Members, r) // in the order the reader typed them
			} else {
				unknown = append(unknown, k)
			}
		}
		if len(unknown) > 0 {
			return field(teilhabe.FieldMsg("peer_keys", "invalid", "monitoring.fielderror.peer_keys.unknown", "Keys", strings.Join(unknown, ", ")))
		}
	default:
		none.Selected = PeersNone
		return field(teilhabe.FieldMsg("peers", "invalid", "monitoring.fielderror.peers.unknown", "Value", string(choice)))
	}
	return g, nil, err
}

// memberValues reads the values of the group's members, region key → year → cell:
// one query per level holds every member's values.
func (s *Service) memberValues(ctx context.Context, ind Indicator, members []regions.Region) (map[string]map[string]Cell, error) {
	levels := map[regions.Level]bool{}
	isMember := map[string]bool{}
	for _, m := range members {
		levels[m.Level], isMember[m.Key] = true, true
	}
	values := map[string]map[string]Cell{}
	for level := range levels {
		vals, err := s.store.IndicatorValues(ctx, ind, IndicatorFilter{Level: level})
		if err != nil {
			return nil, err
		}
		for _, v := range vals {
			if !isMember[v.RegionKey] {
				continue
			}
			if values[v.RegionKey] == nil {
				values[v.RegionKey] = map[string]Cell{}
			}
			values[v.RegionKey][Year(v.Period)] = v.Cell
		}
	}
	return values, nil
}

// outsideRanking finds what the ranking of year leaves out: the current Kreise without
// a row in the table, and the rows of Kreis keys the current Gebietsstand does not
// know. Both explain a grey Kreis on the map.
func (s *Service) outsideRanking(ctx context.Context, ind Indicator, year string, ranked []RankItem) ([]regions.Region, []IndicatorValue, error) {
	inRanking := map[string]bool{}
	for _, it := range ranked {
		inRanking[it.RegionKey] = true
	}
	var unlisted []regions.Region
	for offset := 0; ; offset += regions.MaxPageSize {
		page, total, err := s.store.FindRegions(ctx, regions.Filter{Level: regions.LevelKreis, Limit: regions.MaxPageSize, Offset: offset})
		if err != nil {
			return nil, nil, err
		}
		for _, r := range page {
			if !inRanking[r.Key] {
				unlisted = append(unlisted, r)
			}
		}
		if len(page) == 0 || offset+len(page) >= total {
			break
		}
	}
	vals, err := s.store.IndicatorValues(ctx, ind, IndicatorFilter{Period: year})
	if err != nil {
		return nil, nil, err
	}
	var older []IndicatorValue
	for _, v := range vals {
		if len(v.RegionKey) == 5 && !inRanking[v.RegionKey] {
			older = append(older, v)
		}
	}
	slices.SortFunc(unlisted, func(a, b regions.Region) int { return strings.Compare(a.Key, b.Key) })
	return unlisted, older, nil
}
