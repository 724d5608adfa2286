package programmes

import (
	"context"
	"time"

	"github.com/teilhabe/teilhabe/internal/notify"
)

// Store is what the use cases need from storage; the store's Programmes view
// implements it. Its reads see what is committed; Update's transaction sees its own
// writes. Its errors are faults (EINTERNAL), except ENOTFOUND from Programme.
type Store interface {
	Reader
	// Now is the clock every deadline, call and timestamp is judged by.
	Now() time.Time
	// Update runs fn in one write transaction. It commits when fn returns nil; any
	// error rolls back everything fn did, audit events and notices included.
	Update(ctx context.Context, fn func(Tx) error) error

	// ProgrammesOfFunders lists the programmes of these funders, newest change first.
	ProgrammesOfFunders(ctx context.Context, funderIDs []int64) ([]Programme, error)
	// Versions returns the published states of a programme, newest first.
	Versions(ctx context.Context, programmeID int64) ([]Version, error)
	// Contributions lists a consultation's contributions in the order of the draft.
	Contributions(ctx context.Context, f ContributionFilter) ([]Contribution, error)
	// Invitations returns the administrations a consultation invited.
	Invitations(ctx context.Context, consultationID int64) ([]InvitedOrg, error)
	// InvitedConsultations lists the consultations that invited any of these
	// administrations, the latest deadline first.
	InvitedConsultations(ctx context.Context, orgIDs []int64) ([]InvitedConsultation, error)
	// LandNames maps the key of every Land to its name.
	LandNames(ctx context.Context) (map[string]string, error)
	// RegionNames names the regions with these keys as a sentence does ("Landkreis
	// Ludwigsburg"); unknown keys are missing.
	RegionNames(ctx context.Context, keys []string) (map[string]string, error)

	// The finder's reads: the searchable programmes with their facet fields, the
	// term index's matches of a text, the Länder, and the programmes of a result.
	FinderCandidates(ctx context.Context, now time.Time, sort SortOrder) ([]Candidate, error)
	TermMatches(ctx context.Context, terms []string) (map[int64][]float64, error)
	LandKeys(ctx context.Context) ([]string, error)
	HitProgrammes(ctx context.Context, ids []int64) (map[int64]Programme, error)

	// The jobs' reads: consultations whose reminder is due (deadline within lead,
	// opened earlier than lead before it, not reminded, programme in consultation)
	// and those with contributions since their last digest, at most one per every.
	DueReminders(ctx context.Context, now time.Time, lead time.Duration) ([]int64, error)
	DueDigests(ctx context.Context, now time.Time, every time.Duration) ([]int64, error)
}

// Reader reads one programme and its consultation, outside or inside a transaction.
type Reader interface {
	// Programme returns the programme with its calls; ENOTFOUND if there is none.
	Programme(ctx context.Context, id int64) (Programme, error)
	// ProgrammeWithConsultation returns the programme with its calls and its
	// consultation (nil if none) in one read: what every access decision needs.
	ProgrammeWithConsultation(ctx context.Context, id int64) (Programme, *Consultation, error)
	// Consultation returns the consultation on a programme, or nil.
	Consultation(ctx context.Context, programmeID int64) (*Consultation, error)
	// UnknownRegions returns those of keys that name no region.
	UnknownRegions(ctx context.Context, keys []string) ([]string, error)
}

// Tx is one write transaction: reads see its writes, and everything it writes
// happens together or not at all.
type Tx interface {
	Reader
	Now() time.Time

	// CreateProgramme inserts p with its calls and term index and sets its ID.
	CreateProgramme(ctx context.Context, p *Programme) error
	// UpdateProgramme writes p's text, fields, calls and term index, if its row is
	// still at revision; it reports false, writing nothing, when someone changed it
	// since. On success p.Revision is the new revision.
	UpdateProgramme(ctx context.Context, p *Programme, revision int) (bool, error)
	// SetStatus writes p's status and publication time on the same terms.
	SetStatus(ctx context.Context, p *Programme, revision int) (bool, error)
	// SaveVersion keeps p as its published version p.Version.
	SaveVersion(ctx context.Context, p *Programme, note string) error
	// DeleteProgramme removes a programme with its calls, terms and versions.
	DeleteProgramme(ctx context.Context, id int64) error

	// MunicipalAdministrations lists every municipal administration with a region.
	MunicipalAdministrations(ctx context.Context) ([]InvitedOrg, error)
	// CreateConsultation inserts c with its invitations, sets its ID and moves the
	// programme into consultation.
	CreateConsultation(ctx context.Context, c *Consultation, invited []InvitedOrg) error
	// Commissioners returns the active commissioners of the administrations the
	// consultation invited; withoutStatement keeps those whose administration has
	// not given its statement.
	Commissioners(ctx context.Context, consultationID int64, withoutStatement bool) ([]int64, error)
	// IsInvited reports whether the consultation invited the administration.
	IsInvited(ctx context.Context, consultationID, orgID int64) (bool, error)
	// Statement returns the administration's statement in the consultation, or nil.
	Statement(ctx context.Context, consultationID, orgID int64) (*Contribution, error)
	// Contribution returns one contribution of the consultation, or nil.
	Contribution(ctx context.Context, consultationID, id int64) (*Contribution, error)
	// CreateContribution inserts c and sets its ID and revision.
	CreateContribution(ctx context.Context, c *Contribution) error
	// ReviseStatement replaces the text of a statement and clears its answer, if the
	// statement is still at revision; false when someone changed it since.
	ReviseStatement(ctx context.Context, c *Contribution, revision int) (bool, error)
	// AnswerContribution records the funder's answer on the same terms.
	AnswerContribution(ctx context.Context, c *Contribution, revision int) (bool, error)
	// Unanswered counts the consultation's contributions without an answer.
	Unanswered(ctx context.Context, consultationID int64) (int, error)
	// PublishReport marks the report published and keeps the final text.
	PublishReport(ctx context.Context, consultationID int64, final Text) error

	// ClaimReminder marks the consultation's reminder sent if it is still due
	// (deadline within lead, programme in consultation, not reminded yet).
	ClaimReminder(ctx context.Context, consultationID int64, lead time.Duration) (bool, error)
	// OfConsultation returns the programme and the consultation with that id.
	OfConsultation(ctx context.Context, consultationID int64) (Programme, *Consultation, error)
	// LockDigest locks the consultation's digest against a concurrent one and returns
	// its last digest (zero for none).
	LockDigest(ctx context.Context, consultationID int64) (last time.Time, err error)
	// ChangedContributions counts the contributions changed in (since, until] per
	// administration, by name.
	ChangedContributions(ctx context.Context, consultationID int64, since, until time.Time) ([]ChangeCount, error)
	// FunderStaff returns the users with the funder_staff role of an organisation.
	FunderStaff(ctx context.Context, orgID int64) ([]int64, error)
	// SetDigest records that contributions up to at are in a digest.
	SetDigest(ctx context.Context, consultationID int64, at time.Time) error

	// Audit records who changed what, in this transaction.
	Audit(ctx context.Context, entity string, id int64, action string, before, after any) error
	// Notify gives each active user among userIDs the notice, and with mail also an
	// e-mail; disabled accounts are skipped, a user named twice is told once.
	Notify(ctx context.Context, userIDs []int64, n notify.Notice, mail bool) error
}

// ContributionFilter selects the contributions of a consultation; OrganisationID 0
// means every administration's.
type ContributionFilter struct {
	ConsultationID int64
	OrganisationID int64
}

// ChangeCount is one contribution changed since a digest: its administration, its
// kind and whether it is new.
type ChangeCount struct {
	OrganisationID int64
	Organisation   string
	Kind           ContributionKind
	Created        time.Time
}

// InvitedConsultation is one consultation as an invited administration sees it in
// its list: what, whose, until when, and whether it has spoken yet.
type InvitedConsultation struct {
	ProgrammeID    int64
	Title          string
	Funder         string
	Status         Status
	Deadline       time.Time
	ReportAt       time.Time
	OrganisationID int64
	Organisation   string
	Statement      bool // the administration has given its overall statement
	Contributions  int  // its comments and statement
}
