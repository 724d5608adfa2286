package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/teilhabe/teilhabe/internal/programmes"
)

const contributionColumns = `c.id, c.consultation_id, c.organisation_id, o.name, COALESCE(o.region_key, ''), c.author_id, u.name,
	c.kind, c.section, c.paragraph, c.quote, c.text, c.rating, c.amendment, c.created_at, c.revision, c.verdict, c.reason, c.answered_at
	FROM contributions c JOIN organisations o ON o.id = c.organisation_id JOIN users u ON u.id = c.author_id`

func scanContribution(rows interface{ Scan(...any) error }) (programmes.Contribution, error) {
	var c programmes.Contribution
	var kind, verdict string
	var answered sql.NullTime
	err := rows.Scan(&c.ID, &c.ConsultationID, &c.OrganisationID, &c.Organisation, &c.RegionKey, &c.AuthorID, &c.Author,
		&kind, &c.Section, &c.Paragraph, &c.Quote, &c.Text, &c.Rating, &c.Amendment, &c.CreatedAt, &c.Revision, &verdict, &c.Reason, &answered)
	c.Kind, c.Verdict, c.AnsweredAt, c.CreatedAt = programmes.ContributionKind(kind), programmes.Verdict(verdict), answered.Time, c.CreatedAt.UTC()
	return c, err
}

// Contributions lists contributions in the order of the draft: statements first, then
// comments by section and paragraph, each by time.
func (s *ProgrammeStore) Contributions(ctx context.Context, f programmes.ContributionFilter) ([]programmes.Contribution, error) {
	return collect(ctx, s.db.read, func(rows *sql.Rows) (programmes.Contribution, error) { return scanContribution(rows) },
		`SELECT `+contributionColumns+` WHERE c.consultation_id = $1 AND ($2 = 0 OR c.organisation_id = $2)
		ORDER BY CASE WHEN c.kind = 'statement' THEN 0 ELSE 1 END, c.section, c.paragraph, c.created_at, c.id`, f.ConsultationID, f.OrganisationID)
}

func (t programmeTx) oneContribution(ctx context.Context, where string, args ...any) (*programmes.Contribution, error) {
	c, err := scanContribution(t.tx.QueryRowContext(ctx, `SELECT `+contributionColumns+` WHERE `+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return &c, err
}

func (t programmeTx) Statement(ctx context.Context, consultationID, orgID int64) (*programmes.Contribution, error) {
	return t.oneContribution(ctx, `c.consultation_id = $1 AND c.organisation_id = $2 AND c.kind = 'statement'`, consultationID, orgID)
}

func (t programmeTx) Contribution(ctx context.Context, consultationID, id int64) (*programmes.Contribution, error) {
	return t.oneContribution(ctx, `c.consultation_id = $1 AND c.id = $2`, consultationID, id)
}

func (t programmeTx) CreateContribution(ctx context.Context, c *programmes.Contribution) error {
	c.Revision = 1
	return t.tx.QueryRowContext(ctx, `INSERT INTO contributions (consultation_id, organisation_id, author_id, kind, section, paragraph, quote,
		text, rating, amendment, created_at, updated_at, revision)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, 1) RETURNING id`,
		c.ConsultationID, c.OrganisationID, c.AuthorID, string(c.Kind), c.Section, c.Paragraph, c.Quote, c.Text, c.Rating, c.Amendment,
		t.tx.now).Scan(&c.ID)
}

func (t programmeTx) ReviseStatement(ctx context.Context, c *programmes.Contribution, revision int) (bool, error) {
	res, err := t.tx.ExecContext(ctx, `UPDATE contributions SET text = $3, rating = $4, amendment = $5, author_id = $6, updated_at = $7,
		verdict = '', reason = '', answered_at = NULL, answered_by = NULL, revision = revision + 1 WHERE id = $1 AND revision = $2`,
		c.ID, revision, c.Text, c.Rating, c.Amendment, c.AuthorID, t.tx.now)
	ok, err := oneRow(res, err)
	if ok {
		c.Revision = revision + 1
	}
	return ok, err
}

func (t programmeTx) AnswerContribution(ctx context.Context, c *programmes.Contribution, revision int) (bool, error) {
	var by any
	if t.tx.actor.UserID != 0 {
		by = t.tx.actor.UserID
	}
	// An answer is not a change of the contribution's text: its revision stays, so
	// that a second answer of the funder need not reload the page.
	res, err := t.tx.ExecContext(ctx, `UPDATE contributions SET verdict = $3, reason = $4, answered_at = $5, answered_by = $6
		WHERE id = $1 AND revision = $2`, c.ID, revision, string(c.Verdict), c.Reason, t.tx.now, by)
	return oneRow(res, err)
}

func (t programmeTx) Unanswered(ctx context.Context, consultationID int64) (int, error) {
	var n int
	err := t.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM contributions WHERE consultation_id = $1 AND verdict = ''`, consultationID).Scan(&n)
	return n, err
}

func (t programmeTx) PublishReport(ctx context.Context, consultationID int64, final programmes.Text) error {
	b, err := json.Marshal(final)
	if err != nil {
		return err
	}
	_, err = t.tx.ExecContext(ctx, `UPDATE consultations SET report_at = $2, final = $3 WHERE id = $1`, consultationID, t.tx.now, string(b))
	return err
}

// LandNames maps the key of every Land to its name.
func (s *ProgrammeStore) LandNames(ctx context.Context) (map[string]string, error) {
	rows, err := collect(ctx, s.db.read, func(rows *sql.Rows) ([2]string, error) {
		var kn [2]string
		return kn, rows.Scan(&kn[0], &kn[1])
	}, `SELECT key, name FROM regions WHERE level = 'land'`)
	out := make(map[string]string, len(rows))
	for _, kn := range rows {
		out[kn[0]] = kn[1]
	}
	return out, err
}
