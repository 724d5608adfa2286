package store_test

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// consultationWorld is a funder with two staff, three municipal administrations with
// a commissioner each (Stuttgart and Ludwigsburg invited, Freudental not) and
// helpers that write programmes, consultations and contributions the way the
// consultation store does.
type consultationWorld struct {
	t                            *testing.T
	db                           *store.DB
	clk                          *clock
	funder                       accounts.Organisation
	stuttgart, ludwigsburg, frdt accounts.Organisation
	staff, staff2                accounts.User
	cStuttgart, cLudwigsburg     accounts.User
	cFreudental                  accounts.User
}

func newConsultationWorld(t *testing.T, db *store.DB) *consultationWorld {
	ctx := teilhabe.WithActor(context.Background(), teilhabe.System("test"))
	w := &consultationWorld{t: t, db: db, clk: &clock{t: time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)}}
	db.Now = w.clk.now
	db.BaseURL = "https://teilhabe.example.org"
	if _, err := db.ImportRegions(ctx, sampleRegions(time.Date(2019, 12, 31, 0, 0, 0, 0, time.UTC)), "t"); err != nil {
		t.Fatal(err)
	}
	org := func(o accounts.Organisation) accounts.Organisation {
		if err := db.CreateOrganisation(ctx, &o); err != nil {
			t.Fatal(err)
		}
		return o
	}
	w.funder = org(accounts.Organisation{Kind: accounts.KindFunder, FunderLevel: accounts.FunderLand, Name: "Ministerium für Soziales (Test)"})
	w.stuttgart = org(accounts.Organisation{Kind: accounts.KindMunicipality, Name: "Landeshauptstadt Stuttgart (Test)", RegionKey: "08111000"})
	w.ludwigsburg = org(accounts.Organisation{Kind: accounts.KindMunicipality, Name: "Landratsamt Ludwigsburg (Test)", RegionKey: "08118"})
	w.frdt = org(accounts.Organisation{Kind: accounts.KindMunicipality, Name: "Gemeinde Freudental (Test)", RegionKey: "08118016"})
	w.staff = newUser(t, db, "staff@example.de", "Frieda Förder", accounts.Membership{Organisation: w.funder, Role: accounts.RoleFunderStaff})
	w.staff2 = newUser(t, db, "staff2@example.de", "Gregor Geld", accounts.Membership{Organisation: w.funder, Role: accounts.RoleFunderStaff})
	w.cStuttgart = newUser(t, db, "stuttgart@example.de", "Şule Öztürk", accounts.Membership{Organisation: w.stuttgart, Role: accounts.RoleCommissioner})
	w.cLudwigsburg = newUser(t, db, "lb@example.de", "Lars Lang", accounts.Membership{Organisation: w.ludwigsburg, Role: accounts.RoleCommissioner})
	w.cFreudental = newUser(t, db, "fr@example.de", "Fritz Frei", accounts.Membership{Organisation: w.frdt, Role: accounts.RoleCommissioner})
	return w
}

func (w *consultationWorld) exec(query string, args ...any) int64 {
	w.t.Helper()
	var id int64
	err := w.db.Update(context.Background(), func(tx *store.Tx) error {
		if strings.Contains(query, "RETURNING") {
			return tx.QueryRowContext(context.Background(), query, args...).Scan(&id)
		}
		_, err := tx.ExecContext(context.Background(), query, args...)
		return err
	})
	if err != nil {
		w.t.Fatalf("%s: %v", query, err)
	}
	return id
}

// consultation writes a programme in the given status with a consultation that
// opened at opened with the deadline, inviting Stuttgart and Ludwigsburg. It returns
// the programme's and the consultation's ids.
func (w *consultationWorld) consultation(title, status string, opened, deadline time.Time) (int64, int64) {
	now := w.clk.t
	p := w.exec(`INSERT INTO programmes (funder_id, title, summary, sections, action_fields, target_groups, provider_types, region_keys, budgets,
		funding_kind, financing_type, period_start, period_end, status, created_at, updated_at)
		VALUES ($1, $2, 'Zusammenfassung', '[]', '[]', '[]', '[]', '["08"]', '[]', 'project', 'share', $3, $4, $5, $6, $6) RETURNING id`,
		w.funder.ID, title, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC), status, now)
	c := w.exec(`INSERT INTO consultations (programme_id, regions, deadline, message, draft, opened_at)
		VALUES ($1, '["08111", "08118"]', $2, '', '{}', $3) RETURNING id`, p, deadline, opened)
	for _, o := range []accounts.Organisation{w.stuttgart, w.ludwigsburg} {
		w.exec(`INSERT INTO consultation_invitations (consultation_id, organisation_id, region_key) VALUES ($1, $2, $3)`, c, o.ID, o.RegionKey)
	}
	return p, c
}

// contribute adds a comment or statement at the world's current time.
func (w *consultationWorld) contribute(consultationID int64, org accounts.Organisation, author accounts.User, kind string) int64 {
	rating := 0
	if kind == "statement" {
		rating = 4
	}
	return w.exec(`INSERT INTO contributions (consultation_id, organisation_id, author_id, kind, text, rating, created_at, updated_at)
		VALUES ($1, $2, $3, $4, 'Beitrag', $5, $6, $6) RETURNING id`, consultationID, org.ID, author.ID, kind, rating, w.clk.t)
}

// notices returns a user's notifications of one kind, newest first.
func (w *consultationWorld) notices(u accounts.User, kind string) []store.Notification {
	w.t.Helper()
	all, err := w.db.Notifications(context.Background(), u.ID, 100)
	if err != nil {
		w.t.Fatal(err)
	}
	var out []store.Notification
	for _, n := range all {
		if n.Kind == kind {
			out = append(out, n)
		}
	}
	return out
}

func TestRemindersGoToInvitedCommissionersWithoutStatement(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newConsultationWorld(t, db)
		now := w.clk.t
		day := 24 * time.Hour
		// Due: the deadline is in two days, 06.05.2026 12:00 Uhr in Berlin (summer time).
		due, dueC := w.consultation("Integration vor Ort", "consultation", now.Add(-10*day), time.Date(2026, 5, 6, 10, 0, 0, 0, time.UTC))
		w.consultation("Noch Zeit", "consultation", now.Add(-10*day), now.Add(5*day))
		w.consultation("Schon veröffentlicht", "published", now.Add(-10*day), now.Add(day))
		w.consultation("Kurze Frist", "consultation", now.Add(-day), now.Add(day)) // opened inside the window
		w.consultation("Abgelaufen", "consultation", now.Add(-10*day), now.Add(-time.Hour))
		// Ludwigsburg gave its statement; Stuttgart only commented.
		w.contribute(dueC, w.ludwigsburg, w.cLudwigsburg, "statement")
		w.contribute(dueC, w.stuttgart, w.cStuttgart, "comment")

		n, err := db.RemindConsultations(ctx)
		if err != nil || n != 1 {
			t.Fatalf("reminded %d consultations, %v; want 1", n, err)
		}
		got := w.notices(w.cStuttgart, "consultation_reminder")
		if len(got) != 1 {
			t.Fatalf("Stuttgart's reminders: %+v", got)
		}
		r := got[0]
		if r.Title != "Erinnerung: Beteiligung „Integration vor Ort“ endet am 06.05.2026 12:00 Uhr" {
			t.Errorf("title %q", r.Title)
		}
		if !strings.Contains(r.Body, "Ministerium für Soziales (Test)") || !strings.Contains(r.Body, "noch keine Gesamtstellungnahme") {
			t.Errorf("body %q", r.Body)
		}
		if want := "/programmes/" + strconv.FormatInt(due, 10) + "/consultation"; r.Link != want {
			t.Errorf("link %q, want %q", r.Link, want)
		}
		for _, u := range []accounts.User{w.cLudwigsburg, w.cFreudental, w.staff} {
			if got := w.notices(u, "consultation_reminder"); len(got) != 0 {
				t.Errorf("%s was reminded: %+v", u.Email, got)
			}
		}
		mails := pending(t, db)
		if len(mails) != 1 || mails[0].To != "stuttgart@example.de" || !strings.Contains(mails[0].Body, "https://teilhabe.example.org/programmes/"+strconv.FormatInt(due, 10)+"/consultation") {
			t.Fatalf("outbox: %+v", mails)
		}

		// Once only, also on the next run of the job.
		w.clk.advance(time.Hour)
		if n, err := db.RemindConsultations(ctx); err != nil || n != 0 {
			t.Fatalf("second run reminded %d, %v", n, err)
		}
		if got := w.notices(w.cStuttgart, "consultation_reminder"); len(got) != 1 {
			t.Errorf("Stuttgart has %d reminders after the second run", len(got))
		}
	})
}

func TestDigestTellsTheFunderWhatCameInSinceTheLastOne(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newConsultationWorld(t, db)
		opened := w.clk.t // 04.05.2026 10:00 Uhr in Berlin
		_, c := w.consultation("Integration vor Ort", "consultation", opened, opened.Add(20*24*time.Hour))
		if n, err := db.DigestContributions(ctx, time.Hour); err != nil || n != 0 {
			t.Fatalf("digest without contributions: %d, %v", n, err)
		}

		w.clk.advance(10 * time.Minute)
		w.contribute(c, w.stuttgart, w.cStuttgart, "comment")
		w.contribute(c, w.stuttgart, w.cStuttgart, "comment")
		w.contribute(c, w.stuttgart, w.cStuttgart, "statement")
		statement := w.contribute(c, w.ludwigsburg, w.cLudwigsburg, "statement")
		w.clk.advance(10 * time.Minute)
		if n, err := db.DigestContributions(ctx, time.Hour); err != nil || n != 1 {
			t.Fatalf("first digest: %d, %v", n, err)
		}
		for _, u := range []accounts.User{w.staff, w.staff2} {
			got := w.notices(u, "consultation_digest")
			if len(got) != 1 {
				t.Fatalf("%s: %d digests", u.Email, len(got))
			}
			d := got[0]
			if d.Title != "Neue Beiträge zur Beteiligung „Integration vor Ort“" {
				t.Errorf("title %q", d.Title)
			}
			want := "Seit 04.05.2026 10:00 Uhr gibt es in der Beteiligung zum Entwurf „Integration vor Ort“ neue Beiträge von 2 Kommunalverwaltungen:\n\n" +
				"– Landeshauptstadt Stuttgart (Test): 2 Kommentare, 1 Stellungnahme\n" +
				"– Landratsamt Ludwigsburg (Test): 1 Stellungnahme\n\n" +
				"Insgesamt: 2 Kommentare, 2 Stellungnahmen."
			if d.Body != want {
				t.Errorf("body:\n%s\nwant:\n%s", d.Body, want)
			}
		}
		if got := w.notices(w.cStuttgart, "consultation_digest"); len(got) != 0 {
			t.Errorf("a commissioner got the funder's digest")
		}
		if mails := pending(t, db); len(mails) != 2 {
			t.Errorf("digest mails: %+v", mails)
		}

		// Within the hour nothing more is sent; what came in waits for the next one.
		w.clk.advance(20 * time.Minute)
		w.contribute(c, w.ludwigsburg, w.cLudwigsburg, "comment")
		w.exec(`UPDATE contributions SET text = 'Überarbeitet', updated_at = $2 WHERE id = $1`, statement, w.clk.t)
		if n, err := db.DigestContributions(ctx, time.Hour); err != nil || n != 0 {
			t.Fatalf("digest within the hour: %d, %v", n, err)
		}
		w.clk.advance(time.Hour)
		if n, err := db.DigestContributions(ctx, time.Hour); err != nil || n != 1 {
			t.Fatalf("second digest: %d, %v", n, err)
		}
		got := w.notices(w.staff, "consultation_digest")
		want := "Seit 04.05.2026 10:20 Uhr gibt es in der Beteiligung zum Entwurf „Integration vor Ort“ neue Beiträge von 1 Kommunalverwaltung:\n\n" +
			"– Landratsamt Ludwigsburg (Test): 1 Kommentar, 1 überarbeitete Stellungnahme\n\n" +
			"Eine überarbeitete Stellungnahme braucht eine neue Antwort."
		if len(got) != 2 || got[0].Body != want {
			t.Fatalf("second digest:\n%+v\nwant body:\n%s", got, want)
		}
		w.clk.advance(2 * time.Hour)
		if n, err := db.DigestContributions(ctx, time.Hour); err != nil || n != 0 {
			t.Errorf("digest with nothing new: %d, %v", n, err)
		}
	})
}

// TestJobsOfSeveralInstancesTellOnce runs the jobs of three instances at once: every
// reminder and digest must still arrive once.
func TestJobsOfSeveralInstancesTellOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newConsultationWorld(t, db)
		now := w.clk.t
		_, c := w.consultation("Integration vor Ort", "consultation", now.Add(-10*24*time.Hour), now.Add(24*time.Hour))
		w.contribute(c, w.stuttgart, w.cStuttgart, "comment")
		w.clk.advance(time.Minute)
		var wg sync.WaitGroup
		for range 3 {
			wg.Go(func() {
				if _, err := db.RemindConsultations(ctx); err != nil {
					t.Error(err)
				}
				if _, err := db.DigestContributions(ctx, time.Hour); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if got := w.notices(w.cStuttgart, "consultation_reminder"); len(got) != 1 {
			t.Errorf("%d reminders", len(got))
		}
		if got := w.notices(w.staff, "consultation_digest"); len(got) != 1 {
			t.Errorf("%d digests", len(got))
		}
	})
}
