package grants

import (
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestDutiesFollowTheFederalDefaults(t *testing.T) {
	r := DefaultRules(programmes.FinancingDeficit)
	cases := []struct {
		name       string
		start, end time.Time
		want       []Due
	}{
		{"within one year", date(2026, 3, 1), date(2026, 12, 31), []Due{{Kind: Final, On: date(2027, 6, 30)}}},
		{"into the next year", date(2026, 9, 1), date(2027, 8, 31),
			[]Due{{Kind: Interim, Year: 2026, On: date(2027, 4, 30)}, {Kind: Final, On: date(2028, 2, 29)}}},
		{"three years", date(2025, 1, 1), date(2027, 6, 15), []Due{
			{Kind: Interim, Year: 2025, On: date(2026, 4, 30)}, {Kind: Interim, Year: 2026, On: date(2027, 4, 30)},
			{Kind: Final, On: date(2027, 12, 15)}}},
	}
	for _, c := range cases {
		got := r.Duties(&Grant{PeriodStart: c.start, PeriodEnd: c.end})
		if len(got) != len(c.want) {
			t.Errorf("%s: %+v", c.name, got)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%s: duty %d = %+v, want %+v", c.name, i, got[i], c.want[i])
			}
		}
	}
}

func TestDefaultChangeRuleFollowsTheFinancingType(t *testing.T) {
	for f, want := range map[programmes.FinancingType]ChangeRule{programmes.FinancingShare: ChangeProportional,
		programmes.FinancingDeficit: ChangeFull, programmes.FinancingFull: ChangeFull, programmes.FinancingFixed: ChangeNone} {
		if got := DefaultRules(f).Change; got != want {
			t.Errorf("%s: %s, want %s", f, got, want)
		}
	}
}

func TestRulesValidateNamesEveryField(t *testing.T) {
	r := Rules{SpendWithin: Span{N: 0, Unit: Weeks}, InterimDueMonth: time.February, InterimDueDay: 30, FinalDueMonths: 0, Overrun: -1, Change: "x"}
	e := teilhabe.AsError(r.Validate())
	if e == nil || e.Code != teilhabe.EINVALID {
		t.Fatalf("err = %v", e)
	}
	var fields []string
	for _, f := range e.Fields {
		fields = append(fields, f.Field)
	}
	want := []string{"spend_within", "interim_due", "final_due_months", "overrun", "change"}
	if len(fields) != len(want) {
		t.Fatalf("fields %v, want %v", fields, want)
	}
	d := DefaultRules(programmes.FinancingShare)
	if err := d.Validate(); err != nil {
		t.Errorf("defaults invalid: %v", err)
	}
}

func TestGrantEndsAfterItsLastDayInBerlin(t *testing.T) {
	g := Grant{PeriodEnd: date(2026, 12, 31)}
	if g.Ended(time.Date(2026, 12, 31, 22, 59, 0, 0, time.UTC)) {
		t.Error("ended during its last day (23:59 in Berlin)")
	}
	if !g.Ended(time.Date(2026, 12, 31, 23, 0, 0, 0, time.UTC)) {
		t.Error("not ended at midnight in Berlin")
	}
}
