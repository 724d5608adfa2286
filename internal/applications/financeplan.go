package applications

import (
	"slices"
	"strings"

	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// CostCategory is a line of the cost plan (Ausgabenplan).
type CostCategory string

const (
	CostPersonnel  CostCategory = "personnel"  // Personalausgaben
	CostMaterial   CostCategory = "material"   // Sachausgaben
	CostFees       CostCategory = "fees"       // Honorare
	CostInvestment CostCategory = "investment" // Investitionen
)

// CostCategories are the direct cost lines in the order forms show them. The
// Verwaltungskostenpauschale is not one of them: it is a percentage of their sum.
var CostCategories = []CostCategory{CostPersonnel, CostMaterial, CostFees, CostInvestment}

// CostAdministration is the category under which the API lists the flat rate for
// administration (Verwaltungskosten, pauschal) among the costs.
const CostAdministration CostCategory = "administration"

// MaxAdminRate bounds the Verwaltungskostenpauschale: 25 % of the direct costs. It is
// a sanity limit against typing 70 for 7, not a programme's own cap.
const MaxAdminRate = 2500

// ThirdParty is income from someone other than the applicant and this funder
// (Drittmittel), with where it comes from.
type ThirdParty struct {
	Source string         `json:"source"`
	Amount teilhabe.Cents `json:"amount"`
}

// FinancePlan is the Finanzierungsplan of an application: what the project costs and
// how it is paid for. Amounts are exact cents.
type FinancePlan struct {
	Costs      map[CostCategory]teilhabe.Cents `json:"costs"`       // direct costs by category; missing is 0
	AdminRate  int                             `json:"admin_rate"`  // Verwaltungskostenpauschale in basis points of the direct costs
	OwnFunds   teilhabe.Cents                  `json:"own_funds"`   // Eigenmittel
	ThirdParty []ThirdParty                    `json:"third_party"` // Drittmittel
	Requested  teilhabe.Cents                  `json:"requested"`   // beantragte Zuwendung
}

// Empty reports whether nothing of the plan is filled in yet.
func (f FinancePlan) Empty() bool {
	return f.DirectCosts() == 0 && f.AdminRate == 0 && f.OwnFunds == 0 && f.ThirdPartyFunds() == 0 && f.Requested == 0
}

// DirectCosts is the sum of the cost lines.
func (f FinancePlan) DirectCosts() teilhabe.Cents {
	var sum teilhabe.Cents
	for _, c := range CostCategories {
		sum += f.Costs[c]
	}
	return sum
}

// AdminCosts is the flat rate for administration on the direct costs, rounded half
// up to the cent.
func (f FinancePlan) AdminCosts() teilhabe.Cents { return f.DirectCosts().Percent(f.AdminRate) }

// TotalCosts is what the project costs: direct costs and the flat rate.
func (f FinancePlan) TotalCosts() teilhabe.Cents { return f.DirectCosts() + f.AdminCosts() }

// ThirdPartyFunds is the sum of the third-party income.
func (f FinancePlan) ThirdPartyFunds() teilhabe.Cents {
	var sum teilhabe.Cents
	for _, t := range f.ThirdParty {
		sum += t.Amount
	}
	return sum
}

// TotalIncome is own funds, third-party funds and the requested grant.
func (f FinancePlan) TotalIncome() teilhabe.Cents {
	return f.OwnFunds + f.ThirdPartyFunds() + f.Requested
}

// GrantRate is the requested grant as a share of the total costs, in basis points.
func (f FinancePlan) GrantRate() int { return f.Requested.Rate(f.TotalCosts()) }

// Terms are the rules of a programme that a finance plan must keep.
type Terms struct {
	Financing programmes.FinancingType
	MaxGrant  teilhabe.Cents // 0: no maximum
	OwnShare  int            // minimum own contribution in basis points of the total costs
	// FundingRate is the Förderquote of an Anteilfinanzierung in basis points of the
	// total costs; 0 leaves what the own share does not ask for.
	FundingRate int
}

// TermsOf reads a programme's terms.
func TermsOf(p *programmes.Programme) Terms {
	return Terms{Financing: p.FinancingType, MaxGrant: teilhabe.Cents(p.MaxGrant), OwnShare: p.OwnShare, FundingRate: p.FundingRate}
}

// FundedRate is the largest share of the total costs that a grant under
// Anteilfinanzierung may cover: the programme's Förderquote, or else what the minimum
// own contribution leaves.
func (t Terms) FundedRate() int {
	if t.FundingRate > 0 {
		return t.FundingRate
	}
	return 10000 - t.OwnShare
}

// Check reports every way the plan breaks its own arithmetic or the programme's
// terms, all at once, as field errors under "finance_plan.…":
//   - at least one cost, a flat rate between 0 and MaxAdminRate, a source for every
//     third-party amount, a requested grant above zero;
//   - costs and income balance to the cent;
//   - the requested grant stays within the programme's maximum;
//   - own funds reach the programme's minimum own contribution, except under
//     Vollfinanzierung, where the grant covers everything and no own share is asked;
//   - under Anteilfinanzierung the grant covers at most the funded rate of the costs;
//   - under Fehlbedarfsfinanzierung the grant closes the gap that own and third-party
//     funds leave, which balancing already says; under Festbetragsfinanzierung the
//     grant is a fixed sum that may not exceed the costs the others leave open, which
//     balancing says too: neither needs a rule beyond the common ones.
func (f FinancePlan) Check(t Terms) []teilhabe.FieldError {
	var out []teilhabe.FieldError
	add := func(field, code, id string, args ...any) {
		out = append(out, teilhabe.FieldMsg("finance_plan."+field, code, id, args...))
	}
	for c := range f.Costs {
		if !slices.Contains(CostCategories, c) {
			add("costs", "invalid", "applications.fielderror.cost_category", "Category", string(c))
		}
	}
	if f.DirectCosts() <= 0 {
		add("costs", "required", "applications.fielderror.costs_required")
	}
	if f.AdminRate < 0 || f.AdminRate > MaxAdminRate {
		add("admin_rate", "invalid", "applications.fielderror.admin_rate", "Max", teilhabe.BasisPoints(MaxAdminRate))
	}
	for _, tp := range f.ThirdParty {
		if strings.TrimSpace(tp.Source) == "" && tp.Amount > 0 {
			add("third_party_funds", "required", "applications.fielderror.third_party_source")
			break
		}
	}
	if f.Requested <= 0 {
		add("requested", "required", "applications.fielderror.requested_required")
	}
	total, income := f.TotalCosts(), f.TotalIncome()
	if total > 0 && income != total {
		add("balance", "unbalanced", "applications.fielderror.unbalanced", "Costs", total, "Income", income, "Difference", absCents(total-income))
	}
	if t.MaxGrant > 0 && f.Requested > t.MaxGrant {
		add("requested", "above_max", "applications.fielderror.above_max", "Max", t.MaxGrant)
	}
	if t.Financing != programmes.FinancingFull && t.OwnShare > 0 && total > 0 {
		if min := total.Percent(t.OwnShare); f.OwnFunds < min {
			add("own_funds", "below_min", "applications.fielderror.own_share", "Min", min, "Rate", teilhabe.BasisPoints(t.OwnShare))
		}
	}
	if t.Financing == programmes.FinancingShare && total > 0 && f.Requested > 0 {
		if max := total.Percent(t.FundedRate()); f.Requested > max {
			add("requested", "above_rate", "applications.fielderror.above_rate", "Max", max, "Rate", teilhabe.BasisPoints(t.FundedRate()))
		}
	}
	return out
}

func absCents(c teilhabe.Cents) teilhabe.Cents {
	if c < 0 {
		return -c
	}
	return c
}
