package applications_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// The call's settings, its questions and two-stage calls, over the real store.

func fieldsOf(err error) []string {
	var out []string
	if e := teilhabe.AsError(err); e != nil {
		for _, f := range e.Fields {
			out = append(out, f.Field)
		}
	}
	return out
}

func (w *world) setUp(s programmes.CallSettings) programmes.CallSettings {
	w.t.Helper()
	calls := programmes.NewCallService(w.db.Calls())
	cur, err := calls.Settings(w.as(w.funderStaff), w.call.ID)
	if err != nil {
		w.t.Fatal(err)
	}
	out, err := calls.SaveSettings(w.as(w.funderStaff), w.call.ID, cur.Settings.Revision, s)
	if err != nil {
		w.t.Fatalf("set up the call: %v", err)
	}
	return out
}

func TestCallSettingsOnlyForTheFunder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		calls := programmes.NewCallService(db.Calls())
		// A call never set up runs in one stage, with four weeks for statements.
		cur, err := calls.Settings(w.as(w.funderStaff), w.call.ID)
		if err != nil || cur.Settings.Stages != 1 || cur.Settings.StatementDays != 28 || cur.Settings.Revision != 0 || cur.Call.Title != "Aufruf 2026" {
			t.Fatalf("defaults: %+v, %v", cur, err)
		}
		in := programmes.CallSettings{Stages: 1, StatementDays: 42, Budget: eur(250000),
			Questions: []programmes.Question{{Label: "Wie viele Eltern erreichen Sie?", Kind: programmes.QuestionNumber, Required: true}}}
		// Everyone but the funder's staff is told the call does not exist, as for an unknown call.
		for _, u := range []accounts.User{w.staff, w.stuttgart, w.admin} {
			_, err := calls.Settings(w.as(u), w.call.ID)
			wantErr(t, u.Email+" reads", err, teilhabe.ENOTFOUND, "calls.error.not_found")
			_, err = calls.SaveSettings(w.as(u), w.call.ID, 0, in)
			wantErr(t, u.Email+" saves", err, teilhabe.ENOTFOUND, "calls.error.not_found")
		}
		_, err = calls.Settings(w.as(w.funderStaff), 999999)
		wantErr(t, "unknown call", err, teilhabe.ENOTFOUND, "calls.error.not_found")

		saved, err := calls.SaveSettings(w.as(w.funderStaff), w.call.ID, 0, in)
		if err != nil || saved.Revision != 1 || saved.Questions[0].ID == "" || saved.Budget != eur(250000) {
			t.Fatalf("saved: %+v, %v", saved, err)
		}
		// A second funder working from the page before the first save loses nothing silently.
		_, err = calls.SaveSettings(w.as(w.funderStaff), w.call.ID, 0, in)
		wantErr(t, "stale set-up", err, teilhabe.ECONFLICT, "calls.error.changed")

		// All errors at once.
		bad := programmes.CallSettings{Stages: 2, StatementDays: 0, Questions: []programmes.Question{{Kind: programmes.QuestionChoice, Choices: []string{"ja"}}}}
		_, err = calls.SaveSettings(w.as(w.funderStaff), w.call.ID, saved.Revision, bad)
		if got := fieldsOf(err); !slices.Equal(got, []string{"full_closes_at", "statement_days", "questions.0.label", "questions.0.choices"}) {
			t.Fatalf("invalid settings: %v (%v)", got, err)
		}

		// The question keeps its id over an edit of its text.
		edit := saved
		edit.Questions[0].Label = "Wie viele Eltern erreichen Sie im Jahr?"
		edit.Questions = append(edit.Questions, programmes.Question{Label: "Satzung", Kind: programmes.QuestionFile})
		again, err := calls.SaveSettings(w.as(w.funderStaff), w.call.ID, saved.Revision, edit)
		if err != nil || again.Revision != 2 || again.Questions[0].ID != saved.Questions[0].ID || again.Questions[1].ID == "" {
			t.Fatalf("edited: %+v, %v", again, err)
		}

		// Once an application exists, the stages stay; once one is submitted, the questions stay.
		a, err := w.svc.Create(w.as(w.staff), w.call.ID, 0, complete())
		if err != nil {
			t.Fatal(err)
		}
		two := again
		two.Stages, two.FullClosesAt = 2, w.call.ClosesAt.AddDate(0, 1, 0)
		_, err = calls.SaveSettings(w.as(w.funderStaff), w.call.ID, again.Revision, two)
		wantErr(t, "stages after an application", err, teilhabe.ECONFLICT, "calls.error.stages_fixed")
		c := complete()
		c.Answers = map[string]string{again.Questions[0].ID: "60"}
		if a, err = w.svc.Save(w.as(w.staff), a.ID, a.Revision, c); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Submit(w.as(w.staff), a.ID, a.Revision); err != nil {
			t.Fatal(err)
		}
		fewer := again
		fewer.Questions = fewer.Questions[:1]
		_, err = calls.SaveSettings(w.as(w.funderStaff), w.call.ID, again.Revision, fewer)
		wantErr(t, "removing an answered question", err, teilhabe.ECONFLICT, "calls.error.question_in_use")
		if !strings.Contains(say("de", err), "1 Antrag oder Skizze wurde") {
			t.Errorf("message: %s", say("de", err))
		}
	})
}

func TestQuestionsAnsweredAndRequiredOnSubmission(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		s := w.setUp(programmes.CallSettings{Stages: 1, StatementDays: 28, Questions: []programmes.Question{
			{Label: "Teilnehmende", Kind: programmes.QuestionNumber, Required: true},
			{Label: "Kooperation", Kind: programmes.QuestionChoice, Choices: []string{"Schule", "Kita"}, Required: true},
			{Label: "Beginn", Kind: programmes.QuestionDate},
		}})
		n, c, d := s.Questions[0].ID, s.Questions[1].ID, s.Questions[2].ID
		ctx := w.as(w.staff)
		in := complete()
		in.Answers = map[string]string{n: "zwölf", c: "Verein", d: "2026-09-01"}
		_, err := w.svc.Create(ctx, w.call.ID, 0, in)
		if got := fieldsOf(err); !slices.Equal(got, []string{"answers." + n, "answers." + c}) {
			t.Fatalf("malformed answers: %v (%v)", got, err)
		}
		in.Answers = map[string]string{d: "01.09.2026"}
		a, err := w.svc.Create(ctx, w.call.ID, 0, in)
		if err != nil || a.Answers[d] != "2026-09-01" {
			t.Fatalf("draft: %v, %v", a.Answers, err)
		}
		_, err = w.svc.Submit(ctx, a.ID, a.Revision)
		wantErr(t, "required unanswered", err, teilhabe.EINVALID, "applications.error.incomplete")
		if got := fieldsOf(err); !slices.Equal(got, []string{"answers." + n, "answers." + c}) {
			t.Fatalf("unanswered: %v", got)
		}
		in.Answers = map[string]string{n: "60", c: "Kita", d: "2026-09-01"}
		if a, err = w.svc.Save(ctx, a.ID, a.Revision, in); err != nil {
			t.Fatal(err)
		}
		a, err = w.svc.Submit(ctx, a.ID, a.Revision)
		if err != nil || a.Status != applications.StatusStatementsRequested {
			t.Fatalf("submit: %v", err)
		}
		got, _ := w.svc.Get(w.as(w.funderStaff), a.ID)
		if got.Answers[n] != "60" || got.Answers[c] != "Kita" {
			t.Fatalf("the funder reads %v", got.Answers)
		}
	})
}

func TestTwoStageCall(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		fullCloses := w.call.ClosesAt.AddDate(0, 1, 0)
		s := w.setUp(programmes.CallSettings{Stages: 2, FullClosesAt: fullCloses, StatementDays: 28, Questions: []programmes.Question{
			{Label: "Idee in einem Satz", Kind: programmes.QuestionText, Required: true, Stage: "sketch"},
			{Label: "Teilnehmende", Kind: programmes.QuestionNumber, Required: true},
			{Label: "Kooperationsvertrag", Kind: programmes.QuestionText, Required: true, Stage: "full"},
		}})
		idea, people, contract := s.Questions[0].ID, s.Questions[1].ID, s.Questions[2].ID
		ctx := w.as(w.staff)

		// A full application cannot be started directly.
		full := complete()
		full.Stage = applications.StageFull
		_, err := w.svc.Create(ctx, w.call.ID, 0, full)
		wantErr(t, "full application directly", err, teilhabe.ECONFLICT, "calls.error.full_by_invitation")

		// A sketch needs far less than an application: no finance plan, outputs or contact.
		sketchIn := applications.Content{Title: "Deutsch im Stadtteil", Description: "Kurse für Eltern.", RegionKeys: []string{"08111000"},
			PeriodStart: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), PeriodEnd: time.Date(2027, 8, 31, 0, 0, 0, 0, time.UTC),
			Answers: map[string]string{idea: "Eltern lernen, wo ihre Kinder lernen.", people: "60", contract: "nicht in der Skizze"}}
		sk, err := w.svc.Create(ctx, w.call.ID, 0, sketchIn)
		if err != nil || sk.Stage != applications.StageSketch || sk.Answers[contract] != "" {
			t.Fatalf("sketch: %+v, %v", sk, err)
		}
		_, err = w.svc.Submit(ctx, sk.ID, sk.Revision)
		if got := fieldsOf(err); !slices.Equal(got, []string{"finance_plan.requested"}) {
			t.Fatalf("incomplete sketch: %v (%v)", got, err)
		}
		sketchIn.Plan.Requested = eur(40000)
		if sk, err = w.svc.Save(ctx, sk.ID, sk.Revision, sketchIn); err != nil {
			t.Fatal(err)
		}
		if sk, err = w.svc.Submit(ctx, sk.ID, sk.Revision); err != nil {
			t.Fatalf("submit sketch: %v", err)
		}

		// Only the funder decides; a commissioner who sees the sketch may not.
		_, _, err = w.svc.Invite(w.as(w.stuttgart), sk.ID, 0)
		wantErr(t, "commissioner invites", err, teilhabe.EFORBIDDEN, "calls.error.funder_only")
		_, _, err = w.svc.Invite(w.as(w.otherStaff), sk.ID, 0)
		wantErr(t, "other provider invites", err, teilhabe.ENOTFOUND, "applications.error.not_found")

		sk, fa, err := w.svc.Invite(w.as(w.funderStaff), sk.ID, sk.Revision)
		if err != nil || sk.Status != applications.StatusApproved {
			t.Fatalf("invite: %+v, %v", sk, err)
		}
		if got, _ := w.svc.Get(ctx, fa.ID); !got.CallClosesAt.Equal(fullCloses) {
			t.Errorf("the full application is due %v, want its own deadline %v", got.CallClosesAt, fullCloses)
		}
		if got, _ := w.svc.Get(ctx, sk.ID); !got.CallClosesAt.Equal(w.call.ClosesAt) {
			t.Errorf("the sketch is due %v, want the call's closing", got.CallClosesAt)
		}
		if fa.Stage != applications.StageFull || fa.SketchID != sk.ID || fa.Status != applications.StatusDraft || fa.ProviderID != w.provider.ID ||
			fa.Title != sk.Title || fa.Plan.Requested != eur(40000) || fa.Answers[people] != "60" || fa.Answers[idea] != "" {
			t.Fatalf("full draft: %+v", fa)
		}
		_, _, err = w.svc.Invite(w.as(w.funderStaff), sk.ID, 0)
		wantErr(t, "invited twice", err, teilhabe.ECONFLICT, "applications.error.transition")
		if d, err := w.svc.SketchDecision(w.as(w.staff), &sk); err != nil || d == nil || d.Outcome != applications.StatusApproved || d.DecidedBy != w.funderStaff.ID {
			t.Fatalf("decision: %+v, %v", d, err)
		}
		notes, err := db.Notifications().Notifications(context.Background(), w.staff.ID, 10)
		if err != nil || len(notes) != 1 || notes[0].Kind != "sketch_invited" || notes[0].Link != "/applications/"+strconv.FormatInt(fa.ID, 10) {
			t.Fatalf("provider told: %+v, %v", notes, err)
		}

		// The full application is submitted after the sketch phase, until its own deadline.
		w.clock.Set(w.call.ClosesAt.Add(time.Hour))
		_, err = w.svc.Create(ctx, w.call.ID, 0, sketchIn)
		wantErr(t, "sketch after the phase", err, teilhabe.ECONFLICT, "applications.error.call_closed")
		in := complete()
		in.Answers = map[string]string{people: "60"}
		if fa, err = w.svc.Save(ctx, fa.ID, fa.Revision, in); err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.Submit(ctx, fa.ID, fa.Revision)
		if got := fieldsOf(err); !slices.Equal(got, []string{"answers." + contract}) {
			t.Fatalf("full-stage question: %v (%v)", got, err)
		}
		in.Answers[contract] = "liegt vor"
		if fa, err = w.svc.Save(ctx, fa.ID, fa.Revision, in); err != nil {
			t.Fatal(err)
		}
		if fa, err = w.svc.Submit(ctx, fa.ID, fa.Revision); err != nil || fa.Status != applications.StatusStatementsRequested {
			t.Fatalf("submit full: %v", err)
		}
	})
}

func TestLateFullApplicationAndDeclinedSketch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		fullCloses := w.call.ClosesAt.AddDate(0, 0, 14)
		w.setUp(programmes.CallSettings{Stages: 2, FullClosesAt: fullCloses, StatementDays: 28})
		ctx := w.as(w.staff)
		sketch := applications.Content{Title: "Skizze", Description: "Kurz.", RegionKeys: []string{"08111000"},
			PeriodStart: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), PeriodEnd: time.Date(2027, 8, 31, 0, 0, 0, 0, time.UTC),
			Plan: applications.FinancePlan{Requested: eur(30000)}}
		submit := func(c applications.Content) applications.Application {
			a, err := w.svc.Create(ctx, w.call.ID, 0, c)
			if err == nil {
				a, err = w.svc.Submit(ctx, a.ID, a.Revision)
			}
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		one, two := submit(sketch), submit(sketch)
		_, fa, err := w.svc.Invite(w.as(w.funderStaff), one.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.Decline(w.as(w.funderStaff), two.ID, 0, "  ")
		wantErr(t, "decline without a reason", err, teilhabe.EINVALID, "applications.error.invalid")
		declined, err := w.svc.Decline(w.as(w.funderStaff), two.ID, 0, "Der Bedarf in Bad Cannstatt ist bereits gedeckt.")
		if err != nil || declined.Status != applications.StatusRejected {
			t.Fatalf("decline: %v", err)
		}
		if d, err := w.svc.SketchDecision(ctx, &declined); err != nil || d == nil || d.Outcome != applications.StatusRejected || !strings.Contains(d.Reason, "gedeckt") {
			t.Fatalf("decision: %+v, %v", d, err)
		}
		// A full application's Invite/Decline is refused: only sketches are invited.
		_, err = w.svc.Decline(w.as(w.funderStaff), fa.ID, 0, "x")
		if err == nil {
			t.Fatal("a draft of a full application was declined as a sketch")
		}

		// After the deadline of the full applications, the draft cannot be submitted.
		a, err := w.svc.Save(ctx, fa.ID, fa.Revision, complete())
		if err != nil {
			t.Fatal(err)
		}
		w.clock.Set(fullCloses)
		_, err = w.svc.Submit(ctx, a.ID, a.Revision)
		wantErr(t, "late full application", err, teilhabe.ECONFLICT, "applications.error.call_closed")
		if msg := say("de", err); !strings.Contains(msg, "15.04.2026, 00:00") {
			t.Errorf("the message names the applications' deadline: %s", msg)
		}
	})
}
