package programmes

import (
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Consultation is the Beteiligung of municipal integration commissioners on a
// programme draft. The funder invites regions: every commissioner of a municipal
// administration in one of those regions (a Land includes its Kreise and Gemeinden,
// "DG" all) may comment until the deadline.
type Consultation struct {
	ID          int64
	ProgrammeID int64
	Regions     []string  // invited region keys
	Deadline    time.Time // no input is accepted from this instant on
	Message     string    // the funder's invitation text
	OpenedAt    time.Time
	Draft       Text      // the text as it was put to consultation
	ReportAt    time.Time // when the report was published; zero before
	Final       Text      // the text at report time, compared with Draft
	RemindedAt  time.Time // reminder three days before the deadline sent
	DigestAt    time.Time // contributions up to here are in a digest to the funder
}

// Validate checks what the funder entered when opening the consultation.
func (c *Consultation) Validate(now time.Time) error {
	c.Regions = cleanCodes(c.Regions)
	c.Message = strings.TrimSpace(c.Message)
	var f []teilhabe.FieldError
	if len(c.Regions) == 0 {
		f = append(f, teilhabe.Field("regions", "required"))
	}
	if c.Deadline.IsZero() {
		f = append(f, teilhabe.Field("deadline", "required"))
	} else if !c.Deadline.After(now) {
		f = append(f, teilhabe.Field("deadline", "past"))
	}
	if len(f) > 0 {
		return teilhabe.Invalid("consultation.error.open_invalid", f...)
	}
	return nil
}

// Invites reports whether a municipal administration for the region with this key is
// invited.
func (c *Consultation) Invites(regionKey string) bool {
	if regionKey == "" {
		return false
	}
	for _, k := range c.Regions {
		if k == "DG" || strings.HasPrefix(regionKey, k) {
			return true
		}
	}
	return false
}

// Accepts reports whether contributions are accepted at now.
func (c *Consultation) Accepts(now time.Time) bool { return now.Before(c.Deadline) }

// CheckOpen returns a conflict when the deadline has passed.
func (c *Consultation) CheckOpen(now time.Time) error {
	if !c.Accepts(now) {
		return teilhabe.E(teilhabe.ECONFLICT, "consultation.error.closed")
	}
	return nil
}

// ContributionKind tells a comment on a passage from the overall statement.
type ContributionKind string

const (
	KindComment   ContributionKind = "comment"   // on one paragraph of a section
	KindStatement ContributionKind = "statement" // the overall Stellungnahme with a rating
)

// Verdict is the funder's answer to a contribution.
type Verdict string

const (
	VerdictAdopted  Verdict = "adopted"  // übernommen
	VerdictPartly   Verdict = "partly"   // teilweise übernommen
	VerdictRejected Verdict = "rejected" // nicht übernommen
)

var Verdicts = []Verdict{VerdictAdopted, VerdictPartly, VerdictRejected}

// Contribution is a comment or the statement of one municipal administration.
type Contribution struct {
	ID             int64
	ConsultationID int64
	OrganisationID int64  // the municipal administration
	Organisation   string // its name, filled by the store
	RegionKey      string // its region, filled by the store
	AuthorID       int64
	Author         string // filled by the store
	Kind           ContributionKind
	Section        int    // index into the draft's sections (comments)
	Paragraph      int    // index into the section's paragraphs (comments)
	Quote          string // the passage commented on (comments)
	Text           string
	Rating         int    // fit to local needs, 1–5 (statements)
	Amendment      string // proposed wording, optional
	CreatedAt      time.Time
	Revision       int // counts the changes; a form sends the one it showed
	Verdict        Verdict
	Reason         string
	AnsweredAt     time.Time
}

// Validate checks a contribution against the draft it is about.
func (c *Contribution) Validate(draft Text) error {
	c.Text, c.Amendment, c.Quote = strings.TrimSpace(c.Text), strings.TrimSpace(c.Amendment), strings.TrimSpace(c.Quote)
	var f []teilhabe.FieldError
	add := func(field, code string, id ...string) {
		f = append(f, teilhabe.FieldError{Field: field, Code: code, ID: strings.Join(id, "")})
	}
	if c.Text == "" {
		add("text", "required")
	} else if len([]rune(c.Text)) > 10000 {
		add("text", "too_long")
	}
	switch c.Kind {
	case KindComment:
		c.Rating = 0
		if c.Section < 0 || c.Section >= len(draft.Sections) {
			add("section", "invalid")
			break
		}
		paras := draft.Sections[c.Section].Paragraphs()
		if c.Paragraph < 0 || c.Paragraph >= len(paras) {
			add("paragraph", "invalid")
			break
		}
		if c.Quote == "" {
			c.Quote = paras[c.Paragraph]
		} else if !strings.Contains(paras[c.Paragraph], c.Quote) {
			add("quote", "invalid")
		}
	case KindStatement:
		c.Section, c.Paragraph, c.Quote = 0, 0, ""
		if c.Rating < 1 || c.Rating > 5 {
			add("rating", "required")
		}
	default:
		add("kind", "invalid", "fielderror.kind.contribution")
	}
	if len(f) > 0 {
		return teilhabe.Invalid("consultation.error.contribution_incomplete", f...)
	}
	return nil
}

// Answer is the funder's reply to one contribution.
type Answer struct {
	Verdict Verdict
	Reason  string
}

// Validate requires a verdict and a reason.
func (a *Answer) Validate() error {
	a.Reason = strings.TrimSpace(a.Reason)
	var f []teilhabe.FieldError
	switch a.Verdict {
	case VerdictAdopted, VerdictPartly, VerdictRejected:
	default:
		f = append(f, teilhabe.Field("verdict", "required"))
	}
	if a.Reason == "" {
		f = append(f, teilhabe.Field("reason", "required"))
	}
	if len(f) > 0 {
		return teilhabe.Invalid("consultation.error.answer_incomplete", f...)
	}
	return nil
}

// Participation is who was asked and who answered, in total and per Land.
type Participation struct {
	Invited   int
	Responded int
	PerLand   []LandParticipation
}

// LandParticipation counts invited and responding administrations of one Land.
type LandParticipation struct {
	LandKey   string
	LandName  string
	Invited   int
	Responded int
}

// Report is the public consultation report: every contribution with its answer,
// the participation and the changes from the draft to the published text.
type Report struct {
	Programme     Programme
	Consultation  Consultation
	Contributions []Contribution
	Participation Participation
	Changes       []SectionChange
}

// SectionChange compares one section of the draft with the final text.
type SectionChange struct {
	Heading string
	Status  string // "unchanged", "changed", "added", "removed"
	Diff    []DiffPart
}

// DiffPart is a run of text that was kept, inserted or deleted.
type DiffPart struct {
	Op   string // "=", "+", "-"
	Text string
}
