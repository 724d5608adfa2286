package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// The import jobs of the monitoring capability (monitoring/service_jobs.go): rows
// that any instance sharing the database reads, and the tables a running job holds.

const importJobColumns = `id, state, instance, CAST(files AS TEXT), CAST(tables AS TEXT), bytes_total, bytes_done,
	CAST(outcome AS TEXT), COALESCE(started_by, 0), started_label, started_at, heartbeat_at, finished_at`

func scanImportJob(row interface{ Scan(...any) error }) (monitoring.ImportJob, error) {
	var j monitoring.ImportJob
	var state, files, tables string
	var outcome sql.NullString
	var finished sql.NullTime
	err := row.Scan(&j.ID, &state, &j.Instance, &files, &tables, &j.BytesTotal, &j.BytesDone,
		&outcome, &j.StartedBy.UserID, &j.StartedBy.Label, &j.StartedAt, &j.HeartbeatAt, &finished)
	if err != nil {
		return j, err
	}
	j.State = monitoring.JobState(state)
	j.StartedAt, j.HeartbeatAt = j.StartedAt.UTC(), j.HeartbeatAt.UTC()
	if finished.Valid {
		j.FinishedAt = finished.Time.UTC()
	}
	if err := json.Unmarshal([]byte(files), &j.Files); err != nil {
		return j, err
	}
	if err := json.Unmarshal([]byte(tables), &j.Tables); err != nil {
		return j, err
	}
	return j, j.UnmarshalOutcome([]byte(outcome.String))
}

// ImportJob returns the job with this id; ENOTFOUND if there is none.
func (s *StatisticsStore) ImportJob(ctx context.Context, id int64) (monitoring.ImportJob, error) {
	j, err := scanImportJob(s.db.read.QueryRowContext(ctx, `SELECT `+importJobColumns+` FROM import_jobs WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return j, teilhabe.E(teilhabe.ENOTFOUND, "")
	}
	return j, err
}

// ImportJobs returns the latest limit jobs, newest first.
func (s *StatisticsStore) ImportJobs(ctx context.Context, limit int) ([]monitoring.ImportJob, error) {
	return collect(ctx, s.db.read, func(rows *sql.Rows) (monitoring.ImportJob, error) { return scanImportJob(rows) },
		`SELECT `+importJobColumns+` FROM import_jobs ORDER BY started_at DESC, id DESC LIMIT $1`, limit)
}

// JobOfTables returns the running job that holds one of the tables, and that table.
func (s *StatisticsStore) JobOfTables(ctx context.Context, tables []string) (int64, string, error) {
	return jobOfTables(ctx, s.db.read, tables)
}

func jobOfTables(ctx context.Context, q queryer, tables []string) (int64, string, error) {
	if len(tables) == 0 {
		return 0, "", nil
	}
	var args []any
	in := inList(&args, tables...)
	var id int64
	var table string
	err := q.QueryRowContext(ctx, `SELECT job_id, table_code FROM import_job_tables WHERE table_code IN (`+in+`)
		ORDER BY table_code LIMIT 1`, args...).Scan(&id, &table)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", nil
	}
	return id, table, err
}

// ImportJobProgress records a running job's progress and renews its heartbeat.
func (s *StatisticsStore) ImportJobProgress(ctx context.Context, id, bytesDone int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE import_jobs SET bytes_done = $2, heartbeat_at = $3 WHERE id = $1 AND state = 'running'`,
			id, bytesDone, tx.now)
		return err
	})
}

func (t statisticsTx) CreateImportJob(ctx context.Context, j *monitoring.ImportJob) error {
	tx := t.tx
	files, err := json.Marshal(j.Files)
	if err != nil {
		return err
	}
	tables, err := json.Marshal(j.Tables)
	if err != nil {
		return err
	}
	var by sql.NullInt64
	if tx.actor.UserID != 0 {
		by = sql.NullInt64{Int64: tx.actor.UserID, Valid: true}
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO import_jobs (state, instance, files, tables, bytes_total, bytes_done, started_by, started_label, started_at, heartbeat_at)
		VALUES ($1, $2, $3, $4, $5, 0, $6, $7, $8, $8) RETURNING id`,
		string(j.State), j.Instance, string(files), string(tables), j.BytesTotal, by, tx.actor.Label, tx.now).Scan(&j.ID)
	if err != nil {
		return err
	}
	j.StartedBy, j.StartedAt, j.HeartbeatAt = tx.actor, tx.now, tx.now
	for _, table := range j.Tables {
		// DO NOTHING rather than a failed insert, so that a PostgreSQL transaction
		// can still ask who holds the table.
		res, err := tx.ExecContext(ctx, `INSERT INTO import_job_tables (table_code, job_id) VALUES ($1, $2) ON CONFLICT (table_code) DO NOTHING`, table, j.ID)
		ok, err := oneRow(res, err)
		if err != nil {
			return err
		}
		if !ok {
			holder, _, err := jobOfTables(ctx, tx, []string{table})
			if err != nil {
				return err
			}
			return monitoring.ErrTableBusy(table, holder)
		}
	}
	return nil
}

func (t statisticsTx) FinishImportJob(ctx context.Context, j monitoring.ImportJob) (bool, error) {
	tx := t.tx
	outcome, err := j.MarshalOutcome()
	if err != nil {
		return false, err
	}
	done := j.BytesDone
	if j.State == monitoring.JobDone {
		done = j.BytesTotal
	}
	res, err := tx.ExecContext(ctx, `UPDATE import_jobs SET state = $2, outcome = $3, bytes_done = $4, finished_at = $5, heartbeat_at = $5
		WHERE id = $1 AND state = 'running'`, j.ID, string(j.State), string(outcome), done, tx.now)
	ok, err := oneRow(res, err)
	if err != nil || !ok {
		return ok, err
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM import_job_tables WHERE job_id = $1`, j.ID)
	return true, err
}

func (t statisticsTx) LostImportJobs(ctx context.Context, lease time.Duration, except string) ([]monitoring.ImportJob, error) {
	return collect(ctx, t.tx, func(rows *sql.Rows) (monitoring.ImportJob, error) { return scanImportJob(rows) },
		`SELECT `+importJobColumns+` FROM import_jobs WHERE state = 'running' AND heartbeat_at < $1 AND instance <> $2 ORDER BY id`,
		t.tx.now.Add(-lease), except)
}
