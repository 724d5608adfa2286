package monitoring

import (
	"strconv"
	"testing"

	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/monitoring"
)

func TestPageRanking(t *testing.T) {
	var ranking []monitoring.RankItem
	for i := range 120 {
		ranking = append(ranking, monitoring.RankItem{Rank: i + 1, IndicatorValue: monitoring.IndicatorValue{RegionKey: strconv.Itoa(10000 + i)}})
	}
	path := "/monitoring/X?region=10070&year=2023"
	p := pageRanking(path, ranking, "", "10070")
	if len(p.Items) != 50 || p.From != 1 || p.To != 50 || p.Total != 120 || p.Prev != "" {
		t.Errorf("first page: %d items, %d–%d of %d, prev %q", len(p.Items), p.From, p.To, p.Total, p.Prev)
	}
	if p.Next != "/monitoring/X?offset=50&region=10070&year=2023#rangfolge" {
		t.Errorf("next %q", p.Next)
	}
	// The chosen Kreis is on the second page, with a link to it.
	if p.RegionRank != 71 || p.RegionRankText != "71" || p.RegionLink != p.Next {
		t.Errorf("region %d %q %q", p.RegionRank, p.RegionRankText, p.RegionLink)
	}
	// An offset inside a page starts that page; one beyond the list, the first.
	p = pageRanking(path, ranking, "107", "10070")
	if p.From != 101 || p.To != 120 || p.Next != "" || p.Prev != "/monitoring/X?offset=50&region=10070&year=2023#rangfolge" {
		t.Errorf("last page: %d–%d, next %q, prev %q", p.From, p.To, p.Next, p.Prev)
	}
	for _, bad := range []string{"120", "-5", "abc"} {
		if p = pageRanking(path, ranking, bad, ""); p.From != 1 {
			t.Errorf("offset %q shows from %d", bad, p.From)
		}
	}
	// Back to the first page: no offset in the link at all.
	if p = pageRanking(path+"&offset=50", ranking, "50", ""); p.Prev != "/monitoring/X?region=10070&year=2023#rangfolge" {
		t.Errorf("prev to the first page %q", p.Prev)
	}
}

func TestContinuousYears(t *testing.T) {
	got := continuousYears([]string{"2015", "2019", "2020", "2023"})
	if len(got) != 9 || got[0] != "2015" || got[6] != "2021" || got[8] != "2023" {
		t.Errorf("years %v", got)
	}
	d := monitoring.MonitoringView{SeriesView: monitoring.SeriesView{Series: monitoring.TimeSeries{Years: []string{"2019", "2021"},
		Columns: []monitoring.SeriesColumn{{Name: "A", Cells: map[string]monitoring.Cell{"2019": {Value: 1}, "2021": {Symbol: "."}}}}}}}
	b, _ := i18n.New()
	c := newChartData(b.For("de"), d, "value")
	// 2020 has no observation and 2021 a sign: both break the line, neither is a zero.
	if v := c.Lines[0].Values; len(v) != 3 || v[0] == nil || *v[0] != 1 || v[1] != nil || v[2] != nil {
		t.Errorf("line %v over %v", v, c.Years)
	}
}
