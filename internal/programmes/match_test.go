package programmes

import (
	"slices"
	"testing"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

func codesOf(rs []Reason) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Code)
	}
	return out
}

func TestMatchProvider(t *testing.T) {
	ps := finderFixture()
	bw, landkreis := &ps[1], &ps[2]

	// A Wohlfahrtsverband in the Landkreis Ludwigsburg fits the Landkreis'
	// programme for Wohlfahrtsverbände…
	m := MatchInput{ProviderType: accounts.ProviderWelfare, RegionKeys: []string{"08118"}}
	fits, reasons := MatchProgramme(landkreis, m, finderNow)
	if !fits || !slices.Equal(codesOf(reasons), []string{ReasonProviderType, ReasonRegion}) {
		t.Fatalf("Landkreis programme: %v %+v", fits, reasons)
	}
	if a := reasons[0].Args; a["provider_type"] != "wohlfahrtsverband" {
		t.Errorf("provider type args = %v", a)
	}
	if a := reasons[1].Args; a["programme_region"] != "08118" || a["region"] != "08118" {
		t.Errorf("region args = %v", a)
	}
	// …but not Baden-Württemberg's, which only migrant organisations may apply for.
	if fits, _ := MatchProgramme(bw, m, finderNow); fits {
		t.Error("BW programme fits a Wohlfahrtsverband")
	}
	// A migrant organisation there fits it: the Land's area contains the Kreis.
	fits, reasons = MatchProgramme(bw, MatchInput{ProviderType: accounts.ProviderMigrantOrg, RegionKeys: []string{"08118"}}, finderNow)
	if !fits || reasons[1].Code != ReasonRegion || reasons[1].Args["programme_region"] != "08" {
		t.Errorf("BW for a migrant organisation: %v %+v", fits, reasons)
	}
	// A provider working in Bayern and Ludwigsburg fits by the region it shares.
	fits, reasons = MatchProgramme(landkreis, MatchInput{ProviderType: accounts.ProviderWelfare, RegionKeys: []string{"09162", "08118016"}}, finderNow)
	if !fits || reasons[1].Args["region"] != "08118016" {
		t.Errorf("two regions: %v %+v", fits, reasons)
	}
	// Nowhere near: no fit.
	if fits, _ := MatchProgramme(landkreis, MatchInput{RegionKeys: []string{"09162"}}, finderNow); fits {
		t.Error("Landkreis Ludwigsburg programme fits München")
	}
}

func TestMatchRegionReasons(t *testing.T) {
	ps := finderFixture()
	bund, gemeinde := &ps[0], &ps[4]
	_, reasons := MatchProgramme(bund, MatchInput{RegionKey: "08118"}, finderNow)
	if len(reasons) < 1 || reasons[0].Code != ReasonRegion || reasons[0].Args["programme_region"] != "DG" {
		t.Errorf("Bund: %+v", reasons)
	}
	// A programme for a Gemeinde of the Kreis covers part of it.
	fits, reasons := MatchProgramme(gemeinde, MatchInput{RegionKey: "08118"}, finderNow)
	if !fits || reasons[0].Code != ReasonRegionPart || reasons[0].Args["programme_region"] != "08118016" {
		t.Errorf("Gemeinde in the Kreis: %v %+v", fits, reasons)
	}
	// With the Land and a Kreis in its area, the narrower area that contains the
	// region is named.
	p := *bund
	p.RegionKeys = []string{"08", "08118"}
	if _, reasons := MatchProgramme(&p, MatchInput{RegionKey: "08118016"}, finderNow); reasons[0].Args["programme_region"] != "08118" {
		t.Errorf("narrowest area: %+v", reasons)
	}
}

func TestMatchNeed(t *testing.T) {
	ps := finderFixture()
	bund, bw, bayern, gemeinde := &ps[0], &ps[1], &ps[3], &ps[4]
	need := MatchInput{ActionField: "sprache", TargetGroup: "frauen", RegionKey: "08118016"}

	// The Bund's language programme is for everyone, women included, and its call
	// is open.
	fits, reasons := MatchProgramme(bund, need, finderNow)
	if !fits || !slices.Equal(codesOf(reasons), []string{ReasonRegion, ReasonActionField, ReasonTargetGroupAll, ReasonOpenCall}) {
		t.Fatalf("Bund: %v %v", fits, codesOf(reasons))
	}
	if a := reasons[3].Args; a["call"] != "Aufruf 2026" || a["closes_at"] != "2026-04-01T00:00:00Z" {
		t.Errorf("open call args = %v", a)
	}
	// The foundation's programme names women; it has no call.
	fits, reasons = MatchProgramme(gemeinde, need, finderNow)
	if !fits || !slices.Equal(codesOf(reasons), []string{ReasonRegion, ReasonActionField, ReasonTargetGroup}) {
		t.Errorf("foundation: %v %v", fits, codesOf(reasons))
	}
	// Baden-Württemberg's call opens in May.
	fits, reasons = MatchProgramme(bw, need, finderNow)
	if !fits || reasons[len(reasons)-1].Code != ReasonUpcomingCall || reasons[len(reasons)-1].Args["opens_at"] != "2026-05-01T00:00:00Z" {
		t.Errorf("BW: %v %+v", fits, reasons)
	}
	// Bayern: wrong region and action field.
	if fits, _ := MatchProgramme(bayern, need, finderNow); fits {
		t.Error("Bayern fits")
	}
	// A programme for skilled workers only does not serve a need of women.
	if fits, _ := MatchProgramme(bayern, MatchInput{TargetGroup: "frauen"}, finderNow); fits {
		t.Error("fachkraefte programme fits frauen")
	}
}

func TestMatchInputValidate(t *testing.T) {
	var empty MatchInput
	if err := empty.Validate(); teilhabe.ErrorCode(err) != teilhabe.EINVALID {
		t.Errorf("empty input: %v", err)
	}
	bad := MatchInput{ActionField: "kochen"}
	if err := bad.Validate(); teilhabe.ErrorCode(err) != teilhabe.EINVALID {
		t.Errorf("unknown action field: %v", err)
	}
	ok := MatchInput{ProviderType: accounts.ProviderWelfare, RegionKeys: []string{" 08118 ", "08118", ""}}
	if err := ok.Validate(); err != nil || !slices.Equal(ok.RegionKeys, []string{"08118"}) {
		t.Errorf("valid input: %v, %v", err, ok.RegionKeys)
	}
}

func TestSortMatchesOpenCallsFirst(t *testing.T) {
	now := finderNow
	var ms []Match
	for _, p := range finderFixture() {
		ms = append(ms, Match{Hit: Hit{Programme: p, NextDeadline: p.NextDeadline(now), OpenNow: p.OpenCall(now)}})
	}
	SortMatches(ms)
	var got []int64
	for _, m := range ms {
		got = append(got, m.Programme.ID)
	}
	// Open: 4 (closes 20 March), 1 (1 April); upcoming: 2; then by title: 5, 3.
	if !slices.Equal(got, []int64{4, 1, 2, 5, 3}) {
		t.Errorf("order = %v", got)
	}
}
