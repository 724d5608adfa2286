package decisions

import (
	"slices"
	"testing"

	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// requested: 50,400 € costs (48,000 € direct, 5 % flat rate), 10 % own funds, 5,040 €
// third-party funds and 40,320 € requested, under Anteilfinanzierung with a 10 % own share.
func requested() *applications.Application {
	return &applications.Application{ID: 7, Plan: applications.FinancePlan{
		Costs:     map[applications.CostCategory]teilhabe.Cents{applications.CostPersonnel: eur(40000), applications.CostMaterial: eur(8000)},
		AdminRate: 500, OwnFunds: eur(5040), ThirdParty: []applications.ThirdParty{{Source: "Stiftung", Amount: eur(5040)}}, Requested: eur(40320)}}
}

var terms = applications.Terms{Financing: programmes.FinancingShare, OwnShare: 1000, MaxGrant: eur(50000)}

func fields(err error) []string {
	var out []string
	if e := teilhabe.AsError(err); e != nil {
		for _, f := range e.Fields {
			out = append(out, f.Field)
		}
	}
	return out
}

func TestApprovalOfTheRequestedSumNeedsNoNewPlan(t *testing.T) {
	d, err := Input{Outcome: Approved, Conditions: "  Nachweis der Kursräume bis 1. 9.  "}.decision(requested(), terms)
	if err != nil || d.Amount != eur(40320) || d.Plan != nil || d.Conditions != "Nachweis der Kursräume bis 1. 9." {
		t.Fatalf("approval = %+v, %v", d, err)
	}
}

func TestReducedApprovalNeedsABalancedPlanWithinTheTerms(t *testing.T) {
	a := requested()
	_, err := Input{Outcome: Approved, Amount: eur(30000)}.decision(a, terms)
	if got := fields(err); !slices.Equal(got, []string{"finance_plan"}) {
		t.Fatalf("lower amount without plan: %v", got)
	}
	// The funder cuts the material costs: 40,000 € + 0 € + 5 % = 42,000 €; the
	// applicant's 5,040 € + 5,040 € and 30,000 € leave 1,920 € open.
	cut := a.Plan
	cut.Costs = map[applications.CostCategory]teilhabe.Cents{applications.CostPersonnel: eur(40000)}
	_, err = Input{Outcome: Approved, Amount: eur(30000), Plan: &cut}.decision(a, terms)
	if got := fields(err); !slices.Contains(got, "finance_plan.balance") {
		t.Fatalf("unbalanced reduced plan: %v", got)
	}
	// Balanced at 40,080 € direct costs (42,084 € in all): 5,040 + 5,040 + 32,004.
	cut.Costs = map[applications.CostCategory]teilhabe.Cents{applications.CostPersonnel: eur(40000), applications.CostMaterial: eur(80)}
	d, err := Input{Outcome: Approved, Amount: eur(32004), Plan: &cut}.decision(a, terms)
	if err != nil || d.Plan == nil || d.Plan.Requested != eur(32004) || d.Plan.TotalCosts() != eur(42084) {
		t.Fatalf("balanced reduced plan: %+v, %v", d, err)
	}
	// The own share must still reach 10 % of the costs: a plan that balances by
	// dropping own funds to 1,000 € is refused.
	low := cut
	low.OwnFunds = eur(1000)
	low.ThirdParty = []applications.ThirdParty{{Source: "Stiftung", Amount: eur(9080)}}
	_, err = Input{Outcome: Approved, Amount: eur(32004), Plan: &low}.decision(a, terms)
	if got := fields(err); !slices.Contains(got, "finance_plan.own_funds") {
		t.Fatalf("own share below the terms: %v", got)
	}
	_, err = Input{Outcome: Approved, Amount: eur(40321)}.decision(a, terms)
	if got := fields(err); !slices.Equal(got, []string{"amount"}) {
		t.Fatalf("more than requested: %v", got)
	}
}

func TestRejectionNeedsAReason(t *testing.T) {
	_, err := Input{Outcome: Rejected, Reason: "   "}.decision(requested(), terms)
	if got := fields(err); !slices.Equal(got, []string{"reason"}) {
		t.Fatalf("rejection without reason: %v", got)
	}
	d, err := Input{Outcome: Rejected, Reason: "Kein Bezug zum Förderziel.", Amount: eur(5), Conditions: "x"}.decision(requested(), terms)
	if err != nil || d.Amount != 0 || d.Conditions != "" {
		t.Fatalf("rejection = %+v, %v", d, err)
	}
	long := make([]rune, MaxText+1)
	for i := range long {
		long[i] = 'ä'
	}
	_, err = Input{Outcome: Rejected, Reason: string(long)}.decision(requested(), terms)
	if got := fields(err); !slices.Equal(got, []string{"reason"}) {
		t.Fatalf("overlong reason: %v", got)
	}
	_, err = Input{Outcome: "vertagt"}.decision(requested(), terms)
	if got := fields(err); !slices.Equal(got, []string{"outcome"}) {
		t.Fatalf("unknown outcome: %v", got)
	}
}
