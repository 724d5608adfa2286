package monitoring

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// JobsConfig configures the background imports of one instance.
type JobsConfig struct {
	// SpoolDir is where uploaded files wait for their job; default
	// $TMPDIR/teilhabe-imports.
	SpoolDir string
	// Instance names this app instance in the job rows; default the host name and
	// a random suffix, new with every start.
	Instance string
	// Lease is how old a running job's heartbeat may be before another instance
	// takes it for lost; default 30 seconds.
	Lease time.Duration
	// Beat is how often a running job writes its progress and heartbeat; default
	// one second.
	Beat time.Duration
}

func (c *JobsConfig) defaults() {
	if c.SpoolDir == "" {
		c.SpoolDir = filepath.Join(os.TempDir(), "teilhabe-imports")
	}
	if c.Instance == "" {
		host, _ := os.Hostname()
		b := make([]byte, 4)
		_, _ = rand.Read(b)
		c.Instance = strings.Trim(host+"-"+hex.EncodeToString(b), "-")
	}
	if c.Lease <= 0 {
		c.Lease = 30 * time.Second
	}
	if c.Beat <= 0 {
		c.Beat = time.Second
	}
}

// jobRunner is the part of the service that runs this instance's jobs.
type jobRunner struct {
	once sync.Once
	cfg  JobsConfig
	live sync.Map // job id → *atomic.Int64, the bytes read of a job running here
	wg   sync.WaitGroup
	// stop ends the jobs when the instance shuts down (WatchJobs); nil until then.
	mu   sync.Mutex
	stop context.Context
}

func (s *Service) runner() *jobRunner {
	s.jobs.once.Do(func() { s.jobs.cfg.defaults() })
	return &s.jobs
}

// ConfigureJobs sets how this instance runs import jobs; call it before the first job.
func (s *Service) ConfigureJobs(c JobsConfig) {
	s.jobs.once.Do(func() {})
	c.defaults()
	s.jobs.cfg = c
}

// recentJobs is how many jobs the statistics page lists.
const recentJobs = 20

// StartImport receives an upload of statistics tables and starts importing them in
// the background with ImportTables; it returns the running job as soon as the files
// are on disk. The files' headers are read now, so that a file that is no table is
// refused at once. The job goes on when the caller's request ends, and fails with a
// reason (storing nothing) if the instance stops before it is done. Audited.
// Errors: EUNAUTHORIZED, EFORBIDDEN (not a platform admin), EINVALID (no files, a
// broken upload, a file that is no table: the reader's error names file and line),
// ECONFLICT (a job imports one of the tables now: ErrTableBusy).
func (s *Service) StartImport(ctx context.Context, up Upload) (ImportJob, error) {
	ctx, err := s.admin(ctx)
	if err != nil {
		return ImportJob{}, err
	}
	r := s.runner()
	dir, files, err := spool(r.cfg.SpoolDir, up)
	if err != nil {
		return ImportJob{}, err
	}
	started := false
	defer func() {
		if !started {
			os.RemoveAll(dir)
		}
	}()
	if len(files) == 0 {
		return ImportJob{}, teilhabe.Invalid("monitoring.error.no_files", teilhabe.FieldMsg("files", "required", "monitoring.fielderror.files_required"))
	}
	tables, err := peekTables(dir, files)
	if err != nil {
		return ImportJob{}, err
	}
	// Asked of the read pool first: on SQLite a running import holds the one writer,
	// and the second upload of its table is refused now instead of after it.
	if id, table, err := s.store.JobOfTables(ctx, tables); err != nil {
		return ImportJob{}, err
	} else if id != 0 {
		return ImportJob{}, ErrTableBusy(table, id)
	}
	job := ImportJob{State: JobRunning, Instance: r.cfg.Instance, Files: files, Tables: tables, StartedBy: teilhabe.ActorFrom(ctx)}
	if o, ok := up.(UploadOptions); ok {
		job.Options = o.Options()
	}
	for _, f := range files {
		job.BytesTotal += f.Size
	}
	err = s.store.Update(ctx, func(tx Tx) error {
		if err := tx.CreateImportJob(ctx, &job); err != nil {
			return err
		}
		return tx.Audit(ctx, "import_job", itoa(job.ID), "start", nil, map[string]any{"files": files, "tables": tables, "replace_table": job.Options.ReplaceTable})
	})
	if err != nil {
		return ImportJob{}, err
	}
	jd := jobDir(r.cfg.SpoolDir, job.ID)
	if err := os.Rename(dir, jd); err != nil {
		s.finish(context.WithoutCancel(ctx), job, nil, err)
		return job, nil // the job page says that it failed
	}
	started = true
	r.start(ctx, func(jobCtx context.Context) { s.run(jobCtx, job, jd) })
	return job, nil
}

// start runs fn in the background in a context that keeps the caller's values (the
// principal, for the use case and its audit events) but not its end: closing the
// browser does not stop a job. WatchJobs' end does.
func (r *jobRunner) start(ctx context.Context, fn func(context.Context)) {
	jobCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	unhook := func() bool { return false }
	r.mu.Lock()
	if r.stop != nil {
		unhook = context.AfterFunc(r.stop, cancel)
	}
	r.mu.Unlock()
	r.wg.Go(func() {
		defer cancel()
		defer unhook()
		fn(jobCtx)
	})
}

// run imports a job's files and records the outcome.
func (s *Service) run(ctx context.Context, job ImportJob, dir string) {
	defer os.RemoveAll(dir)
	r := s.runner()
	read := new(atomic.Int64)
	r.live.Store(job.ID, read)
	defer r.live.Delete(job.ID)
	beatCtx, stopBeat := context.WithCancel(ctx)
	var beat sync.WaitGroup
	beat.Go(func() { s.heartbeat(beatCtx, job.ID, read) })
	results, err := s.ImportTables(ctx, spooledFiles(dir, job.Files, read), job.Options)
	stopBeat()
	beat.Wait()
	if err != nil && ctx.Err() != nil {
		err = teilhabe.E(teilhabe.EINTERNAL, "monitoring.job.error.stopped")
	}
	job.BytesDone = read.Load()
	s.finish(context.WithoutCancel(ctx), job, results, err)
}

// heartbeat writes the job's progress every Beat, and at least every few beats
// when nothing moved, so that other instances see the job is alive. (On SQLite the
// import's transaction holds the one writer, so these writes wait for its end;
// the page of this instance shows the live count instead.)
func (s *Service) heartbeat(ctx context.Context, id int64, read *atomic.Int64) {
	r := s.runner()
	t := time.NewTicker(r.cfg.Beat)
	defer t.Stop()
	last, quiet := int64(-1), 0
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		n := read.Load()
		if quiet++; n == last && quiet < 5 {
			continue
		}
		if err := s.store.ImportJobProgress(ctx, id, n); err != nil && ctx.Err() == nil {
			slog.WarnContext(ctx, "import job progress not written", "job", id, "err", err)
		}
		last, quiet = n, 0
	}
}

// finish records how a job ended, with its audit event.
func (s *Service) finish(ctx context.Context, job ImportJob, results []ImportResult, err error) {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	job.State, job.Results = JobDone, results
	if err != nil {
		job.State, job.Results, job.Failure = JobFailed, nil, teilhabe.AsError(err)
		if job.Failure == nil {
			slog.ErrorContext(ctx, "import job failed", "job", job.ID, "err", err)
			job.Failure = teilhabe.E(teilhabe.EINTERNAL, "monitoring.job.error.internal", "Job", job.ID)
		}
	}
	werr := s.store.Update(ctx, func(tx Tx) error {
		ok, err := tx.FinishImportJob(ctx, job)
		if err != nil || !ok {
			return err
		}
		return tx.Audit(ctx, "import_job", itoa(job.ID), string(job.State), nil, auditOutcome(job))
	})
	if werr != nil {
		slog.ErrorContext(ctx, "import job end not recorded", "job", job.ID, "state", job.State, "err", werr)
	}
}

func auditOutcome(j ImportJob) map[string]any {
	if j.Failure != nil {
		return map[string]any{"failure": j.Failure.Error()}
	}
	return map[string]any{"tables": j.Tables}
}

// ImportJob returns a job, with the live progress if this instance runs it.
// Errors: EUNAUTHORIZED, EFORBIDDEN (not a platform admin), ENOTFOUND.
func (s *Service) ImportJob(ctx context.Context, id int64) (ImportJob, error) {
	if _, err := s.admin(ctx); err != nil {
		return ImportJob{}, err
	}
	j, err := s.store.ImportJob(ctx, id)
	if teilhabe.ErrorCode(err) == teilhabe.ENOTFOUND {
		return j, teilhabe.E(teilhabe.ENOTFOUND, "monitoring.job.error.not_found", "Job", id)
	} else if err != nil {
		return j, err
	}
	return s.runner().withLive(j), nil
}

// ImportJobs returns the latest jobs, newest first, running or finished.
// Errors: EUNAUTHORIZED, EFORBIDDEN (not a platform admin).
func (s *Service) ImportJobs(ctx context.Context) ([]ImportJob, error) {
	if _, err := s.admin(ctx); err != nil {
		return nil, err
	}
	jobs, err := s.store.ImportJobs(ctx, recentJobs)
	for i := range jobs {
		jobs[i] = s.runner().withLive(jobs[i])
	}
	return jobs, err
}

func (r *jobRunner) withLive(j ImportJob) ImportJob {
	if v, ok := r.live.Load(j.ID); ok && j.Running() {
		j.BytesDone = max(j.BytesDone, v.(*atomic.Int64).Load())
	}
	return j
}

// FailLostJobs marks the running jobs failed whose instance has stopped saying it
// is at work (it crashed, was killed or restarted): their import's transaction died
// with it, so nothing of them is stored. It returns how many it marked. Any
// instance may run it; each lost job is marked once. It is work no user starts and
// no surface offers: it acts as the system "import-jobs" in the audit log.
func (s *Service) FailLostJobs(ctx context.Context) (int, error) {
	ctx = teilhabe.WithActor(ctx, teilhabe.System("import-jobs"))
	r := s.runner()
	n := 0
	err := s.store.Update(ctx, func(tx Tx) error {
		lost, err := tx.LostImportJobs(ctx, r.cfg.Lease, r.cfg.Instance)
		if err != nil {
			return err
		}
		for _, j := range lost {
			j.State = JobFailed
			j.Failure = teilhabe.E(teilhabe.EINTERNAL, "monitoring.job.error.lost", "Instance", j.Instance, "Heartbeat", j.HeartbeatAt)
			ok, err := tx.FinishImportJob(ctx, j)
			if err != nil {
				return err
			}
			if ok {
				n++
				// Its files are here if it ran on this host; that instance is gone.
				_ = os.RemoveAll(jobDir(r.cfg.SpoolDir, j.ID))
				if err := tx.Audit(ctx, "import_job", itoa(j.ID), string(JobFailed), nil, auditOutcome(j)); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return n, err
}

// WatchJobs marks lost jobs failed at once and then every third of the lease, until
// ctx ends; then it stops this instance's running jobs (each is marked failed, and
// its transaction rolled back) and returns when they have ended.
func (s *Service) WatchJobs(ctx context.Context) {
	r := s.runner()
	r.mu.Lock()
	r.stop = ctx
	r.mu.Unlock()
	removeLeftovers(r.cfg.SpoolDir)
	t := time.NewTicker(max(r.cfg.Lease/3, time.Second))
	defer t.Stop()
	for {
		if _, err := s.FailLostJobs(ctx); err != nil && ctx.Err() == nil {
			slog.ErrorContext(ctx, "lost import jobs not marked", "err", err)
		}
		select {
		case <-ctx.Done():
			r.wg.Wait()
			return
		case <-t.C:
		}
	}
}

// WaitJobs returns when this instance's jobs have ended, for tests and the command
// line.
func (s *Service) WaitJobs() { s.runner().wg.Wait() }

// removeLeftovers removes spooled files older than a day: uploads cut off before
// they became jobs, and the files of jobs lost on another host that shares this
// directory. A running job's files are younger (uploads are capped far below a day).
func removeLeftovers(root string) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return
	}
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || !e.IsDir() || time.Since(info.ModTime()) < 24*time.Hour {
			continue
		}
		_ = os.RemoveAll(filepath.Join(root, e.Name()))
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
