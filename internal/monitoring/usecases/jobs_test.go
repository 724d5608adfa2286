package usecases_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/audit"
	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// files is an Upload of in-memory files, in the order given.
type files []struct {
	name string
	data []byte
}

func (f *files) Next() (string, io.Reader, error) {
	if len(*f) == 0 {
		return "", nil, io.EOF
	}
	next := (*f)[0]
	*f = (*f)[1:]
	return next.name, bytes.NewReader(next.data), nil
}

func upload(t testing.TB, names ...string) *files {
	t.Helper()
	var up files
	for _, n := range names {
		b, err := os.ReadFile("../testdata/genesis/" + n)
		if err != nil {
			t.Fatal(err)
		}
		up = append(up, struct {
			name string
			data []byte
		}{n, b})
	}
	return &up
}

// gatedStore is the real store, except that an import stops after its first after
// observations until the gate opens (or its context ends): a job is then caught
// mid-import, with rows written in its transaction.
type gatedStore struct {
	monitoring.Store
	after   int
	reached chan struct{} // closed when an import first waits at the gate
	once    sync.Once
	gate    chan struct{} // close to let it go on
}

func newGated(s monitoring.Store, after int) *gatedStore {
	return &gatedStore{Store: s, after: after, reached: make(chan struct{}), gate: make(chan struct{})}
}

func (g *gatedStore) Update(ctx context.Context, fn func(monitoring.Tx) error) error {
	return g.Store.Update(ctx, func(tx monitoring.Tx) error { return fn(gatedTx{Tx: tx, g: g}) })
}

type gatedTx struct {
	monitoring.Tx
	g *gatedStore
}

func (t gatedTx) ImportTable(ctx context.Context, f monitoring.TableFile, plan monitoring.TablePlan) (monitoring.TableImport, monitoring.Summary, error) {
	read := f.Read
	f.Read = func(sink monitoring.Sink) (monitoring.Summary, error) {
		return read(&gatedSink{Sink: sink, ctx: ctx, g: t.g})
	}
	return t.Tx.ImportTable(ctx, f, plan)
}

type gatedSink struct {
	monitoring.Sink
	ctx context.Context
	g   *gatedStore
	n   int
}

func (s *gatedSink) Observation(o monitoring.Observation) error {
	if s.n++; s.n == s.g.after {
		s.g.once.Do(func() { close(s.g.reached) })
		select {
		case <-s.g.gate:
		case <-s.ctx.Done():
			return s.ctx.Err()
		}
	}
	return s.Sink.Observation(o)
}

func waitFor(t *testing.T, ch <-chan struct{}) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(time.Minute):
		t.Fatal("the import never reached the gate")
	}
}

// TestImportJobRunsInTheBackground: the upload returns a running job at once; the
// job imports in the background and keeps its summary; only admins start and see
// jobs, and both are audited.
func TestImportJobRunsInTheBackground(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		svc := monitoring.NewService(db.Statistics())
		svc.ConfigureJobs(monitoring.JobsConfig{SpoolDir: t.TempDir()})
		admin := storetest.As(t, db, f.admin.ID)
		for _, tc := range []struct {
			ctx  context.Context
			code string
		}{{context.Background(), teilhabe.EUNAUTHORIZED}, {storetest.As(t, db, f.commissioner.ID), teilhabe.EFORBIDDEN}} {
			_, err := svc.StartImport(tc.ctx, upload(t, "12411-01-01-4.csv"))
			wantErr(t, "start", err, tc.code, "")
			_, err = svc.ImportJobs(tc.ctx)
			wantErr(t, "list", err, tc.code, "")
		}
		_, err := svc.StartImport(admin, &files{})
		wantErr(t, "no files", err, teilhabe.EINVALID, "monitoring.error.no_files")
		notes := &files{{"notizen.csv", []byte("Einkaufsliste;Milch\n")}}
		_, err = svc.StartImport(admin, notes)
		wantErr(t, "no table", err, teilhabe.EINVALID, "")
		if msg, _ := bundle.For("de").Error(err); !strings.Contains(msg, "notizen.csv:1") {
			t.Errorf("a file that is no table: %q names no file and line", msg)
		}

		job, err := svc.StartImport(admin, upload(t, "12411-01-01-4.csv", "11111-01-01-4.csv"))
		if err != nil {
			t.Fatal(err)
		}
		if job.ID == 0 || job.State != monitoring.JobRunning || len(job.Tables) != 2 || job.Tables[0] != "11111-01-01-4" || job.BytesTotal < 50000 {
			t.Fatalf("started job %+v", job)
		}
		svc.WaitJobs()
		got, err := svc.ImportJob(admin, job.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.State != monitoring.JobDone || got.Percent() != 100 || len(got.Results) != 2 || got.StartedBy.Label != "admin@example.de" {
			t.Fatalf("finished job %+v", got)
		}
		if r := got.Results[0]; r.Result.Table != "12411-01-01-4" || r.Result.Observations != 1578 {
			t.Errorf("summary %+v", r.Result)
		}
		tables, _ := f.svc.Tables(system)
		if len(tables) != 3 {
			t.Errorf("%d tables after the job, want 13211 of the setup and both", len(tables))
		}
		jobs, err := svc.ImportJobs(admin)
		if err != nil || len(jobs) != 1 || jobs[0].ID != job.ID {
			t.Fatalf("jobs %+v, %v", jobs, err)
		}
		events, err := audit.NewService(db.Audit()).List(admin, audit.Filter{Entity: "import_job"})
		if err != nil || len(events) != 2 {
			t.Fatalf("audit of the job: %d events, %v", len(events), err)
		}
		if _, err := svc.ImportJob(admin, 999999); teilhabe.ErrorCode(err) != teilhabe.ENOTFOUND {
			t.Errorf("missing job: %v", err)
		}
	})
}

// TestSecondJobOfATableIsRefused: while a job imports a table, a second upload of it
// is refused with the job's number; the page of the running job shows how far it
// has read; once it has ended, the table may be imported again.
func TestSecondJobOfATableIsRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		gated := newGated(db.Statistics(), 500)
		svc := monitoring.NewService(gated)
		svc.ConfigureJobs(monitoring.JobsConfig{SpoolDir: t.TempDir()})
		admin := storetest.As(t, db, f.admin.ID)
		first, err := svc.StartImport(admin, upload(t, "21111-02-06-4.csv"))
		if err != nil {
			t.Fatal(err)
		}
		waitFor(t, gated.reached)
		_, err = svc.StartImport(admin, upload(t, "21111-02-06-4.csv"))
		e := wantErr(t, "second upload", err, teilhabe.ECONFLICT, "monitoring.job.error.busy")
		if e.Args["Job"] != first.ID {
			t.Errorf("refusal names job %v, want %d", e.Args["Job"], first.ID)
		}
		if msg, _ := bundle.For("de").Error(err); msg != "Die Tabelle 21111-02-06-4 wird gerade von Import-Auftrag "+itoa(first.ID)+" importiert. Warten Sie, bis er fertig ist, und laden Sie die Datei dann erneut hoch." {
			t.Errorf("German refusal %q", msg)
		}
		running, err := svc.ImportJob(admin, first.ID)
		if err != nil || !running.Running() || running.BytesDone <= 0 || running.BytesDone > running.BytesTotal {
			t.Fatalf("running job %+v, %v", running, err)
		}
		if db.Dialect == store.Postgres {
			// Another table goes ahead beside it (on SQLite it would wait for the
			// one writer that the running import holds).
			other, err := svc.StartImport(admin, upload(t, "11111-01-01-4.csv"))
			if err != nil {
				t.Fatalf("a job of another table: %v", err)
			}
			if other.ID == first.ID {
				t.Fatal("same job")
			}
		}
		close(gated.gate)
		svc.WaitJobs()
		if done, _ := svc.ImportJob(admin, first.ID); done.State != monitoring.JobDone {
			t.Fatalf("first job %+v", done)
		}
		again, err := svc.StartImport(admin, upload(t, "21111-02-06-4.csv"))
		if err != nil {
			t.Fatalf("the table after its job: %v", err)
		}
		svc.WaitJobs()
		if done, _ := svc.ImportJob(admin, again.ID); done.State != monitoring.JobDone || done.Results[0].Result.Replaced == 0 {
			t.Fatalf("second job %+v", done)
		}
	})
}

// TestStoppedInstanceFailsItsJob: an instance that shuts down while a job imports
// rolls the import back and marks the job failed, saying why.
func TestStoppedInstanceFailsItsJob(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		gated := newGated(db.Statistics(), 500)
		svc := monitoring.NewService(gated)
		svc.ConfigureJobs(monitoring.JobsConfig{SpoolDir: t.TempDir()})
		ctx, stop := context.WithCancel(context.Background())
		watching := make(chan struct{})
		go func() { svc.WatchJobs(ctx); close(watching) }()
		admin := storetest.As(t, db, f.admin.ID)
		job, err := svc.StartImport(admin, upload(t, "21111-02-06-4.csv"))
		if err != nil {
			t.Fatal(err)
		}
		waitFor(t, gated.reached)
		stop()
		<-watching
		got, err := svc.ImportJob(admin, job.ID)
		if err != nil || got.State != monitoring.JobFailed || got.Failure == nil || got.Failure.ID != "monitoring.job.error.stopped" {
			t.Fatalf("job after the shutdown %+v, %v", got, err)
		}
		assertNotImported(t, db, "21111-02-06-4")
	})
}

// assertNotImported fails if anything of table is stored.
func assertNotImported(t *testing.T, db *store.DB, table string) {
	t.Helper()
	tables, err := db.Statistics().Tables(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range tables {
		if tb.Code == table {
			t.Fatalf("table %s is stored (%d observations)", table, tb.Observations)
		}
	}
	// Observations belong to a series: none of the table means none stored.
	series, err := db.Statistics().Series(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range series {
		if s.Table == table {
			t.Fatalf("a series of %s is stored: %s", table, s.Name)
		}
	}
	events, err := audit.NewService(db.Audit()).List(accounts.WithPrincipal(context.Background(), accounts.System("test")), audit.Filter{Entity: "stat_table"})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		if e.EntityID == table {
			t.Fatalf("an import of %s is audited", table)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
