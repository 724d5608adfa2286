package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/store"
)

// LanguageCourses is the programme the procedure's tests apply to: a Land's language
// courses for parents, Anteilfinanzierung with a 10 % own share and at most 50,000 €,
// running from July 2026 to 2027, with one call from now to the end of March 2026
// (the tests' clocks start in early March).
func LanguageCourses(funderID int64, now time.Time) programmes.Programme {
	return programmes.Programme{FunderID: funderID, Title: "Sprachkurse im Alltag", Summary: "Deutsch für Eltern.",
		Sections:     []programmes.Section{{Heading: "Ziel", Body: "Eltern lernen Deutsch."}},
		ActionFields: []string{"sprache"}, ProviderTypes: []accounts.ProviderType{accounts.ProviderLanguageCourse}, RegionKeys: []string{"08"},
		FundingKind: programmes.FundingProject, FinancingType: programmes.FinancingShare, OwnShare: 1000, MaxGrant: 5_000_000,
		Budgets:     []programmes.Budget{{Year: 2026, Amount: 999_999_00}},
		PeriodStart: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), PeriodEnd: time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC),
		Calls: []programmes.Call{{Title: "Aufruf 2026", OpensAt: now, ClosesAt: time.Date(2026, 3, 31, 22, 0, 0, 0, time.UTC)}}}
}

// OpenForApplications creates p as its funder's staff (ctx) and takes it the way
// to an open call: an hour's consultation in its regions, then, two hours on by
// the clock, published and open for applications. It returns the programme as
// stored, with its calls.
func OpenForApplications(t testing.TB, db *store.DB, clock *Clock, ctx context.Context, p programmes.Programme) programmes.Programme {
	t.Helper()
	progs := programmes.NewService(db.Programmes())
	created, err := progs.Create(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := progs.OpenConsultation(ctx, created.ID, programmes.Consultation{Regions: p.RegionKeys, Deadline: clock.Now().Add(time.Hour)}, 0); err != nil {
		t.Fatal(err)
	}
	clock.Advance(2 * time.Hour)
	for _, s := range []programmes.Status{programmes.StatusPublished, programmes.StatusApplications} {
		if _, err := progs.SetStatus(ctx, created.ID, s, 0); err != nil {
			t.Fatal(err)
		}
	}
	v, err := progs.Programme(ctx, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	return v.Programme
}
