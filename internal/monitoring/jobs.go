package monitoring

import (
	"context"
	"io"
	"time"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// An upload of statistics tables becomes an import job: the upload's request answers
// once the files are received, and the import runs in the background on the instance
// that received them (its files are there). The job's row is in the database, so that
// every instance sharing it shows the same state, and one table is imported by one
// job at a time. The import itself is ImportTables, one transaction: a job that
// stops half way stores nothing of it.

// JobState is where an import job is.
type JobState string

const (
	JobRunning JobState = "running"
	JobDone    JobState = "done"   // every table imported; Results say what
	JobFailed  JobState = "failed" // nothing imported; Failure says why
)

// JobFile is one uploaded file of a job.
type JobFile struct {
	Name string `json:"name"`
	Size int64  `json:"size"`
}

// ImportJob is one import of uploaded statistics tables, run in the background.
type ImportJob struct {
	ID       int64
	State    JobState
	Instance string // the app instance that runs it
	Files    []JobFile
	Tables   []string // the table codes of the files, sorted
	// BytesDone of BytesTotal are read: the progress of the files' reader.
	BytesTotal, BytesDone int64
	StartedBy             teilhabe.Actor
	StartedAt             time.Time
	HeartbeatAt           time.Time // when its instance last said it is still at work
	FinishedAt            time.Time // zero while it runs
	Results               []ImportResult
	Failure               *teilhabe.Error
	// Options are how its files import (merge, or replace their tables); they
	// live with the running job in its instance.
	Options ImportOptions
}

// Percent is how much of its files the job has read, 0 to 100; a finished job is at 100.
func (j ImportJob) Percent() int {
	if j.State == JobDone {
		return 100
	}
	if j.BytesTotal <= 0 {
		return 0
	}
	// Everything read is 99 until the transaction has committed.
	return int(min(j.BytesDone*100/j.BytesTotal, 99))
}

// Running reports whether the job is still at work.
func (j ImportJob) Running() bool { return j.State == JobRunning }

// Upload is the files of one upload as they arrive, e.g. the parts of a multipart
// form, so that a large file goes to disk without being held in memory.
type Upload interface {
	// Next returns the next file's name and content; io.EOF after the last. The
	// content is valid until the next call.
	Next() (name string, content io.Reader, err error)
}

// UploadOptions is an Upload that also carries how to import its files, such as
// a form's "replace the table" checkbox; it is asked once every file is read.
type UploadOptions interface {
	Upload
	Options() ImportOptions
}

// JobStore is what the job use cases read; the store's Statistics view implements it.
type JobStore interface {
	// ImportJob returns the job with this id; ENOTFOUND if there is none.
	ImportJob(ctx context.Context, id int64) (ImportJob, error)
	// ImportJobs returns the latest limit jobs, newest first.
	ImportJobs(ctx context.Context, limit int) ([]ImportJob, error)
	// JobOfTables returns the running job that imports one of the tables, and that
	// table; 0 for none.
	JobOfTables(ctx context.Context, tables []string) (int64, string, error)
	// ImportJobProgress records how far a running job has read and renews its
	// heartbeat, in a write of its own; a job that is no longer running is left as
	// it is.
	ImportJobProgress(ctx context.Context, id, bytesDone int64) error
}

// JobTx is what the job use cases write, inside a Tx.
type JobTx interface {
	// CreateImportJob stores a running job and holds its tables for it; it sets the
	// job's ID and times. ErrTableBusy if another running job holds one of them.
	CreateImportJob(ctx context.Context, j *ImportJob) error
	// FinishImportJob records a job's end (State, Results or Failure) and frees its
	// tables; false if the job was not running any more.
	FinishImportJob(ctx context.Context, j ImportJob) (bool, error)
	// LostImportJobs returns the running jobs of instances other than except whose
	// heartbeat is older than lease.
	LostImportJobs(ctx context.Context, lease time.Duration, except string) ([]ImportJob, error)
}

// ErrTableBusy refuses a job for a table that another job is importing now.
func ErrTableBusy(table string, job int64) error {
	return teilhabe.E(teilhabe.ECONFLICT, "monitoring.job.error.busy", "Table", table, "Job", job)
}
