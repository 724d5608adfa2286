package grants

import (
	"time"

	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Rules are what differs between funders in running a grant: settings of the
// programme, with the federal defaults of the Allgemeine Nebenbestimmungen für
// Zuwendungen zur Projektförderung (ANBest-P, Anlage 2 zu VV Nr. 5.1 zu § 44 BHO).
// README ("Grants: the federal defaults") names the number of each default.
type Rules struct {
	// SpendWithin is how soon after a payout the money must be spent: a request may
	// only ask for what is due within it (ANBest-P Nr. 1.4: six weeks).
	SpendWithin Span
	// InterimDueMonth and InterimDueDay are the due date, in the year after each
	// calendar year the project runs on into the next, of the interim report
	// (Zwischennachweis; ANBest-P Nr. 6.1: within four months, so 30 April).
	InterimDueMonth time.Month
	InterimDueDay   int
	// FinalDueMonths is how many months after the end of the Bewilligungszeitraum
	// the final report (Verwendungsnachweis) is due (ANBest-P Nr. 6.1: six).
	FinalDueMonths int
	// Overrun is how far, in basis points, one cost category may exceed its plan
	// when savings in others balance it (ANBest-P Nr. 1.2: 20 %).
	Overrun int
	// Change is how lower costs or new income after the approval change the grant
	// (ANBest-P Nr. 2); its default follows the programme's financing type.
	Change ChangeRule
}

// Span is a number of weeks or of months.
type Span struct {
	N    int
	Unit SpanUnit
}

// SpanUnit is the unit of a Span.
type SpanUnit string

const (
	Weeks  SpanUnit = "weeks"
	Months SpanUnit = "months"
)

// After returns t moved on by the span.
func (s Span) After(t time.Time) time.Time {
	if s.Unit == Months {
		return t.AddDate(0, s.N, 0)
	}
	return t.AddDate(0, 0, 7*s.N)
}

// ChangeRule is how a grant follows lower costs or higher income.
type ChangeRule string

const (
	// ChangeProportional lowers the grant in proportion with the other funds
	// (Anteilfinanzierung).
	ChangeProportional ChangeRule = "proportional"
	// ChangeFull lowers the grant by the whole saving or the whole new income
	// (Fehlbedarfs- and Vollfinanzierung).
	ChangeFull ChangeRule = "full"
	// ChangeNone keeps the grant unless the costs fall below it (Festbetrag).
	ChangeNone ChangeRule = "none"
)

// ChangeRules are the rules a funder can choose, in the order forms offer them.
var ChangeRules = []ChangeRule{ChangeProportional, ChangeFull, ChangeNone}

// DefaultRules are the federal defaults for a programme of the financing type.
func DefaultRules(f programmes.FinancingType) Rules {
	r := Rules{SpendWithin: Span{N: 6, Unit: Weeks}, InterimDueMonth: time.April, InterimDueDay: 30,
		FinalDueMonths: 6, Overrun: 2000, Change: ChangeFull}
	switch f {
	case programmes.FinancingShare:
		r.Change = ChangeProportional
	case programmes.FinancingFixed:
		r.Change = ChangeNone
	}
	return r
}

// Limits of the rules, so that a typing error cannot make a report due in 200 years.
const (
	MaxSpendWeeks  = 26
	MaxSpendMonths = 6
	MaxFinalMonths = 24
	MaxOverrun     = 10000
)

// Validate checks rules a funder entered; every problem at once.
func (r *Rules) Validate() error {
	var f []teilhabe.FieldError
	switch {
	case r.SpendWithin.Unit != Weeks && r.SpendWithin.Unit != Months:
		f = append(f, teilhabe.Field("spend_unit", "invalid"))
	case r.SpendWithin.N < 1 || r.SpendWithin.Unit == Weeks && r.SpendWithin.N > MaxSpendWeeks ||
		r.SpendWithin.Unit == Months && r.SpendWithin.N > MaxSpendMonths:
		f = append(f, teilhabe.Field("spend_within", "range", "Min", 1, "Max", map[SpanUnit]int{Weeks: MaxSpendWeeks, Months: MaxSpendMonths}[r.SpendWithin.Unit]))
	}
	if r.InterimDueMonth < time.January || r.InterimDueMonth > time.December || r.InterimDueDay < 1 ||
		r.InterimDueDay > daysIn(r.InterimDueMonth) {
		f = append(f, teilhabe.Field("interim_due", "invalid"))
	}
	if r.FinalDueMonths < 1 || r.FinalDueMonths > MaxFinalMonths {
		f = append(f, teilhabe.Field("final_due_months", "range", "Min", 1, "Max", MaxFinalMonths))
	}
	if r.Overrun < 0 || r.Overrun > MaxOverrun {
		f = append(f, teilhabe.Field("overrun", "range", "Min", 0, "Max", 100))
	}
	found := false
	for _, c := range ChangeRules {
		found = found || c == r.Change
	}
	if !found {
		f = append(f, teilhabe.Field("change", "invalid"))
	}
	if len(f) > 0 {
		return teilhabe.Invalid("grants.error.rules_invalid", f...)
	}
	return nil
}

// daysIn is the longest a month gets (29 February counts: a due date on it falls
// on 1 March in other years, as time.Date normalises).
func daysIn(m time.Month) int {
	return time.Date(2024, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// Due is one reporting duty of a grant.
type Due struct {
	Kind ReportKind
	Year int       // the calendar year an interim report covers; 0 for the final
	On   time.Time // the due date, as a date (end of that day in Europe/Berlin counts)
}

// ReportKind is an interim or a final report.
type ReportKind string

const (
	Interim ReportKind = "interim" // Zwischennachweis
	Final   ReportKind = "final"   // Verwendungsnachweis
)

// Duties are the grant's reports under the rules, in date order: an interim report
// for every calendar year the Bewilligungszeitraum runs on into the next, and the
// final report after its end.
func (r Rules) Duties(g *Grant) []Due {
	var out []Due
	start, end := g.PeriodStart.UTC(), g.PeriodEnd.UTC()
	for y := start.Year(); y < end.Year(); y++ {
		out = append(out, Due{Kind: Interim, Year: y, On: time.Date(y+1, r.InterimDueMonth, r.InterimDueDay, 0, 0, 0, 0, time.UTC)})
	}
	final := addMonths(end, r.FinalDueMonths)
	return append(out, Due{Kind: Final, On: final})
}

// addMonths moves a date on by n months; a day the target month lacks, and the
// last day of a month, become the target month's last day (31 December + 6 months
// is 30 June).
func addMonths(t time.Time, n int) time.Time {
	last := func(y int, m time.Month) int { return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day() }
	target := time.Date(t.Year(), t.Month()+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	day := t.Day()
	if day == last(t.Year(), t.Month()) || day > last(target.Year(), target.Month()) {
		day = last(target.Year(), target.Month())
	}
	return time.Date(target.Year(), target.Month(), day, 0, 0, 0, 0, time.UTC)
}
