package programmes

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
)

var finderNow = time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)

// finderFixture is a small landscape of programmes:
//
//	1 Bund, DG, sprache, Wohlfahrtsverband, call open until 1 April
//	2 Land BW (08), sprache+arbeit, Migrantenorganisation, call opening in May
//	3 Kommune Landkreis Ludwigsburg (08118), wohnen, Wohlfahrtsverband, no call
//	4 Land Bayern (09), arbeit, Bildungsträger, call open until 20 March
//	5 Stiftung, Stadt Freudental (08118016), sprache, Zivilgesellschaft, for women
func finderFixture() []Programme {
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }
	p := func(id int64, title string, level accounts.FunderLevel, region string, fields []string, types ...accounts.ProviderType) Programme {
		return Programme{ID: id, Title: title, FunderLevel: level, RegionKeys: []string{region}, ActionFields: fields, ProviderTypes: types,
			FundingKind: FundingProject, FinancingType: FinancingShare, Status: StatusApplications, PublishedAt: day(1, int(id))}
	}
	ps := []Programme{
		p(1, "Sprachkurse für alle", accounts.FunderBund, "DG", []string{"sprache"}, accounts.ProviderWelfare),
		p(2, "Arbeit und Sprache in Baden-Württemberg", accounts.FunderLand, "08", []string{"sprache", "arbeit"}, accounts.ProviderMigrantOrg),
		p(3, "Wohnen im Landkreis", accounts.FunderKommune, "08118", []string{"wohnen"}, accounts.ProviderWelfare),
		p(4, "Ausbildung in Bayern", accounts.FunderLand, "09", []string{"arbeit"}, accounts.ProviderEducation),
		p(5, "Österreichischer Abend", accounts.FunderFoundation, "08118016", []string{"sprache"}, accounts.ProviderCivilSociety),
	}
	ps[0].Calls = []Call{{Title: "Aufruf 2026", OpensAt: day(1, 1), ClosesAt: day(4, 1)}}
	ps[1].Calls = []Call{{Title: "Aufruf Mai", OpensAt: day(5, 1), ClosesAt: day(6, 30)}}
	ps[1].Status = StatusPublished
	ps[3].Calls = []Call{{Title: "Aufruf März", OpensAt: day(2, 1), ClosesAt: day(3, 20)}}
	ps[2].FundingKind, ps[2].FinancingType = FundingInstitutional, FinancingDeficit
	ps[4].TargetGroups = []string{"frauen"}
	ps[0].TargetGroups = []string{"alle"}
	ps[3].TargetGroups = []string{"fachkraefte"}
	return ps
}

var lands = []string{"08", "09"}

func find(q Query) Result {
	return Find(q.Normalize(finderNow), Candidates(finderFixture(), finderNow), lands)
}

func ids(r Result) []int64 {
	var out []int64
	for _, h := range r.Hits {
		out = append(out, h.Programme.ID)
	}
	return out
}

func facet(t *testing.T, r Result, name string) map[string]FacetValue {
	t.Helper()
	for _, f := range r.Facets {
		if f.Name == name {
			out := map[string]FacetValue{}
			for _, v := range f.Values {
				out[v.Value] = v
			}
			return out
		}
	}
	t.Fatalf("no facet %q in %+v", name, r.Facets)
	return nil
}

func counts(t *testing.T, r Result, name string) map[string]int {
	t.Helper()
	out := map[string]int{}
	for v, fv := range facet(t, r, name) {
		out[v] = fv.Count
	}
	return out
}

func equalCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestFindWithoutFiltersSortsByTitle(t *testing.T) {
	r := find(Query{})
	// "Österreichischer" sorts as "Osterreichischer", between "Arbeit" and "Sprachkurse".
	if got := ids(r); !slices.Equal(got, []int64{2, 4, 5, 1, 3}) || r.Total != 5 {
		t.Fatalf("hits = %v (total %d)", got, r.Total)
	}
	if r.Page != 1 || r.PageSize != DefaultPageSize {
		t.Errorf("page %d size %d", r.Page, r.PageSize)
	}
	names := make([]string, len(r.Facets))
	for i, f := range r.Facets {
		names[i] = f.Name
	}
	if want := []string{"level", "action_field", "provider_type", "target_group", "region", "funding_kind", "financing_type", "open_now"}; !slices.Equal(names, want) {
		t.Errorf("facets = %v", names)
	}
	if got := counts(t, r, FacetLevel); !equalCounts(got, map[string]int{"bund": 1, "land": 2, "kommune": 1, "stiftung": 1}) {
		t.Errorf("level counts = %v", got)
	}
	// Values in the domain's order, values without programmes left out.
	var order []string
	for _, f := range r.Facets {
		if f.Name == FacetLevel {
			for _, v := range f.Values {
				order = append(order, v.Value)
			}
		}
	}
	if !slices.Equal(order, []string{"bund", "land", "kommune", "stiftung"}) {
		t.Errorf("level order = %v", order)
	}
}

func TestFacetsAreDisjunctive(t *testing.T) {
	r := find(Query{ActionFields: []string{"sprache"}})
	if got := ids(r); !slices.Equal(got, []int64{2, 5, 1}) {
		t.Fatalf("sprache = %v", got)
	}
	// The action field facet ignores its own choice: the user sees how many "arbeit"
	// and "wohnen" would add and can tick them.
	if got := counts(t, r, FacetActionField); !equalCounts(got, map[string]int{"sprache": 3, "arbeit": 2, "wohnen": 1}) {
		t.Errorf("action field counts = %v", got)
	}
	if v := facet(t, r, FacetActionField)["sprache"]; !v.Selected {
		t.Error("sprache not marked selected")
	}
	// Other facets count within the chosen action field only.
	if got := counts(t, r, FacetLevel); !equalCounts(got, map[string]int{"bund": 1, "land": 1, "stiftung": 1}) {
		t.Errorf("level counts = %v", got)
	}

	// Two values of one facet are an OR; two facets an AND.
	r = find(Query{ActionFields: []string{"sprache", "wohnen"}, Levels: []accounts.FunderLevel{accounts.FunderBund, accounts.FunderKommune}})
	if got := ids(r); !slices.Equal(got, []int64{1, 3}) {
		t.Fatalf("(sprache OR wohnen) AND (bund OR kommune) = %v", got)
	}
	if got := counts(t, r, FacetLevel); !equalCounts(got, map[string]int{"bund": 1, "land": 1, "kommune": 1, "stiftung": 1}) {
		t.Errorf("level counts under sprache|wohnen = %v", got)
	}
	if got := counts(t, r, FacetActionField); !equalCounts(got, map[string]int{"sprache": 1, "wohnen": 1}) {
		t.Errorf("action field counts under bund|kommune = %v", got)
	}
}

func TestFacetKeepsAChoiceThatFindsNothing(t *testing.T) {
	r := find(Query{ActionFields: []string{"gesundheit"}})
	if r.Total != 0 || len(r.Hits) != 0 {
		t.Fatalf("gesundheit = %v", ids(r))
	}
	v, ok := facet(t, r, FacetActionField)["gesundheit"]
	if !ok || !v.Selected || v.Count != 0 {
		t.Errorf("gesundheit value = %+v, %v", v, ok)
	}
}

func TestRegionFilterFindsLandAndBundAndInside(t *testing.T) {
	// The Landkreis Ludwigsburg: its own programme, the one for a Gemeinde in it,
	// the programme of its Land and of the Bund; not Bayern's.
	r := find(Query{Region: "08118"})
	if got := ids(r); !slices.Equal(got, []int64{2, 5, 1, 3}) {
		t.Fatalf("08118 = %v", got)
	}
	// A Gemeinde elsewhere in Baden-Württemberg: Land and Bund only.
	if got := ids(find(Query{Region: "08111000"})); !slices.Equal(got, []int64{2, 1}) {
		t.Errorf("08111000 = %v", got)
	}
	// The Bund: Bund-wide programmes only.
	if got := ids(find(Query{Region: "DG"})); !slices.Equal(got, []int64{1}) {
		t.Errorf("DG = %v", got)
	}
	// Facet: each Land counts what choosing it would find, Bund-wide programmes
	// included; the chosen Kreis is listed so that it can be undone.
	got := counts(t, r, FacetRegion)
	if !equalCounts(got, map[string]int{"DG": 1, "08": 4, "09": 2, "08118": 4}) {
		t.Errorf("region counts = %v", got)
	}
	if !facet(t, r, FacetRegion)["08118"].Selected || facet(t, r, FacetRegion)["08"].Selected {
		t.Error("selection of the region facet wrong")
	}
}

func TestTargetGroupAllServesEveryGroup(t *testing.T) {
	// 5 names women; 1 is for all; 2 and 3 name no group, so they are for everyone.
	if got := ids(find(Query{TargetGroups: []string{"frauen"}})); !slices.Equal(got, []int64{2, 5, 1, 3}) {
		t.Errorf("frauen = %v", got)
	}
	if got := ids(find(Query{TargetGroups: []string{"fachkraefte"}})); !slices.Equal(got, []int64{2, 4, 1, 3}) {
		t.Errorf("fachkraefte = %v", got)
	}
}

func TestOpenNowAndDeadlineSort(t *testing.T) {
	r := find(Query{OpenNow: true})
	if got := ids(r); !slices.Equal(got, []int64{4, 1}) {
		t.Fatalf("open now = %v", got)
	}
	if got := counts(t, r, FacetOpenNow); !equalCounts(got, map[string]int{"true": 2}) {
		t.Errorf("open now counts = %v", got)
	}
	for _, h := range r.Hits {
		if !h.OpenNow {
			t.Errorf("hit %d not flagged open", h.Programme.ID)
		}
	}
	// Closed programmes have no open call even if a call's dates say so.
	ps := finderFixture()
	ps[0].Status = StatusClosed
	if got := ids(Find(Query{OpenNow: true}.Normalize(finderNow), Candidates(ps, finderNow), lands)); !slices.Equal(got, []int64{4}) {
		t.Errorf("open now with 1 closed = %v", got)
	}

	r = find(Query{Sort: SortDeadline})
	// 4 closes 20 March, 1 on 1 April, 2 on 30 June; 3 and 5 have no call, by title.
	if got := ids(r); !slices.Equal(got, []int64{4, 1, 2, 5, 3}) {
		t.Errorf("by deadline = %v", got)
	}
	if !r.Hits[0].NextDeadline.Equal(time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC)) || !r.Hits[4].NextDeadline.IsZero() {
		t.Errorf("deadlines %v … %v", r.Hits[0].NextDeadline, r.Hits[4].NextDeadline)
	}
}

func TestSortRelevanceAndNewestAndPaging(t *testing.T) {
	c := Candidates(finderFixture(), finderNow)
	for i := range c {
		c[i].Score = float64(i % 3) // 0 1 2 0 1
	}
	q := Query{Text: "Sprache"}.Normalize(finderNow)
	if q.Sort != SortRelevance {
		t.Fatalf("default sort with text = %q", q.Sort)
	}
	if got := ids(Find(q, c, lands)); !slices.Equal(got, []int64{3, 2, 5, 4, 1}) {
		t.Errorf("by relevance, ties by title = %v", got)
	}
	if q := (Query{Sort: SortRelevance}).Normalize(finderNow); q.Sort != SortTitle {
		t.Errorf("relevance without text sorts by %q", q.Sort)
	}
	if got := ids(find(Query{Sort: SortNewest})); !slices.Equal(got, []int64{5, 4, 3, 2, 1}) {
		t.Errorf("newest = %v", got)
	}

	r := find(Query{Page: 2, PageSize: 2})
	if got := ids(r); !slices.Equal(got, []int64{5, 1}) || r.Total != 5 || r.Page != 2 {
		t.Errorf("page 2 = %v, total %d", got, r.Total)
	}
	if r := find(Query{Page: 4, PageSize: 2}); len(r.Hits) != 0 || r.Total != 5 {
		t.Errorf("beyond the last page = %v", ids(r))
	}
	if q := (Query{PageSize: 1000}).Normalize(finderNow); q.PageSize != MaxPageSize {
		t.Errorf("page size = %d", q.PageSize)
	}
}

func TestCandidatesSummariseCalls(t *testing.T) {
	ps := finderFixture()
	ps[2].Calls = []Call{{Title: "Gleichzeitig", OpensAt: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), ClosesAt: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)}}
	c := Candidates(ps, finderNow)
	// 4 closes 20 March; 1 and 3 on 1 April (equal rank); 2 on 30 June; 5 never.
	var got []int
	for _, x := range c {
		got = append(got, x.Deadline)
	}
	if !slices.Equal(got, []int{2, 3, 2, 1, 0}) {
		t.Errorf("deadline ranks = %v", got)
	}
	if !c[0].Open || c[1].Open || !c[2].Open || !c[3].Open || c[4].Open {
		t.Errorf("open = %v %v %v %v %v", c[0].Open, c[1].Open, c[2].Open, c[3].Open, c[4].Open)
	}
}

func TestSearchableStatuses(t *testing.T) {
	for _, s := range Statuses {
		if Searchable(s) != slices.Contains(SearchableStatuses, s) {
			t.Errorf("%s: Searchable %v, in SearchableStatuses %v", s, Searchable(s), slices.Contains(SearchableStatuses, s))
		}
		if Searchable(s) && !s.Public() {
			t.Errorf("%s is searchable but not public", s)
		}
	}
}

// BenchmarkFind measures the Go half of a search over 3,000 programmes: filters,
// eight disjunctive facets, sort by title and the first page.
func BenchmarkFind(b *testing.B) {
	base := finderFixture()
	ps := make([]Programme, 3000)
	for i := range ps {
		ps[i] = base[i%len(base)]
		ps[i].ID = int64(i + 1)
		ps[i].Title = fmt.Sprintf("Förderprogramm Nummer %d für Geflüchtete", 3000-i)
	}
	cands := Candidates(ps, finderNow)
	for _, q := range []Query{{}, {ActionFields: []string{"sprache"}, Region: "08118"}} {
		q = q.Normalize(finderNow)
		b.Run(fmt.Sprintf("filters=%v", q.Region != ""), func(b *testing.B) {
			for b.Loop() {
				Find(q, cands, lands)
			}
		})
	}
}
