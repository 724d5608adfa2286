package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"

	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// AddContribution stores a commissioner's comment or overall statement. The deadline
// and the programme's status are checked inside the transaction, so that nothing
// arrives after the deadline, however close the request comes. A second statement of
// the same administration replaces its first.
func (db *DB) AddContribution(ctx context.Context, programmeID int64, c *programmes.Contribution) error {
	return db.Update(ctx, func(tx *Tx) error {
		p, err := txProgramme(ctx, tx, programmeID)
		if err != nil {
			return err
		}
		cons, err := txConsultation(ctx, tx, programmeID)
		if err != nil {
			return err
		}
		if p.Status != programmes.StatusConsultation {
			return teilhabe.Errorf(teilhabe.ECONFLICT, "Das Programm ist nicht mehr in der Beteiligung: Beiträge werden nicht mehr angenommen.")
		}
		if err := cons.CheckOpen(tx.now); err != nil {
			return err
		}
		var invited int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM consultation_invitations WHERE consultation_id = $1 AND organisation_id = $2`,
			cons.ID, c.OrganisationID).Scan(&invited); err != nil {
			return err
		}
		if invited == 0 {
			return teilhabe.Errorf(teilhabe.EFORBIDDEN, "Diese Kommunalverwaltung ist zu dieser Beteiligung nicht eingeladen.")
		}
		if err := c.Validate(cons.Draft); err != nil {
			return err
		}
		c.ConsultationID, c.CreatedAt = cons.ID, tx.now
		if c.Kind == programmes.KindStatement {
			var id int64
			err := tx.QueryRowContext(ctx, `SELECT id FROM contributions WHERE consultation_id = $1 AND organisation_id = $2 AND kind = 'statement'`,
				cons.ID, c.OrganisationID).Scan(&id)
			if err == nil {
				c.ID = id
				if _, err := tx.ExecContext(ctx, `UPDATE contributions SET text = $2, rating = $3, amendment = $4, author_id = $5, updated_at = $6,
					verdict = '', reason = '', answered_at = NULL, answered_by = NULL WHERE id = $1`,
					id, c.Text, c.Rating, c.Amendment, c.AuthorID, tx.now); err != nil {
					return err
				}
				return tx.Audit(ctx, "contribution", strconv.FormatInt(id, 10), "update", nil, c)
			} else if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO contributions (consultation_id, organisation_id, author_id, kind, section, paragraph, quote, text, rating, amendment, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id`,
			cons.ID, c.OrganisationID, c.AuthorID, string(c.Kind), c.Section, c.Paragraph, c.Quote, c.Text, c.Rating, c.Amendment, tx.now).Scan(&c.ID); err != nil {
			return err
		}
		return tx.Audit(ctx, "contribution", strconv.FormatInt(c.ID, 10), "create", nil, c)
	})
}

// ContributionFilter selects the contributions of a consultation; OrganisationID 0
// means every administration's.
type ContributionFilter struct {
	ConsultationID int64
	OrganisationID int64
}

// Contributions lists contributions in the order of the draft: statements first, then
// comments by section and paragraph, each by time.
func (db *DB) Contributions(ctx context.Context, f ContributionFilter) ([]programmes.Contribution, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT c.id, c.consultation_id, c.organisation_id, o.name, COALESCE(o.region_key, ''), c.author_id, u.name,
		c.kind, c.section, c.paragraph, c.quote, c.text, c.rating, c.amendment, c.created_at, c.verdict, c.reason, c.answered_at
		FROM contributions c JOIN organisations o ON o.id = c.organisation_id JOIN users u ON u.id = c.author_id
		WHERE c.consultation_id = $1 AND ($2 = 0 OR c.organisation_id = $2)
		ORDER BY CASE WHEN c.kind = 'statement' THEN 0 ELSE 1 END, c.section, c.paragraph, c.created_at, c.id`, f.ConsultationID, f.OrganisationID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []programmes.Contribution
	for rows.Next() {
		var c programmes.Contribution
		var kind, verdict string
		var answered sql.NullTime
		if err := rows.Scan(&c.ID, &c.ConsultationID, &c.OrganisationID, &c.Organisation, &c.RegionKey, &c.AuthorID, &c.Author,
			&kind, &c.Section, &c.Paragraph, &c.Quote, &c.Text, &c.Rating, &c.Amendment, &c.CreatedAt, &verdict, &c.Reason, &answered); err != nil {
			return nil, err
		}
		c.Kind, c.Verdict, c.AnsweredAt = programmes.ContributionKind(kind), programmes.Verdict(verdict), answered.Time
		out = append(out, c)
	}
	return out, rows.Err()
}

// AnswerContribution records the funder's answer to a contribution. Once the report
// is published the answers are final.
func (db *DB) AnswerContribution(ctx context.Context, programmeID, contributionID int64, a programmes.Answer) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		cons, err := txConsultation(ctx, tx, programmeID)
		if err != nil {
			return err
		}
		if !cons.ReportAt.IsZero() {
			return teilhabe.Errorf(teilhabe.ECONFLICT, "Der Bericht zur Beteiligung ist veröffentlicht: Antworten können nicht mehr geändert werden.")
		}
		var before struct{ Verdict, Reason string }
		err = tx.QueryRowContext(ctx, `SELECT verdict, reason FROM contributions WHERE id = $1 AND consultation_id = $2`, contributionID, cons.ID).
			Scan(&before.Verdict, &before.Reason)
		if errors.Is(err, sql.ErrNoRows) {
			return errNotFound("Beitrag", contributionID)
		} else if err != nil {
			return err
		}
		var by any
		if tx.actor.UserID != 0 {
			by = tx.actor.UserID
		}
		if _, err := tx.ExecContext(ctx, `UPDATE contributions SET verdict = $2, reason = $3, answered_at = $4, answered_by = $5 WHERE id = $1`,
			contributionID, string(a.Verdict), a.Reason, tx.now, by); err != nil {
			return err
		}
		return tx.Audit(ctx, "contribution", strconv.FormatInt(contributionID, 10), "answer", before, a)
	})
}

// PublishConsultationReport makes the report public. The programme must be published
// (the report compares the draft with the published text) and every contribution
// answered.
func (db *DB) PublishConsultationReport(ctx context.Context, programmeID int64) error {
	return db.Update(ctx, func(tx *Tx) error {
		p, err := txProgramme(ctx, tx, programmeID)
		if err != nil {
			return err
		}
		cons, err := txConsultation(ctx, tx, programmeID)
		if err != nil {
			return err
		}
		if !cons.ReportAt.IsZero() {
			return teilhabe.Errorf(teilhabe.ECONFLICT, "Der Bericht ist bereits veröffentlicht.")
		}
		if !p.Status.Public() {
			return teilhabe.Errorf(teilhabe.ECONFLICT, "Der Bericht vergleicht den Entwurf mit dem veröffentlichten Text: Bitte zuerst das Programm veröffentlichen.")
		}
		var open int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM contributions WHERE consultation_id = $1 AND verdict = ''`, cons.ID).Scan(&open); err != nil {
			return err
		}
		if open > 0 {
			return teilhabe.Errorf(teilhabe.ECONFLICT, "%d Beiträge sind noch nicht beantwortet: Der Bericht enthält zu jedem Beitrag die Antwort.", open)
		}
		final, _ := jsonText(p.Text())
		if _, err := tx.ExecContext(ctx, `UPDATE consultations SET report_at = $2, final = $3 WHERE id = $1`, cons.ID, tx.now, final); err != nil {
			return err
		}
		return tx.Audit(ctx, "consultation", strconv.FormatInt(cons.ID, 10), "publish_report", nil, map[string]any{"programme_id": p.ID})
	})
}

// ConsultationReport assembles the report: the programme, every contribution with its
// answer, the participation and the changes from the draft to the final text.
func (db *DB) ConsultationReport(ctx context.Context, programmeID int64) (programmes.Report, error) {
	var r programmes.Report
	p, err := db.Programme(ctx, programmeID)
	if err != nil {
		return r, err
	}
	cons, err := db.Consultation(ctx, programmeID)
	if err != nil {
		return r, err
	}
	if cons == nil {
		return r, teilhabe.Errorf(teilhabe.ENOTFOUND, "Zu diesem Programm gibt es keine Beteiligung.")
	}
	r.Programme, r.Consultation = p, *cons
	if r.Contributions, err = db.Contributions(ctx, ContributionFilter{ConsultationID: cons.ID}); err != nil {
		return r, err
	}
	invited, err := db.ConsultationInvitations(ctx, cons.ID)
	if err != nil {
		return r, err
	}
	lands, err := db.landNames(ctx)
	if err != nil {
		return r, err
	}
	r.Participation = programmes.CountParticipation(invited, r.Contributions, lands)
	final := cons.Final
	if cons.ReportAt.IsZero() {
		final = p.Text() // a preview for the funder before publication
	}
	r.Changes = programmes.CompareTexts(cons.Draft, final)
	return r, nil
}

func (db *DB) landNames(ctx context.Context) (map[string]string, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT key, name FROM regions WHERE level = 'land'`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, n string
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		out[k] = n
	}
	return out, rows.Err()
}

func jsonText(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}
