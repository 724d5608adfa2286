package api

import (
	"net/http"
	"strconv"

	"github.com/teilhabe/teilhabe/internal/programmes"
)

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

func toSectionChangeJSON(c programmes.SectionChange) sectionChangeJSON {
	j := sectionChangeJSON{Heading: c.Heading, Status: c.Status, Diff: make([]diffPartJSON, 0, len(c.Diff))}
	for _, d := range c.Diff {
		j.Diff = append(j.Diff, diffPartJSON(d))
	}
	return j
}

func toContributionJSON(c programmes.Contribution, draft programmes.Text) contributionJSON {
	j := contributionJSON{ID: c.ID, Kind: string(c.Kind), Text: c.Text, Amendment: nullable(c.Amendment), CreatedAt: instant(c.CreatedAt)}
	j.Organisation.ID, j.Organisation.Name, j.Organisation.RegionKey = c.OrganisationID, c.Organisation, c.RegionKey
	switch c.Kind {
	case programmes.KindComment:
		section, paragraph := c.Section, c.Paragraph
		j.Section, j.Paragraph, j.Quote = &section, &paragraph, nullable(c.Quote)
		if section >= 0 && section < len(draft.Sections) {
			j.SectionHeading = &draft.Sections[section].Heading
		}
	case programmes.KindStatement:
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
	id, err := programmeID(r)
	var rep programmes.Report
	if err == nil {
		rep, _, err = a.programmes.Report(r.Context(), id)
	}
	if err != nil {
		a.RenderError(w, r, err)
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
