package programmes_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

var searchNow = time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)

// finderWorld is a database with regions around Stuttgart and in Bayern, one funder
// per level with a staff member, and a clock standing at searchNow. The finder is
// public: every search runs without a user.
type finderWorld struct {
	t     *testing.T
	db    *store.DB
	svc   *programmes.Service
	staff map[accounts.FunderLevel]context.Context
	ids   map[accounts.FunderLevel]int64
}

func newFinderWorld(t *testing.T, db *store.DB) *finderWorld {
	t.Helper()
	db.Now = func() time.Time { return searchNow }
	importRegions(t, db)
	w := &finderWorld{t: t, db: db, svc: programmes.NewService(db.Programmes()), staff: map[accounts.FunderLevel]context.Context{}, ids: map[accounts.FunderLevel]int64{}}
	for _, f := range []struct {
		level accounts.FunderLevel
		name  string
	}{{accounts.FunderBund, "Bundesamt für Migration und Flüchtlinge"}, {accounts.FunderLand, "Ministerium der Justiz und für Migration"},
		{accounts.FunderKommune, "Landratsamt Ludwigsburg"}, {accounts.FunderFoundation, "Bürgerstiftung"}} {
		o := organisation(t, db, accounts.Organisation{Kind: accounts.KindFunder, Name: f.name, FunderLevel: f.level})
		u := newUser(t, db, string(f.level)+"@foerderung.example", "Staff "+f.name, accounts.Membership{Organisation: o, Role: accounts.RoleFunderStaff})
		w.staff[f.level], w.ids[f.level] = storetest.As(t, db, u.ID), o.ID
	}
	return w
}

// programme creates a programme through the use case as the funder's staff, so that
// it is indexed as in production, and moves it to status with SQL: the lifecycle's
// way to publication runs through a consultation that is not what these tests are
// about.
func (w *finderWorld) programme(status programmes.Status, level accounts.FunderLevel, p programmes.Programme) programmes.Programme {
	w.t.Helper()
	p.FunderID = w.ids[level]
	if p.Summary == "" {
		p.Summary = "Zuwendungen für Projekte der Integrationsarbeit."
	}
	if len(p.Sections) == 0 {
		p.Sections = []programmes.Section{{Heading: "Gegenstand der Förderung", Body: "Gefördert werden Projekte vor Ort."}}
	}
	if len(p.ActionFields) == 0 {
		p.ActionFields = []string{"teilhabe"}
	}
	if len(p.ProviderTypes) == 0 {
		p.ProviderTypes = []accounts.ProviderType{accounts.ProviderCivilSociety}
	}
	if len(p.RegionKeys) == 0 {
		p.RegionKeys = []string{"DG"}
	}
	p.FundingKind, p.FinancingType = programmes.FundingProject, programmes.FinancingShare
	p.PeriodStart, p.PeriodEnd = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC)
	created, err := w.svc.Create(w.staff[level], p)
	if err != nil {
		w.t.Fatalf("create %q: %v", p.Title, err)
	}
	if status != programmes.StatusDraft {
		err := w.db.Update(system, func(tx *store.Tx) error {
			_, err := tx.ExecContext(system, `UPDATE programmes SET status = $2, published_at = $3 WHERE id = $1`, created.ID, string(status), tx.Now())
			return err
		})
		if err != nil {
			w.t.Fatal(err)
		}
		created.Status = status
	}
	return created
}

func (w *finderWorld) search(q programmes.Query) programmes.Result {
	w.t.Helper()
	r, err := w.svc.Search(context.Background(), q)
	if err != nil {
		w.t.Fatalf("search %+v: %v", q, err)
	}
	return r
}

func hitTitles(r programmes.Result) []string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.Programme.Title)
	}
	return out
}

func facetCounts(r programmes.Result, name string) map[string]int {
	out := map[string]int{}
	for _, f := range r.Facets {
		if f.Name == name {
			for _, v := range f.Values {
				out[v.Value] = v.Count
			}
		}
	}
	return out
}

func TestSearchProgrammesText(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newFinderWorld(t, db)
		inBody := w.programme(programmes.StatusApplications, accounts.FunderLand, programmes.Programme{Title: "Teilhabe im Quartier",
			Sections: []programmes.Section{{Heading: "Gegenstand", Body: "Gefördert wird auch ein Sprachkurs für Eltern."}}})
		inTitle := w.programme(programmes.StatusPublished, accounts.FunderBund, programmes.Programme{Title: "Sprachkurse für Eltern"})
		refugees := w.programme(programmes.StatusClosed, accounts.FunderKommune, programmes.Programme{Title: "Lotsenprojekte",
			Summary: "Ehrenamtliche begleiten Flüchtlinge in Gemeinschaftsunterkünften."})
		w.programme(programmes.StatusDraft, accounts.FunderBund, programmes.Programme{Title: "Sprachkurse im Entwurf"})
		w.programme(programmes.StatusConsultation, accounts.FunderLand, programmes.Programme{Title: "Sprachkurse in der Beteiligung"})
		w.programme(programmes.StatusArchived, accounts.FunderLand, programmes.Programme{Title: "Sprachkurse von gestern"})

		// The plural finds the singular in a section; a title hit ranks first.
		r := w.search(programmes.Query{Text: "Sprachkurse"})
		if got := hitTitles(r); !slices.Equal(got, []string{inTitle.Title, inBody.Title}) || r.Total != 2 {
			t.Fatalf("Sprachkurse = %q (total %d)", got, r.Total)
		}
		if r.Hits[0].Score <= r.Hits[1].Score || r.Hits[1].Score <= 0 {
			t.Errorf("scores %v, %v", r.Hits[0].Score, r.Hits[1].Score)
		}
		if r.Page != 1 || r.PageSize != programmes.DefaultPageSize {
			t.Errorf("page %d of size %d", r.Page, r.PageSize)
		}
		// Missing umlauts, transcribed umlauts, other forms, prefixes.
		for _, text := range []string{"Fluchtlinge", "Fluechtlinge", "Flüchtling", "gemeinschaftsunterkunft", "Lotsen"} {
			if got := hitTitles(w.search(programmes.Query{Text: text})); !slices.Equal(got, []string{refugees.Title}) {
				t.Errorf("%s = %q", text, got)
			}
		}
		if got := hitTitles(w.search(programmes.Query{Text: "Sprach"})); len(got) != 2 {
			t.Errorf("Sprach = %q", got)
		}
		// Every word must match.
		if got := hitTitles(w.search(programmes.Query{Text: "Sprachkurs Quartier"})); !slices.Equal(got, []string{inBody.Title}) {
			t.Errorf("Sprachkurs Quartier = %q", got)
		}
		if r := w.search(programmes.Query{Text: "Sprachkurs Gemeinschaftsunterkunft"}); r.Total != 0 || len(r.Hits) != 0 {
			t.Errorf("no programme has both: %q", hitTitles(r))
		}
		// Stop words alone are no text: everything public, by title.
		if r := w.search(programmes.Query{Text: "für die"}); r.Total != 3 || r.Hits[0].Programme.Title != refugees.Title {
			t.Errorf("stop words = %q", hitTitles(r))
		}
		// The finder's records separate fields by "|" and programmes by line breaks;
		// a title may hold both.
		odd := w.programme(programmes.StatusPublished, accounts.FunderBund, programmes.Programme{Title: "Arbeit | Beruf\nund Sprache"})
		if r := w.search(programmes.Query{Text: "Beruf"}); len(r.Hits) != 1 || r.Hits[0].Programme.Title != odd.Title {
			t.Errorf("odd title = %q", hitTitles(r))
		}
	})
}

func TestSearchProgrammesReindexesOnUpdate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newFinderWorld(t, db)
		p := w.programme(programmes.StatusPublished, accounts.FunderBund, programmes.Programme{Title: "WLAN für Gemeinschaftsunterkünfte"})
		p.Title = "Digitale Teilhabe in Unterkünften"
		p.Sections = []programmes.Section{{Heading: "Gegenstand", Body: "Internetzugang und Endgeräte."}}
		if _, err := w.svc.Update(w.staff[accounts.FunderBund], p.ID, p, "Titel geschärft", p.Revision); err != nil {
			t.Fatal(err)
		}
		if r := w.search(programmes.Query{Text: "WLAN"}); r.Total != 0 {
			t.Errorf("old title still found: %q", hitTitles(r))
		}
		if got := hitTitles(w.search(programmes.Query{Text: "digital Endgeräte"})); !slices.Equal(got, []string{p.Title}) {
			t.Errorf("new text = %q", got)
		}
		// A refused change leaves the index as it was.
		stale := p
		stale.Title = "Glasfaser für alle"
		if _, err := w.svc.Update(w.staff[accounts.FunderBund], p.ID, stale, "veraltet", p.Revision); teilhabe.ErrorCode(err) != teilhabe.ECONFLICT {
			t.Fatalf("update on an old revision: %v", err)
		}
		if r := w.search(programmes.Query{Text: "Glasfaser"}); r.Total != 0 {
			t.Errorf("a refused change was indexed: %q", hitTitles(r))
		}
		// A deleted draft leaves the finder's index.
		draft := w.programme(programmes.StatusDraft, accounts.FunderBund, programmes.Programme{Title: "Glasfaser im Entwurf"})
		if _, err := w.svc.Delete(w.staff[accounts.FunderBund], draft.ID, draft.Revision); err != nil {
			t.Fatal(err)
		}
		var terms int
		if err := db.Reader().QueryRow(`SELECT COUNT(*) FROM programme_terms WHERE programme_id = $1`, draft.ID).Scan(&terms); err != nil || terms != 0 {
			t.Errorf("%d index terms of the deleted draft, %v", terms, err)
		}
	})
}

func TestSearchProgrammesFacetsAndRegions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newFinderWorld(t, db)
		bund := w.programme(programmes.StatusApplications, accounts.FunderBund, programmes.Programme{Title: "Bundesprogramm Sprache",
			ActionFields: []string{"sprache"}, ProviderTypes: []accounts.ProviderType{accounts.ProviderWelfare}, RegionKeys: []string{"DG"}})
		bw := w.programme(programmes.StatusApplications, accounts.FunderLand, programmes.Programme{Title: "Landesprogramm Arbeit BW",
			ActionFields: []string{"arbeit", "sprache"}, ProviderTypes: []accounts.ProviderType{accounts.ProviderMigrantOrg}, RegionKeys: []string{"08"}})
		kreis := w.programme(programmes.StatusPublished, accounts.FunderKommune, programmes.Programme{Title: "Kreisprogramm Wohnen",
			ActionFields: []string{"wohnen"}, ProviderTypes: []accounts.ProviderType{accounts.ProviderWelfare}, RegionKeys: []string{"08118"}})
		by := w.programme(programmes.StatusPublished, accounts.FunderLand, programmes.Programme{Title: "Landesprogramm Arbeit Bayern",
			ActionFields: []string{"arbeit"}, ProviderTypes: []accounts.ProviderType{accounts.ProviderEducation}, RegionKeys: []string{"09"}})
		w.programme(programmes.StatusDraft, accounts.FunderKommune, programmes.Programme{Title: "Entwurf im Kreis", RegionKeys: []string{"08118"}})

		// Searching for the Landkreis Ludwigsburg finds its programme, its Land's
		// and the Bund's, not Bayern's.
		r := w.search(programmes.Query{Region: "08118"})
		if got := hitTitles(r); !slices.Equal(got, []string{bund.Title, kreis.Title, bw.Title}) {
			t.Fatalf("Region 08118 = %q", got)
		}
		// A Gemeinde in it: the same; Baden-Württemberg: the Kreis' programme lies inside.
		if got := hitTitles(w.search(programmes.Query{Region: "08118016"})); len(got) != 3 {
			t.Errorf("Region 08118016 = %q", got)
		}
		if got := hitTitles(w.search(programmes.Query{Region: "08"})); len(got) != 3 {
			t.Errorf("Region 08 = %q", got)
		}
		// The region facet counts per Land what choosing it finds, Bund-wide
		// programmes included, computed without the region filter itself.
		if got := facetCounts(r, programmes.FacetRegion); !equalMaps(got, map[string]int{"DG": 1, "08": 3, "09": 2, "08118": 3}) {
			t.Errorf("region facet = %v", got)
		}
		// The facet's regions and the chosen one are named.
		if r.RegionNames["08118"] != "Landkreis Ludwigsburg" || r.RegionNames["08"] != "Baden-Württemberg" || r.RegionNames["09"] != "Bayern" {
			t.Errorf("region names = %v", r.RegionNames)
		}

		// Facets are disjunctive: within "arbeit" the action field facet still
		// counts every field, the level facet only "arbeit" programmes.
		r = w.search(programmes.Query{ActionFields: []string{"arbeit"}})
		if got := hitTitles(r); !slices.Equal(got, []string{by.Title, bw.Title}) {
			t.Fatalf("arbeit = %q", got)
		}
		if got := facetCounts(r, programmes.FacetActionField); !equalMaps(got, map[string]int{"sprache": 2, "arbeit": 2, "wohnen": 1}) {
			t.Errorf("action field facet = %v", got)
		}
		if got := facetCounts(r, programmes.FacetLevel); !equalMaps(got, map[string]int{"land": 2}) {
			t.Errorf("level facet = %v", got)
		}
		if got := facetCounts(r, programmes.FacetProviderType); !equalMaps(got, map[string]int{"migrantenorganisation": 1, "bildungstraeger": 1}) {
			t.Errorf("provider type facet = %v", got)
		}
		// Two facets combine with AND, values of one with OR.
		r = w.search(programmes.Query{ActionFields: []string{"arbeit", "wohnen"}, Region: "08118"})
		if got := hitTitles(r); !slices.Equal(got, []string{kreis.Title, bw.Title}) {
			t.Errorf("(arbeit OR wohnen) AND 08118 = %q", got)
		}
		// Newest first; all were published at the same instant here, so the later
		// created comes first.
		if got := hitTitles(w.search(programmes.Query{Sort: programmes.SortNewest})); !slices.Equal(got, []string{by.Title, kreis.Title, bw.Title, bund.Title}) {
			t.Errorf("newest = %q", got)
		}
		// The JSON API and the web page page through the same result.
		r = w.search(programmes.Query{PageSize: 2, Page: 2})
		if got := hitTitles(r); r.Total != 4 || !slices.Equal(got, []string{by.Title, bw.Title}) {
			t.Errorf("page 2 = %q of %d", got, r.Total)
		}
	})
}

func TestSearchProgrammesOpenNowAndDeadline(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newFinderWorld(t, db)
		call := func(title string, opens, closes time.Time) []programmes.Call {
			return []programmes.Call{{Title: title, OpensAt: opens, ClosesAt: closes}}
		}
		day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 10, 0, 0, 0, time.UTC) }
		soon := w.programme(programmes.StatusApplications, accounts.FunderBund, programmes.Programme{Title: "Zuletzt offen", Calls: call("Aufruf 1", day(1, 10), day(3, 20))})
		later := w.programme(programmes.StatusApplications, accounts.FunderLand, programmes.Programme{Title: "Anfangs offen", Calls: call("Aufruf 2", day(2, 1), day(4, 30))})
		coming := w.programme(programmes.StatusPublished, accounts.FunderKommune, programmes.Programme{Title: "Bald offen", Calls: call("Aufruf 3", day(4, 1), day(4, 15))})
		over := w.programme(programmes.StatusClosed, accounts.FunderFoundation, programmes.Programme{Title: "Abgelaufen", Calls: call("Aufruf 4", day(1, 1), day(2, 1))})
		none := w.programme(programmes.StatusPublished, accounts.FunderFoundation, programmes.Programme{Title: "Ohne Aufruf"})

		r := w.search(programmes.Query{OpenNow: true, Sort: programmes.SortDeadline})
		if got := hitTitles(r); !slices.Equal(got, []string{soon.Title, later.Title}) {
			t.Fatalf("open now = %q", got)
		}
		if !r.Hits[0].OpenNow || !r.Hits[0].NextDeadline.Equal(day(3, 20)) {
			t.Errorf("hit %+v", r.Hits[0])
		}
		if got := facetCounts(r, programmes.FacetOpenNow); !equalMaps(got, map[string]int{"true": 2}) {
			t.Errorf("open now facet = %v", got)
		}
		r = w.search(programmes.Query{Sort: programmes.SortDeadline})
		if got := hitTitles(r); !slices.Equal(got, []string{soon.Title, coming.Title, later.Title, over.Title, none.Title}) {
			t.Errorf("by deadline = %q", got)
		}
		if r.Hits[1].OpenNow || r.Hits[3].OpenNow || !r.Hits[3].NextDeadline.IsZero() {
			t.Errorf("flags: %+v / %+v", r.Hits[1], r.Hits[3])
		}
		// The caller's clock decides: a month later, only "Anfangs offen" is open.
		r = w.search(programmes.Query{OpenNow: true, Now: day(4, 20)})
		if got := hitTitles(r); !slices.Equal(got, []string{later.Title}) {
			t.Errorf("open on 20 April = %q", got)
		}
	})
}

func TestSearchProgrammesHitsCarryTheListView(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newFinderWorld(t, db)
		p := w.programme(programmes.StatusApplications, accounts.FunderLand, programmes.Programme{Title: "Sprachkurse", TargetGroups: []string{"frauen"},
			Budgets: []programmes.Budget{{Year: 2026, Amount: 50_000_00}},
			Calls:   []programmes.Call{{Title: "Aufruf", OpensAt: searchNow.Add(-time.Hour), ClosesAt: searchNow.Add(48 * time.Hour)}}})
		r := w.search(programmes.Query{Text: "Sprachkurs"})
		if len(r.Hits) != 1 {
			t.Fatalf("hits = %q", hitTitles(r))
		}
		h := r.Hits[0].Programme
		if h.ID != p.ID || h.FunderName != "Ministerium der Justiz und für Migration" || h.FunderLevel != accounts.FunderLand ||
			h.Summary != p.Summary || !slices.Equal(h.TargetGroups, []string{"frauen"}) || len(h.Budgets) != 1 || h.Budgets[0].Amount != 50_000_00 {
			t.Errorf("hit programme = %+v", h)
		}
		if len(h.Calls) != 1 || h.Calls[0].Title != "Aufruf" || h.Calls[0].ID == 0 || !r.Hits[0].OpenNow || !r.Hits[0].NextDeadline.Equal(searchNow.Add(48*time.Hour)) {
			t.Errorf("calls = %+v, open %v", h.Calls, r.Hits[0].OpenNow)
		}
		if h.Sections != nil {
			t.Errorf("sections in a hit: %+v", h.Sections)
		}
	})
}

func TestMatchProgrammes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newFinderWorld(t, db)
		open := []programmes.Call{{Title: "Aufruf 2026", OpensAt: searchNow.Add(-24 * time.Hour), ClosesAt: searchNow.Add(30 * 24 * time.Hour)}}
		land := w.programme(programmes.StatusPublished, accounts.FunderLand, programmes.Programme{Title: "Landesprogramm Beratung",
			ActionFields: []string{"sprache"}, ProviderTypes: []accounts.ProviderType{accounts.ProviderWelfare}, RegionKeys: []string{"08"}})
		bund := w.programme(programmes.StatusApplications, accounts.FunderBund, programmes.Programme{Title: "Zuwanderungsberatung",
			ActionFields: []string{"sprache"}, ProviderTypes: []accounts.ProviderType{accounts.ProviderWelfare, accounts.ProviderMigrantOrg}, Calls: open})
		w.programme(programmes.StatusPublished, accounts.FunderLand, programmes.Programme{Title: "Bayern", ProviderTypes: []accounts.ProviderType{accounts.ProviderWelfare}, RegionKeys: []string{"09"}})
		w.programme(programmes.StatusPublished, accounts.FunderBund, programmes.Programme{Title: "Nur Bildungsträger", ProviderTypes: []accounts.ProviderType{accounts.ProviderEducation}})
		w.programme(programmes.StatusDraft, accounts.FunderKommune, programmes.Programme{Title: "Entwurf", ProviderTypes: []accounts.ProviderType{accounts.ProviderWelfare}})

		ms, err := w.svc.Match(context.Background(), programmes.MatchInput{ProviderType: accounts.ProviderWelfare, RegionKeys: []string{"08118"}})
		if err != nil {
			t.Fatal(err)
		}
		var titles []string
		for _, m := range ms {
			titles = append(titles, m.Programme.Title)
		}
		// The open call first; neither Bayern, nor the Bildungsträger's, nor the draft.
		if !slices.Equal(titles, []string{bund.Title, land.Title}) {
			t.Fatalf("matches = %q", titles)
		}
		if !ms[0].OpenNow || ms[0].Programme.FunderName == "" || len(ms[0].Programme.Calls) != 1 {
			t.Errorf("first match = %+v", ms[0].Hit)
		}
		if last := ms[0].Reasons[len(ms[0].Reasons)-1]; last.Code != programmes.ReasonOpenCall || last.Args["call"] != "Aufruf 2026" {
			t.Errorf("the open call's reason = %+v", last)
		}
		var region programmes.Reason
		for _, r := range ms[1].Reasons {
			if r.Code == programmes.ReasonRegion {
				region = r
			}
		}
		// "Das Fördergebiet Baden-Württemberg umfasst Ihre Region Landkreis Ludwigsburg."
		if region.Args["programme_region_name"] != "Baden-Württemberg" || region.Args["region_name"] != "Landkreis Ludwigsburg" {
			t.Errorf("region reason = %+v", region)
		}
		if ms[1].Reasons[0].Code != programmes.ReasonProviderType || ms[1].Reasons[0].Args["provider_type"] != "wohlfahrtsverband" {
			t.Errorf("reasons = %+v", ms[1].Reasons)
		}
		_, err = w.svc.Match(context.Background(), programmes.MatchInput{})
		wantErr(t, "empty input", err, teilhabe.EINVALID, "match.error.required")
		_, err = w.svc.Match(context.Background(), programmes.MatchInput{ActionField: "zauberei"})
		wantErr(t, "unknown action field", err, teilhabe.EINVALID, "match.error.invalid")
	})
}
