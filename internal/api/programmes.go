package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/funding"
	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Funding programmes: the public finder, matching, one programme with its versions
// and consultation report, and the funder's lifecycle step. Who may see or change a
// programme depends on its status, funder and consultation, so the routes declare
// only "public" or "logged in" and the handlers ask funding.CheckView and
// funding.CheckManage for the one programme.
//
// Instants (calls, deadlines, publication) are RFC 3339 with the Europe/Berlin
// offset, the time German users read; days (the period) are ISO 8601 dates. Money is
// kept in cents and written in euros as a number with two decimals; rates in basis
// points are written as percent with two decimals.

func (a *API) programmeRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: http.MethodGet, Path: Prefix + "/programmes", Action: accounts.ActPublic, Handler: a.listProgrammes},
		{Method: http.MethodGet, Path: Prefix + "/programmes/match", Action: accounts.ActPublic, Handler: a.matchProgrammes},
		{Method: http.MethodGet, Path: Prefix + "/programmes/{id}", Action: accounts.ActPublic, Handler: a.getProgramme},
		{Method: http.MethodGet, Path: Prefix + "/programmes/{id}/versions", Action: accounts.ActPublic, Handler: a.programmeVersions},
		{Method: http.MethodPost, Path: Prefix + "/programmes/{id}/status", Action: accounts.ActAccount, Handler: a.setProgrammeStatus},
		{Method: http.MethodGet, Path: Prefix + "/programmes/{id}/report", Action: accounts.ActPublic, Handler: a.consultationReport},
	}
}

// now is the API's clock: the server sets it to the store's, so that "open now"
// here agrees with the finder's and tests can move both.
func (a *API) now() time.Time {
	if a.Clock != nil {
		return a.Clock()
	}
	return time.Now()
}

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
	Period          periodJSON  `json:"period"`
	Calls           []callJSON  `json:"calls"`
	NextDeadline    *string     `json:"next_deadline"`
	OpenNow         bool        `json:"open_now"`
	URL             string      `json:"url"` // the page in the web UI
}

func toProgrammeJSON(p *funding.Programme, now time.Time) programmeJSON {
	j := programmeJSON{ID: p.ID, Title: p.Title, Summary: p.Summary,
		Funder: funderJSON{ID: p.FunderID, Name: p.FunderName, Level: string(p.FunderLevel)}, Status: string(p.Status),
		ActionFields: codes(p.ActionFields), TargetGroups: codes(p.TargetGroups), ProviderTypes: codes(p.ProviderTypes),
		RegionKeys: codes(p.RegionKeys), FundingKind: string(p.FundingKind), FinancingType: string(p.FinancingType),
		OwnSharePercent: hundredths(p.OwnShare), Period: periodJSON{Start: date(p.PeriodStart), End: date(p.PeriodEnd)},
		Calls: make([]callJSON, 0, len(p.Calls)), NextDeadline: instant(p.NextDeadline(now)), OpenNow: p.OpenCall(now),
		URL: "/programmes/" + strconv.FormatInt(p.ID, 10)}
	if p.MaxGrant > 0 {
		g := hundredths(p.MaxGrant)
		j.MaxGrantEUR = &g
	}
	// A call only accepts applications while its programme does (see OpenCall).
	accepting := p.Status == funding.StatusPublished || p.Status == funding.StatusApplications
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

func toProgrammeDetailJSON(p *funding.Programme, c *funding.Consultation, now time.Time) programmeDetailJSON {
	j := programmeDetailJSON{programmeJSON: toProgrammeJSON(p, now), Sections: make([]sectionJSON, 0, len(p.Sections)),
		Budgets: make([]budgetJSON, 0, len(p.Budgets)), Version: p.Version, PublishedAt: instant(p.PublishedAt),
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

// programmeID reads the {id} path value; anything but a positive integer names no
// programme.
func programmeID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, teilhabe.Errorf(teilhabe.ENOTFOUND, "Ein Förderprogramm „%s“ gibt es nicht.", r.PathValue("id"))
	}
	return id, nil
}

// visibleProgramme loads the {id} programme with its consultation, if the caller
// may see it: a draft someone may not see does not exist for them.
func (a *API) visibleProgramme(r *http.Request) (funding.Programme, *funding.Consultation, error) {
	id, err := programmeID(r)
	if err != nil {
		return funding.Programme{}, nil, err
	}
	prog, err := a.store.Programme(r.Context(), id)
	if err != nil {
		return prog, nil, err
	}
	cons, err := a.store.Consultation(r.Context(), id)
	if err != nil {
		return prog, nil, err
	}
	return prog, cons, funding.CheckView(httpx.PrincipalFrom(r.Context()), &prog, cons)
}

// private keeps answers about unpublished programmes out of shared caches.
func private(w http.ResponseWriter, p *funding.Programme) {
	if !p.Status.Public() {
		w.Header().Set("Cache-Control", "private, no-store")
	}
}

func (a *API) getProgramme(w http.ResponseWriter, r *http.Request) {
	prog, cons, err := a.visibleProgramme(r)
	if err != nil {
		RenderError(w, r, err)
		return
	}
	private(w, &prog)
	ok(w, toProgrammeDetailJSON(&prog, cons, a.now()))
}

// setProgrammeStatus moves a programme one step along its lifecycle. Someone who may
// not see the programme learns nothing (404); someone who may see but not manage it
// gets 403; a step outside the lifecycle is a conflict and changes nothing.
func (a *API) setProgrammeStatus(w http.ResponseWriter, r *http.Request) {
	prog, cons, err := a.visibleProgramme(r)
	if err == nil {
		err = funding.CheckManage(httpx.PrincipalFrom(r.Context()), &prog)
	}
	if err != nil {
		RenderError(w, r, err)
		return
	}
	var body struct {
		Status string `json:"status"`
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		RenderError(w, r, teilhabe.Invalid("Der Inhalt muss ein JSON-Objekt wie {\"status\": \"published\"} sein.",
			teilhabe.FieldError{Field: "status", Code: teilhabe.EINVALID, Message: "Bitte den neuen Status als JSON senden."}))
		return
	}
	to := funding.Status(strings.TrimSpace(body.Status))
	if !slices.Contains(funding.Statuses, to) {
		RenderError(w, r, teilhabe.Invalid("Unbekannter Status.", teilhabe.FieldError{Field: "status", Code: teilhabe.EINVALID,
			Message: "„" + body.Status + "“ ist kein Status (erwartet: " + strings.Join(codes(funding.Statuses), ", ") + ")."}))
		return
	}
	if err := a.store.SetProgrammeStatus(r.Context(), prog.ID, to); err != nil {
		RenderError(w, r, err)
		return
	}
	if prog, err = a.store.Programme(r.Context(), prog.ID); err != nil {
		RenderError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	ok(w, toProgrammeDetailJSON(&prog, cons, a.now()))
}

type versionJSON struct {
	Number    int                 `json:"number"`
	Note      string              `json:"note"`
	CreatedAt *string             `json:"created_at"`
	Changes   []sectionChangeJSON `json:"changes"` // against the version before; null for the first
	Programme programmeDetailJSON `json:"programme"`
}

// programmeVersions lists "Änderungen": every published state, newest first, with
// what changed in the text against the state before. Versions begin with the
// publication, so a programme that is not public has none to show.
func (a *API) programmeVersions(w http.ResponseWriter, r *http.Request) {
	prog, _, err := a.visibleProgramme(r)
	if err == nil && !prog.Status.Public() {
		err = teilhabe.Errorf(teilhabe.ENOTFOUND, "Änderungen gibt es erst, wenn das Programm veröffentlicht ist.")
	}
	if err != nil {
		RenderError(w, r, err)
		return
	}
	versions, err := a.store.ProgrammeVersions(r.Context(), prog.ID)
	if err != nil {
		RenderError(w, r, err)
		return
	}
	now := a.now()
	out := struct {
		ProgrammeID int64         `json:"programme_id"`
		Total       int           `json:"total"`
		Items       []versionJSON `json:"items"`
	}{ProgrammeID: prog.ID, Total: len(versions), Items: make([]versionJSON, 0, len(versions))}
	for i, v := range versions {
		item := versionJSON{Number: v.Number, Note: v.Note, CreatedAt: instant(v.CreatedAt),
			Programme: toProgrammeDetailJSON(&v.Programme, nil, now)}
		if i+1 < len(versions) {
			item.Changes = []sectionChangeJSON{}
			for _, c := range funding.CompareTexts(versions[i+1].Programme.Text(), v.Programme.Text()) {
				if c.Status != "unchanged" {
					item.Changes = append(item.Changes, toSectionChangeJSON(c))
				}
			}
		}
		out.Items = append(out.Items, item)
	}
	ok(w, out)
}

type programmePage struct {
	Total    int                         `json:"total"`
	Page     int                         `json:"page"`
	PageSize int                         `json:"page_size"`
	Items    []programmeJSON             `json:"items"`
	Facets   map[string][]facetValueJSON `json:"facets"`
}

type facetValueJSON struct {
	Value    string `json:"value"`
	Count    int    `json:"count"`
	Selected bool   `json:"selected"`
}

// listProgrammes is the public finder with the web finder's filters. Unknown filter
// values are rejected with the field named, since a misspelt code would otherwise
// silently find nothing.
func (a *API) listProgrammes(w http.ResponseWriter, r *http.Request) {
	now := a.now()
	q := query{r: r}
	fq := a.finderQuery(&q, now)
	if err := q.err(); err != nil {
		RenderError(w, r, err)
		return
	}
	res, err := a.store.SearchProgrammes(r.Context(), fq)
	if err != nil {
		RenderError(w, r, err)
		return
	}
	out := programmePage{Total: res.Total, Page: res.Page, PageSize: res.PageSize,
		Items: make([]programmeJSON, 0, len(res.Hits)), Facets: map[string][]facetValueJSON{}}
	for _, h := range res.Hits {
		item := toProgrammeJSON(&h.Programme, now)
		item.NextDeadline, item.OpenNow = instant(h.NextDeadline), h.OpenNow
		out.Items = append(out.Items, item)
	}
	for _, f := range res.Facets {
		values := make([]facetValueJSON, 0, len(f.Values))
		for _, v := range f.Values {
			values = append(values, facetValueJSON(v))
		}
		out.Facets[f.Name] = values
	}
	ok(w, out)
}

// finderQuery reads the finder's parameters, collecting an error per bad field.
func (a *API) finderQuery(q *query, now time.Time) funding.Query {
	params := q.r.URL.Query()
	fq := funding.Query{Text: strings.TrimSpace(params.Get("q")), Now: now, Page: 1, PageSize: funding.DefaultPageSize}
	if len([]rune(fq.Text)) > 200 {
		q.fail("q", "Der Suchtext darf höchstens 200 Zeichen lang sein.")
	}
	fq.Levels = oneOf(q, "level", accounts.FunderLevels)
	fq.ActionFields = oneOf(q, "action_field", funding.ActionFields)
	fq.ProviderTypes = oneOf(q, "provider_type", accounts.ProviderTypes)
	fq.TargetGroups = oneOf(q, "target_group", funding.TargetGroups)
	fq.FundingKinds = oneOf(q, "funding_kind", funding.FundingKinds)
	fq.FinancingTypes = oneOf(q, "financing_type", funding.FinancingTypes)
	fq.Region = a.regionKey(q, "region", params.Get("region"))
	switch s := params.Get("open_now"); s {
	case "", "false":
	case "true":
		fq.OpenNow = true
	default:
		q.fail("open_now", "„"+s+"“ ist kein Wahrheitswert (erwartet: true oder false).")
	}
	sorts := []funding.SortOrder{funding.SortRelevance, funding.SortDeadline, funding.SortTitle, funding.SortNewest}
	if s := params.Get("sort"); s != "" {
		fq.Sort = funding.SortOrder(s)
		if !slices.Contains(sorts, fq.Sort) {
			q.fail("sort", "„"+s+"“ ist keine Sortierung (erwartet: "+strings.Join(codes(sorts), ", ")+").")
		}
	}
	if fq.Page = q.int("page", 1); fq.Page < 1 {
		q.fail("page", "Die Seiten beginnen bei 1.")
	}
	if fq.PageSize = q.int("page_size", funding.DefaultPageSize); fq.PageSize < 1 || fq.PageSize > funding.MaxPageSize {
		q.fail("page_size", fmt.Sprintf("Eine Seite hat 1 bis %d Programme.", funding.MaxPageSize))
	}
	return fq
}

// oneOf returns the values of a repeatable parameter, each of which must be one of
// allowed; empty values are ignored, as an empty form field is.
func oneOf[T ~string](q *query, name string, allowed []T) []T {
	var out []T
	for _, s := range q.r.URL.Query()[name] {
		v := T(strings.TrimSpace(s))
		switch {
		case v == "" || slices.Contains(out, v):
		case slices.Contains(allowed, v):
			out = append(out, v)
		default:
			q.fail(name, "„"+s+"“ ist kein gültiger Wert (erwartet: "+strings.Join(codes(allowed), ", ")+").")
		}
	}
	return out
}

// regionKey checks a region key (AGS, or a Gemeinde's ARS) that must name a
// region, and returns the region's key; "" is no filter.
func (a *API) regionKey(q *query, name, s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	key, valid := regions.NormalizeKey(s)
	if !valid {
		q.fail(name, "„"+s+"“ ist kein Gebietsschlüssel (DG oder 2, 3, 5, 8, 9 oder 12 Ziffern).")
		return ""
	}
	reg, err := a.store.Region(q.r.Context(), key)
	if teilhabe.ErrorCode(err) == teilhabe.ENOTFOUND {
		q.fail(name, "Ein Gebiet „"+s+"“ gibt es nicht.")
		return ""
	} else if err != nil {
		q.addError(err)
		return ""
	}
	return reg.Key
}

// errReportNotPublished hides a report that is being prepared.
var errReportNotPublished = teilhabe.Errorf(teilhabe.ENOTFOUND, "Der Bericht zu dieser Beteiligung ist noch nicht veröffentlicht.")

type reportJSON struct {
	Programme struct {
		ID    int64  `json:"id"`
		Title string `json:"title"`
		URL   string `json:"url"`
	} `json:"programme"`
	Published    bool    `json:"published"` // false: the funder's preview
	PublishedAt  *string `json:"published_at"`
	Consultation struct {
		consultationRefJSON
		Message string `json:"message"` // the funder's invitation
	} `json:"consultation"`
	Participation participationJSON   `json:"participation"`
	Contributions []contributionJSON  `json:"contributions"`
	Changes       []sectionChangeJSON `json:"changes"`
}

type participationJSON struct {
	Invited   int                     `json:"invited"`
	Responded int                     `json:"responded"`
	PerLand   []landParticipationJSON `json:"per_land"`
}

type landParticipationJSON struct {
	LandKey   string `json:"land_key"`
	LandName  string `json:"land_name"`
	Invited   int    `json:"invited"`
	Responded int    `json:"responded"`
}

// contributionJSON is one contribution in the public report. It names the municipal
// administration, not the person who wrote it.
type contributionJSON struct {
	ID           int64 `json:"id"`
	Organisation struct {
		ID        int64  `json:"id"`
		Name      string `json:"name"`
		RegionKey string `json:"region_key"`
	} `json:"organisation"`
	Kind           string      `json:"kind"`
	Section        *int        `json:"section"` // comments: index into the draft's sections
	SectionHeading *string     `json:"section_heading"`
	Paragraph      *int        `json:"paragraph"`
	Quote          *string     `json:"quote"`
	Text           string      `json:"text"`
	Rating         *int        `json:"rating"` // statements: fit to local needs, 1–5
	Amendment      *string     `json:"amendment"`
	CreatedAt      *string     `json:"created_at"`
	Answer         *answerJSON `json:"answer"` // null while unanswered
}

type answerJSON struct {
	Verdict    string  `json:"verdict"`
	Reason     string  `json:"reason"`
	AnsweredAt *string `json:"answered_at"`
}

type sectionChangeJSON struct {
	Heading string         `json:"heading"`
	Status  string         `json:"status"`
	Diff    []diffPartJSON `json:"diff"`
}

type diffPartJSON struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

func toSectionChangeJSON(c funding.SectionChange) sectionChangeJSON {
	j := sectionChangeJSON{Heading: c.Heading, Status: c.Status, Diff: make([]diffPartJSON, 0, len(c.Diff))}
	for _, d := range c.Diff {
		j.Diff = append(j.Diff, diffPartJSON(d))
	}
	return j
}

func toContributionJSON(c funding.Contribution, draft funding.Text) contributionJSON {
	j := contributionJSON{ID: c.ID, Kind: string(c.Kind), Text: c.Text, Amendment: nullable(c.Amendment), CreatedAt: instant(c.CreatedAt)}
	j.Organisation.ID, j.Organisation.Name, j.Organisation.RegionKey = c.OrganisationID, c.Organisation, c.RegionKey
	switch c.Kind {
	case funding.KindComment:
		section, paragraph := c.Section, c.Paragraph
		j.Section, j.Paragraph, j.Quote = &section, &paragraph, nullable(c.Quote)
		if section >= 0 && section < len(draft.Sections) {
			j.SectionHeading = &draft.Sections[section].Heading
		}
	case funding.KindStatement:
		rating := c.Rating
		j.Rating = &rating
	}
	if c.Verdict != "" {
		j.Answer = &answerJSON{Verdict: string(c.Verdict), Reason: c.Reason, AnsweredAt: instant(c.AnsweredAt)}
	}
	return j
}

// consultationReport is the public report of a consultation; before it is published
// only the funder's staff see it, as a preview.
func (a *API) consultationReport(w http.ResponseWriter, r *http.Request) {
	prog, cons, err := a.visibleProgramme(r)
	if err == nil && cons == nil {
		err = teilhabe.Errorf(teilhabe.ENOTFOUND, "Zu diesem Förderprogramm gab es keine Beteiligung.")
	}
	manage := funding.CanManage(httpx.PrincipalFrom(r.Context()), &prog)
	if err == nil && cons.ReportAt.IsZero() && !manage {
		err = errReportNotPublished
	}
	if err != nil {
		RenderError(w, r, err)
		return
	}
	rep, err := a.store.ConsultationReport(r.Context(), prog.ID)
	if err != nil {
		RenderError(w, r, err)
		return
	}
	var out reportJSON
	out.Programme.ID, out.Programme.Title, out.Programme.URL = rep.Programme.ID, rep.Programme.Title, "/programmes/"+strconv.FormatInt(rep.Programme.ID, 10)
	c := rep.Consultation
	out.Published, out.PublishedAt = !c.ReportAt.IsZero(), instant(c.ReportAt)
	out.Consultation.consultationRefJSON = consultationRefJSON{InvitedRegions: codes(c.Regions), OpenedAt: instant(c.OpenedAt),
		Deadline: instant(c.Deadline), ReportPublishedAt: instant(c.ReportAt)}
	out.Consultation.Message = c.Message
	out.Participation.Invited, out.Participation.Responded = rep.Participation.Invited, rep.Participation.Responded
	out.Participation.PerLand = make([]landParticipationJSON, 0, len(rep.Participation.PerLand))
	for _, l := range rep.Participation.PerLand {
		out.Participation.PerLand = append(out.Participation.PerLand, landParticipationJSON(l))
	}
	out.Contributions = make([]contributionJSON, 0, len(rep.Contributions))
	for _, k := range rep.Contributions {
		out.Contributions = append(out.Contributions, toContributionJSON(k, c.Draft))
	}
	out.Changes = make([]sectionChangeJSON, 0, len(rep.Changes))
	for _, ch := range rep.Changes {
		out.Changes = append(out.Changes, toSectionChangeJSON(ch))
	}
	if !out.Published {
		w.Header().Set("Cache-Control", "private, no-store")
	}
	ok(w, out)
}

type reasonJSON struct {
	Code string            `json:"code"`
	Args map[string]string `json:"args"`
	Text string            `json:"text"` // German
}

type matchJSON struct {
	programmeJSON
	Reasons []reasonJSON `json:"reasons"`
}

// matchProgrammes finds the programmes that fit a provider (provider_type and the
// regions it works in) or a need (action_field, target_group and its region), each
// with the reasons why.
func (a *API) matchProgrammes(w http.ResponseWriter, r *http.Request) {
	now := a.now()
	q := query{r: r}
	params := r.URL.Query()
	var m funding.MatchInput
	if types := oneOf(&q, "provider_type", accounts.ProviderTypes); len(types) > 1 {
		q.fail("provider_type", "Bitte genau eine Art von Träger angeben.")
	} else if len(types) == 1 {
		m.ProviderType = types[0]
	}
	m.ActionField = single(&q, "action_field", funding.ActionFields)
	m.TargetGroup = single(&q, "target_group", funding.TargetGroups)
	var keys []string
	for _, s := range params["region"] {
		if key := a.regionKey(&q, "region", s); key != "" && !slices.Contains(keys, key) {
			keys = append(keys, key)
		}
	}
	switch {
	case m.ProviderType != "":
		m.RegionKeys = keys // a provider may work in several regions
	case len(keys) > 1:
		q.fail("region", "Ein Bedarf gehört zu genau einer Region.")
	case len(keys) == 1:
		m.RegionKey = keys[0]
	}
	if err := q.err(); err != nil {
		RenderError(w, r, err)
		return
	}
	if err := m.Validate(); err != nil {
		RenderError(w, r, err)
		return
	}
	matches, err := a.store.MatchProgrammes(r.Context(), m)
	if err != nil {
		RenderError(w, r, err)
		return
	}
	out := struct {
		Total int         `json:"total"`
		Items []matchJSON `json:"items"`
	}{Total: len(matches), Items: make([]matchJSON, 0, len(matches))}
	for _, mt := range matches {
		item := matchJSON{programmeJSON: toProgrammeJSON(&mt.Programme, now), Reasons: make([]reasonJSON, 0, len(mt.Reasons))}
		item.NextDeadline, item.OpenNow = instant(mt.NextDeadline), mt.OpenNow
		for _, rs := range mt.Reasons {
			item.Reasons = append(item.Reasons, reasonJSON{Code: rs.Code, Args: reasonArgs(rs.Args), Text: reasonText(rs)})
		}
		out.Items = append(out.Items, item)
	}
	ok(w, out)
}

// reasonArgs copies a reason's arguments, writing its instants in German local time
// like every other time of the API.
func reasonArgs(in map[string]string) map[string]string {
	out := make(map[string]string, len(in))
	for k, v := range in {
		if t, err := time.Parse(time.RFC3339, v); err == nil && !t.IsZero() && strings.HasSuffix(k, "_at") {
			v = *instant(t)
		}
		out[k] = v
	}
	return out
}

// single returns the one value of a parameter that must be one of allowed, or "".
func single(q *query, name string, allowed []string) string {
	values := oneOf(q, name, allowed)
	if len(values) > 1 {
		q.fail(name, "Bitte nur einen Wert angeben.")
		return ""
	}
	if len(values) == 1 {
		return values[0]
	}
	return ""
}

// catalogue holds the display names of codes (action fields, provider and target
// groups); it is the web UI's catalogue, parsed once.
var catalogue = sync.OnceValues(i18n.New)

// label is the German display name of a code, or the code when it has none.
func label(prefix, code string) string {
	b, err := catalogue()
	if err != nil {
		return code
	}
	l := b.For("de")
	if id := prefix + code; l.Has(id) {
		return l.T(id)
	}
	return code
}

// reasonText writes a match reason as a German sentence, in the web UI's words.
func reasonText(rs funding.Reason) string {
	b, err := catalogue()
	if err != nil {
		return ""
	}
	de := b.For("de")
	return rs.Sentence(de.T, de.DateTime)
}
