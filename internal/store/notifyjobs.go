package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// The notification jobs that package notify's worker runs every minute or so. Each
// handles one consultation per transaction, and claims it inside that transaction,
// so that several instances sharing one PostgreSQL may run them at the same time
// without telling anyone twice.

// ReminderLead is how long before a consultation's deadline its commissioners are
// reminded.
const ReminderLead = 3 * 24 * time.Hour

// RemindConsultations reminds the commissioners of consultations whose deadline is at
// most ReminderLead away and returns how many consultations it reminded. Only the
// invited administrations that have not given their overall statement yet are
// reminded: a comment does not count, since the statement is what the funder's report
// counts as the administration's answer. A consultation is reminded once, and only
// while its programme is in consultation. One that opened with less than
// ReminderLead to go gets no reminder: its invitation came with the deadline.
func (db *DB) RemindConsultations(ctx context.Context) (int, error) {
	now := db.Now().UTC()
	rows, err := db.read.QueryContext(ctx, `SELECT c.id, c.opened_at, c.deadline FROM consultations c
		JOIN programmes p ON p.id = c.programme_id
		WHERE c.reminded_at IS NULL AND p.status = 'consultation' AND c.deadline > $1 AND c.deadline <= $2
		ORDER BY c.deadline, c.id`, now, now.Add(ReminderLead))
	if err != nil {
		return 0, err
	}
	var due []int64
	for rows.Next() {
		var id int64
		var opened, deadline time.Time
		if err := rows.Scan(&id, &opened, &deadline); err != nil {
			rows.Close()
			return 0, err
		}
		if opened.Add(ReminderLead).Before(deadline) {
			due = append(due, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	reminded := 0
	for _, id := range due {
		done := false
		err := db.Update(ctx, func(tx *Tx) error {
			var err error
			done, err = remindConsultation(ctx, tx, id)
			return err
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

// remindConsultation claims the reminder of one consultation and sends it. It reports
// false when there was nothing to do: another worker was first, or the programme left
// the consultation in the meantime.
func remindConsultation(ctx context.Context, tx *Tx, id int64) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE consultations SET reminded_at = $2
		WHERE id = $1 AND reminded_at IS NULL AND deadline > $2 AND deadline <= $3
		AND EXISTS (SELECT 1 FROM programmes p WHERE p.id = consultations.programme_id AND p.status = 'consultation')`,
		id, tx.now, tx.now.Add(ReminderLead))
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	var programmeID int64
	var title, funder string
	var deadline time.Time
	if err := tx.QueryRowContext(ctx, `SELECT p.id, p.title, o.name, c.deadline FROM consultations c
		JOIN programmes p ON p.id = c.programme_id JOIN organisations o ON o.id = p.funder_id
		WHERE c.id = $1`, id).Scan(&programmeID, &title, &funder, &deadline); err != nil {
		return false, err
	}
	users, err := queryIDs(ctx, tx, `SELECT DISTINCT m.user_id FROM consultation_invitations i
		JOIN memberships m ON m.organisation_id = i.organisation_id AND m.role = 'commissioner'
		WHERE i.consultation_id = $1 AND NOT EXISTS (SELECT 1 FROM contributions k
			WHERE k.consultation_id = i.consultation_id AND k.organisation_id = i.organisation_id AND k.kind = 'statement')
		ORDER BY m.user_id`, id)
	if err != nil {
		return false, err
	}
	err = tx.Notify(ctx, users, Notice{
		Kind:  "consultation_reminder",
		Title: "Erinnerung: Beteiligung „" + title + "“ endet am " + berlin(deadline),
		Body: fmt.Sprintf("Die Beteiligung zum Entwurf des Förderprogramms „%s“ von %s endet am %s. "+
			"Ihre Verwaltung hat noch keine Gesamtstellungnahme abgegeben. Bitte geben Sie sie bis zur Frist ab; "+
			"bis dahin können Sie auch einzelne Absätze kommentieren.", title, funder, berlin(deadline)),
		Link: fmt.Sprintf("/programmes/%d/consultation", programmeID),
		Mail: true,
	})
	return err == nil, err
}

// DigestContributions tells the funder's staff about new and revised contributions
// to its consultations: one digest per consultation with something new, at most one
// per every. It returns how many digests it wrote. The first digest of a
// consultation covers everything since it opened.
func (db *DB) DigestContributions(ctx context.Context, every time.Duration) (int, error) {
	now := db.Now().UTC()
	ids, err := queryIDs(ctx, db.read, `SELECT c.id FROM consultations c
		WHERE (c.digest_at IS NULL OR c.digest_at <= $2)
		AND EXISTS (SELECT 1 FROM contributions k WHERE k.consultation_id = c.id
			AND k.updated_at > COALESCE(c.digest_at, c.opened_at) AND k.updated_at <= $1)
		ORDER BY c.id`, now, now.Add(-every))
	if err != nil {
		return 0, err
	}
	written := 0
	for _, id := range ids {
		done := false
		err := db.Update(ctx, func(tx *Tx) error {
			var err error
			done, err = digestConsultation(ctx, tx, id, every)
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

// tally counts one administration's contributions for a digest.
type tally struct {
	org                                string
	comments, statements               int // new
	revisedComments, revisedStatements int // created before the last digest, changed since
}

func digestConsultation(ctx context.Context, tx *Tx, id int64, every time.Duration) (bool, error) {
	// Lock the consultation's row first (a no-op on SQLite, whose writer holds the
	// whole database): a concurrent digest of the same consultation on PostgreSQL
	// waits here and then reads the digest_at this one writes.
	if _, err := tx.ExecContext(ctx, `UPDATE consultations SET digest_at = digest_at WHERE id = $1`, id); err != nil {
		return false, err
	}
	var programmeID, funderID int64
	var title string
	var opened time.Time
	var last sql.NullTime
	if err := tx.QueryRowContext(ctx, `SELECT p.id, p.title, p.funder_id, c.opened_at, c.digest_at
		FROM consultations c JOIN programmes p ON p.id = c.programme_id WHERE c.id = $1`, id).
		Scan(&programmeID, &title, &funderID, &opened, &last); err != nil {
		return false, err
	}
	since := opened
	if last.Valid {
		if last.Time.After(tx.now.Add(-every)) {
			return false, nil // another worker wrote this digest a moment ago
		}
		since = last.Time
	}
	rows, err := tx.QueryContext(ctx, `SELECT o.id, o.name, k.kind, k.created_at FROM contributions k
		JOIN organisations o ON o.id = k.organisation_id
		WHERE k.consultation_id = $1 AND k.updated_at > $2 AND k.updated_at <= $3
		ORDER BY o.name, o.id`, id, since.UTC(), tx.now)
	if err != nil {
		return false, err
	}
	var tallies []*tally
	byOrg := map[int64]*tally{}
	for rows.Next() {
		var orgID int64
		var name, kind string
		var created time.Time
		if err := rows.Scan(&orgID, &name, &kind, &created); err != nil {
			rows.Close()
			return false, err
		}
		t := byOrg[orgID]
		if t == nil {
			t = &tally{org: name}
			byOrg[orgID] = t
			tallies = append(tallies, t)
		}
		fresh := created.After(since)
		switch {
		case kind == "statement" && fresh:
			t.statements++
		case kind == "statement":
			t.revisedStatements++
		case fresh:
			t.comments++
		default:
			t.revisedComments++
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return false, err
	}
	if len(tallies) == 0 {
		return false, nil
	}
	staff, err := queryIDs(ctx, tx, `SELECT DISTINCT user_id FROM memberships WHERE organisation_id = $1 AND role = 'funder_staff' ORDER BY user_id`, funderID)
	if err != nil {
		return false, err
	}
	if err := tx.Notify(ctx, staff, Notice{
		Kind:  "consultation_digest",
		Title: "Neue Beiträge zur Beteiligung „" + title + "“",
		Body:  digestText(title, since, tallies),
		Link:  fmt.Sprintf("/programmes/%d/consultation", programmeID),
		Mail:  true,
	}); err != nil {
		return false, err
	}
	// Without staff to tell the digest is still done: the next one starts from here.
	_, err = tx.ExecContext(ctx, `UPDATE consultations SET digest_at = $2 WHERE id = $1`, id, tx.now)
	return err == nil, err
}

// digestText summarises the contributions per administration, in German.
func digestText(title string, since time.Time, tallies []*tally) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Seit %s gibt es in der Beteiligung zum Entwurf „%s“ neue Beiträge von %s:\n\n",
		berlin(since), title, plural(len(tallies), "Kommunalverwaltung", "Kommunalverwaltungen"))
	var sum tally
	for _, t := range tallies {
		fmt.Fprintf(&b, "– %s: %s\n", t.org, t.describe())
		sum.comments += t.comments
		sum.statements += t.statements
		sum.revisedComments += t.revisedComments
		sum.revisedStatements += t.revisedStatements
	}
	if len(tallies) > 1 {
		fmt.Fprintf(&b, "\nInsgesamt: %s.\n", sum.describe())
	}
	if sum.revisedStatements > 0 {
		b.WriteString("\nEine überarbeitete Stellungnahme braucht eine neue Antwort.\n")
	}
	return b.String()
}

func (t tally) describe() string {
	var parts []string
	add := func(n int, one, many string) {
		if n > 0 {
			parts = append(parts, plural(n, one, many))
		}
	}
	add(t.comments, "Kommentar", "Kommentare")
	add(t.statements, "Stellungnahme", "Stellungnahmen")
	add(t.revisedComments, "überarbeiteter Kommentar", "überarbeitete Kommentare")
	add(t.revisedStatements, "überarbeitete Stellungnahme", "überarbeitete Stellungnahmen")
	return strings.Join(parts, ", ")
}

// plural writes a count with the German singular or plural noun: "1 Kommentar",
// "2 Kommentare".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
