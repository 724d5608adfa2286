package programmes_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
)

// consultationWorld is a funder with two staff and three municipal administrations
// with a commissioner each: Stuttgart and Ludwigsburg are invited to the
// consultations, München is not.
type consultationWorld struct {
	t                              *testing.T
	db                             *store.DB
	svc                            *programmes.Service
	clk                            *storetest.Clock
	funder                         accounts.Organisation
	stuttgart, ludwigsburg, munich accounts.Organisation
	staff, staff2                  accounts.User
	cStuttgart, cLudwigsburg, cMuc accounts.User
}

func newConsultationWorld(t *testing.T, db *store.DB) *consultationWorld {
	t.Helper()
	w := &consultationWorld{t: t, db: db, svc: programmes.NewService(db.Programmes()), clk: storetest.NewClock(db, time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC))}
	importRegions(t, db)
	w.funder = organisation(t, db, accounts.Organisation{Kind: accounts.KindFunder, FunderLevel: accounts.FunderLand, Name: "Ministerium für Soziales (Test)"})
	w.stuttgart = organisation(t, db, accounts.Organisation{Kind: accounts.KindMunicipality, Name: "Landeshauptstadt Stuttgart (Test)", RegionKey: "08111000"})
	w.ludwigsburg = organisation(t, db, accounts.Organisation{Kind: accounts.KindMunicipality, Name: "Landratsamt Ludwigsburg (Test)", RegionKey: "08118"})
	w.munich = organisation(t, db, accounts.Organisation{Kind: accounts.KindMunicipality, Name: "Landeshauptstadt München (Test)", RegionKey: "09162"})
	w.staff = newUser(t, db, "staff@example.de", "Frieda Förder", accounts.Membership{Organisation: w.funder, Role: accounts.RoleFunderStaff})
	w.staff2 = newUser(t, db, "staff2@example.de", "Gregor Geld", accounts.Membership{Organisation: w.funder, Role: accounts.RoleFunderStaff})
	w.cStuttgart = newUser(t, db, "stuttgart@example.de", "Şule Öztürk", accounts.Membership{Organisation: w.stuttgart, Role: accounts.RoleCommissioner})
	w.cLudwigsburg = newUser(t, db, "lb@example.de", "Lars Lang", accounts.Membership{Organisation: w.ludwigsburg, Role: accounts.RoleCommissioner})
	w.cMuc = newUser(t, db, "muc@example.de", "Mia Maier", accounts.Membership{Organisation: w.munich, Role: accounts.RoleCommissioner})
	return w
}

// consultation creates a programme and puts it to consultation of Stuttgart and
// Ludwigsburg at opened with the deadline, through the use cases with the clock
// set back; the clock then returns to where it was. It returns the programme's and
// the consultation's ids.
func (w *consultationWorld) consultation(title string, opened, deadline time.Time) (int64, int64) {
	w.t.Helper()
	now := w.clk.Now()
	defer w.clk.Set(now)
	w.clk.Set(opened)
	ctx := storetest.As(w.t, w.db, w.staff.ID)
	p, err := w.svc.Create(ctx, programmes.Programme{FunderID: w.funder.ID, Title: title, Summary: "Zusammenfassung",
		Sections:     []programmes.Section{{Heading: "Ziel", Body: "Integration vor Ort.\n\nIn jeder Kommune."}},
		ActionFields: []string{"teilhabe"}, ProviderTypes: []accounts.ProviderType{accounts.ProviderCivilSociety}, RegionKeys: []string{"08"},
		FundingKind: programmes.FundingProject, FinancingType: programmes.FinancingShare,
		PeriodStart: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), PeriodEnd: time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		w.t.Fatal(err)
	}
	c, err := w.svc.OpenConsultation(ctx, p.ID, programmes.Consultation{Regions: []string{"08111", "08118"}, Deadline: deadline}, 0)
	if err != nil {
		w.t.Fatal(err)
	}
	return p.ID, c.ID
}

// contribute adds a comment or a statement (a second one revises the first) at the
// world's current time, as the commissioner.
func (w *consultationWorld) contribute(programmeID int64, author accounts.User, kind programmes.ContributionKind) programmes.Contribution {
	w.t.Helper()
	in := programmes.ContributionInput{Kind: kind, Text: "Beitrag von " + author.Name}
	if kind == programmes.KindStatement {
		in.Rating = 4
	} else {
		in.Paragraph = 1
	}
	c, err := w.svc.Contribute(storetest.As(w.t, w.db, author.ID), programmeID, in)
	if err != nil {
		w.t.Fatalf("%s contributes: %v", author.Email, err)
	}
	return c
}

func (w *consultationWorld) exec(query string, args ...any) {
	w.t.Helper()
	err := w.db.Update(system, func(tx *store.Tx) error {
		_, err := tx.ExecContext(system, query, args...)
		return err
	})
	if err != nil {
		w.t.Fatalf("%s: %v", query, err)
	}
}

func TestRemindersGoToInvitedCommissionersWithoutStatement(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newConsultationWorld(t, db)
		now := w.clk.Now()
		day := 24 * time.Hour
		// Due: the deadline is in two days, 06.05.2026 12:00 Uhr in Berlin (summer time).
		dueAt := time.Date(2026, 5, 6, 10, 0, 0, 0, time.UTC)
		due, _ := w.consultation("Integration vor Ort", now.Add(-10*day), dueAt)
		w.consultation("Noch Zeit", now.Add(-10*day), now.Add(5*day))
		// The lifecycle publishes only after the deadline; the job must not lean on
		// that, so this programme left its consultation early behind its back.
		published, _ := w.consultation("Schon veröffentlicht", now.Add(-10*day), now.Add(day))
		w.exec(`UPDATE programmes SET status = 'published' WHERE id = $1`, published)
		w.consultation("Kurze Frist", now.Add(-day), now.Add(day)) // opened inside the window
		w.consultation("Abgelaufen", now.Add(-10*day), now.Add(-time.Hour))
		if got := notices(t, db, w.cMuc, "consultation_invited"); len(got) != 0 {
			t.Fatalf("München was invited: %+v", got)
		}
		sendOutbox(t, db) // the invitations
		// Ludwigsburg gave its statement; Stuttgart only commented.
		w.contribute(due, w.cLudwigsburg, programmes.KindStatement)
		w.contribute(due, w.cStuttgart, programmes.KindComment)

		n, err := w.svc.RemindConsultations(ctx)
		if err != nil || n != 1 {
			t.Fatalf("reminded %d consultations, %v; want 1", n, err)
		}
		got := notices(t, db, w.cStuttgart, "consultation_reminder")
		if len(got) != 1 {
			t.Fatalf("Stuttgart's reminders: %+v", got)
		}
		r := got[0]
		if want := "Erinnerung: Beteiligung „Integration vor Ort“ endet am " + bundle.For("de").DateTime(dueAt); r.Title != want || !strings.Contains(r.Title, "06.05.2026, 12:00") {
			t.Errorf("title %q, want %q", r.Title, want)
		}
		if !strings.Contains(r.Body, "Ministerium für Soziales (Test)") || !strings.Contains(r.Body, "noch keine Gesamtstellungnahme") {
			t.Errorf("body %q", r.Body)
		}
		if want := "/programmes/" + itoa(due) + "/consultation"; r.Link != want {
			t.Errorf("link %q, want %q", r.Link, want)
		}
		for _, u := range []accounts.User{w.cLudwigsburg, w.cMuc, w.staff} {
			if got := notices(t, db, u, "consultation_reminder"); len(got) != 0 {
				t.Errorf("%s was reminded: %+v", u.Email, got)
			}
		}
		mails := sendOutbox(t, db)
		if len(mails) != 1 || mails[0].To != "stuttgart@example.de" || mails[0].Subject != r.Title ||
			!strings.Contains(mails[0].Body, "https://teilhabe.example.org/programmes/"+itoa(due)+"/consultation") || !strings.HasPrefix(mails[0].Body, "Guten Tag Şule Öztürk,") || !strings.Contains(mails[0].Body, "https://teilhabe.example.org/notifications\n") {
			t.Fatalf("mails: %+v", mails)
		}

		// Once only, also on the next run of the job.
		w.clk.Advance(time.Hour)
		if n, err := w.svc.RemindConsultations(ctx); err != nil || n != 0 {
			t.Fatalf("second run reminded %d, %v", n, err)
		}
		if got := notices(t, db, w.cStuttgart, "consultation_reminder"); len(got) != 1 {
			t.Errorf("Stuttgart has %d reminders after the second run", len(got))
		}
		// "Noch Zeit" comes due two days later, and is reminded then.
		w.clk.Advance(2*day + time.Hour)
		if n, err := w.svc.RemindConsultations(ctx); err != nil || n != 1 {
			t.Fatalf("run two days later reminded %d, %v", n, err)
		}
		if got := notices(t, db, w.cLudwigsburg, "consultation_reminder"); len(got) != 1 || !strings.Contains(got[0].Title, "Noch Zeit") {
			t.Errorf("Ludwigsburg's reminders: %+v", got)
		}
	})
}

func TestDigestTellsTheFunderWhatCameInSinceTheLastOne(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newConsultationWorld(t, db)
		opened := w.clk.Now() // 04.05.2026 10:00 Uhr in Berlin
		prog, _ := w.consultation("Integration vor Ort", opened, opened.Add(20*24*time.Hour))
		sendOutbox(t, db) // the invitations
		if n, err := w.svc.DigestContributions(ctx, time.Hour); err != nil || n != 0 {
			t.Fatalf("digest without contributions: %d, %v", n, err)
		}

		w.clk.Advance(10 * time.Minute)
		w.contribute(prog, w.cStuttgart, programmes.KindComment)
		w.contribute(prog, w.cStuttgart, programmes.KindComment)
		w.contribute(prog, w.cStuttgart, programmes.KindStatement)
		w.contribute(prog, w.cLudwigsburg, programmes.KindStatement)
		w.clk.Advance(10 * time.Minute)
		if n, err := w.svc.DigestContributions(ctx, time.Hour); err != nil || n != 1 {
			t.Fatalf("first digest: %d, %v", n, err)
		}
		de := bundle.For("de")
		for _, u := range []accounts.User{w.staff, w.staff2} {
			got := notices(t, db, u, "consultation_digest")
			if len(got) != 1 {
				t.Fatalf("%s: %d digests", u.Email, len(got))
			}
			d := got[0]
			if d.Title != "Neue Beiträge zur Beteiligung „Integration vor Ort“" {
				t.Errorf("title %q", d.Title)
			}
			want := "Seit " + de.DateTime(opened) + " gibt es in der Beteiligung zum Entwurf „Integration vor Ort“ neue Beiträge von 2 Kommunalverwaltungen:\n\n" +
				"– Landeshauptstadt Stuttgart (Test): 2 Kommentare, 1 Stellungnahme\n" +
				"– Landratsamt Ludwigsburg (Test): 1 Stellungnahme\n\n" +
				"Insgesamt: 2 Kommentare, 2 Stellungnahmen."
			if d.Body != want || !strings.Contains(d.Body, "04.05.2026, 10:00") {
				t.Errorf("body:\n%s\nwant:\n%s", d.Body, want)
			}
			if d.Link != "/programmes/"+itoa(prog)+"/consultation" {
				t.Errorf("link %q", d.Link)
			}
		}
		if got := notices(t, db, w.cStuttgart, "consultation_digest"); len(got) != 0 {
			t.Errorf("a commissioner got the funder's digest")
		}
		if mails := sendOutbox(t, db); !slices.Equal(sortedCopy(recipients(mails)), []string{"staff2@example.de", "staff@example.de"}) {
			t.Errorf("digest mails to %q", recipients(mails))
		}

		// Within the hour nothing more is sent; what came in waits for the next one.
		w.clk.Advance(20 * time.Minute)
		w.contribute(prog, w.cLudwigsburg, programmes.KindComment)
		w.contribute(prog, w.cLudwigsburg, programmes.KindStatement) // revises the statement
		if n, err := w.svc.DigestContributions(ctx, time.Hour); err != nil || n != 0 {
			t.Fatalf("digest within the hour: %d, %v", n, err)
		}
		w.clk.Advance(time.Hour)
		if n, err := w.svc.DigestContributions(ctx, time.Hour); err != nil || n != 1 {
			t.Fatalf("second digest: %d, %v", n, err)
		}
		got := notices(t, db, w.staff, "consultation_digest")
		want := "Seit " + de.DateTime(opened.Add(20*time.Minute)) + " gibt es in der Beteiligung zum Entwurf „Integration vor Ort“ neue Beiträge von 1 Kommunalverwaltung:\n\n" +
			"– Landratsamt Ludwigsburg (Test): 1 Kommentar, 1 überarbeitete Stellungnahme\n\n" +
			"Eine überarbeitete Stellungnahme braucht eine neue Antwort."
		if len(got) != 2 || got[0].Body != want || !strings.Contains(got[0].Body, "04.05.2026, 10:20") {
			t.Fatalf("second digest:\n%+v\nwant body:\n%s", got, want)
		}
		w.clk.Advance(2 * time.Hour)
		if n, err := w.svc.DigestContributions(ctx, time.Hour); err != nil || n != 0 {
			t.Errorf("digest with nothing new: %d, %v", n, err)
		}
	})
}

// TestJobsOfSeveralInstancesTellOnce runs the jobs of three instances at once, each
// with its own connections to the shared database: every reminder and digest must
// still arrive once.
func TestJobsOfSeveralInstancesTellOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newConsultationWorld(t, db)
		now := w.clk.Now()
		prog, _ := w.consultation("Integration vor Ort", now.Add(-10*24*time.Hour), now.Add(24*time.Hour))
		w.contribute(prog, w.cStuttgart, programmes.KindComment)
		w.clk.Advance(time.Minute)
		var instances []*programmes.Service
		for range 3 {
			other, err := store.Open(ctx, db.RawURL())
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { other.Close() })
			other.Now = w.clk.Now
			instances = append(instances, programmes.NewService(other.Programmes()))
		}
		var wg sync.WaitGroup
		for _, svc := range instances {
			wg.Go(func() {
				for _, job := range svc.Jobs() {
					if _, err := job.Run(ctx); err != nil {
						t.Errorf("%s: %v", job.Name, err)
					}
				}
			})
		}
		wg.Wait()
		if got := notices(t, db, w.cStuttgart, "consultation_reminder"); len(got) != 1 {
			t.Errorf("%d reminders", len(got))
		}
		if got := notices(t, db, w.cLudwigsburg, "consultation_reminder"); len(got) != 1 {
			t.Errorf("%d reminders to Ludwigsburg", len(got))
		}
		if got := notices(t, db, w.staff, "consultation_digest"); len(got) != 1 {
			t.Errorf("%d digests", len(got))
		}
		if got := notices(t, db, w.staff2, "consultation_digest"); len(got) != 1 {
			t.Errorf("%d digests to the second staff member", len(got))
		}
	})
}
