// Package applications holds applications for funding (Anträge) to a programme's call:
// their content and finance plan (Finanzierungsplan), the state machine of the grant
// procedure from Entwurf to Bewilligung or Ablehnung, who may see and do what, and the
// use cases. It knows nothing of HTTP or SQL.
package applications

import (
	"net/mail"
	"slices"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Limits on what one application may hold: generous for real projects, small enough
// that no form or API call can fill the database.
const (
	maxTitle       = 200
	maxDescription = 20000
	maxRegions     = 100
	maxOutputs     = 20
	maxThirdParty  = 20
	maxShortText   = 200
)

// Output is a planned result with its quantity: 60 course places, 120 participants.
type Output struct {
	Quantity int64  `json:"quantity"`
	Unit     string `json:"unit"`
}

// Contact is the person the funder and the commissioners talk to about the project.
type Contact struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Phone string `json:"phone"`
}

// Application is an Antrag of a provider (Träger) to one call of a programme.
type Application struct {
	ID          int64
	CallID      int64
	ProgrammeID int64
	ProviderID  int64 // the applying organisation
	CreatedBy   int64 // the user who started the draft
	// Stage is StageFull for an application, StageSketch for the Projektskizze of
	// a two-stage call; SketchID is the sketch a full application was invited from.
	Stage    Stage
	SketchID int64
	// Answers holds the answers to the call's own questions, by question id, in
	// their canonical text form (a decimal, an ISO date, a choice's value, a file id).
	Answers map[string]string

	Title        string
	Description  string
	RegionKeys   []string // regions served (AGS/ARS)
	ActionFields []string
	TargetGroups []string
	PeriodStart  time.Time // the project period, as dates
	PeriodEnd    time.Time
	Outputs      []Output
	Contact      Contact
	Plan         FinancePlan

	Status Status
	// Revision counts every change of the row: a form and the API send the revision
	// they showed, and a change on top of someone else's is refused, not merged.
	Revision    int
	SubmittedAt time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time

	// Partners are the partner organisations invited as co-applicants, filled by
	// the store when it reads one application.
	Partners []Partner

	// Filled by the store for lists and pages.
	ProviderName   string
	ProgrammeTitle string
	CallTitle      string
	CallClosesAt   time.Time // the deadline of this application: in a two-stage call, a full one's own
	FunderID       int64
}

// NextStep names what happens next with the application, for the provider's list:
// a message id of the catalogue ("applications.next.…") and the date it is due by,
// zero when nothing is due. A draft is to be submitted before its call closes; after
// that it can only be withdrawn.
func (a *Application) NextStep(now time.Time) (string, time.Time) {
	switch a.Status {
	case StatusDraft:
		if !now.Before(a.CallClosesAt) {
			return "applications.next.draft_late", a.CallClosesAt
		}
		return "applications.next.draft", a.CallClosesAt
	case StatusSubmitted:
		return "applications.next.submitted", time.Time{}
	case StatusStatementsRequested, StatusStatementsReceived:
		return "applications.next.statements", time.Time{}
	case StatusInReview:
		return "applications.next.in_review", time.Time{}
	case StatusApproved:
		return "applications.next.approved", time.Time{}
	}
	return "applications.next.none", time.Time{}
}

// Partner is an organisation that applies together with the applying provider.
type Partner struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Stage tells a Projektskizze from a full application.
type Stage string

const (
	StageFull   Stage = "full"   // Antrag (Vollantrag)
	StageSketch Stage = "sketch" // Projektskizze
)

// Validate normalises what the applicant entered and checks what a draft may hold:
// a title, and nothing malformed (unknown codes, a period that ends before it starts,
// texts beyond their limits). A draft may be incomplete; Complete says what a
// submission still needs.
func (a *Application) Validate() error {
	a.Title = strings.TrimSpace(a.Title)
	a.Description = strings.TrimSpace(a.Description)
	a.Contact.Name = strings.TrimSpace(a.Contact.Name)
	a.Contact.Email = strings.TrimSpace(a.Contact.Email)
	a.Contact.Phone = strings.TrimSpace(a.Contact.Phone)
	a.RegionKeys = cleanList(a.RegionKeys)
	a.ActionFields = cleanList(a.ActionFields)
	a.TargetGroups = cleanList(a.TargetGroups)
	var f []teilhabe.FieldError
	add := func(field, code, id string, args ...any) {
		f = append(f, teilhabe.FieldMsg(field, code, id, args...))
	}
	switch {
	case a.Title == "":
		add("title", "required", "applications.fielderror.title_required")
	case len([]rune(a.Title)) > maxTitle:
		add("title", "too_long", "applications.fielderror.too_long", "Max", maxTitle)
	}
	if len([]rune(a.Description)) > maxDescription {
		add("description", "too_long", "applications.fielderror.too_long", "Max", maxDescription)
	}
	if len(a.RegionKeys) > maxRegions {
		add("regions", "too_many", "applications.fielderror.too_many", "Max", maxRegions)
	}
	if !allIn(a.ActionFields, programmes.ActionFields) {
		add("action_fields", "invalid", "applications.fielderror.action_fields")
	}
	if !allIn(a.TargetGroups, programmes.TargetGroups) {
		add("target_groups", "invalid", "applications.fielderror.target_groups")
	}
	if !a.PeriodStart.IsZero() && !a.PeriodEnd.IsZero() && a.PeriodEnd.Before(a.PeriodStart) {
		add("period_end", "order", "applications.fielderror.period_order")
	}
	if len(a.Outputs) > maxOutputs {
		add("outputs", "too_many", "applications.fielderror.too_many", "Max", maxOutputs)
	}
	var outs []Output
	for _, o := range a.Outputs {
		o.Unit = strings.TrimSpace(o.Unit)
		if o.Quantity == 0 && o.Unit == "" {
			continue
		}
		if o.Quantity <= 0 || o.Unit == "" || len([]rune(o.Unit)) > maxShortText {
			add("outputs", "invalid", "applications.fielderror.output")
		}
		outs = append(outs, o)
	}
	a.Outputs = outs
	if a.Contact.Email != "" {
		if _, err := mail.ParseAddress(a.Contact.Email); err != nil || strings.ContainsAny(a.Contact.Email, "<> ") {
			add("contact_email", "invalid", "applications.fielderror.contact_email")
		}
	}
	for _, s := range []struct{ field, v string }{{"contact_name", a.Contact.Name}, {"contact_email", a.Contact.Email}, {"contact_phone", a.Contact.Phone}} {
		if len([]rune(s.v)) > maxShortText {
			add(s.field, "too_long", "too_long", "Max", maxShortText)
		}
	}
	if len(a.Plan.ThirdParty) > maxThirdParty {
		add("finance_plan.third_party_funds", "too_many", "applications.fielderror.too_many", "Max", maxThirdParty)
	}
	var tps []ThirdParty
	for _, t := range a.Plan.ThirdParty {
		t.Source = strings.TrimSpace(t.Source)
		if t.Source == "" && t.Amount == 0 {
			continue
		}
		if len([]rune(t.Source)) > maxShortText {
			add("finance_plan.third_party_funds", "too_long", "applications.fielderror.too_long", "Max", maxShortText)
		}
		tps = append(tps, t)
	}
	a.Plan.ThirdParty = tps
	for c, v := range a.Plan.Costs {
		if v < 0 || v > teilhabe.MaxCents {
			add("finance_plan.costs."+string(c), "invalid", "applications.fielderror.amount")
		}
	}
	if len(f) > 0 {
		return teilhabe.Invalid("applications.error.invalid", f...)
	}
	return nil
}

// Complete checks what a submission needs beyond a valid draft, against the
// programme: a description, regions inside the programme's funding area, action
// fields, a project period inside the programme's, at least one planned output, a
// contact person, and a finance plan that balances and keeps the programme's terms.
// Every gap is reported at once.
func (a *Application) Complete(p *programmes.Programme) []teilhabe.FieldError {
	var f []teilhabe.FieldError
	add := func(field, code, id string, args ...any) {
		f = append(f, teilhabe.FieldMsg(field, code, id, args...))
	}
	if a.Description == "" {
		add("description", "required", "applications.fielderror.description_required")
	}
	if len(a.RegionKeys) == 0 {
		add("regions", "required", "applications.fielderror.regions_required")
	} else if outside := outsideArea(a.RegionKeys, p.RegionKeys); len(outside) > 0 {
		add("regions", "outside", "applications.fielderror.regions_outside", "Keys", strings.Join(outside, ", "))
	}
	if len(a.ActionFields) == 0 {
		add("action_fields", "required", "applications.fielderror.action_fields_required")
	}
	switch {
	case a.PeriodStart.IsZero() || a.PeriodEnd.IsZero():
		add("period_start", "required", "applications.fielderror.period_required")
	case !p.PeriodStart.IsZero() && (a.PeriodStart.Before(p.PeriodStart) || a.PeriodEnd.After(p.PeriodEnd)):
		add("period_start", "outside", "applications.fielderror.period_outside", "Start", teilhabe.Date(p.PeriodStart), "End", teilhabe.Date(p.PeriodEnd))
	}
	if len(a.Outputs) == 0 {
		add("outputs", "required", "applications.fielderror.outputs_required")
	}
	if a.Contact.Name == "" {
		add("contact_name", "required", "applications.fielderror.contact_name_required")
	}
	if a.Contact.Email == "" {
		add("contact_email", "required", "applications.fielderror.contact_email_required")
	}
	return append(f, a.Plan.Check(TermsOf(p))...)
}

// outsideArea returns the keys that lie in none of the area's regions. A region lies
// in another when its key starts with the other's (AGS and ARS nest: Land, Kreis,
// Gemeinde); "DG" is the whole Bund.
func outsideArea(keys, area []string) []string {
	if slices.Contains(area, "DG") || len(area) == 0 {
		return nil
	}
	var out []string
	for _, k := range keys {
		if !slices.ContainsFunc(area, func(a string) bool { return strings.HasPrefix(k, a) }) {
			out = append(out, k)
		}
	}
	return out
}

func cleanList(in []string) []string {
	var out []string
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func allIn(vs, allowed []string) bool {
	for _, v := range vs {
		if !slices.Contains(allowed, v) {
			return false
		}
	}
	return true
}

func dateOf(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
