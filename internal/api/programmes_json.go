package api

import (
	"fmt"
	"strconv"
	"time"

	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// hundredths is a number kept in hundredths (cents, basis points) and written as a
// JSON number with exactly two decimals: 12345 → 123.45, 150000000 → 1500000.00.
type hundredths int64

func (h hundredths) MarshalJSON() ([]byte, error) {
	n, sign := int64(h), ""
	if n < 0 {
		n, sign = -n, "-"
	}
	return fmt.Appendf(nil, "%s%d.%02d", sign, n/100, n%100), nil
}

// instant writes a point in time as RFC 3339 in German local time, or null.
func instant(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.In(teilhabe.Berlin).Format(time.RFC3339)
	return &s
}

// codes turns a list of string-like codes into a JSON array that is never null.
func codes[T ~string](list []T) []string {
	out := make([]string, len(list))
	for i, c := range list {
		out[i] = string(c)
	}
	return out
}

type funderJSON struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Level string `json:"level"`
}

type periodJSON struct {
	Start *string `json:"start"`
	End   *string `json:"end"`
}

type callJSON struct {
	ID       int64   `json:"id"`
	Title    string  `json:"title"`
	OpensAt  *string `json:"opens_at"`
	ClosesAt *string `json:"closes_at"`
	OpenNow  bool    `json:"open_now"`
}

// programmeJSON is a programme as the finder lists it: everything but the text.
type programmeJSON struct {
	ID              int64       `json:"id"`
	Title           string      `json:"title"`
	Summary         string      `json:"summary"`
	Funder          funderJSON  `json:"funder"`
	Status          string      `json:"status"`
	ActionFields    []string    `json:"action_fields"`
	TargetGroups    []string    `json:"target_groups"`
	ProviderTypes   []string    `json:"provider_types"`
	RegionKeys      []string    `json:"region_keys"`
	FundingKind     string      `json:"funding_kind"`
	FinancingType   string      `json:"financing_type"`
	MaxGrantEUR     *hundredths `json:"max_grant_eur"` // null: no maximum
	OwnSharePercent hundredths  `json:"own_share_percent"`
	// FundingRatePercent is the Förderquote of an Anteilfinanzierung; null: what
	// the own share leaves.
	FundingRatePercent *hundredths `json:"funding_rate_percent"`
	Period             periodJSON  `json:"period"`
	Calls              []callJSON  `json:"calls"`
	NextDeadline       *string     `json:"next_deadline"`
	OpenNow            bool        `json:"open_now"`
	URL                string      `json:"url"` // the page in the web UI
}

func toProgrammeJSON(p *programmes.Programme, now time.Time) programmeJSON {
	j := programmeJSON{ID: p.ID, Title: p.Title, Summary: p.Summary,
		Funder: funderJSON{ID: p.FunderID, Name: p.FunderName, Level: string(p.FunderLevel)}, Status: string(p.Status),
		ActionFields: codes(p.ActionFields), TargetGroups: codes(p.TargetGroups), ProviderTypes: codes(p.ProviderTypes),
		RegionKeys: codes(p.RegionKeys), FundingKind: string(p.FundingKind), FinancingType: string(p.FinancingType),
		OwnSharePercent: hundredths(p.OwnShare), FundingRatePercent: optHundredths(p.FundingRate), Period: periodJSON{Start: date(p.PeriodStart), End: date(p.PeriodEnd)},
		Calls: make([]callJSON, 0, len(p.Calls)), NextDeadline: instant(p.NextDeadline(now)), OpenNow: p.OpenCall(now),
		URL: "/programmes/" + strconv.FormatInt(p.ID, 10)}
	if p.MaxGrant > 0 {
		g := hundredths(p.MaxGrant)
		j.MaxGrantEUR = &g
	}
	// A call only accepts applications while its programme does (see OpenCall).
	accepting := p.Status == programmes.StatusPublished || p.Status == programmes.StatusApplications
	for _, c := range p.Calls {
		j.Calls = append(j.Calls, callJSON{ID: c.ID, Title: c.Title, OpensAt: instant(c.OpensAt), ClosesAt: instant(c.ClosesAt),
			OpenNow: accepting && c.OpenAt(now)})
	}
	return j
}

type sectionJSON struct {
	Heading string `json:"heading"`
	Body    string `json:"body"`
}

type budgetJSON struct {
	Year      int        `json:"year"`
	AmountEUR hundredths `json:"amount_eur"`
}

// consultationRefJSON says that and until when commissioners were asked.
type consultationRefJSON struct {
	InvitedRegions    []string `json:"invited_regions"`
	OpenedAt          *string  `json:"opened_at"`
	Deadline          *string  `json:"deadline"`
	ReportPublishedAt *string  `json:"report_published_at"`
}

// programmeDetailJSON is one programme with its text and budgets.
type programmeDetailJSON struct {
	programmeJSON
	Sections     []sectionJSON        `json:"sections"`
	Budgets      []budgetJSON         `json:"budgets"`
	Version      int                  `json:"version"`
	Revision     int                  `json:"revision"`
	PublishedAt  *string              `json:"published_at"`
	UpdatedAt    *string              `json:"updated_at"`
	Consultation *consultationRefJSON `json:"consultation"`
	Links        programmeLinks       `json:"links"`
}

type programmeLinks struct {
	Self     string `json:"self"`
	Versions string `json:"versions"`
	Report   string `json:"report"`
}

func toProgrammeDetailJSON(p *programmes.Programme, c *programmes.Consultation, now time.Time) programmeDetailJSON {
	j := programmeDetailJSON{programmeJSON: toProgrammeJSON(p, now), Sections: make([]sectionJSON, 0, len(p.Sections)),
		Budgets: make([]budgetJSON, 0, len(p.Budgets)), Version: p.Version, Revision: p.Revision, PublishedAt: instant(p.PublishedAt),
		UpdatedAt: instant(p.UpdatedAt)}
	for _, s := range p.Sections {
		j.Sections = append(j.Sections, sectionJSON(s))
	}
	for _, b := range p.Budgets {
		j.Budgets = append(j.Budgets, budgetJSON{Year: b.Year, AmountEUR: hundredths(b.Amount)})
	}
	if c != nil {
		j.Consultation = &consultationRefJSON{InvitedRegions: codes(c.Regions), OpenedAt: instant(c.OpenedAt),
			Deadline: instant(c.Deadline), ReportPublishedAt: instant(c.ReportAt)}
	}
	j.Links.Self = Prefix + "/programmes/" + strconv.FormatInt(p.ID, 10)
	j.Links.Versions, j.Links.Report = j.Links.Self+"/versions", j.Links.Self+"/report"
	return j
}

// optHundredths is a percentage in basis points, or null for none.
func optHundredths(bp int) *hundredths {
	if bp == 0 {
		return nil
	}
	h := hundredths(bp)
	return &h
}
