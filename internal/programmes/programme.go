// Package programmes holds funding programmes (Förderprogramme) with their calls
// (Förderaufrufe), their lifecycle and versions, the consultation (Beteiligung) of
// municipal integration commissioners on a draft, and the programme finder's query and
// matching rules. It knows nothing of HTTP or SQL.
package programmes

import (
	"slices"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Status is the stage of a programme's lifecycle.
type Status string

const (
	StatusDraft        Status = "draft"        // Entwurf
	StatusConsultation Status = "consultation" // Beteiligung
	StatusPublished    Status = "published"    // veröffentlicht
	StatusApplications Status = "applications" // Antragsphase
	StatusClosed       Status = "closed"       // geschlossen
	StatusArchived     Status = "archived"     // archiviert
)

// Statuses in lifecycle order; each may only move to the next one.
var Statuses = []Status{StatusDraft, StatusConsultation, StatusPublished, StatusApplications, StatusClosed, StatusArchived}

// Next returns the only status s may move to, or "" for the last one.
func (s Status) Next() Status {
	i := slices.Index(Statuses, s)
	if i < 0 || i == len(Statuses)-1 {
		return ""
	}
	return Statuses[i+1]
}

// Public reports whether a programme in this status is visible to everyone. A draft
// and a programme in consultation are not: only the funder and the invited
// commissioners see them.
func (s Status) Public() bool {
	return s == StatusPublished || s == StatusApplications || s == StatusClosed || s == StatusArchived
}

// Versioned reports whether a change must keep the earlier text visible ("Änderungen").
func (s Status) Versioned() bool { return s.Public() }

// Editable reports whether the programme's text may still change.
func (s Status) Editable() bool { return s != StatusArchived }

// CheckTransition says whether a programme may move from one status to another: only
// along the lifecycle, one step at a time. Anything else is a conflict.
func CheckTransition(from, to Status) error {
	if !slices.Contains(Statuses, to) {
		return teilhabe.Invalid("programme.error.status", teilhabe.Field("status", "invalid", "Value", string(to), "Allowed", strings.Join(codes(Statuses), ", ")))
	}
	if from.Next() != to {
		return teilhabe.E(teilhabe.ECONFLICT, "programme.error.transition", "From", teilhabe.Msg("programme.status."+string(from)), "To", teilhabe.Msg("programme.status."+string(to)))
	}
	return nil
}

// FundingKind is project or institutional funding (Förderungsart).
type FundingKind string

const (
	FundingProject       FundingKind = "project"       // Projektförderung
	FundingInstitutional FundingKind = "institutional" // institutionelle Förderung
)

var FundingKinds = []FundingKind{FundingProject, FundingInstitutional}

// FinancingType is how the grant relates to the eligible costs (Finanzierungsart).
type FinancingType string

const (
	FinancingShare   FinancingType = "share"   // Anteilfinanzierung
	FinancingDeficit FinancingType = "deficit" // Fehlbedarfsfinanzierung
	FinancingFixed   FinancingType = "fixed"   // Festbetragsfinanzierung
	FinancingFull    FinancingType = "full"    // Vollfinanzierung
)

var FinancingTypes = []FinancingType{FinancingShare, FinancingDeficit, FinancingFixed, FinancingFull}

// ActionFields are the Handlungsfelder, shared with the monitoring.
var ActionFields = monitoring.ActionFields

// TargetGroups are the Zielgruppen a programme or need addresses; display names are
// in the i18n catalogues as "targetgroup.<code>".
var TargetGroups = []string{"gefluechtete", "neuzugewanderte", "frauen", "kinder_jugendliche", "familien", "aeltere", "eu_zugewanderte", "fachkraefte", "migrantenorganisationen", "alle"}

// Section is one part of a programme's text: a heading and paragraphs separated by
// blank lines. Commissioners comment on a paragraph of a section.
type Section struct {
	Heading string `json:"heading"`
	Body    string `json:"body"`
}

// Paragraphs splits the body at blank lines.
func (s Section) Paragraphs() []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s.Body, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Budget is the money a programme has for one year, in euro cents.
type Budget struct {
	Year   int   `json:"year"`
	Amount int64 `json:"amount"`
}

// Call is a Förderaufruf: a window in which applications can be submitted. Times are
// instants; forms and pages show them in Europe/Berlin.
type Call struct {
	ID       int64     `json:"id"`
	Title    string    `json:"title"`
	OpensAt  time.Time `json:"opens_at"`
	ClosesAt time.Time `json:"closes_at"`
}

// ErrCallHasApplications refuses to remove a call that applications were made
// to: they keep their call, so the funder closes it instead. Only the store sees
// this, when it writes the programme's calls.
func ErrCallHasApplications(title string, n int) error {
	return teilhabe.Invalid("programme.error.call_has_applications",
		teilhabe.FieldMsg("calls", "in_use", "fielderror.calls.in_use", "Call", title, "Count", n))
}

// OpenAt reports whether applications are accepted at t.
func (c Call) OpenAt(t time.Time) bool { return !t.Before(c.OpensAt) && t.Before(c.ClosesAt) }

// Programme is a Förderprogramm.
type Programme struct {
	ID            int64
	FunderID      int64                // the funding organisation
	FunderName    string               // filled by the store
	FunderLevel   accounts.FunderLevel // filled by the store from the funder
	Title         string
	Summary       string
	Sections      []Section
	ActionFields  []string
	TargetGroups  []string
	ProviderTypes []accounts.ProviderType // eligible Träger
	RegionKeys    []string                // scope: AGS/ARS keys; "DG" is the whole Bund
	Budgets       []Budget
	FundingKind   FundingKind
	FinancingType FinancingType
	MaxGrant      int64 // euro cents; 0 = no maximum
	OwnShare      int   // own contribution required, in basis points (1000 = 10 %)
	// FundingRate is the Förderquote of an Anteilfinanzierung: the largest share of
	// a project's costs the grant covers, in basis points; 0 = what OwnShare leaves.
	FundingRate int
	PeriodStart time.Time
	PeriodEnd   time.Time
	Calls       []Call
	Status      Status
	Version     int // 1 until published; every change after publication adds one
	// Revision counts every change of the programme's row. A form sends the revision
	// it showed, and a change is refused when the programme has moved on since, so
	// that of two funders editing at once neither overwrites the other unseen.
	Revision       int
	PublishedAt    time.Time
	CreatedAt      time.Time
	UpdatedAt      time.Time
	ChangeNote     string // why the last change was made; asked for once published
	ConsultationID int64  // the consultation on the draft, if any
}

// Validate checks and normalises what funder staff entered.
func (p *Programme) Validate() error {
	p.Title = strings.TrimSpace(p.Title)
	p.Summary = strings.TrimSpace(p.Summary)
	var f []teilhabe.FieldError
	add := func(field, code string, id ...string) {
		f = append(f, teilhabe.FieldError{Field: field, Code: code, ID: strings.Join(id, "")})
	}
	if p.Title == "" {
		add("title", "required")
	} else if len([]rune(p.Title)) > 200 {
		add("title", "too_long")
	}
	if p.Summary == "" {
		add("summary", "required")
	}
	var sections []Section
	for _, s := range p.Sections {
		s.Heading, s.Body = strings.TrimSpace(s.Heading), strings.TrimSpace(s.Body)
		if s.Heading == "" && s.Body == "" {
			continue
		}
		if s.Heading == "" {
			add("sections", "heading")
		}
		sections = append(sections, s)
	}
	p.Sections = sections
	if len(p.Sections) == 0 {
		add("sections", "required")
	}
	p.ActionFields = cleanCodes(p.ActionFields)
	if len(p.ActionFields) == 0 {
		add("action_fields", "required")
	} else if !allIn(p.ActionFields, ActionFields) {
		add("action_fields", "invalid")
	}
	p.TargetGroups = cleanCodes(p.TargetGroups)
	if !allIn(p.TargetGroups, TargetGroups) {
		add("target_groups", "invalid")
	}
	p.ProviderTypes = cleanCodes(p.ProviderTypes)
	if len(p.ProviderTypes) == 0 {
		add("provider_types", "required")
	} else if !allIn(p.ProviderTypes, accounts.ProviderTypes) {
		add("provider_types", "invalid")
	}
	p.RegionKeys = cleanCodes(p.RegionKeys)
	if len(p.RegionKeys) == 0 {
		add("region_keys", "required")
	}
	if !slices.Contains(FundingKinds, p.FundingKind) {
		add("funding_kind", "required")
	}
	if !slices.Contains(FinancingTypes, p.FinancingType) {
		add("financing_type", "required")
	}
	if p.MaxGrant < 0 {
		add("max_grant", "invalid", "fielderror.max_grant.negative")
	}
	if p.OwnShare < 0 || p.OwnShare > 10000 {
		add("own_share", "invalid", "fielderror.own_share.range")
	}
	if p.FinancingType == FinancingFull && p.OwnShare > 0 {
		add("own_share", "invalid", "fielderror.own_share.full")
	}
	switch {
	case p.FundingRate < 0 || p.FundingRate > 10000:
		add("funding_rate", "invalid", "fielderror.funding_rate.range")
	case p.FundingRate > 0 && p.FinancingType != FinancingShare:
		add("funding_rate", "invalid", "fielderror.funding_rate.share_only")
	case p.FundingRate+p.OwnShare > 10000:
		add("funding_rate", "invalid", "fielderror.funding_rate.own_share")
	}
	if p.PeriodStart.IsZero() || p.PeriodEnd.IsZero() {
		add("period", "required")
	} else if p.PeriodEnd.Before(p.PeriodStart) {
		add("period", "order")
	}
	seen := map[int]bool{}
	slices.SortFunc(p.Budgets, func(a, b Budget) int { return a.Year - b.Year })
	for _, b := range p.Budgets {
		switch {
		case seen[b.Year]:
			add("budgets", "duplicate")
		case b.Amount < 0:
			add("budgets", "invalid", "fielderror.budgets.negative")
		case !p.PeriodStart.IsZero() && !p.PeriodEnd.IsZero() && (b.Year < p.PeriodStart.Year() || b.Year > p.PeriodEnd.Year()):
			add("budgets", "period")
		}
		seen[b.Year] = true
	}
	for i := range p.Calls {
		c := &p.Calls[i]
		c.Title = strings.TrimSpace(c.Title)
		if c.Title == "" {
			add("calls", "required")
		}
		if c.OpensAt.IsZero() || c.ClosesAt.IsZero() || !c.ClosesAt.After(c.OpensAt) {
			add("calls", "order")
		}
	}
	if len(f) > 0 {
		return teilhabe.Invalid("programme.error.incomplete", f...)
	}
	return nil
}

// NextDeadline returns the earliest closing time of a call that is still open or not
// yet open at now; zero when there is none.
func (p Programme) NextDeadline(now time.Time) time.Time {
	var d time.Time
	for _, c := range p.Calls {
		if c.ClosesAt.After(now) && (d.IsZero() || c.ClosesAt.Before(d)) {
			d = c.ClosesAt
		}
	}
	return d
}

// OpenCall reports whether a call accepts applications at now.
func (p Programme) OpenCall(now time.Time) bool {
	if !CallsCanBeOpen(p.Status) {
		return false
	}
	for _, c := range p.Calls {
		if c.OpenAt(now) {
			return true
		}
	}
	return false
}

// Covers reports whether the programme's scope includes the region with the given
// key: a programme for a Land covers its Kreise and Gemeinden, "DG" covers all.
func (p Programme) Covers(regionKey string) bool {
	for _, k := range p.RegionKeys {
		if k == "DG" || strings.HasPrefix(regionKey, k) {
			return true
		}
	}
	return false
}

// Text is what a version keeps and what the consultation report compares.
type Text struct {
	Title    string    `json:"title"`
	Summary  string    `json:"summary"`
	Sections []Section `json:"sections"`
}

// Text returns the programme's current text.
func (p Programme) Text() Text {
	return Text{Title: p.Title, Summary: p.Summary, Sections: slices.Clone(p.Sections)}
}

// Version is an earlier or the current state of a published programme: the whole
// programme as it was, why it changed, who changed it and when.
type Version struct {
	Number    int
	Programme Programme
	Note      string
	Actor     string
	CreatedAt time.Time
}

func cleanCodes[T ~string](in []T) []T {
	var out []T
	for _, c := range in {
		c = T(strings.TrimSpace(string(c)))
		if c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

func allIn[T comparable](list, allowed []T) bool {
	for _, v := range list {
		if !slices.Contains(allowed, v) {
			return false
		}
	}
	return true
}
