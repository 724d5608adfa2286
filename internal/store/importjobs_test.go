package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// TestImportJobsHoldTheirTables: a running job holds its tables against a second
// one until it ends; its progress, its end and a lost instance's job are what
// another instance reads.
func TestImportJobsHoldTheirTables(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := teilhabe.WithActor(context.Background(), teilhabe.System("test"))
		clk := storetest.NewClock(db, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
		st := db.Statistics()
		create := func(instance string, tables ...string) (monitoring.ImportJob, error) {
			j := monitoring.ImportJob{State: monitoring.JobRunning, Instance: instance, Tables: tables,
				Files: []monitoring.JobFile{{Name: "a.csv", Size: 1000}}, BytesTotal: 1000}
			err := st.Update(ctx, func(tx monitoring.Tx) error { return tx.CreateImportJob(ctx, &j) })
			return j, err
		}
		first, err := create("a", "13211-02-05-4", "12411-01-01-4")
		if err != nil {
			t.Fatal(err)
		}
		_, err = create("b", "11111-01-01-4", "13211-02-05-4")
		if e := teilhabe.AsError(err); e == nil || e.ID != "monitoring.job.error.busy" || e.Args["Job"] != first.ID || e.Args["Table"] != "13211-02-05-4" {
			t.Fatalf("second job of a held table: %v", err)
		}
		if id, table, err := st.JobOfTables(ctx, []string{"11111-01-01-4", "12411-01-01-4"}); err != nil || id != first.ID || table != "12411-01-01-4" {
			t.Fatalf("JobOfTables = %d, %q, %v", id, table, err)
		}
		if id, _, _ := st.JobOfTables(ctx, []string{"11111-01-01-4"}); id != 0 {
			t.Fatalf("the refused job holds 11111-01-01-4 (job %d)", id)
		}

		clk.Advance(5 * time.Second)
		if err := st.ImportJobProgress(ctx, first.ID, 400); err != nil {
			t.Fatal(err)
		}
		got, err := st.ImportJob(ctx, first.ID)
		if err != nil || got.BytesDone != 400 || got.Percent() != 40 || !got.HeartbeatAt.Equal(clk.Now()) || got.StartedBy.Label != "test" {
			t.Fatalf("after progress: %+v, %v", got, err)
		}

		// The job ends with a summary whose warning has typed arguments.
		first.State, first.BytesDone = monitoring.JobDone, 1000
		first.Results = []monitoring.ImportResult{{Result: monitoring.TableImport{Table: "13211-02-05-4", Observations: 41964},
			Summary: monitoring.Summary{Periods: []string{"2015", "2020"}, Warnings: []teilhabe.Message{
				teilhabe.M("genesis.warning.no_unit", "Columns", "4, 5", "Count", 2, "What", teilhabe.Msg("genesis.title"))}}}}
		if err := st.Update(ctx, func(tx monitoring.Tx) error {
			ok, err := tx.FinishImportJob(ctx, first)
			if !ok && err == nil {
				t.Error("a running job did not finish")
			}
			return err
		}); err != nil {
			t.Fatal(err)
		}
		got, err = st.ImportJob(ctx, first.ID)
		if err != nil || got.State != monitoring.JobDone || got.FinishedAt.IsZero() || got.Percent() != 100 || len(got.Results) != 1 {
			t.Fatalf("finished job: %+v, %v", got, err)
		}
		w := got.Results[0].Summary.Warnings
		if got.Results[0].Result.Observations != 41964 || len(w) != 1 || w[0].Args["Count"] != 2 || w[0].Args["What"] != teilhabe.Msg("genesis.title") {
			t.Fatalf("stored summary %+v", got.Results[0])
		}
		second, err := create("b", "13211-02-05-4")
		if err != nil {
			t.Fatalf("the table is still held after its job ended: %v", err)
		}

		// Instance b stops beating; a's sweep finds its job once the lease is over,
		// never its own.
		var lost []monitoring.ImportJob
		sweep := func(except string) {
			t.Helper()
			if err := st.Update(ctx, func(tx monitoring.Tx) (err error) {
				lost, err = tx.LostImportJobs(ctx, 30*time.Second, except)
				return err
			}); err != nil {
				t.Fatal(err)
			}
		}
		clk.Advance(29 * time.Second)
		if sweep("a"); len(lost) != 0 {
			t.Fatalf("lost within the lease: %+v", lost)
		}
		clk.Advance(2 * time.Second)
		if sweep("b"); len(lost) != 0 {
			t.Fatalf("an instance's own job counted lost: %+v", lost)
		}
		if sweep("a"); len(lost) != 1 || lost[0].ID != second.ID || lost[0].Instance != "b" {
			t.Fatalf("lost after the lease: %+v", lost)
		}
		lost[0].State = monitoring.JobFailed
		lost[0].Failure = teilhabe.E(teilhabe.EINTERNAL, "monitoring.job.error.lost", "Heartbeat", lost[0].HeartbeatAt, "Instance", "b")
		if err := st.Update(ctx, func(tx monitoring.Tx) error { _, err := tx.FinishImportJob(ctx, lost[0]); return err }); err != nil {
			t.Fatal(err)
		}
		// A late progress of the lost job changes nothing.
		if err := st.ImportJobProgress(ctx, second.ID, 999); err != nil {
			t.Fatal(err)
		}
		jobs, err := st.ImportJobs(ctx, 10)
		if err != nil || len(jobs) != 2 || jobs[0].ID != second.ID || jobs[0].State != monitoring.JobFailed || jobs[0].BytesDone != 0 {
			t.Fatalf("jobs %+v, %v", jobs, err)
		}
		if f := jobs[0].Failure; f == nil || f.ID != "monitoring.job.error.lost" || !f.Args["Heartbeat"].(time.Time).Equal(second.HeartbeatAt) {
			t.Fatalf("failure %+v", f)
		}
		if _, err := st.ImportJob(ctx, 999999); teilhabe.ErrorCode(err) != teilhabe.ENOTFOUND {
			t.Fatalf("missing job: %v", err)
		}
	})
}
