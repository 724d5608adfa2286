package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/teilhabe/teilhabe/internal/programmes"
)

// The reads and claims of the consultation jobs (programmes.Service.RemindConsultations
// and DigestContributions). A claim happens in the job's transaction, so that
// several instances sharing one PostgreSQL may run the jobs at the same time without
// telling anyone twice.

// DueReminders returns the consultations whose reminder is due at now: the deadline
// at most lead away, the programme still in consultation, not reminded yet, and
// opened more than lead before the deadline (else the invitation came with it).
func (s *ProgrammeStore) DueReminders(ctx context.Context, now time.Time, lead time.Duration) ([]int64, error) {
	type due struct {
		id               int64
		opened, deadline time.Time
	}
	all, err := collect(ctx, s.db.read, func(rows *sql.Rows) (due, error) {
		var d due
		return d, rows.Scan(&d.id, &d.opened, &d.deadline)
	}, `SELECT c.id, c.opened_at, c.deadline FROM consultations c
		JOIN programmes p ON p.id = c.programme_id
		WHERE c.reminded_at IS NULL AND p.status = 'consultation' AND c.deadline > $1 AND c.deadline <= $2
		ORDER BY c.deadline, c.id`, now.UTC(), now.UTC().Add(lead))
	var ids []int64
	for _, d := range all {
		if d.opened.Add(lead).Before(d.deadline) {
			ids = append(ids, d.id)
		}
	}
	return ids, err
}

// DueDigests returns the consultations with contributions changed since their last
// digest (or their opening), whose last digest is at least every ago.
func (s *ProgrammeStore) DueDigests(ctx context.Context, now time.Time, every time.Duration) ([]int64, error) {
	return queryIDs(ctx, s.db.read, `SELECT c.id FROM consultations c
		WHERE (c.digest_at IS NULL OR c.digest_at <= $2)
		AND EXISTS (SELECT 1 FROM contributions k WHERE k.consultation_id = c.id
			AND k.updated_at > COALESCE(c.digest_at, c.opened_at) AND k.updated_at <= $1)
		ORDER BY c.id`, now.UTC(), now.UTC().Add(-every))
}

func (t programmeTx) ClaimReminder(ctx context.Context, consultationID int64, lead time.Duration) (bool, error) {
	res, err := t.tx.ExecContext(ctx, `UPDATE consultations SET reminded_at = $2
		WHERE id = $1 AND reminded_at IS NULL AND deadline > $2 AND deadline <= $3
		AND EXISTS (SELECT 1 FROM programmes p WHERE p.id = consultations.programme_id AND p.status = 'consultation')`,
		consultationID, t.tx.now, t.tx.now.Add(lead))
	return oneRow(res, err)
}

func (t programmeTx) LockDigest(ctx context.Context, consultationID int64) (time.Time, error) {
	// Lock the consultation's row first (a no-op on SQLite, whose writer holds the
	// whole database): a concurrent digest of the same consultation on PostgreSQL
	// waits here and then reads the digest_at this one writes.
	if _, err := t.tx.ExecContext(ctx, `UPDATE consultations SET digest_at = digest_at WHERE id = $1`, consultationID); err != nil {
		return time.Time{}, err
	}
	var last sql.NullTime
	err := t.tx.QueryRowContext(ctx, `SELECT digest_at FROM consultations WHERE id = $1`, consultationID).Scan(&last)
	return last.Time, err
}

func (t programmeTx) ChangedContributions(ctx context.Context, consultationID int64, since, until time.Time) ([]programmes.ChangeCount, error) {
	return collect(ctx, t.tx, func(rows *sql.Rows) (programmes.ChangeCount, error) {
		var c programmes.ChangeCount
		var kind string
		err := rows.Scan(&c.OrganisationID, &c.Organisation, &kind, &c.Created)
		c.Kind, c.Created = programmes.ContributionKind(kind), c.Created.UTC()
		return c, err
	}, `SELECT o.id, o.name, k.kind, k.created_at FROM contributions k
		JOIN organisations o ON o.id = k.organisation_id
		WHERE k.consultation_id = $1 AND k.updated_at > $2 AND k.updated_at <= $3
		ORDER BY o.name, o.id`, consultationID, since.UTC(), until.UTC())
}

func (t programmeTx) FunderStaff(ctx context.Context, orgID int64) ([]int64, error) {
	return queryIDs(ctx, t.tx, `SELECT DISTINCT user_id FROM memberships WHERE organisation_id = $1 AND role = 'funder_staff' ORDER BY user_id`, orgID)
}

func (t programmeTx) SetDigest(ctx context.Context, consultationID int64, at time.Time) error {
	_, err := t.tx.ExecContext(ctx, `UPDATE consultations SET digest_at = $2 WHERE id = $1`, consultationID, at.UTC())
	return err
}

// The finder's reads, for programmes.Service.Search and Match.

func (s *ProgrammeStore) FinderCandidates(ctx context.Context, now time.Time, sort programmes.SortOrder) ([]programmes.Candidate, error) {
	return s.db.finderCandidates(ctx, now, sort)
}

func (s *ProgrammeStore) TermMatches(ctx context.Context, terms []string) (map[int64][]float64, error) {
	return s.db.termMatches(ctx, terms)
}

func (s *ProgrammeStore) LandKeys(ctx context.Context) ([]string, error) { return s.db.landKeys(ctx) }

func (s *ProgrammeStore) HitProgrammes(ctx context.Context, ids []int64) (map[int64]programmes.Programme, error) {
	return s.db.hitProgrammes(ctx, ids)
}

func (s *ProgrammeStore) RegionNames(ctx context.Context, keys []string) (map[string]string, error) {
	return s.db.regionNames(ctx, keys)
}
