package monitoring

import (
	"net/url"
	"strconv"

	"github.com/teilhabe/teilhabe/internal/monitoring"
)

// rankingPageSize is how many Kreise one page of the ranking lists: all 400 would make
// the indicator page some 25,000 px tall. The downloads hold them all.
const rankingPageSize = 50

// rankingPager is one page of the ranking and the links to the others.
type rankingPager struct {
	Items          []monitoring.RankItem
	From, To       int64 // 1-based positions shown
	Total          int64
	Prev, Next     string // links, "" at either end
	Offset         int
	RegionRank     int    // the chosen Kreis' place in the list (1-based), 0 when it is not ranked
	RegionLink     string // the page that holds it, "" when that is this page
	RegionRankText string // its rank, "" for a special sign
}

// pageRanking cuts the page at offset (as typed; anything that is no position in the
// list shows the first page) from the ranking, with links that keep the page's other
// choices (path is the current request URI).
func pageRanking(path string, ranking []monitoring.RankItem, offsetIn string, region string) rankingPager {
	offset, err := strconv.Atoi(offsetIn)
	if err != nil || offset < 0 || offset >= len(ranking) {
		offset = 0
	}
	offset -= offset % rankingPageSize
	end := min(offset+rankingPageSize, len(ranking))
	p := rankingPager{Items: ranking[offset:end], Offset: offset, Total: int64(len(ranking)), From: int64(offset + 1), To: int64(end)}
	if offset > 0 {
		p.Prev = offsetLink(path, offset-rankingPageSize)
	}
	if end < len(ranking) {
		p.Next = offsetLink(path, end)
	}
	for i, it := range ranking {
		if it.RegionKey != region {
			continue
		}
		p.RegionRank = i + 1
		if it.Rank > 0 {
			p.RegionRankText = strconv.Itoa(it.Rank)
		}
		if i < offset || i >= end {
			p.RegionLink = offsetLink(path, i)
		}
	}
	return p
}

// offsetLink is path with the ranking's offset set (none for the first page), to the
// ranking's heading.
func offsetLink(path string, offset int) string {
	u, err := url.Parse(path)
	if err != nil {
		return "#rangfolge"
	}
	q := u.Query()
	q.Del("offset")
	if offset > 0 {
		q.Set("offset", strconv.Itoa(offset-offset%rankingPageSize))
	}
	u.RawQuery, u.Fragment = q.Encode(), "rangfolge"
	return u.String()
}

// mapModes are what the map can colour the Kreise by: the value in the ranking's year,
// the change since monitoring.BaseYear to each Kreis' latest year, or the change to
// monitoring.FirstEffectYear.
var mapModes = []string{"value", "change", "first"}

// mapMode reads the map's choice; anything else shows the values.
func mapMode(in string) string {
	for _, m := range mapModes {
		if m == in {
			return m
		}
	}
	return "value"
}

// greyKreise explains the Kreise the map leaves grey: with a special sign in the
// table, without a row in the table, and the table's keys of an older Gebietsstand.
type greyKreise struct {
	Signs    int // Kreise whose value is a special sign (or that lack the compared years)
	Unlisted []string
	Older    []monitoring.IndicatorValue
}

func (g greyKreise) Any() bool { return g.Signs > 0 || len(g.Unlisted) > 0 || len(g.Older) > 0 }

func newGreyKreise(d monitoring.MonitoringView, mode string) greyKreise {
	var g greyKreise
	for _, it := range d.Ranking {
		switch {
		case mode == "change" && !it.Change.Has, mode == "first" && !it.FirstEffect.Has, mode == "value" && it.Symbol != "":
			g.Signs++
		}
	}
	for _, r := range d.Unlisted {
		g.Unlisted = append(g.Unlisted, r.Name+" ("+r.Key+")")
	}
	g.Older = d.Older
	return g
}
