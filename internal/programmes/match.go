package programmes

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/programmes/textsearch"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// MatchInput describes whom or what programmes are sought for: a provider (its type
// and the regions it works in) or a need (its action field, target group and
// region). Empty fields are no criterion.
type MatchInput struct {
	ProviderType accounts.ProviderType
	RegionKeys   []string // regions a provider works in: a programme must cover one of them
	ActionField  string
	TargetGroup  string
	RegionKey    string // the region of a need: a programme must cover it
}

// Validate checks that at least one criterion is given and every code is known.
func (m *MatchInput) Validate() error {
	m.RegionKeys = cleanCodes(m.RegionKeys)
	m.RegionKey = strings.TrimSpace(m.RegionKey)
	var f []teilhabe.FieldError
	if m.ProviderType != "" && !slices.Contains(accounts.ProviderTypes, m.ProviderType) {
		f = append(f, teilhabe.Field("provider_type", "invalid"))
	}
	if m.ActionField != "" && !slices.Contains(ActionFields, m.ActionField) {
		f = append(f, teilhabe.Field("action_field", "invalid"))
	}
	if m.TargetGroup != "" && !slices.Contains(TargetGroups, m.TargetGroup) {
		f = append(f, teilhabe.Field("target_group", "invalid"))
	}
	if len(f) > 0 {
		return teilhabe.Invalid("match.error.invalid", f...)
	}
	if m.ProviderType == "" && len(m.RegionKeys) == 0 && m.ActionField == "" && m.TargetGroup == "" && m.RegionKey == "" {
		return teilhabe.Invalid("match.error.required",
			teilhabe.Field("match", "required"))
	}
	return nil
}

// Reason codes say why a programme fits. They are stable: the UI and API clients
// translate them as "match.<code>" with the Args.
const (
	// ReasonProviderType: Args provider_type. "Ihr Trägertyp Wohlfahrtsverband ist
	// antragsberechtigt."
	ReasonProviderType = "provider_type"
	// ReasonRegion: the programme's area contains the region. Args programme_region,
	// region (keys; the store adds programme_region_name and region_name). "Das
	// Fördergebiet Baden-Württemberg umfasst Ihre Region Landkreis Ludwigsburg."
	ReasonRegion = "region"
	// ReasonRegionPart: the programme's area lies inside the region, so it is open
	// for a part of it. Args as ReasonRegion. "Das Fördergebiet Stadt Ludwigsburg
	// liegt in Ihrer Region Landkreis Ludwigsburg."
	ReasonRegionPart = "region_part"
	// ReasonActionField: Args action_field. "Das Programm fördert das Handlungsfeld
	// Sprache."
	ReasonActionField = "action_field"
	// ReasonTargetGroup: Args target_group. "Das Programm richtet sich an
	// Geflüchtete."
	ReasonTargetGroup = "target_group"
	// ReasonTargetGroupAll: the programme is for everyone; Args target_group. "Das
	// Programm steht allen Zielgruppen offen, auch Geflüchteten."
	ReasonTargetGroupAll = "target_group_all"
	// ReasonOpenCall: applications are accepted now; Args call, closes_at (RFC 3339).
	// "Der Förderaufruf „…“ ist offen bis 31.03.2026."
	ReasonOpenCall = "open_call"
	// ReasonUpcomingCall: a call will open; Args call, opens_at (RFC 3339).
	ReasonUpcomingCall = "upcoming_call"
)

// Reason is one ground on which a programme fits, to be translated by its Code.
type Reason struct {
	Code string
	Args map[string]string
}

// Match is a programme that fits a MatchInput, with the reasons why.
type Match struct {
	Hit
	Reasons []Reason
}

// MatchProgramme reports whether p fits m and why. (It is not called Match because
// that is the name of its result type.) Every criterion m gives must be met; the
// reasons name each met criterion in the order provider type, region, action field,
// target group, and add whether a call is open or coming, which is not a criterion
// but what an applicant wants to know next.
func MatchProgramme(p *Programme, m MatchInput, now time.Time) (fits bool, reasons []Reason) {
	if m.ProviderType != "" {
		if !slices.Contains(p.ProviderTypes, m.ProviderType) {
			return false, nil
		}
		reasons = append(reasons, Reason{Code: ReasonProviderType, Args: map[string]string{"provider_type": string(m.ProviderType)}})
	}
	if len(m.RegionKeys) > 0 {
		r, ok := regionReason(p, m.RegionKeys)
		if !ok {
			return false, nil
		}
		reasons = append(reasons, r)
	}
	if m.RegionKey != "" {
		r, ok := regionReason(p, []string{m.RegionKey})
		if !ok {
			return false, nil
		}
		reasons = append(reasons, r)
	}
	if m.ActionField != "" {
		if !slices.Contains(p.ActionFields, m.ActionField) {
			return false, nil
		}
		reasons = append(reasons, Reason{Code: ReasonActionField, Args: map[string]string{"action_field": m.ActionField}})
	}
	if m.TargetGroup != "" {
		switch {
		case slices.Contains(p.TargetGroups, m.TargetGroup):
			reasons = append(reasons, Reason{Code: ReasonTargetGroup, Args: map[string]string{"target_group": m.TargetGroup}})
		case forEveryone(p):
			reasons = append(reasons, Reason{Code: ReasonTargetGroupAll, Args: map[string]string{"target_group": m.TargetGroup}})
		default:
			return false, nil
		}
	}
	if r, ok := callReason(p, now); ok {
		reasons = append(reasons, r)
	}
	return true, reasons
}

// regionReason finds the best ground on which p's area meets one of the regions:
// containing a region beats lying inside one, and the narrowest containing area is
// named (the Kreis rather than the Land the programme also lists).
func regionReason(p *Programme, regions []string) (Reason, bool) {
	var best Reason
	bestLen := -1
	for _, r := range regions {
		for _, pk := range p.RegionKeys {
			var code string
			var rank int // higher is better
			switch {
			case pk == "DG":
				code, rank = ReasonRegion, 1000
			case strings.HasPrefix(r, pk):
				code, rank = ReasonRegion, 2000+len(pk)
			case strings.HasPrefix(pk, r):
				code, rank = ReasonRegionPart, 1000-len(pk)
			default:
				continue
			}
			if rank > bestLen {
				bestLen = rank
				best = Reason{Code: code, Args: map[string]string{"programme_region": pk, "region": r}}
			}
		}
	}
	return best, bestLen >= 0
}

// callReason tells of the call open at now, or else of the next one to open.
func callReason(p *Programme, now time.Time) (Reason, bool) {
	if p.OpenCall(now) {
		var open *Call
		for i := range p.Calls {
			if c := &p.Calls[i]; c.OpenAt(now) && (open == nil || c.ClosesAt.Before(open.ClosesAt)) {
				open = c
			}
		}
		return Reason{Code: ReasonOpenCall, Args: map[string]string{"call": open.Title, "closes_at": open.ClosesAt.UTC().Format(time.RFC3339)}}, true
	}
	if p.Status != StatusPublished && p.Status != StatusApplications {
		return Reason{}, false
	}
	var next *Call
	for i := range p.Calls {
		if c := &p.Calls[i]; c.OpensAt.After(now) && (next == nil || c.OpensAt.Before(next.OpensAt)) {
			next = c
		}
	}
	if next == nil {
		return Reason{}, false
	}
	return Reason{Code: ReasonUpcomingCall, Args: map[string]string{"call": next.Title, "opens_at": next.OpensAt.UTC().Format(time.RFC3339)}}, true
}

// SortMatches puts programmes with an open call first, soonest deadline first, then
// those whose next call is yet to open, by deadline, then the rest by title.
func SortMatches(ms []Match) {
	rank := func(m *Match) int {
		switch {
		case m.OpenNow:
			return 0
		case !m.NextDeadline.IsZero():
			return 1
		}
		return 2
	}
	slices.SortStableFunc(ms, func(a, b Match) int {
		if ra, rb := rank(&a), rank(&b); ra != rb {
			return ra - rb
		}
		if c := a.NextDeadline.Compare(b.NextDeadline); c != 0 {
			return c
		}
		return cmp.Or(strings.Compare(textsearch.SortKey(a.Programme.Title), textsearch.SortKey(b.Programme.Title)), cmp.Compare(a.Programme.ID, b.Programme.ID))
	})
}
