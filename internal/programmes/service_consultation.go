package programmes

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/notify"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// ConsultationView is the Beteiligung as the caller sees it: the funder follows and
// answers every contribution; an invited commissioner sees the draft as it was put to
// consultation and their own administration's contributions (everyone's appear in
// the public report).
type ConsultationView struct {
	Programme     Programme
	Consultation  *Consultation // nil before the funder opens one
	Can           Permissions
	Invited       []accounts.Membership // the caller's invited administrations
	Open          bool                  // contributions are accepted now
	Contributions []Contribution
	Invitations   int           // administrations invited
	Unanswered    int           // contributions without the funder's answer
	Statement     *Contribution // the caller's administration's statement, if given
	Now           time.Time
}

// Consultation returns the consultation page of a programme.
// Errors: ENOTFOUND (no such programme, or not visible), EFORBIDDEN (the programme is
// visible, but the consultation is for the funder and the invited commissioners).
func (s *Service) Consultation(ctx context.Context, programmeID int64) (ConsultationView, error) {
	p := accounts.PrincipalFrom(ctx)
	prog, cons, err := s.visible(ctx, s.store, p, programmeID)
	if err != nil {
		return ConsultationView{}, err
	}
	now := s.store.Now()
	v := ConsultationView{Programme: prog, Consultation: cons, Can: PermissionsOf(p, &prog, cons, now),
		Invited: InvitedMemberships(p, cons), Now: now}
	if !v.Can.Read {
		return v, teilhabe.E(teilhabe.EFORBIDDEN, "consultation.error.participants_only")
	}
	if cons == nil {
		return v, nil
	}
	v.Open = prog.Status == StatusConsultation && cons.Accepts(now)
	f := ContributionFilter{ConsultationID: cons.ID}
	if !InFunder(p, &prog) {
		f.OrganisationID = v.Invited[0].Organisation.ID
	}
	if v.Contributions, err = s.store.Contributions(ctx, f); err != nil {
		return v, err
	}
	for i, c := range v.Contributions {
		if c.Verdict == "" {
			v.Unanswered++
		}
		if c.Kind == KindStatement && f.OrganisationID != 0 {
			v.Statement = &v.Contributions[i]
		}
	}
	invited, err := s.store.Invitations(ctx, cons.ID)
	v.Invitations = len(invited)
	return v, err
}

// OpenConsultation puts a draft to consultation: it invites the municipal
// administrations of c.Regions, keeps the draft's text for the report, moves the
// programme into consultation and notifies every invited commissioner in-app and by
// mail, all in one transaction. It returns the consultation.
// Errors: ENOTFOUND, EFORBIDDEN, ECONFLICT (not a draft, or changed since revision),
// EINVALID (regions, deadline; no administration in the regions).
func (s *Service) OpenConsultation(ctx context.Context, programmeID int64, c Consultation, revision int) (Consultation, error) {
	pr := accounts.PrincipalFrom(ctx)
	err := s.store.Update(ctx, func(tx Tx) error {
		p, _, err := s.managed(ctx, tx, pr, programmeID)
		if err != nil {
			return err
		}
		if revision != 0 && p.Revision != revision {
			return errChanged(p)
		}
		if err := CheckTransition(p.Status, StatusConsultation); err != nil {
			return err
		}
		err = c.Validate(tx.Now())
		unknown, uerr := tx.UnknownRegions(ctx, c.Regions)
		if uerr != nil {
			return uerr
		}
		if len(unknown) > 0 {
			field := teilhabe.Field("regions", "unknown", "Keys", strings.Join(unknown, ", "))
			if e := teilhabe.AsError(err); e != nil {
				e.Fields = append(e.Fields, field)
			} else {
				err = teilhabe.Invalid("consultation.error.open_invalid", field)
			}
		}
		if err != nil {
			return err
		}
		all, err := tx.MunicipalAdministrations(ctx)
		if err != nil {
			return err
		}
		invited := slices.DeleteFunc(all, func(o InvitedOrg) bool { return !c.Invites(o.RegionKey) })
		if len(invited) == 0 {
			return teilhabe.Invalid("consultation.error.nobody", teilhabe.Field("regions", "nobody"))
		}
		c.ProgrammeID, c.OpenedAt, c.Draft = p.ID, tx.Now(), p.Text()
		if err := tx.CreateConsultation(ctx, &c, invited); err != nil {
			return err
		}
		users, err := tx.Commissioners(ctx, c.ID, false)
		if err != nil {
			return err
		}
		n := notify.ConsultationInvited{ProgrammeID: p.ID, Programme: p.Title, Funder: p.FunderName, Deadline: c.Deadline, Invitation: c.Message}
		if err := tx.Notify(ctx, users, n, true); err != nil {
			return err
		}
		return tx.Audit(ctx, "consultation", c.ID, "open", nil, map[string]any{
			"programme_id": p.ID, "regions": c.Regions, "deadline": c.Deadline, "invited": len(invited), "commissioners": len(users)})
	})
	return c, err
}

// ContributionInput is what an invited commissioner sends: a comment on one paragraph
// of the draft, or the administration's overall statement. OrganisationID chooses
// among several invited administrations of the caller (0: the first); Revision is the
// statement's revision the form showed, when it revises one.
type ContributionInput struct {
	OrganisationID int64
	Kind           ContributionKind
	Section        int
	Paragraph      int
	Quote          string
	Text           string
	Rating         int
	Amendment      string
	Revision       int
}

// Contribute stores an invited commissioner's comment or statement. The deadline and
// the programme's status are checked in the transaction, so that nothing arrives after
// the deadline, however close the request comes. A second statement of the same
// administration replaces its first and clears the funder's answer to it.
// Errors: ENOTFOUND, EFORBIDDEN (not invited), ECONFLICT (not in consultation, the
// deadline has passed, or the statement was revised by someone else since), EINVALID.
func (s *Service) Contribute(ctx context.Context, programmeID int64, in ContributionInput) (Contribution, error) {
	pr := accounts.PrincipalFrom(ctx)
	var c Contribution
	err := s.store.Update(ctx, func(tx Tx) error {
		prog, cons, err := s.visible(ctx, tx, pr, programmeID)
		if err != nil {
			return err
		}
		if prog.Status != StatusConsultation || cons == nil {
			if InFunder(pr, &prog) || len(InvitedMemberships(pr, cons)) > 0 {
				return teilhabe.E(teilhabe.ECONFLICT, "consultation.error.not_running")
			}
			return teilhabe.E(teilhabe.EFORBIDDEN, "consultation.error.invited_only")
		}
		m, err := CheckContribute(pr, &prog, cons, in.OrganisationID, tx.Now())
		if err != nil {
			return err
		}
		// The invitation was fixed when the consultation opened: an administration
		// whose area changed since does not join it.
		if ok, err := tx.IsInvited(ctx, cons.ID, m.Organisation.ID); err != nil {
			return err
		} else if !ok {
			return teilhabe.E(teilhabe.EFORBIDDEN, "consultation.error.not_invited")
		}
		c = Contribution{ConsultationID: cons.ID, OrganisationID: m.Organisation.ID, Organisation: m.Organisation.Name,
			RegionKey: m.Organisation.RegionKey, AuthorID: pr.User.ID, Author: pr.User.Name, Kind: in.Kind,
			Section: in.Section, Paragraph: in.Paragraph, Quote: in.Quote, Text: in.Text, Rating: in.Rating, Amendment: in.Amendment,
			CreatedAt: tx.Now()}
		if err := c.Validate(cons.Draft); err != nil {
			return err
		}
		if c.Kind == KindStatement {
			before, err := tx.Statement(ctx, cons.ID, m.Organisation.ID)
			if err != nil {
				return err
			}
			if before != nil {
				if in.Revision != 0 && before.Revision != in.Revision {
					return teilhabe.E(teilhabe.ECONFLICT, "consultation.error.statement_changed", "Author", before.Author)
				}
				c.ID, c.CreatedAt = before.ID, before.CreatedAt
				if ok, err := tx.ReviseStatement(ctx, &c, before.Revision); err != nil {
					return err
				} else if !ok {
					return teilhabe.E(teilhabe.ECONFLICT, "consultation.error.statement_changed", "Author", before.Author)
				}
				return tx.Audit(ctx, "contribution", c.ID, "update", before, c)
			}
		}
		if err := tx.CreateContribution(ctx, &c); err != nil {
			return err
		}
		return tx.Audit(ctx, "contribution", c.ID, "create", nil, c)
	})
	return c, err
}

// Answer records the funder's answer to one contribution; revision is the
// contribution's revision the form showed (0: whatever it is now). Once the report is
// published the answers are final.
// Errors: ENOTFOUND (programme, consultation or contribution), EFORBIDDEN, ECONFLICT
// (report published; the contribution was revised or answered by someone else
// since), EINVALID.
func (s *Service) Answer(ctx context.Context, programmeID, contributionID int64, a Answer, revision int) error {
	pr := accounts.PrincipalFrom(ctx)
	return s.store.Update(ctx, func(tx Tx) error {
		_, cons, err := s.managed(ctx, tx, pr, programmeID)
		if err != nil {
			return err
		}
		if err := a.Validate(); err != nil {
			return err
		}
		if cons == nil {
			return errNoConsultation
		}
		if !cons.ReportAt.IsZero() {
			return teilhabe.E(teilhabe.ECONFLICT, "consultation.error.answers_final")
		}
		c, err := tx.Contribution(ctx, cons.ID, contributionID)
		if err != nil {
			return err
		}
		if c == nil {
			return teilhabe.E(teilhabe.ENOTFOUND, "consultation.error.no_contribution")
		}
		if revision != 0 && c.Revision != revision {
			return teilhabe.E(teilhabe.ECONFLICT, "consultation.error.contribution_changed")
		}
		before := Answer{Verdict: c.Verdict, Reason: c.Reason}
		c.Verdict, c.Reason, c.AnsweredAt = a.Verdict, a.Reason, tx.Now()
		if ok, err := tx.AnswerContribution(ctx, c, c.Revision); err != nil {
			return err
		} else if !ok {
			return teilhabe.E(teilhabe.ECONFLICT, "consultation.error.contribution_changed")
		}
		return tx.Audit(ctx, "contribution", contributionID, "answer", before, a)
	})
}

var errNoConsultation = teilhabe.E(teilhabe.ENOTFOUND, "consultation.error.none")

// PublishReport makes the consultation report public. The programme must be
// published (the report compares the draft with the published text) and every
// contribution answered. Errors: ENOTFOUND, EFORBIDDEN, ECONFLICT.
func (s *Service) PublishReport(ctx context.Context, programmeID int64) error {
	pr := accounts.PrincipalFrom(ctx)
	return s.store.Update(ctx, func(tx Tx) error {
		p, cons, err := s.managed(ctx, tx, pr, programmeID)
		if err != nil {
			return err
		}
		if cons == nil {
			return errNoConsultation
		}
		if !cons.ReportAt.IsZero() {
			return teilhabe.E(teilhabe.ECONFLICT, "report.error.published")
		}
		if !p.Status.Public() {
			return teilhabe.E(teilhabe.ECONFLICT, "report.error.publish_programme_first")
		}
		open, err := tx.Unanswered(ctx, cons.ID)
		if err != nil {
			return err
		}
		if open > 0 {
			return teilhabe.E(teilhabe.ECONFLICT, "report.error.unanswered", "Count", open)
		}
		if err := tx.PublishReport(ctx, cons.ID, p.Text()); err != nil {
			return err
		}
		return tx.Audit(ctx, "consultation", cons.ID, "publish_report", nil, map[string]any{"programme_id": p.ID})
	})
}

// Report assembles the consultation report: the programme, every contribution with
// its answer, the participation and the changes from the draft to the final text.
// Everyone reads it once it is published; before that only the funder's staff, as a
// preview (preview is then true, and the changes compare with the current text).
// Errors: ENOTFOUND (no programme, not visible, no consultation, or not published
// and the caller is not the funder's staff).
func (s *Service) Report(ctx context.Context, programmeID int64) (r Report, preview bool, err error) {
	p := accounts.PrincipalFrom(ctx)
	prog, cons, err := s.visible(ctx, s.store, p, programmeID)
	if err != nil {
		return r, false, err
	}
	if cons == nil {
		return r, false, errNoConsultation
	}
	preview = cons.ReportAt.IsZero()
	if preview && !CanManage(p, &prog) {
		return r, false, teilhabe.E(teilhabe.ENOTFOUND, "report.error.not_published")
	}
	r.Programme, r.Consultation = prog, *cons
	if r.Contributions, err = s.store.Contributions(ctx, ContributionFilter{ConsultationID: cons.ID}); err != nil {
		return r, preview, err
	}
	invited, err := s.store.Invitations(ctx, cons.ID)
	if err != nil {
		return r, preview, err
	}
	lands, err := s.store.LandNames(ctx)
	if err != nil {
		return r, preview, err
	}
	r.Participation = CountParticipation(invited, r.Contributions, lands)
	final := cons.Final
	if preview {
		final = prog.Text()
	}
	r.Changes = CompareTexts(cons.Draft, final)
	return r, preview, nil
}

// InvitedConsultations is a commissioner's desk: every consultation that invited one
// of their administrations, the latest deadline first.
// Errors: EUNAUTHORIZED, EFORBIDDEN (not a commissioner).
func (s *Service) InvitedConsultations(ctx context.Context) ([]InvitedConsultation, error) {
	p := accounts.PrincipalFrom(ctx)
	if p == nil {
		return nil, teilhabe.E(teilhabe.EUNAUTHORIZED, "")
	}
	var orgs []int64
	for _, m := range CommissionerMemberships(p) {
		orgs = append(orgs, m.Organisation.ID)
	}
	if len(orgs) == 0 {
		return nil, teilhabe.E(teilhabe.EFORBIDDEN, "consultation.error.commissioners_only")
	}
	return s.store.InvitedConsultations(ctx, orgs)
}
