package reviews_test

import (
	"slices"
	"strconv"
	"testing"

	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/reviews"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

func fieldsOf(err error) []string {
	var out []string
	if e := teilhabe.AsError(err); e != nil {
		for _, f := range e.Fields {
			out = append(out, f.Field)
		}
	}
	return out
}

func TestOnlyTheFunderSetsUpTheReview(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		ctx := w.as(w.funderStaff)
		// Every row's problems at once, under the row's number.
		_, err := w.svc.SaveCriteria(ctx, w.call.ID, []reviews.CriterionInput{{Name: " ", Weight: 1}, {Name: "Konzept", Weight: 0}})
		wantErr(t, "bad rows", err, teilhabe.EINVALID, "reviews.error.criteria_invalid")
		if got := fieldsOf(err); !slices.Equal(got, []string{"criteria.0.name", "criteria.1.weight"}) {
			t.Errorf("fields %v", got)
		}
		list := w.setUp()
		if len(list) != 2 || list[0].Name != "Bedarf" || list[0].Position != 1 || list[1].ID == 0 {
			t.Fatalf("criteria %+v", list)
		}
		if s := reviews.Share(list[0], list); s != 6667 {
			t.Errorf("Bedarf's share %d", s)
		}
		// The reviewer of the funder's own house, another funder's staff, the
		// provider and the commissioner may not set it up; an unknown call is 404.
		for _, u := range []struct {
			name string
			ctx  func() error
		}{
			{"reviewer", func() error { _, err := w.svc.Setup(w.as(w.rita), w.call.ID); return err }},
			{"other funder", func() error { _, err := w.svc.Setup(w.as(w.otherFunder), w.call.ID); return err }},
			{"provider", func() error {
				_, err := w.svc.SaveCriteria(w.as(w.staff), w.call.ID, []reviews.CriterionInput{{Name: "X", Weight: 1}})
				return err
			}},
			{"commissioner", func() error { _, err := w.svc.Assign(w.as(w.commission), w.call.ID, w.rita.ID, ""); return err }},
		} {
			wantErr(t, u.name, u.ctx(), teilhabe.EFORBIDDEN, "reviews.error.not_funder")
		}
		_, err = w.svc.Setup(ctx, 999999)
		wantErr(t, "unknown call", err, teilhabe.ENOTFOUND, "applications.error.call_unknown")

		setup, err := w.svc.Setup(ctx, w.call.ID)
		if err != nil || len(setup.Reviewers) != 2 || len(setup.Criteria) != 2 {
			t.Fatalf("setup %+v, %v", setup, err)
		}
		if slices.ContainsFunc(setup.Candidates, func(r reviews.Reviewer) bool { return r.UserID == w.rita.ID }) {
			t.Error("an assigned reviewer is still offered")
		}
		// Only holders of the reviewer role can be assigned; nobody twice.
		_, err = w.svc.Assign(ctx, w.call.ID, 0, w.notReviewer.Email)
		wantErr(t, "funder staff as reviewer", err, teilhabe.EINVALID, "reviews.error.assign_invalid")
		_, err = w.svc.Assign(ctx, w.call.ID, 0, "RITA@land.example")
		wantErr(t, "twice", err, teilhabe.ECONFLICT, "reviews.error.assigned_already")
		if msg := say("de", err); msg != "rita@land.example ist diesem Aufruf bereits als Gutachter/in zugeordnet." {
			t.Errorf("German: %q", msg)
		}
	})
}

func TestReviewerSeesOnlyWhatIsAssigned(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		// Not yet assigned: the application does not exist for the reviewer.
		_, missing := w.svc.Open(w.as(w.rita), 999999)
		_, err := w.svc.Open(w.as(w.rita), w.app.ID)
		wantErr(t, "unassigned", err, teilhabe.ENOTFOUND, "applications.error.not_found")
		if say("de", err) != say("de", missing) {
			t.Errorf("unassigned says %q, missing %q", say("de", err), say("de", missing))
		}
		if list, _ := w.svc.Assigned(w.as(w.rita)); len(list) != 0 {
			t.Fatalf("unassigned reviewer lists %v", list)
		}
		w.setUp()
		list, err := w.svc.Assigned(w.as(w.rita))
		if err != nil || len(list) != 2 || list[0].State() != reviews.StateOpen || list[1].ProviderName != "Sprachschule Neckar" {
			t.Fatalf("assigned %+v, %v", list, err)
		}
		// Before the declaration only what tells whether one is biased.
		ws, err := w.svc.Open(w.as(w.rita), w.app.ID)
		if err != nil || ws.Confirmed || ws.App.Title != "Deutsch im Stadtteil" || ws.App.Description != "" || ws.App.Plan.Requested != 0 || !ws.CanWrite {
			t.Fatalf("workspace before the declaration: %+v, %v", ws, err)
		}
		if _, err := w.svc.Declare(w.as(w.rita), w.app.ID, false, ""); err != nil {
			t.Fatal(err)
		}
		ws, err = w.svc.Open(w.as(w.rita), w.app.ID)
		if err != nil || !ws.Confirmed || ws.App.Description == "" || ws.App.Plan.Requested != 4032000 || len(ws.Criteria) != 2 {
			t.Fatalf("workspace after the declaration: %+v, %v", ws, err)
		}
		// A draft is the reviewer's alone; nobody else sees reviews.
		if b, err := w.svc.Reviews(w.as(w.funderStaff), w.app.ID); err != nil || len(b.Reviews) != 0 {
			t.Errorf("the funder sees the draft: %+v, %v", b, err)
		}
		if b, err := w.svc.Reviews(w.as(w.rita), w.app.ID); err != nil || len(b.Reviews) != 1 {
			t.Errorf("the reviewer's own: %+v, %v", b, err)
		}
		for _, u := range []struct {
			name string
			ctx  func() (reviews.Board, error)
		}{
			{"provider", func() (reviews.Board, error) { return w.svc.Reviews(w.as(w.staff), w.app.ID) }},
			{"commissioner", func() (reviews.Board, error) { return w.svc.Reviews(w.as(w.commission), w.app.ID) }},
			{"other funder", func() (reviews.Board, error) { return w.svc.Reviews(w.as(w.otherFunder), w.app.ID) }},
			{"admin", func() (reviews.Board, error) { return w.svc.Reviews(w.as(w.admin), w.app.ID) }},
		} {
			_, err := u.ctx()
			wantErr(t, u.name, err, teilhabe.ENOTFOUND, "applications.error.not_found")
		}
		_, err = w.svc.Open(w.as(w.staff), w.app.ID)
		wantErr(t, "provider opens the review", err, teilhabe.ENOTFOUND, "applications.error.not_found")
		if list, _ := w.svc.Assigned(w.as(w.staff)); len(list) != 0 {
			t.Errorf("the provider has assignments: %v", list)
		}
	})
}

func TestConflictOfInterestHidesTheApplication(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		w.setUp()
		ctx := w.as(w.rolf)
		_, err := w.svc.Give(ctx, w.app.ID, reviews.Input{Conflict: true, ConflictReason: "  "})
		wantErr(t, "conflict without reason", err, teilhabe.EINVALID, "reviews.error.invalid")
		if got := fieldsOf(err); !slices.Equal(got, []string{"conflict_reason"}) {
			t.Errorf("fields %v", got)
		}
		r, err := w.svc.Give(ctx, w.app.ID, reviews.Input{Conflict: true, ConflictReason: "Ich berate den Träger."})
		if err != nil || !r.Conflict || !r.Submitted() || r.HasWeighted {
			t.Fatalf("conflict: %+v, %v", r, err)
		}
		_, missing := w.svc.Open(ctx, 999999)
		_, err = w.svc.Open(ctx, w.app.ID)
		wantErr(t, "open after conflict", err, teilhabe.ENOTFOUND, "applications.error.not_found")
		if say("en", err) != say("en", missing) {
			t.Errorf("conflict says %q, missing %q", say("en", err), say("en", missing))
		}
		_, err = w.svc.Give(ctx, w.app.ID, reviews.Input{Recommendation: reviews.RecommendApprove})
		wantErr(t, "review after conflict", err, teilhabe.ENOTFOUND, "applications.error.not_found")
		_, err = w.svc.Reviews(ctx, w.app.ID)
		wantErr(t, "reviews after conflict", err, teilhabe.ENOTFOUND, "applications.error.not_found")
		list, _ := w.svc.Assigned(ctx)
		i := slices.IndexFunc(list, func(a reviews.Assignment) bool { return a.ApplicationID == w.app.ID })
		if i < 0 || list[i].State() != reviews.StateConflict {
			t.Errorf("list: %+v", list)
		}
		// The funder reads the declaration, which counts as no score.
		b, err := w.svc.Reviews(w.as(w.funderStaff), w.app.ID)
		if err != nil || len(b.Reviews) != 1 || !b.Reviews[0].Conflict || b.Reviews[0].ConflictReason != "Ich berate den Träger." {
			t.Errorf("funder's view: %+v, %v", b, err)
		}
		// The other application is unaffected.
		if _, err := w.svc.Open(ctx, w.second.ID); err != nil {
			t.Errorf("second application: %v", err)
		}
	})
}

func TestScoresAreCheckedAndTheSubmittedReviewFrozen(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		fctx := w.as(w.funderStaff)
		if _, err := w.svc.Assign(fctx, w.call.ID, w.rita.ID, ""); err != nil {
			t.Fatal(err)
		}
		ctx := w.as(w.rita)
		// Without criteria nothing can be submitted.
		_, err := w.svc.Give(ctx, w.app.ID, reviews.Input{Recommendation: reviews.RecommendApprove, Submit: true})
		wantErr(t, "no criteria", err, teilhabe.ECONFLICT, "reviews.error.no_criteria")
		crit := w.criteria()
		if _, err := w.svc.Assign(fctx, w.call.ID, w.rolf.ID, ""); err != nil {
			t.Fatal(err)
		}
		need, concept := crit[0].ID, crit[1].ID
		s := func(id int64, n int, comment string) reviews.Score {
			return reviews.Score{Criterion: id, Score: &n, Comment: comment}
		}

		_, err = w.svc.Give(ctx, w.app.ID, reviews.Input{Scores: []reviews.Score{s(need, 6, ""), s(999999, 1, "")}, Recommendation: "vielleicht"})
		wantErr(t, "bad draft", err, teilhabe.EINVALID, "reviews.error.invalid")
		if got := fieldsOf(err); len(got) != 3 || !slices.Contains(got, "recommendation") {
			t.Errorf("fields %v", got)
		}
		r, err := w.svc.Give(ctx, w.app.ID, reviews.Input{Scores: []reviews.Score{s(need, 4, "Gut belegt."), {Criterion: concept, Comment: "Noch prüfen."}}})
		if err != nil || r.Submitted() || len(r.Scores) != 2 || r.Scores[1].Score != nil {
			t.Fatalf("draft %+v, %v", r, err)
		}
		// Submitting names every gap.
		_, err = w.svc.Give(ctx, w.app.ID, reviews.Input{Scores: r.Scores, Submit: true, Revision: r.Revision})
		wantErr(t, "incomplete", err, teilhabe.EINVALID, "reviews.error.incomplete")
		if got := fieldsOf(err); !slices.Equal(got, []string{"score." + itoa(concept), "recommendation"}) {
			t.Errorf("incomplete fields %v", got)
		}
		_, err = w.svc.Give(ctx, w.app.ID, reviews.Input{Scores: r.Scores, Revision: r.Revision - 1})
		wantErr(t, "stale", err, teilhabe.ECONFLICT, "reviews.error.changed")
		// Scored criteria can no longer be removed.
		_, err = w.svc.SaveCriteria(fctx, w.call.ID, []reviews.CriterionInput{{ID: need, Name: "Bedarf", Weight: 2, Remove: true}, {ID: concept, Name: "Konzept", Weight: 1}})
		wantErr(t, "remove scored", err, teilhabe.EINVALID, "reviews.error.criteria_invalid")
		if got := fieldsOf(err); !slices.Equal(got, []string{"criteria.0.remove"}) || say("de", err) == "" {
			t.Errorf("remove fields %v", got)
		}

		r, err = w.svc.Give(ctx, w.app.ID, reviews.Input{Scores: []reviews.Score{s(need, 4, "Gut belegt."), s(concept, 3, "")},
			Recommendation: reviews.RecommendApproveConditions, Comment: "Mit Auflage zur Kinderbetreuung.", Submit: true, Revision: r.Revision})
		// (4×2 + 3×1) / 3 = 3.6666… → 3.67
		if err != nil || !r.Submitted() || !r.HasWeighted || r.Weighted != 367 {
			t.Fatalf("submitted %+v, %v", r, err)
		}
		_, err = w.svc.Give(ctx, w.app.ID, reviews.Input{Scores: r.Scores, Recommendation: reviews.RecommendReject})
		wantErr(t, "after submission", err, teilhabe.ECONFLICT, "reviews.error.frozen")
		// Weights stay once a review is submitted; a name may still be corrected.
		_, err = w.svc.SaveCriteria(fctx, w.call.ID, []reviews.CriterionInput{{ID: need, Name: "Bedarf", Weight: 3}, {ID: concept, Name: "Konzept", Weight: 1}})
		wantErr(t, "reweigh", err, teilhabe.EINVALID, "reviews.error.criteria_invalid")
		if _, err := w.svc.SaveCriteria(fctx, w.call.ID, []reviews.CriterionInput{{ID: need, Name: "Bedarf vor Ort", Weight: 2}, {ID: concept, Name: "Konzept", Weight: 1}}); err != nil {
			t.Errorf("rename: %v", err)
		}
		b, err := w.svc.Reviews(fctx, w.app.ID)
		if err != nil || len(b.Reviews) != 1 || b.Reviews[0].Weighted != 367 || b.Reviews[0].Recommendation != reviews.RecommendApproveConditions {
			t.Errorf("funder's view %+v, %v", b, err)
		}
		list, _ := w.svc.Assigned(ctx)
		if i := slices.IndexFunc(list, func(a reviews.Assignment) bool { return a.ApplicationID == w.app.ID }); i < 0 || list[i].State() != reviews.StateSubmitted {
			t.Errorf("list %+v", list)
		}
		// A reviewer who submitted stays assigned; one with a draft only can go,
		// and the draft with them.
		err = w.svc.Unassign(fctx, w.call.ID, w.rita.ID)
		wantErr(t, "unassign reviewed", err, teilhabe.ECONFLICT, "reviews.error.reviewer_has_reviews")
		if _, err := w.svc.Declare(w.as(w.rolf), w.app.ID, false, ""); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.Unassign(fctx, w.call.ID, w.rolf.ID); err != nil {
			t.Fatalf("unassign: %v", err)
		}
		if _, err := w.svc.Open(w.as(w.rolf), w.app.ID); teilhabe.ErrorCode(err) != teilhabe.ENOTFOUND {
			t.Errorf("an unassigned reviewer opens the application: %v", err)
		}
	})
}

func TestNoReviewAfterTheDecision(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		w.setUp()
		ctx := w.as(w.rita)
		if _, err := w.svc.Declare(ctx, w.app.ID, false, ""); err != nil {
			t.Fatal(err)
		}
		w.setStatus(w.app.ID, applications.StatusApproved)
		_, err := w.svc.Give(ctx, w.app.ID, reviews.Input{Recommendation: reviews.RecommendApprove})
		wantErr(t, "after the decision", err, teilhabe.ECONFLICT, "reviews.error.closed")
		if msg := say("de", err); msg != "Im Status „bewilligt“ nimmt der Antrag keine Gutachten mehr an." {
			t.Errorf("German: %q", msg)
		}
		// Still readable, no longer writable.
		if ws, err := w.svc.Open(ctx, w.app.ID); err != nil || ws.CanWrite {
			t.Errorf("decided: %+v, %v", ws, err)
		}
		w.setStatus(w.second.ID, applications.StatusRejected)
		_, err = w.svc.Declare(w.as(w.rolf), w.second.ID, true, "befangen")
		wantErr(t, "declare after the decision", err, teilhabe.ECONFLICT, "reviews.error.closed")
		// A withdrawn application is gone from the reviewer's list and view.
		w.setStatus(w.app.ID, applications.StatusWithdrawn)
		_, err = w.svc.Open(ctx, w.app.ID)
		wantErr(t, "withdrawn", err, teilhabe.ENOTFOUND, "applications.error.not_found")
		if list, _ := w.svc.Assigned(ctx); len(list) != 1 || list[0].ApplicationID != w.second.ID {
			t.Errorf("list %+v", list)
		}
	})
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }
