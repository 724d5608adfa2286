package applications

import (
	"slices"
	"testing"

	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

func eur(e int64) teilhabe.Cents { return teilhabe.Cents(e * 100) }

// plan builds a plan of 10,000 € personnel and 2,000 € material costs, plus a flat
// rate, with the given income.
func plan(rate int, own, third, requested teilhabe.Cents) FinancePlan {
	p := FinancePlan{Costs: map[CostCategory]teilhabe.Cents{CostPersonnel: eur(10000), CostMaterial: eur(2000)},
		AdminRate: rate, OwnFunds: own, Requested: requested}
	if third > 0 {
		p.ThirdParty = []ThirdParty{{Source: "Stiftung Bürgersinn", Amount: third}}
	}
	return p
}

func fields(errs []teilhabe.FieldError) []string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Field+":"+e.Code)
	}
	slices.Sort(out)
	return out
}

func TestFinancePlanArithmetic(t *testing.T) {
	p := plan(700, eur(1284), 0, eur(11556))
	// 12,000 € direct, 7 % flat rate = 840 €, total 12,840 €.
	if p.DirectCosts() != eur(12000) || p.AdminCosts() != eur(840) || p.TotalCosts() != eur(12840) {
		t.Fatalf("costs %v + %v = %v", p.DirectCosts(), p.AdminCosts(), p.TotalCosts())
	}
	if p.TotalIncome() != eur(12840) || p.GrantRate() != 9000 {
		t.Fatalf("income %v, rate %d", p.TotalIncome(), p.GrantRate())
	}
	// Cents stay exact where floats would not: 0.10 + 0.20 is 0.30.
	q := FinancePlan{Costs: map[CostCategory]teilhabe.Cents{CostFees: 10, CostMaterial: 20}, Requested: 30}
	if len(q.Check(Terms{Financing: programmes.FinancingDeficit})) != 0 {
		t.Fatalf("0.10 + 0.20 does not balance 0.30: %v", fields(q.Check(Terms{Financing: programmes.FinancingDeficit})))
	}
}

func TestFinancePlanRules(t *testing.T) {
	share := Terms{Financing: programmes.FinancingShare, OwnShare: 2000, MaxGrant: eur(50000)} // 80 % funded, 20 % own
	rate := Terms{Financing: programmes.FinancingShare, OwnShare: 1000, FundingRate: 7500}     // 75 % funded, 10 % own, the rest from others
	deficit := Terms{Financing: programmes.FinancingDeficit, OwnShare: 1000}                   // 10 % own
	fixed := Terms{Financing: programmes.FinancingFixed, MaxGrant: eur(5000), OwnShare: 500}   // fixed sum up to 5,000 €
	full := Terms{Financing: programmes.FinancingFull, OwnShare: 1000, MaxGrant: eur(20000)}   // own share does not apply
	for _, c := range []struct {
		name  string
		terms Terms
		plan  FinancePlan
		want  []string
	}{
		{"share: 80/20 exactly", share, plan(0, eur(2400), 0, eur(9600)), nil},
		{"share: third-party funds count towards the rest", share, plan(0, eur(2400), eur(1000), eur(8600)), nil},
		{"share: at the Förderquote", rate, plan(0, eur(1200), eur(1800), eur(9000)), nil},
		{"share: one cent above the Förderquote", rate, plan(0, eur(1200), eur(1800)-1, eur(9000)+1), []string{"finance_plan.requested:above_rate"}},
		{"share: grant above 80 %", share, plan(0, eur(2300), 0, eur(9700)), []string{"finance_plan.own_funds:below_min", "finance_plan.requested:above_rate"}},
		{"share: above the maximum", Terms{Financing: programmes.FinancingShare, MaxGrant: eur(5000)}, plan(0, eur(7000), 0, eur(5000)+1), []string{"finance_plan.balance:unbalanced", "finance_plan.requested:above_max"}},
		{"share: flat rate counts into costs", share, plan(700, eur(2568), 0, eur(10272)), nil},
		{"deficit: closes the gap", deficit, plan(0, eur(1200), eur(3000), eur(7800)), nil},
		{"deficit: own funds below 10 %", deficit, plan(0, eur(1199), eur(3000), eur(7801)), []string{"finance_plan.own_funds:below_min"}},
		{"deficit: one cent short", deficit, plan(0, eur(1200), eur(3000), eur(7800)-1), []string{"finance_plan.balance:unbalanced"}},
		{"deficit: one cent over", deficit, plan(0, eur(1200), eur(3000), eur(7800)+1), []string{"finance_plan.balance:unbalanced"}},
		{"fixed: the fixed sum", fixed, plan(0, eur(7000), 0, eur(5000)), nil},
		{"fixed: above the fixed sum", fixed, plan(0, eur(6000), 0, eur(6000)), []string{"finance_plan.requested:above_max"}},
		{"fixed: own share still applies", fixed, plan(0, eur(500), eur(6500), eur(5000)), []string{"finance_plan.own_funds:below_min"}},
		{"full: the grant covers everything", full, plan(0, 0, 0, eur(12000)), nil},
		{"full: above the maximum", Terms{Financing: programmes.FinancingFull, MaxGrant: eur(10000)}, plan(0, 0, 0, eur(12000)), []string{"finance_plan.requested:above_max"}},
		{"full: not balanced", full, plan(0, 0, 0, eur(11000)), []string{"finance_plan.balance:unbalanced"}},
		{"every gap at once", share, FinancePlan{AdminRate: 9000, ThirdParty: []ThirdParty{{Amount: eur(5)}}},
			[]string{"finance_plan.admin_rate:invalid", "finance_plan.costs:required", "finance_plan.requested:required", "finance_plan.third_party_funds:required"}},
		{"unknown category", deficit, FinancePlan{Costs: map[CostCategory]teilhabe.Cents{"travel": eur(100), CostPersonnel: eur(100)}, Requested: eur(100), OwnFunds: eur(100)},
			[]string{"finance_plan.balance:unbalanced", "finance_plan.costs:invalid"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := fields(c.plan.Check(c.terms))
			if !slices.Equal(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
}
