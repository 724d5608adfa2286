package programmes_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

func TestConsultationFromInvitationToReport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newFundingWorld(t, db)
		ctx, svc, id := w.staffCtx(), w.svc, w.programme.ID
		deadline := w.clock.Now().Add(10 * 24 * time.Hour)
		// What the funder enters is checked, every field at once.
		_, err := svc.OpenConsultation(ctx, id, programmes.Consultation{Regions: []string{"99"}, Deadline: w.clock.Now().Add(-time.Hour)}, 0)
		wantErr(t, "invalid opening", err, teilhabe.EINVALID, "consultation.error.open_invalid")
		if f := teilhabe.AsError(err).Fields; len(f) != 2 || f[0].Field != "deadline" || f[1].Field != "regions" {
			t.Errorf("fields = %+v", f)
		}
		_, err = svc.OpenConsultation(ctx, id, programmes.Consultation{Regions: []string{"09"}, Deadline: deadline}, 0)
		wantErr(t, "a region without administrations", err, teilhabe.EINVALID, "consultation.error.nobody")
		// A commissioner may not open a consultation on someone else's draft they
		// cannot even see.
		_, err = svc.OpenConsultation(w.as(w.commiss["ludwigsburg"]), id, programmes.Consultation{Regions: []string{"08118"}, Deadline: deadline}, 0)
		wantErr(t, "a commissioner opens", err, teilhabe.ENOTFOUND, "programme.error.not_found")

		// Ludwigsburg is invited as a Kreis: with it Freudental, which lies inside it.
		c, err := svc.OpenConsultation(ctx, id, programmes.Consultation{Regions: []string{"08118"}, Deadline: deadline, Message: "Bitte um Hinweise."}, 0)
		if err != nil {
			t.Fatal(err)
		}
		if c.ID == 0 || c.ProgrammeID != id || c.Draft.Title != "Sprachkurse im Alltag" || !c.OpenedAt.Equal(w.clock.Now()) {
			t.Errorf("consultation = %+v", c)
		}
		for name, want := range map[string]int{"ludwigsburg": 1, "freudental": 1, "stuttgart": 0} {
			n := notices(t, db, w.commiss[name], "consultation_invited")
			if len(n) != want {
				t.Fatalf("%s has %d notifications, want %d", name, len(n), want)
			}
			if want == 1 && (n[0].Title != "Einladung zur Beteiligung: Sprachkurse im Alltag" || n[0].Link != "/programmes/"+itoa(id)+"/consultation" ||
				!strings.Contains(n[0].Body, "Landesförderstelle lädt Sie ein") || !strings.HasSuffix(n[0].Body, "\n\nBitte um Hinweise.")) {
				t.Fatalf("notification = %+v", n[0])
			}
		}
		if mails := sendOutbox(t, db); !slices.Equal(sortedCopy(recipients(mails)), []string{"freudental@kommune.example", "ludwigsburg@kommune.example"}) {
			t.Fatalf("mails to %q, want one per invited commissioner", recipients(mails))
		}
		// A second consultation on the same programme is not a step of the lifecycle.
		_, err = svc.OpenConsultation(ctx, id, programmes.Consultation{Regions: []string{"08"}, Deadline: deadline}, 0)
		wantErr(t, "a second consultation", err, teilhabe.ECONFLICT, "programme.error.transition")

		// Stuttgart is not invited: to it the draft does not exist.
		_, err = w.contribute("stuttgart", programmes.ContributionInput{Kind: programmes.KindStatement, Rating: 3, Text: "x"})
		wantErr(t, "uninvited contribution", err, teilhabe.ENOTFOUND, "programme.error.not_found")
		// The funder reads the draft but does not contribute to its own consultation.
		_, err = svc.Contribute(ctx, id, programmes.ContributionInput{Kind: programmes.KindStatement, Rating: 3, Text: "x"})
		wantErr(t, "the funder contributes", err, teilhabe.EFORBIDDEN, "consultation.error.invited_only")
		// An invited commissioner speaks only for an invited administration of theirs.
		_, err = w.contribute("ludwigsburg", programmes.ContributionInput{OrganisationID: w.munis["stuttgart"].ID, Kind: programmes.KindStatement, Rating: 3, Text: "x"})
		wantErr(t, "in the name of another administration", err, teilhabe.EFORBIDDEN, "consultation.error.not_invited")
		// A comment must be about a passage of the draft.
		_, err = w.contribute("ludwigsburg", programmes.ContributionInput{Kind: programmes.KindComment, Section: 0, Paragraph: 1, Quote: "im Hort", Text: "x"})
		wantErr(t, "a quote the paragraph lacks", err, teilhabe.EINVALID, "consultation.error.contribution_incomplete")

		if _, err := w.contribute("ludwigsburg", programmes.ContributionInput{Kind: programmes.KindComment, Section: 0, Paragraph: 1, Quote: "in der Schule", Text: "Auch Familienzentren."}); err != nil {
			t.Fatal(err)
		}
		first, err := w.contribute("ludwigsburg", programmes.ContributionInput{Kind: programmes.KindStatement, Rating: 3, Text: "Passt teilweise."})
		if err != nil {
			t.Fatal(err)
		}
		// A second statement replaces the first.
		second, err := w.contribute("ludwigsburg", programmes.ContributionInput{Kind: programmes.KindStatement, Rating: 4, Text: "Passt gut.", Amendment: "Familienzentren ergänzen.", Revision: first.Revision})
		if err != nil || second.ID != first.ID || second.Revision != first.Revision+1 {
			t.Fatalf("revised statement = %+v, %v", second, err)
		}
		// One based on the statement as it was before is refused.
		_, err = w.contribute("ludwigsburg", programmes.ContributionInput{Kind: programmes.KindStatement, Rating: 1, Text: "Passt nicht.", Revision: first.Revision})
		wantErr(t, "revising an outdated statement", err, teilhabe.ECONFLICT, "consultation.error.statement_changed")
		view, err := svc.Consultation(ctx, id)
		all := view.Contributions
		if err != nil || len(all) != 2 || all[0].Kind != programmes.KindStatement || all[0].Rating != 4 || all[1].Quote != "in der Schule" || all[1].Organisation != "Verwaltung ludwigsburg" {
			t.Fatalf("contributions = %+v, %v", all, err)
		}
		if !view.Open || view.Invitations != 2 || view.Unanswered != 2 || view.Statement != nil || !view.Can.Manage {
			t.Errorf("the funder's view = open %v, %d invited, %d unanswered, statement %v", view.Open, view.Invitations, view.Unanswered, view.Statement)
		}
		// A commissioner sees their own administration's contributions.
		if lb, err := svc.Consultation(w.as(w.commiss["ludwigsburg"]), id); err != nil || len(lb.Contributions) != 2 || lb.Statement == nil || lb.Statement.Rating != 4 || !lb.Can.Comment {
			t.Errorf("Ludwigsburg's view = %+v, %v", lb, err)
		}
		if fr, err := svc.Consultation(w.as(w.commiss["freudental"]), id); err != nil || len(fr.Contributions) != 0 || fr.Statement != nil || len(fr.Invited) != 1 {
			t.Errorf("Freudental's view = %+v, %v", fr, err)
		}

		// Each administration's desk shows the consultation and whether it has spoken.
		for name, want := range map[string]struct {
			rows, contributions int
			statement           bool
		}{"ludwigsburg": {1, 2, true}, "freudental": {1, 0, false}, "stuttgart": {0, 0, false}} {
			desk, err := svc.InvitedConsultations(w.as(w.commiss[name]))
			if err != nil || len(desk) != want.rows {
				t.Fatalf("%s's desk = %+v, %v", name, desk, err)
			}
			for _, d := range desk {
				if d.Title != "Sprachkurse im Alltag" || d.Funder != "Landesförderstelle" || d.OrganisationID != w.munis[name].ID || d.Statement != want.statement || d.Contributions != want.contributions {
					t.Errorf("%s's desk row = %+v", name, d)
				}
			}
		}
		_, err = svc.InvitedConsultations(ctx)
		wantErr(t, "the funder's consultation desk", err, teilhabe.EFORBIDDEN, "consultation.error.commissioners_only")

		// At the deadline nothing more is accepted, and nothing is stored.
		w.clock.Set(deadline)
		_, err = w.contribute("freudental", programmes.ContributionInput{Kind: programmes.KindStatement, Rating: 5, Text: "zu spät"})
		wantErr(t, "after the deadline", err, teilhabe.ECONFLICT, "consultation.error.closed")
		if v, _ := svc.Consultation(ctx, id); len(v.Contributions) != 2 || v.Open {
			t.Fatalf("%d contributions after the refused one, open %v", len(v.Contributions), v.Open)
		}

		// The report waits for the published programme and every answer.
		err = svc.PublishReport(ctx, id)
		wantErr(t, "report before publication", err, teilhabe.ECONFLICT, "report.error.publish_programme_first")
		p := w.load(id)
		p.Sections[0].Body = "Eltern lernen Deutsch.\n\nIn der Kita, in der Schule und in Familienzentren."
		if _, err := svc.Update(ctx, id, p, "", 0); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SetStatus(ctx, id, programmes.StatusPublished, 0); err != nil {
			t.Fatal(err)
		}
		err = svc.PublishReport(ctx, id)
		wantErr(t, "report with unanswered contributions", err, teilhabe.ECONFLICT, "report.error.unanswered")
		if !strings.Contains(german(err), "2 Beiträge") {
			t.Errorf("the refusal says %q", german(err))
		}
		// Before publication the staff preview the report; nobody else reads it.
		if r, preview, err := svc.Report(ctx, id); err != nil || !preview || len(r.Contributions) != 2 {
			t.Errorf("preview = %v, %v", preview, err)
		}
		_, _, err = svc.Report(context.Background(), id)
		wantErr(t, "the public reads the unpublished report", err, teilhabe.ENOTFOUND, "report.error.not_published")

		err = svc.Answer(ctx, id, all[0].ID, programmes.Answer{Verdict: "maybe"}, 0)
		wantErr(t, "an incomplete answer", err, teilhabe.EINVALID, "consultation.error.answer_incomplete")
		err = svc.Answer(w.as(w.commiss["ludwigsburg"]), id, all[0].ID, programmes.Answer{Verdict: programmes.VerdictAdopted, Reason: "selbst"}, 0)
		wantErr(t, "a commissioner answers", err, teilhabe.EFORBIDDEN, "programme.error.manage")
		err = svc.Answer(ctx, id, all[0].ID+1000, programmes.Answer{Verdict: programmes.VerdictAdopted, Reason: "x"}, 0)
		wantErr(t, "answering no contribution", err, teilhabe.ENOTFOUND, "consultation.error.no_contribution")
		err = svc.Answer(ctx, id, all[0].ID, programmes.Answer{Verdict: programmes.VerdictAdopted, Reason: "x"}, first.Revision)
		wantErr(t, "answering an outdated statement", err, teilhabe.ECONFLICT, "consultation.error.contribution_changed")
		for _, c := range all {
			if err := svc.Answer(ctx, id, c.ID, programmes.Answer{Verdict: programmes.VerdictAdopted, Reason: "Familienzentren ergänzt."}, c.Revision); err != nil {
				t.Fatal(err)
			}
		}
		if err := svc.PublishReport(ctx, id); err != nil {
			t.Fatal(err)
		}
		err = svc.PublishReport(ctx, id)
		wantErr(t, "publishing the report twice", err, teilhabe.ECONFLICT, "report.error.published")
		err = svc.Answer(ctx, id, all[0].ID, programmes.Answer{Verdict: programmes.VerdictRejected, Reason: "doch nicht"}, 0)
		wantErr(t, "answers are final with the report", err, teilhabe.ECONFLICT, "consultation.error.answers_final")
		// The published report is everyone's.
		rep, preview, err := svc.Report(context.Background(), id)
		if err != nil || preview {
			t.Fatalf("report: preview %v, %v", preview, err)
		}
		if rep.Participation.Invited != 2 || rep.Participation.Responded != 1 || len(rep.Participation.PerLand) != 1 || rep.Participation.PerLand[0].LandName != "Baden-Württemberg" {
			t.Fatalf("participation = %+v", rep.Participation)
		}
		var inserted string
		for _, ch := range rep.Changes {
			for _, d := range ch.Diff {
				if d.Op == "+" {
					inserted += d.Text
				}
			}
		}
		if !strings.Contains(inserted, "Familienzentren") || len(rep.Contributions) != 2 || rep.Contributions[0].Verdict != programmes.VerdictAdopted {
			t.Fatalf("report changes = %+v", rep.Changes)
		}
		if rep.Consultation.Final.Sections[0].Body != p.Sections[0].Body || rep.Consultation.Draft.Sections[0].Body != "Eltern lernen Deutsch.\n\nIn der Kita und in der Schule." {
			t.Errorf("draft and final = %+v / %+v", rep.Consultation.Draft, rep.Consultation.Final)
		}
		actions := map[string]int{}
		for _, e := range append(w.audit("consultation"), w.audit("contribution")...) {
			actions[e.Entity+" "+e.Action]++
		}
		if want := map[string]int{"consultation open": 1, "consultation publish_report": 1, "contribution create": 2, "contribution update": 1, "contribution answer": 2}; !equalMaps(actions, want) {
			t.Errorf("audit = %v, want %v", actions, want)
		}
	})
}

// TestNoticesAreInTheReadersLanguage: the notice is stored as its kind and
// arguments, and each commissioner reads it, in the app and by mail, in their own
// language.
func TestNoticesAreInTheReadersLanguage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newFundingWorld(t, db)
		emma := newUserIn(t, db, "en", "emma@kommune.example", "Emma English",
			accounts.Membership{Organisation: w.munis["ludwigsburg"], Role: accounts.RoleCommissioner})
		deadline := time.Date(2026, 3, 12, 9, 0, 0, 0, time.UTC) // 10:00 in Berlin
		if _, err := w.svc.OpenConsultation(w.staffCtx(), w.programme.ID, programmes.Consultation{Regions: []string{"08118"}, Deadline: deadline, Message: "Bitte um Hinweise."}, 0); err != nil {
			t.Fatal(err)
		}
		en := notices(t, db, emma, "consultation_invited")
		if len(en) != 1 {
			t.Fatalf("Emma's notifications = %+v", en)
		}
		if en[0].Title != "Invitation to a consultation: Sprachkurse im Alltag" ||
			!strings.HasPrefix(en[0].Body, "Landesförderstelle invites you to comment on the draft of the funding programme “Sprachkurse im Alltag”. Deadline: "+bundle.For("en").DateTime(deadline)+".") ||
			!strings.Contains(en[0].Body, "12 Mar 2026, 10:00") {
			t.Errorf("in English: %+v", en[0])
		}
		de := notices(t, db, w.commiss["ludwigsburg"], "consultation_invited")
		if len(de) != 1 || de[0].Title != "Einladung zur Beteiligung: Sprachkurse im Alltag" || !strings.Contains(de[0].Body, "Frist: "+bundle.For("de").DateTime(deadline)+".") || !strings.Contains(de[0].Body, "12.03.2026, 10:00") {
			t.Errorf("in German: %+v", de)
		}
		// The same stored notification, read on a German page, is German.
		all, err := db.Notifications().Notifications(context.Background(), emma.ID, 10)
		if err != nil || len(all) != 1 || all[0].Render(bundle.For("de")).Title != de[0].Title {
			t.Errorf("Emma's notification on a German page: %+v, %v", all, err)
		}
		for _, m := range sendOutbox(t, db) {
			switch m.To {
			case "emma@kommune.example":
				if m.Subject != en[0].Title || !strings.HasPrefix(m.Body, "Hello Emma English,") || !strings.Contains(m.Body, "https://teilhabe.example.org/programmes/"+itoa(w.programme.ID)+"/consultation") {
					t.Errorf("Emma's mail: %q\n%s", m.Subject, m.Body)
				}
			case "ludwigsburg@kommune.example", "freudental@kommune.example":
				if m.Subject != de[0].Title || !strings.HasPrefix(m.Body, "Guten Tag IB ") {
					t.Errorf("German mail: %q\n%s", m.Subject, m.Body)
				}
			default:
				t.Errorf("mail to %s", m.To)
			}
		}
	})
}
