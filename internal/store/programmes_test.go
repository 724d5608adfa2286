package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// fundingWorld is a Land funder and three municipal administrations in
// Baden-Württemberg (Stuttgart, Landkreis Ludwigsburg, Freudental), each with a
// commissioner, on the sample regions.
type fundingWorld struct {
	t        *testing.T
	db       *store.DB
	ctx      context.Context
	clock    *clock
	funder   accounts.Organisation
	munis    map[string]accounts.Organisation
	commiss  map[string]accounts.User
	staff    accounts.User
	programm programmes.Programme
}

func newFundingWorld(t *testing.T, db *store.DB) *fundingWorld {
	t.Helper()
	w := &fundingWorld{t: t, db: db, ctx: teilhabe.WithActor(context.Background(), teilhabe.System("test")),
		clock: &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}, munis: map[string]accounts.Organisation{}, commiss: map[string]accounts.User{}}
	db.Now = w.clock.now
	if _, err := db.ImportRegions(w.ctx, sampleRegions(time.Date(2019, 12, 31, 0, 0, 0, 0, time.UTC)), "t"); err != nil {
		t.Fatal(err)
	}
	w.funder = accounts.Organisation{Kind: accounts.KindFunder, FunderLevel: accounts.FunderLand, Name: "Landesförderstelle"}
	if err := db.CreateOrganisation(w.ctx, &w.funder); err != nil {
		t.Fatal(err)
	}
	w.staff = newUser(t, db, "staff@land.example", "Frieda Förder", accounts.Membership{Organisation: w.funder, Role: accounts.RoleFunderStaff})
	for name, key := range map[string]string{"stuttgart": "08111000", "ludwigsburg": "08118", "freudental": "08118016"} {
		o := accounts.Organisation{Kind: accounts.KindMunicipality, Name: "Verwaltung " + name, RegionKey: key}
		if err := db.CreateOrganisation(w.ctx, &o); err != nil {
			t.Fatal(err)
		}
		w.munis[name] = o
		w.commiss[name] = newUser(t, db, name+"@kommune.example", "IB "+name, accounts.Membership{Organisation: o, Role: accounts.RoleCommissioner})
	}
	w.programm = programmes.Programme{FunderID: w.funder.ID, Title: "Sprachkurse im Alltag", Summary: "Deutsch für Eltern.",
		Sections:     []programmes.Section{{Heading: "Ziel", Body: "Eltern lernen Deutsch.\n\nIn der Kita und in der Schule."}, {Heading: "Antragsberechtigte", Body: "Sprachkursträger."}},
		ActionFields: []string{"sprache"}, ProviderTypes: []accounts.ProviderType{accounts.ProviderLanguageCourse}, RegionKeys: []string{"08"},
		FundingKind: programmes.FundingProject, FinancingType: programmes.FinancingShare, OwnShare: 1000,
		PeriodStart: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), PeriodEnd: time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC)}
	if err := db.CreateProgramme(w.ctx, &w.programm); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *fundingWorld) contribute(name string, c programmes.Contribution) error {
	c.OrganisationID, c.AuthorID = w.munis[name].ID, w.commiss[name].ID
	return w.db.AddContribution(w.ctx, w.programm.ID, &c)
}

func TestProgrammeLifecycleAndVersions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newFundingWorld(t, db)
		id := w.programm.ID
		got, err := db.Programme(w.ctx, id)
		if err != nil || got.Status != programmes.StatusDraft || got.FunderName != "Landesförderstelle" || got.FunderLevel != accounts.FunderLand || got.Sections[1].Heading != "Antragsberechtigte" {
			t.Fatalf("created = %+v, %v", got, err)
		}
		// Skipping the consultation or going back is refused and changes nothing.
		for _, to := range []programmes.Status{programmes.StatusPublished, programmes.StatusArchived, programmes.StatusDraft} {
			if err := db.SetProgrammeStatus(w.ctx, id, to); teilhabe.ErrorCode(err) != teilhabe.ECONFLICT {
				t.Fatalf("draft → %s: %v", to, err)
			}
		}
		// The step into consultation needs the invitation.
		if err := db.SetProgrammeStatus(w.ctx, id, programmes.StatusConsultation); teilhabe.ErrorCode(err) != teilhabe.ECONFLICT {
			t.Fatalf("consultation without invitation: %v", err)
		}
		if err := db.OpenConsultation(w.ctx, id, &programmes.Consultation{Regions: []string{"08"}, Deadline: w.clock.t.Add(72 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
		// Publishing before the deadline would cut the consultation short.
		if err := db.SetProgrammeStatus(w.ctx, id, programmes.StatusPublished); teilhabe.ErrorCode(err) != teilhabe.ECONFLICT || !strings.Contains(err.Error(), "läuft noch") {
			t.Fatalf("publish during consultation: %v", err)
		}
		w.clock.advance(73 * time.Hour)
		if err := db.SetProgrammeStatus(w.ctx, id, programmes.StatusPublished); err != nil {
			t.Fatal(err)
		}
		// Applications need a call.
		if err := db.SetProgrammeStatus(w.ctx, id, programmes.StatusApplications); teilhabe.ErrorCode(err) != teilhabe.ECONFLICT {
			t.Fatalf("applications without a call: %v", err)
		}
		// A change of the published programme needs a reason and makes version 2.
		p, _ := db.Programme(w.ctx, id)
		p.Sections[0].Body = "Eltern und Großeltern lernen Deutsch.\n\nIn der Kita und in der Schule."
		p.Calls = []programmes.Call{{Title: "Aufruf 2027", OpensAt: w.clock.t, ClosesAt: w.clock.t.Add(30 * 24 * time.Hour)}}
		if err := db.UpdateProgramme(w.ctx, &p, " "); teilhabe.ErrorCode(err) != teilhabe.EINVALID {
			t.Fatalf("change without a reason: %v", err)
		}
		if err := db.UpdateProgramme(w.ctx, &p, "Großeltern ergänzt, Aufruf 2027."); err != nil {
			t.Fatal(err)
		}
		versions, err := db.ProgrammeVersions(w.ctx, id)
		if err != nil || len(versions) != 2 || versions[0].Number != 2 || versions[1].Number != 1 || versions[0].Note != "Großeltern ergänzt, Aufruf 2027." {
			t.Fatalf("versions = %+v, %v", versions, err)
		}
		if !strings.HasPrefix(versions[1].Programme.Sections[0].Body, "Eltern lernen") || !strings.HasPrefix(versions[0].Programme.Sections[0].Body, "Eltern und Großeltern") {
			t.Fatal("each version keeps its own text")
		}
		for _, to := range []programmes.Status{programmes.StatusApplications, programmes.StatusClosed, programmes.StatusArchived} {
			if err := db.SetProgrammeStatus(w.ctx, id, to); err != nil {
				t.Fatalf("→ %s: %v", to, err)
			}
		}
		if err := db.UpdateProgramme(w.ctx, &p, "zu spät"); teilhabe.ErrorCode(err) != teilhabe.ECONFLICT {
			t.Fatalf("changing an archived programme: %v", err)
		}
		got, _ = db.Programme(w.ctx, id)
		if got.Status != programmes.StatusArchived || got.Version != 2 || len(got.Calls) != 1 {
			t.Fatalf("final = %+v", got)
		}
		events, _ := db.AuditEvents(w.ctx, store.AuditFilter{Entity: "programme"})
		if len(events) != 6 { // create, published, update, applications, closed, archived
			t.Fatalf("%d audit events for the programme, want every change", len(events))
		}
	})
}

func TestConsultationFromInvitationToReport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newFundingWorld(t, db)
		id := w.programm.ID
		deadline := w.clock.t.Add(10 * 24 * time.Hour)
		// Ludwigsburg is invited as a Kreis: with it Freudental, which lies inside it.
		c := programmes.Consultation{Regions: []string{"08118"}, Deadline: deadline, Message: "Bitte um Hinweise."}
		if err := db.OpenConsultation(w.ctx, id, &c); err != nil {
			t.Fatal(err)
		}
		for name, want := range map[string]int{"ludwigsburg": 1, "freudental": 1, "stuttgart": 0} {
			n, err := db.Notifications(w.ctx, w.commiss[name].ID, 10)
			if err != nil || len(n) != want {
				t.Fatalf("%s has %d notifications, want %d (%v)", name, len(n), want, err)
			}
			if want == 1 && (!strings.Contains(n[0].Title, "Sprachkurse im Alltag") || n[0].Link == "") {
				t.Fatalf("notification = %+v", n[0])
			}
		}
		if mails := pending(t, db); len(mails) != 2 {
			t.Fatalf("%d mails in the outbox, want one per invited commissioner", len(mails))
		}

		// Stuttgart is not invited.
		if err := w.contribute("stuttgart", programmes.Contribution{Kind: programmes.KindStatement, Rating: 3, Text: "x"}); teilhabe.ErrorCode(err) != teilhabe.EFORBIDDEN {
			t.Fatalf("uninvited contribution: %v", err)
		}
		if err := w.contribute("ludwigsburg", programmes.Contribution{Kind: programmes.KindComment, Section: 0, Paragraph: 1, Quote: "in der Schule", Text: "Auch Familienzentren."}); err != nil {
			t.Fatal(err)
		}
		if err := w.contribute("ludwigsburg", programmes.Contribution{Kind: programmes.KindStatement, Rating: 3, Text: "Passt teilweise."}); err != nil {
			t.Fatal(err)
		}
		// A second statement replaces the first.
		if err := w.contribute("ludwigsburg", programmes.Contribution{Kind: programmes.KindStatement, Rating: 4, Text: "Passt gut.", Amendment: "Familienzentren ergänzen."}); err != nil {
			t.Fatal(err)
		}
		cons, _ := db.Consultation(w.ctx, id)
		all, err := db.Contributions(w.ctx, store.ContributionFilter{ConsultationID: cons.ID})
		if err != nil || len(all) != 2 || all[0].Kind != programmes.KindStatement || all[0].Rating != 4 || all[1].Quote != "in der Schule" || all[1].Organisation != "Verwaltung ludwigsburg" {
			t.Fatalf("contributions = %+v, %v", all, err)
		}

		// Each administration's desk shows the consultation and whether it has spoken.
		desk, err := db.InvitedConsultations(w.ctx, []int64{w.munis["ludwigsburg"].ID, w.munis["freudental"].ID, w.munis["stuttgart"].ID})
		if err != nil || len(desk) != 2 {
			t.Fatalf("desk = %+v, %v", desk, err)
		}
		for _, d := range desk {
			lb := d.OrganisationID == w.munis["ludwigsburg"].ID
			if d.Title != "Sprachkurse im Alltag" || d.Statement != lb || (lb && d.Contributions != 2) || (!lb && d.Contributions != 0) {
				t.Errorf("desk row = %+v", d)
			}
		}

		// At the deadline nothing more is accepted, and nothing is stored.
		w.clock.t = deadline
		if err := w.contribute("freudental", programmes.Contribution{Kind: programmes.KindStatement, Rating: 5, Text: "zu spät"}); teilhabe.ErrorCode(err) != teilhabe.ECONFLICT {
			t.Fatalf("after the deadline: %v", err)
		}
		if all, _ := db.Contributions(w.ctx, store.ContributionFilter{ConsultationID: cons.ID}); len(all) != 2 {
			t.Fatalf("%d contributions after the refused one", len(all))
		}

		// The report waits for the published programme and every answer.
		if err := db.PublishConsultationReport(w.ctx, id); teilhabe.ErrorCode(err) != teilhabe.ECONFLICT {
			t.Fatalf("report before publication: %v", err)
		}
		p, _ := db.Programme(w.ctx, id)
		p.Sections[0].Body = "Eltern lernen Deutsch.\n\nIn der Kita, in der Schule und in Familienzentren."
		if err := db.UpdateProgramme(w.ctx, &p, ""); err != nil {
			t.Fatal(err)
		}
		if err := db.SetProgrammeStatus(w.ctx, id, programmes.StatusPublished); err != nil {
			t.Fatal(err)
		}
		if err := db.PublishConsultationReport(w.ctx, id); teilhabe.ErrorCode(err) != teilhabe.ECONFLICT || !strings.Contains(err.Error(), "2 Beiträge") {
			t.Fatalf("report with unanswered contributions: %v", err)
		}
		for _, c := range all {
			if err := db.AnswerContribution(w.ctx, id, c.ID, programmes.Answer{Verdict: programmes.VerdictAdopted, Reason: "Familienzentren ergänzt."}); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.PublishConsultationReport(w.ctx, id); err != nil {
			t.Fatal(err)
		}
		if err := db.AnswerContribution(w.ctx, id, all[0].ID, programmes.Answer{Verdict: programmes.VerdictRejected, Reason: "doch nicht"}); teilhabe.ErrorCode(err) != teilhabe.ECONFLICT {
			t.Fatalf("answers are final with the report: %v", err)
		}
		rep, err := db.ConsultationReport(w.ctx, id)
		if err != nil {
			t.Fatal(err)
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
	})
}

func TestOnlyAnUnconsultedDraftCanBeDeleted(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newFundingWorld(t, db)
		other := w.programm
		other.ID, other.Title, other.Calls = 0, "Zweiter Entwurf", nil
		if err := db.CreateProgramme(w.ctx, &other); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteProgramme(w.ctx, other.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Programme(w.ctx, other.ID); teilhabe.ErrorCode(err) != teilhabe.ENOTFOUND {
			t.Fatalf("deleted draft: %v", err)
		}
		var terms int
		if err := db.Reader().QueryRow(`SELECT COUNT(*) FROM programme_terms WHERE programme_id = $1`, other.ID).Scan(&terms); err != nil || terms != 0 {
			t.Fatalf("%d index terms left, %v", terms, err)
		}
		if err := db.OpenConsultation(w.ctx, w.programm.ID, &programmes.Consultation{Regions: []string{"08"}, Deadline: w.clock.t.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteProgramme(w.ctx, w.programm.ID); teilhabe.ErrorCode(err) != teilhabe.ECONFLICT {
			t.Fatalf("deleting a programme in consultation: %v", err)
		}
		events, _ := db.AuditEvents(w.ctx, store.AuditFilter{Entity: "programme"})
		found := false
		for _, e := range events {
			found = found || e.Action == "delete"
		}
		if !found {
			t.Error("the deletion is not in the audit log")
		}
	})
}
