package usecases_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
)

// The environment of the child process of TestKilledImportStoresNothing.
const (
	childDB    = "TEILHABE_TEST_JOB_CHILD_DB"
	childSpool = "TEILHABE_TEST_JOB_CHILD_SPOOL"
)

// TestKilledImportStoresNothing runs an import job in a child process (this test
// binary again), kills it with SIGKILL half way through the import, and starts
// again on the same database: nothing of the import is stored, the job is marked
// failed with the reason, its table is free, and its spooled file is gone.
func TestKilledImportStoresNothing(t *testing.T) {
	if url := os.Getenv(childDB); url != "" {
		importUntilKilled(t, url, os.Getenv(childSpool))
		return
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		spool := t.TempDir()
		cmd := exec.Command(os.Args[0], "-test.run=^TestKilledImportStoresNothing$", "-test.timeout=2m")
		cmd.Env = append(os.Environ(), childDB+"="+db.RawURL(), childSpool+"="+spool)
		cmd.Stderr = os.Stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		var id int64
		lines := bufio.NewScanner(out)
		for lines.Scan() {
			if n, ok := strings.CutPrefix(lines.Text(), "importing job "); ok {
				id, _ = strconv.ParseInt(n, 10, 64)
				break
			}
		}
		if id == 0 {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			t.Fatal("the child never reported its job")
		}
		if err := cmd.Process.Kill(); err != nil { // SIGKILL: no deferred function, no rollback of its own
			t.Fatal(err)
		}
		_ = cmd.Wait()

		// What the killed instance left: a running job, its file, and nothing imported.
		left, err := db.Statistics().ImportJob(ctx, id)
		if err != nil || !left.Running() || left.Instance != "killed" {
			t.Fatalf("job after the kill: %+v, %v", left, err)
		}
		if _, err := os.Stat(filepath.Join(spool, fmt.Sprintf("job-%d", id))); err != nil {
			t.Fatalf("the killed job's file: %v", err)
		}
		assertNotImported(t, db, "21111-02-06-4")

		// The restart: a new instance on the same database, once the lease is over.
		restarted, err := store.Open(ctx, db.RawURL())
		if err != nil {
			t.Fatal(err)
		}
		defer restarted.Close()
		storetest.NewClock(restarted, time.Now().Add(31*time.Second))
		svc := monitoring.NewService(restarted.Statistics())
		svc.ConfigureJobs(monitoring.JobsConfig{SpoolDir: spool, Instance: "restarted", Lease: 30 * time.Second})
		if n, err := svc.FailLostJobs(ctx); err != nil || n != 1 {
			t.Fatalf("lost jobs marked: %d, %v", n, err)
		}
		admin := accounts.WithPrincipal(ctx, accounts.System("test"))
		failed, err := svc.ImportJob(admin, id)
		if err != nil || failed.State != monitoring.JobFailed || failed.Failure == nil || failed.FinishedAt.IsZero() {
			t.Fatalf("job after the restart: %+v, %v", failed, err)
		}
		if msg, _ := bundle.For("de").Error(failed.Failure); !strings.HasPrefix(msg, "Die Instanz killed, die den Import ausführte, hat sich seit ") ||
			!strings.Contains(msg, "Es wurde nichts gespeichert") {
			t.Errorf("reason %q", msg)
		}
		if _, err := os.Stat(filepath.Join(spool, fmt.Sprintf("job-%d", id))); !os.IsNotExist(err) {
			t.Errorf("the lost job's file is still there: %v", err)
		}
		assertNotImported(t, db, "21111-02-06-4")

		// Its table is free again, and imports in full.
		again, err := svc.StartImport(admin, upload(t, "21111-02-06-4.csv"))
		if err != nil {
			t.Fatalf("the table after the lost job: %v", err)
		}
		svc.WaitJobs()
		done, err := svc.ImportJob(admin, again.ID)
		if err != nil || done.State != monitoring.JobDone || done.Results[0].Result.Replaced != 0 {
			t.Fatalf("import after the restart: %+v, %v", done, err)
		}
	})
}

// importUntilKilled is the child: it starts a job whose import stops after 2,000
// observations, written in its open transaction, says so, and waits to be killed.
func importUntilKilled(t *testing.T, url, spool string) {
	ctx := context.Background()
	db, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	gated := newGated(db.Statistics(), 2000)
	svc := monitoring.NewService(gated)
	svc.ConfigureJobs(monitoring.JobsConfig{SpoolDir: spool, Instance: "killed"})
	job, err := svc.StartImport(accounts.WithPrincipal(ctx, accounts.System("test")), upload(t, "21111-02-06-4.csv"))
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, gated.reached)
	fmt.Printf("importing job %d\n", job.ID)
	time.Sleep(time.Minute)
	t.Fatal("not killed")
}
