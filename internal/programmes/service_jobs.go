package programmes

import (
	"context"
	"fmt"
	"time"

	"github.com/teilhabe/teilhabe/internal/notify"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// The notification jobs the worker runs every minute or so, as the system. Each
// handles one consultation per transaction and claims it inside that transaction, so
// that several instances sharing one PostgreSQL may run them at the same time without
// telling anyone twice.

// ReminderLead is how long before a consultation's deadline its commissioners are
// reminded.
const ReminderLead = 3 * 24 * time.Hour

// DigestEvery is the least time between two digests of one consultation.
const DigestEvery = time.Hour

// Jobs are the reminders and digests, for notify.Worker.
func (s *Service) Jobs() []notify.Job {
	return []notify.Job{
		{Name: "consultation reminders", Run: s.RemindConsultations},
		{Name: "contribution digests", Run: func(ctx context.Context) (int, error) { return s.DigestContributions(ctx, DigestEvery) }},
	}
}

// RemindConsultations reminds the commissioners of consultations whose deadline is at
// most ReminderLead away and returns how many consultations it reminded. Only the
// invited administrations that have not given their overall statement yet are
// reminded: a comment does not count, since the statement is what the funder's report
// counts as the administration's answer. A consultation is reminded once, and only
// while its programme is in consultation. One that opened with less than
// ReminderLead to go gets no reminder: its invitation came with the deadline.
func (s *Service) RemindConsultations(ctx context.Context) (int, error) {
	ctx = teilhabe.WithActor(ctx, teilhabe.System("reminders"))
	due, err := s.store.DueReminders(ctx, s.store.Now(), ReminderLead)
	if err != nil {
		return 0, err
	}
	reminded := 0
	for _, id := range due {
		done := false
		err := s.store.Update(ctx, func(tx Tx) error {
			claimed, err := tx.ClaimReminder(ctx, id, ReminderLead)
			if err != nil || !claimed {
				return err // another worker was first, or the programme left the consultation
			}
			p, cons, err := tx.OfConsultation(ctx, id)
			if err != nil {
				return err
			}
			users, err := tx.Commissioners(ctx, id, true)
			if err != nil {
				return err
			}
			done = true
			return tx.Notify(ctx, users, notify.ConsultationReminder{ProgrammeID: p.ID, Programme: p.Title, Funder: p.FunderName, Deadline: cons.Deadline}, true)
		})
		if err != nil {
			return reminded, fmt.Errorf("reminder for consultation %d: %w", id, err)
		}
		if done {
			reminded++
		}
	}
	return reminded, nil
}

// DigestContributions tells the funder's staff about new and revised contributions
// to its consultations: one digest per consultation with something new, at most one
// per every. It returns how many digests it wrote. The first digest of a
// consultation covers everything since it opened.
func (s *Service) DigestContributions(ctx context.Context, every time.Duration) (int, error) {
	ctx = teilhabe.WithActor(ctx, teilhabe.System("digests"))
	ids, err := s.store.DueDigests(ctx, s.store.Now(), every)
	if err != nil {
		return 0, err
	}
	written := 0
	for _, id := range ids {
		done := false
		err := s.store.Update(ctx, func(tx Tx) error {
			var err error
			done, err = digest(ctx, tx, id, every)
			return err
		})
		if err != nil {
			return written, fmt.Errorf("digest for consultation %d: %w", id, err)
		}
		if done {
			written++
		}
	}
	return written, nil
}

func digest(ctx context.Context, tx Tx, id int64, every time.Duration) (bool, error) {
	last, err := tx.LockDigest(ctx, id)
	if err != nil {
		return false, err
	}
	p, cons, err := tx.OfConsultation(ctx, id)
	if err != nil {
		return false, err
	}
	since := cons.OpenedAt
	if !last.IsZero() {
		if last.After(tx.Now().Add(-every)) {
			return false, nil // another worker wrote this digest a moment ago
		}
		since = last
	}
	changes, err := tx.ChangedContributions(ctx, id, since, tx.Now())
	if err != nil || len(changes) == 0 {
		return false, err
	}
	n := notify.ConsultationDigest{ProgrammeID: p.ID, Programme: p.Title, Since: since}
	index := map[int64]int{}
	for _, c := range changes {
		i, ok := index[c.OrganisationID]
		if !ok {
			i = len(n.Administrations)
			index[c.OrganisationID] = i
			n.Administrations = append(n.Administrations, notify.DigestEntry{Name: c.Organisation})
		}
		e := &n.Administrations[i]
		fresh := c.Created.After(since)
		switch {
		case c.Kind == KindStatement && fresh:
			e.Statements++
		case c.Kind == KindStatement:
			e.RevisedStatements++
		case fresh:
			e.Comments++
		default:
			e.RevisedComments++
		}
	}
	staff, err := tx.FunderStaff(ctx, p.FunderID)
	if err != nil {
		return false, err
	}
	if err := tx.Notify(ctx, staff, n, true); err != nil {
		return false, err
	}
	// Without staff to tell the digest is still done: the next one starts from here.
	return true, tx.SetDigest(ctx, id, tx.Now())
}
