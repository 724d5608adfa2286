// Package grants holds the Zuwendung from its approval to the final report: the
// approved amount and finance plan, the programme's rules for spending and
// reporting, and the grant's payment ledger (Mittelabruf, Freigabe, Auszahlung).
// A grant is created by the approval of an application (internal/decisions), in the
// same transaction. It knows nothing of HTTP or SQL.
package grants

import (
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Grant is one Zuwendung to one provider for one project.
type Grant struct {
	ID            int64
	ApplicationID int64 // the approved application; its number is the grant's file number
	ProgrammeID   int64
	CallID        int64
	ProviderID    int64
	FunderID      int64
	FunderLevel   accounts.FunderLevel // EU, Bund, Land, Kreis/Kommune, Stiftung
	Title         string
	RegionKeys    []string // regions served (AGS/ARS), from the application
	Amount        teilhabe.Cents
	// Plan is the approved finance plan: the application's own, or the reduced one
	// of an approval below the requested sum.
	Plan          applications.FinancePlan
	PeriodStart   time.Time // Bewilligungszeitraum, as dates
	PeriodEnd     time.Time
	FundingKind   programmes.FundingKind
	FinancingType programmes.FinancingType
	Conditions    string // Nebenbestimmungen of the approval
	// OngoingService marks a grant that pays for a Regelangebot people rely on
	// beyond the project (a counselling service, a language café): its end raises
	// a funding-cliff warning when nothing follows.
	OngoingService bool
	ApprovedAt     time.Time
	Revision       int

	// Filled by the store for lists and pages.
	ProviderName   string
	ProgrammeTitle string
	FunderName     string
	Paid           teilhabe.Cents // the sum of the payments made
}

// Approval is what an approval decides, for New.
type Approval struct {
	Application *applications.Application
	Programme   *programmes.Programme
	Amount      teilhabe.Cents
	Plan        *applications.FinancePlan // the reduced plan; nil: the application's own
	Conditions  string
	At          time.Time
}

// New makes the grant of an approval. The period is the application's project
// period: the Bewilligungszeitraum is what the provider applied for unless the
// funder shortened it, which the approval does not (yet) offer.
func New(ap Approval) Grant {
	a, prog := ap.Application, ap.Programme
	plan := a.Plan
	if ap.Plan != nil {
		plan = *ap.Plan
	}
	return Grant{
		ApplicationID: a.ID, ProgrammeID: prog.ID, CallID: a.CallID, ProviderID: a.ProviderID,
		FunderID: prog.FunderID, FunderLevel: prog.FunderLevel, Title: a.Title,
		RegionKeys: append([]string(nil), a.RegionKeys...), Amount: ap.Amount, Plan: plan,
		PeriodStart: a.PeriodStart, PeriodEnd: a.PeriodEnd,
		FundingKind: prog.FundingKind, FinancingType: prog.FinancingType,
		Conditions: ap.Conditions, ApprovedAt: ap.At,
	}
}

// Ended reports whether the Bewilligungszeitraum is over at now (its last day
// counts, in Europe/Berlin).
func (g *Grant) Ended(now time.Time) bool {
	end := g.PeriodEnd.In(time.UTC)
	last := time.Date(end.Year(), end.Month(), end.Day(), 0, 0, 0, 0, teilhabe.Berlin).AddDate(0, 0, 1)
	return !now.Before(last)
}
