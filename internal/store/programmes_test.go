package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/audit"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// The rules of programmes are the use cases' and tested in package programmes; here
// is what the store's view promises them: its writes round-trip, conditional writes
// on an old revision write nothing, a transaction is all or nothing, and a deleted
// programme takes its parts with it.

// programmeStore is a database with the sample regions, a funder and a municipal
// administration, and the programmes view.
type programmeStore struct {
	t      *testing.T
	db     *store.DB
	s      *store.ProgrammeStore
	ctx    context.Context
	funder accounts.Organisation
	muni   accounts.Organisation
	author accounts.User
}

func newProgrammeStore(t *testing.T, db *store.DB) *programmeStore {
	t.Helper()
	clk := &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	db.Now = clk.now
	ps := &programmeStore{t: t, db: db, s: db.Programmes(), ctx: teilhabe.WithActor(context.Background(), teilhabe.Actor{Label: "staff@land.example"})}
	if _, err := storetest.ImportRegions(ps.ctx, db, sampleRegions(time.Date(2019, 12, 31, 0, 0, 0, 0, time.UTC)), "t"); err != nil {
		t.Fatal(err)
	}
	ps.funder = accounts.Organisation{Kind: accounts.KindFunder, FunderLevel: accounts.FunderLand, Name: "Landesförderstelle"}
	ps.muni = accounts.Organisation{Kind: accounts.KindMunicipality, Name: "Landratsamt Ludwigsburg", RegionKey: "08118"}
	for _, o := range []*accounts.Organisation{&ps.funder, &ps.muni} {
		*o = storetest.Organisation(t, db, *o)
	}
	ps.author = newUser(t, db, "lb@example.de", "Lars Lang", accounts.Membership{Organisation: ps.muni, Role: accounts.RoleCommissioner})
	return ps
}

func (ps *programmeStore) update(fn func(tx programmes.Tx) error) {
	ps.t.Helper()
	if err := ps.s.Update(ps.ctx, fn); err != nil {
		ps.t.Fatal(err)
	}
}

func (ps *programmeStore) create() programmes.Programme {
	ps.t.Helper()
	now := ps.db.Now()
	p := programmes.Programme{FunderID: ps.funder.ID, Title: "Sprachkurse im Alltag", Summary: "Deutsch für Eltern.",
		Sections:     []programmes.Section{{Heading: "Ziel", Body: "Eltern lernen Deutsch.\n\nIn der Kita."}},
		ActionFields: []string{"sprache"}, TargetGroups: []string{"familien"}, ProviderTypes: []accounts.ProviderType{accounts.ProviderLanguageCourse},
		RegionKeys: []string{"08"}, Budgets: []programmes.Budget{{Year: 2027, Amount: 1_000_00}},
		FundingKind: programmes.FundingProject, FinancingType: programmes.FinancingShare, MaxGrant: 500_00, OwnShare: 1000,
		PeriodStart: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), PeriodEnd: time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC),
		Calls:  []programmes.Call{{Title: "Aufruf 2027", OpensAt: now, ClosesAt: now.Add(30 * 24 * time.Hour)}},
		Status: programmes.StatusDraft, Version: 1, Revision: 1, CreatedAt: now, UpdatedAt: now}
	ps.update(func(tx programmes.Tx) error { return tx.CreateProgramme(ps.ctx, &p) })
	return p
}

func (ps *programmeStore) read(id int64) programmes.Programme {
	ps.t.Helper()
	p, err := ps.s.Programme(ps.ctx, id)
	if err != nil {
		ps.t.Fatal(err)
	}
	return p
}

func (ps *programmeStore) count(table string, id int64) int {
	ps.t.Helper()
	var n int
	if err := ps.db.Reader().QueryRow(`SELECT COUNT(*) FROM `+table+` WHERE programme_id = $1`, id).Scan(&n); err != nil {
		ps.t.Fatal(err)
	}
	return n
}

func TestProgrammeWritesRoundTripAndAreConditionalOnTheRevision(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newProgrammeStore(t, db)
		created := ps.create()
		got := ps.read(created.ID)
		if got.FunderName != "Landesförderstelle" || got.FunderLevel != accounts.FunderLand || got.Revision != 1 || got.Version != 1 ||
			got.Status != programmes.StatusDraft || len(got.Sections) != 1 || !slices.Equal(got.TargetGroups, []string{"familien"}) ||
			len(got.Budgets) != 1 || got.MaxGrant != 500_00 || len(got.Calls) != 1 || got.Calls[0].ID == 0 || got.ConsultationID != 0 {
			t.Fatalf("read back = %+v", got)
		}
		if _, err := ps.s.Programme(ps.ctx, created.ID+1000); teilhabe.ErrorCode(err) != teilhabe.ENOTFOUND {
			t.Errorf("no such programme: %v", err)
		}

		// A write on the current revision goes through and counts up; one on the
		// revision before writes nothing, calls included.
		first := got
		first.Title, first.Calls = "Sprachkurse für Eltern", nil
		var ok bool
		ps.update(func(tx programmes.Tx) (err error) { ok, err = tx.UpdateProgramme(ps.ctx, &first, 1); return err })
		if !ok || first.Revision != 2 {
			t.Fatalf("update on revision 1: %v, revision %d", ok, first.Revision)
		}
		stale := got
		stale.Title = "Überschrieben"
		ps.update(func(tx programmes.Tx) (err error) { ok, err = tx.UpdateProgramme(ps.ctx, &stale, 1); return err })
		if ok {
			t.Fatal("an update on an old revision went through")
		}
		if now := ps.read(created.ID); now.Title != "Sprachkurse für Eltern" || now.Revision != 2 || len(now.Calls) != 0 {
			t.Fatalf("after the refused update = %q rev %d, %d calls", now.Title, now.Revision, len(now.Calls))
		}
		moved := ps.read(created.ID)
		moved.Status = programmes.StatusConsultation
		ps.update(func(tx programmes.Tx) (err error) { ok, err = tx.SetStatus(ps.ctx, &moved, 1); return err })
		if ok || ps.read(created.ID).Status != programmes.StatusDraft {
			t.Fatal("a status change on an old revision went through")
		}

		// A consultation moves the programme and counts as a change of it.
		c := programmes.Consultation{ProgrammeID: created.ID, Regions: []string{"08118"}, Deadline: db.Now().Add(time.Hour), OpenedAt: db.Now(), Draft: got.Text()}
		ps.update(func(tx programmes.Tx) error {
			return tx.CreateConsultation(ps.ctx, &c, []programmes.InvitedOrg{{OrganisationID: ps.muni.ID, RegionKey: "08118"}})
		})
		if now := ps.read(created.ID); now.Status != programmes.StatusConsultation || now.Revision != 3 || now.ConsultationID != c.ID {
			t.Fatalf("after opening the consultation = %s rev %d, consultation %d", now.Status, now.Revision, now.ConsultationID)
		}
		cons, err := ps.s.Consultation(ps.ctx, created.ID)
		if err != nil || cons == nil || cons.ID != c.ID || !slices.Equal(cons.Regions, []string{"08118"}) || cons.Draft.Title != "Sprachkurse im Alltag" {
			t.Fatalf("consultation = %+v, %v", cons, err)
		}

		// Contributions: a statement revised on an old revision writes nothing; an
		// answer does not count as a revision of the text.
		st := programmes.Contribution{ConsultationID: c.ID, OrganisationID: ps.muni.ID, AuthorID: ps.author.ID, Kind: programmes.KindStatement, Text: "Passt.", Rating: 4, CreatedAt: db.Now()}
		ps.update(func(tx programmes.Tx) error { return tx.CreateContribution(ps.ctx, &st) })
		revised := st
		revised.Text = "Passt gut."
		ps.update(func(tx programmes.Tx) (err error) {
			ok, err = tx.ReviseStatement(ps.ctx, &revised, st.Revision)
			return err
		})
		if !ok || revised.Revision != st.Revision+1 {
			t.Fatalf("revise: %v, revision %d", ok, revised.Revision)
		}
		lost := st
		lost.Text = "Passt nicht."
		ps.update(func(tx programmes.Tx) (err error) {
			ok, err = tx.ReviseStatement(ps.ctx, &lost, st.Revision)
			return err
		})
		if ok {
			t.Fatal("a statement revised on an old revision went through")
		}
		answered := revised
		answered.Verdict, answered.Reason = programmes.VerdictAdopted, "Danke."
		ps.update(func(tx programmes.Tx) (err error) {
			ok, err = tx.AnswerContribution(ps.ctx, &answered, st.Revision)
			return err
		})
		if ok {
			t.Fatal("an answer to the statement as it was before went through")
		}
		ps.update(func(tx programmes.Tx) (err error) {
			ok, err = tx.AnswerContribution(ps.ctx, &answered, revised.Revision)
			return err
		})
		all, err := ps.s.Contributions(ps.ctx, programmes.ContributionFilter{ConsultationID: c.ID})
		if !ok || err != nil || len(all) != 1 || all[0].Text != "Passt gut." || all[0].Revision != revised.Revision || all[0].Verdict != programmes.VerdictAdopted ||
			all[0].Organisation != "Landratsamt Ludwigsburg" || all[0].Author != "Lars Lang" || all[0].RegionKey != "08118" {
			t.Fatalf("contributions = %+v, %v", all, err)
		}
	})
}

func TestAProgrammeTransactionIsAllOrNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newProgrammeStore(t, db)
		p := ps.create()
		failed := errors.New("the change failed")
		err := ps.s.Update(ps.ctx, func(tx programmes.Tx) error {
			changed := p
			changed.Title = "Halb geschrieben"
			if ok, err := tx.UpdateProgramme(ps.ctx, &changed, p.Revision); err != nil || !ok {
				t.Fatalf("update in the transaction: %v, %v", ok, err)
			}
			// The transaction reads its own writes.
			if in, err := tx.Programme(ps.ctx, p.ID); err != nil || in.Title != "Halb geschrieben" {
				t.Errorf("read in the transaction = %q, %v", in.Title, err)
			}
			if err := tx.Audit(ps.ctx, "programme", p.ID, "update", p, changed); err != nil {
				return err
			}
			if err := tx.Notify(ps.ctx, []int64{ps.author.ID}, notifyInvited(p.ID, "Halb geschrieben"), true); err != nil {
				return err
			}
			return failed
		})
		if !errors.Is(err, failed) {
			t.Fatalf("update = %v", err)
		}
		if got := ps.read(p.ID); got.Title != p.Title || got.Revision != p.Revision {
			t.Errorf("after the rollback = %q rev %d", got.Title, got.Revision)
		}
		if events, _ := db.Audit().Events(ps.ctx, audit.Filter{Entity: "programme", Limit: 10}); len(events) != 0 {
			t.Errorf("%d audit events survived the rollback", len(events))
		}
		if n, _ := db.Notifications().UnreadNotifications(ps.ctx, ps.author.ID); n != 0 {
			t.Errorf("%d notices survived the rollback", n)
		}
		if got := pending(t, db); len(got) != 0 {
			t.Errorf("%d mails survived the rollback", len(got))
		}
	})
}

func TestDeletingAProgrammeTakesItsPartsWithIt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newProgrammeStore(t, db)
		keep, gone := ps.create(), ps.create()
		for _, p := range []programmes.Programme{keep, gone} {
			p.Status, p.Version = programmes.StatusPublished, 2
			ps.update(func(tx programmes.Tx) error { return tx.SaveVersion(ps.ctx, &p, "veröffentlicht") })
		}
		versions, err := ps.s.Versions(ps.ctx, gone.ID)
		if err != nil || len(versions) != 1 || versions[0].Number != 2 || versions[0].Note != "veröffentlicht" || versions[0].Actor != "staff@land.example" ||
			versions[0].Programme.Title != gone.Title {
			t.Fatalf("versions = %+v, %v", versions, err)
		}
		for _, table := range []string{"programme_calls", "programme_terms", "programme_versions"} {
			if ps.count(table, gone.ID) == 0 {
				t.Fatalf("no %s to delete", table)
			}
		}
		ps.update(func(tx programmes.Tx) error { return tx.DeleteProgramme(ps.ctx, gone.ID) })
		if _, err := ps.s.Programme(ps.ctx, gone.ID); teilhabe.ErrorCode(err) != teilhabe.ENOTFOUND {
			t.Errorf("deleted programme: %v", err)
		}
		for _, table := range []string{"programme_calls", "programme_terms", "programme_versions"} {
			if n := ps.count(table, gone.ID); n != 0 {
				t.Errorf("%d rows of %s left", n, table)
			}
			if ps.count(table, keep.ID) == 0 {
				t.Errorf("the other programme lost its %s", table)
			}
		}
		if mine, err := ps.s.ProgrammesOfFunders(ps.ctx, []int64{ps.funder.ID}); err != nil || len(mine) != 1 || mine[0].ID != keep.ID {
			t.Errorf("the funder's programmes = %+v, %v", mine, err)
		}
	})
}
