package api

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Applications in JSON. Amounts are decimal strings in euros with two decimals
// ("40320.00"), exact as the finance plan is; rates are decimal strings in percent.

type applicationJSON struct {
	ID           int64             `json:"id"`
	Stage        string            `json:"stage"`
	SketchID     *int64            `json:"sketch_id"`
	Status       string            `json:"status"`
	CallID       int64             `json:"call_id"`
	Call         string            `json:"call"`
	ProgrammeID  int64             `json:"programme_id"`
	Programme    string            `json:"programme"`
	Provider     idNameJSON        `json:"provider"`
	Regions      []string          `json:"regions"`
	Title        string            `json:"title"`
	Description  string            `json:"description"`
	ActionFields []string          `json:"action_fields"`
	TargetGroups []string          `json:"target_groups"`
	Period       *periodJSON       `json:"period"`
	Outputs      []outputJSON      `json:"outputs"`
	Contact      contactJSON       `json:"contact"`
	FinancePlan  financePlanJSON   `json:"finance_plan"`
	Requested    string            `json:"requested"`
	Revision     int               `json:"revision"`
	SubmittedAt  *string           `json:"submitted_at"`
	CreatedAt    *string           `json:"created_at"`
	UpdatedAt    *string           `json:"updated_at"`
	Answers      map[string]string `json:"answers"`
	// Questions are the call's questions of the application's stage; only the
	// single application carries them.
	Questions []questionJSON `json:"questions,omitempty"`
}

type idNameJSON struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

type outputJSON struct {
	Quantity int64  `json:"quantity"`
	Unit     string `json:"unit"`
}

type contactJSON struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Phone string `json:"phone"`
}

type costJSON struct {
	Category string `json:"category"`
	Amount   string `json:"amount,omitempty"`
	Rate     string `json:"rate,omitempty"` // administration only: percent of the direct costs
}

type thirdPartyJSON struct {
	Source string `json:"source"`
	Amount string `json:"amount"`
}

type financePlanJSON struct {
	Costs           []costJSON       `json:"costs"`
	DirectCosts     string           `json:"direct_costs"`
	TotalCosts      string           `json:"total_costs"`
	OwnFunds        string           `json:"own_funds"`
	ThirdPartyFunds string           `json:"third_party_funds"` // the sum of third_party
	ThirdParty      []thirdPartyJSON `json:"third_party"`
	Requested       string           `json:"requested"`
	GrantRate       string           `json:"grant_rate"` // the requested grant in percent of the total costs
}

func rateString(bp int) string { return teilhabe.Cents(bp).String() }

func toApplicationJSON(a *applications.Application) applicationJSON {
	j := applicationJSON{ID: a.ID, Status: string(a.Status), CallID: a.CallID, Call: a.CallTitle, ProgrammeID: a.ProgrammeID,
		Programme: a.ProgrammeTitle, Provider: idNameJSON{ID: a.ProviderID, Name: a.ProviderName}, Regions: codes(a.RegionKeys),
		Title: a.Title, Description: a.Description, ActionFields: codes(a.ActionFields), TargetGroups: codes(a.TargetGroups),
		Outputs: []outputJSON{}, Contact: contactJSON(a.Contact), Requested: a.Plan.Requested.String(), Revision: a.Revision,
		SubmittedAt: instant(a.SubmittedAt), CreatedAt: instant(a.CreatedAt), UpdatedAt: instant(a.UpdatedAt),
		Stage: string(a.Stage), Answers: a.Answers}
	if a.SketchID != 0 {
		j.SketchID = &a.SketchID
	}
	if j.Answers == nil {
		j.Answers = map[string]string{}
	}
	if !a.PeriodStart.IsZero() || !a.PeriodEnd.IsZero() {
		j.Period = &periodJSON{Start: date(a.PeriodStart), End: date(a.PeriodEnd)}
	}
	for _, o := range a.Outputs {
		j.Outputs = append(j.Outputs, outputJSON(o))
	}
	p := a.Plan
	f := financePlanJSON{Costs: []costJSON{}, DirectCosts: p.DirectCosts().String(), TotalCosts: p.TotalCosts().String(),
		OwnFunds: p.OwnFunds.String(), ThirdPartyFunds: p.ThirdPartyFunds().String(), ThirdParty: []thirdPartyJSON{},
		Requested: p.Requested.String(), GrantRate: rateString(p.GrantRate())}
	for _, c := range applications.CostCategories {
		if v, ok := p.Costs[c]; ok {
			f.Costs = append(f.Costs, costJSON{Category: string(c), Amount: v.String()})
		}
	}
	if p.AdminRate > 0 {
		f.Costs = append(f.Costs, costJSON{Category: string(applications.CostAdministration), Amount: p.AdminCosts().String(), Rate: rateString(p.AdminRate)})
	}
	for _, t := range p.ThirdParty {
		f.ThirdParty = append(f.ThirdParty, thirdPartyJSON{Source: t.Source, Amount: t.Amount.String()})
	}
	j.FinancePlan = f
	return j
}

// applicationBody is what a client sends to create or change a draft.
type applicationBody struct {
	CallID       int64             `json:"call_id"`
	ProviderID   int64             `json:"provider_id"` // needed only by staff of several providers
	Revision     int               `json:"revision"`
	Title        string            `json:"title"`
	Description  string            `json:"description"`
	Regions      []string          `json:"regions"`
	ActionFields []string          `json:"action_fields"`
	TargetGroups []string          `json:"target_groups"`
	Period       periodBody        `json:"period"`
	Outputs      []outputJSON      `json:"outputs"`
	Contact      contactJSON       `json:"contact"`
	FinancePlan  financePlanBody   `json:"finance_plan"`
	Stage        string            `json:"stage"` // on create: "sketch" or "full"; "" takes the call's first stage
	Answers      map[string]string `json:"answers"`
}

type periodBody struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

type financePlanBody struct {
	Costs            []costJSON `json:"costs"`
	OwnFunds         string     `json:"own_funds"`
	ThirdPartyFunds  thirdParty `json:"third_party_funds"`
	ThirdPartySource string     `json:"third_party_source"` // the source when third_party_funds is one amount
	Requested        string     `json:"requested"`
}

// thirdParty takes third-party funds as one amount ("5040.00", with
// third_party_source) or as a list of sources and amounts.
type thirdParty struct {
	amount string
	list   []thirdPartyJSON
}

func (t *thirdParty) UnmarshalJSON(b []byte) error {
	if b = bytes.TrimSpace(b); len(b) > 0 && b[0] == '[' {
		return json.Unmarshal(b, &t.list)
	}
	if string(b) == "null" {
		return nil
	}
	return json.Unmarshal(b, &t.amount)
}

// content turns the body into the use case's input, collecting every malformed
// amount, rate and date as a field error, so that a client learns of all at once.
func (b applicationBody) content() (applications.Content, []teilhabe.FieldError) {
	var bad []teilhabe.FieldError
	money := func(field, s string) teilhabe.Cents {
		if strings.TrimSpace(s) == "" {
			return 0
		}
		c, err := teilhabe.ParseDecimal(strings.TrimSpace(s))
		if err != nil {
			bad = append(bad, teilhabe.FieldMsg(field, teilhabe.EINVALID, "api.fielderror.decimal", "Value", s))
		}
		return c
	}
	day := func(field, s string) time.Time {
		if s == "" {
			return time.Time{}
		}
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			bad = append(bad, teilhabe.FieldMsg(field, teilhabe.EINVALID, "api.fielderror.date", "Value", s))
		}
		return t
	}
	c := applications.Content{Title: b.Title, Description: b.Description, RegionKeys: b.Regions, ActionFields: b.ActionFields,
		TargetGroups: b.TargetGroups, PeriodStart: day("period.start", b.Period.Start), PeriodEnd: day("period.end", b.Period.End),
		Contact: applications.Contact(b.Contact), Stage: applications.Stage(b.Stage), Answers: b.Answers}
	for _, o := range b.Outputs {
		c.Outputs = append(c.Outputs, applications.Output(o))
	}
	fp := b.FinancePlan
	c.Plan = applications.FinancePlan{Costs: map[applications.CostCategory]teilhabe.Cents{},
		OwnFunds: money("finance_plan.own_funds", fp.OwnFunds), Requested: money("finance_plan.requested", fp.Requested)}
	for i, cost := range fp.Costs {
		field := "finance_plan.costs." + strconv.Itoa(i)
		cat := applications.CostCategory(strings.TrimSpace(cost.Category))
		if cat == applications.CostAdministration {
			rate := money(field+".rate", cost.Rate)
			if cost.Rate == "" {
				bad = append(bad, teilhabe.FieldMsg(field+".rate", "required", "api.fielderror.admin_rate"))
			}
			c.Plan.AdminRate = int(rate) // percent with two decimals: hundredths are basis points
			continue
		}
		if _, twice := c.Plan.Costs[cat]; twice {
			bad = append(bad, teilhabe.FieldMsg(field+".category", "duplicate", "api.fielderror.cost_twice", "Category", string(cat)))
		}
		c.Plan.Costs[cat] = money(field+".amount", cost.Amount)
	}
	if tp := fp.ThirdPartyFunds; len(tp.list) > 0 {
		for i, t := range tp.list {
			c.Plan.ThirdParty = append(c.Plan.ThirdParty, applications.ThirdParty{Source: t.Source,
				Amount: money("finance_plan.third_party_funds."+strconv.Itoa(i)+".amount", t.Amount)})
		}
	} else if tp.amount != "" || fp.ThirdPartySource != "" {
		c.Plan.ThirdParty = []applications.ThirdParty{{Source: fp.ThirdPartySource, Amount: money("finance_plan.third_party_funds", tp.amount)}}
	}
	return c, bad
}
