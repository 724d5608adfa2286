package programmes

import (
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

func validProgramme() Programme {
	return Programme{
		FunderID: 1, Title: " Sprachkurse im Alltag ", Summary: "Deutsch für Eltern.",
		Sections:      []Section{{Heading: "Ziel", Body: "Eltern lernen Deutsch.\n\nIn der Kita."}, {}},
		ActionFields:  []string{"sprache", "sprache"},
		ProviderTypes: []accounts.ProviderType{accounts.ProviderLanguageCourse},
		RegionKeys:    []string{"08"},
		FundingKind:   FundingProject, FinancingType: FinancingShare, OwnShare: 1000,
		PeriodStart: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), PeriodEnd: time.Date(2028, 12, 31, 0, 0, 0, 0, time.UTC),
		Budgets: []Budget{{Year: 2028, Amount: 100}, {Year: 2027, Amount: 200}},
	}
}

func TestValidateNormalises(t *testing.T) {
	p := validProgramme()
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	if p.Title != "Sprachkurse im Alltag" || len(p.Sections) != 1 || len(p.ActionFields) != 1 || p.Budgets[0].Year != 2027 {
		t.Fatalf("not normalised: %+v", p)
	}
	if got := p.Sections[0].Paragraphs(); len(got) != 2 || got[1] != "In der Kita." {
		t.Fatalf("paragraphs = %q", got)
	}
}

func TestValidateNamesEveryField(t *testing.T) {
	cases := []struct {
		field string
		edit  func(p *Programme)
	}{
		{"title", func(p *Programme) { p.Title = "  " }},
		{"sections", func(p *Programme) { p.Sections = nil }},
		{"action_fields", func(p *Programme) { p.ActionFields = []string{"kochen"} }},
		{"provider_types", func(p *Programme) { p.ProviderTypes = nil }},
		{"region_keys", func(p *Programme) { p.RegionKeys = nil }},
		{"own_share", func(p *Programme) { p.FinancingType = FinancingFull }},
		{"period", func(p *Programme) { p.PeriodEnd = p.PeriodStart.AddDate(-1, 0, 0) }},
		{"budgets", func(p *Programme) { p.Budgets = []Budget{{Year: 2030, Amount: 1}} }},
		{"budgets", func(p *Programme) { p.Budgets = []Budget{{Year: 2027, Amount: 1}, {Year: 2027, Amount: 2}} }},
		{"calls", func(p *Programme) {
			p.Calls = []Call{{Title: "Aufruf", OpensAt: p.PeriodStart, ClosesAt: p.PeriodStart.Add(-time.Hour)}}
		}},
	}
	for _, c := range cases {
		p := validProgramme()
		c.edit(&p)
		e := teilhabe.AsError(p.Validate())
		if e == nil || e.Code != teilhabe.EINVALID {
			t.Fatalf("%s: err = %v", c.field, e)
		}
		found := false
		for _, f := range e.Fields {
			found = found || f.Field == c.field
		}
		if !found {
			t.Errorf("%s: fields = %+v", c.field, e.Fields)
		}
	}
}

func TestLifecycleAllowsOnlyTheNextStep(t *testing.T) {
	for i, from := range Statuses {
		for j, to := range Statuses {
			err := CheckTransition(from, to)
			if j == i+1 && err != nil {
				t.Errorf("%s → %s refused: %v", from, to, err)
			}
			if j != i+1 && teilhabe.ErrorCode(err) != teilhabe.ECONFLICT {
				t.Errorf("%s → %s: err = %v, want a conflict", from, to, err)
			}
		}
	}
	if err := CheckTransition(StatusDraft, "gelöscht"); teilhabe.ErrorCode(err) != teilhabe.EINVALID {
		t.Errorf("unknown status: %v", err)
	}
	if e := teilhabe.AsError(CheckTransition(StatusDraft, StatusPublished)); e == nil || e.Args["From"] != teilhabe.Msg("programme.status.draft") ||
		e.Args["To"] != teilhabe.Msg("programme.status.published") {
		t.Errorf("the message should name both statuses, for the reader's language: %v", e)
	}
}

func TestCoversAndOpenCall(t *testing.T) {
	p := validProgramme()
	if !p.Covers("08118016") || !p.Covers("08") || p.Covers("09162") {
		t.Error("a Land programme covers its Gemeinden and no other Land")
	}
	p.RegionKeys = []string{"DG"}
	if !p.Covers("09162") {
		t.Error("DG covers everything")
	}
	now := time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC)
	p.Status = StatusApplications
	p.Calls = []Call{{Title: "a", OpensAt: now.Add(-time.Hour), ClosesAt: now.Add(time.Hour)}, {Title: "b", OpensAt: now.Add(24 * time.Hour), ClosesAt: now.Add(48 * time.Hour)}}
	if !p.OpenCall(now) || !p.NextDeadline(now).Equal(now.Add(time.Hour)) {
		t.Error("first call is open and closes next")
	}
	if p.OpenCall(now.Add(2 * time.Hour)) {
		t.Error("no call is open between the two")
	}
	p.Status = StatusDraft
	if p.OpenCall(now) {
		t.Error("a draft has no open call")
	}
}
