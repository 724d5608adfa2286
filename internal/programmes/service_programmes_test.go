package programmes_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

func TestProgrammeLifecycleAndVersions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newFundingWorld(t, db)
		ctx, svc, id := w.staffCtx(), w.svc, w.programme.ID
		v, err := svc.Programme(ctx, id)
		got := v.Programme
		if err != nil || got.Status != programmes.StatusDraft || got.FunderName != "Landesförderstelle" || got.FunderLevel != accounts.FunderLand || got.Sections[1].Heading != "Antragsberechtigte" {
			t.Fatalf("created = %+v, %v", got, err)
		}
		if got.Version != 1 || got.Revision != 1 || !v.Can.Manage || v.Next != programmes.StatusConsultation || len(v.Regions) != 1 || v.Regions[0].Name != "Baden-Württemberg" {
			t.Errorf("view = %+v", v)
		}
		if mine, err := svc.Mine(ctx); err != nil || len(mine) != 1 || mine[0].ID != id {
			t.Errorf("the funder's desk = %+v, %v", mine, err)
		}
		// Skipping the consultation or going back is refused and changes nothing.
		for _, to := range []programmes.Status{programmes.StatusPublished, programmes.StatusArchived, programmes.StatusDraft} {
			_, err := svc.SetStatus(ctx, id, to, 0)
			wantErr(t, "draft → "+string(to), err, teilhabe.ECONFLICT, "programme.error.transition")
		}
		_, err = svc.SetStatus(ctx, id, "gone", 0)
		wantErr(t, "unknown status", err, teilhabe.EINVALID, "programme.error.status")
		// The step into consultation needs the invitation.
		_, err = svc.SetStatus(ctx, id, programmes.StatusConsultation, 0)
		wantErr(t, "consultation without invitation", err, teilhabe.ECONFLICT, "programme.error.consultation_needs_invitation")
		if _, err := svc.OpenConsultation(ctx, id, programmes.Consultation{Regions: []string{"08"}, Deadline: w.clock.Now().Add(72 * time.Hour)}, 0); err != nil {
			t.Fatal(err)
		}
		// Publishing before the deadline would cut the consultation short.
		_, err = svc.SetStatus(ctx, id, programmes.StatusPublished, 0)
		wantErr(t, "publish during consultation", err, teilhabe.ECONFLICT, "programme.error.consultation_running")
		if !strings.Contains(german(err), "läuft noch") {
			t.Errorf("publish during consultation says %q", german(err))
		}
		if v, _ := svc.Programme(ctx, id); v.WaitUntil.IsZero() || v.Versions != 0 {
			t.Errorf("during the consultation: wait until %v, %d versions", v.WaitUntil, v.Versions)
		}
		_, _, err = svc.Versions(ctx, id)
		wantErr(t, "versions of an unpublished programme", err, teilhabe.ENOTFOUND, "programme.error.no_versions")
		w.clock.Advance(73 * time.Hour)
		if p, err := svc.SetStatus(ctx, id, programmes.StatusPublished, 0); err != nil || p.PublishedAt.IsZero() {
			t.Fatalf("publish: %+v, %v", p, err)
		}
		// Applications need a call.
		_, err = svc.SetStatus(ctx, id, programmes.StatusApplications, 0)
		wantErr(t, "applications without a call", err, teilhabe.ECONFLICT, "programme.error.needs_call")
		// A change of the published programme needs a reason and makes version 2.
		p := w.load(id)
		p.Sections[0].Body = "Eltern und Großeltern lernen Deutsch.\n\nIn der Kita und in der Schule."
		p.Calls = []programmes.Call{{Title: "Aufruf 2027", OpensAt: w.clock.Now(), ClosesAt: w.clock.Now().Add(30 * 24 * time.Hour)}}
		_, err = svc.Update(ctx, id, p, " ", 0)
		wantErr(t, "change without a reason", err, teilhabe.EINVALID, "programme.error.change_note")
		if f := teilhabe.AsError(err).Fields; len(f) != 1 || f[0].Field != "change_note" {
			t.Errorf("fields = %+v", f)
		}
		// Every field at once: the missing reason together with what else is wrong.
		bad := p
		bad.Title, bad.RegionKeys = "", []string{"08", "99999"}
		_, err = svc.Update(ctx, id, bad, "", 0)
		wantErr(t, "invalid change", err, teilhabe.EINVALID, "")
		var fields []string
		for _, f := range teilhabe.AsError(err).Fields {
			fields = append(fields, f.Field+"/"+f.Code)
		}
		if strings.Join(fields, " ") != "title/required region_keys/unknown change_note/required" {
			t.Errorf("fields of the invalid change = %q", fields)
		}
		if updated, err := svc.Update(ctx, id, p, "Großeltern ergänzt, Aufruf 2027.", 0); err != nil || updated.Version != 2 || updated.ChangeNote != "Großeltern ergänzt, Aufruf 2027." {
			t.Fatalf("update = %+v, %v", updated, err)
		}
		_, versions, err := svc.Versions(ctx, id)
		if err != nil || len(versions) != 2 || versions[0].Number != 2 || versions[1].Number != 1 || versions[0].Note != "Großeltern ergänzt, Aufruf 2027." {
			t.Fatalf("versions = %+v, %v", versions, err)
		}
		if !strings.HasPrefix(versions[1].Programme.Sections[0].Body, "Eltern lernen") || !strings.HasPrefix(versions[0].Programme.Sections[0].Body, "Eltern und Großeltern") {
			t.Fatal("each version keeps its own text")
		}
		if versions[0].Actor != "staff@land.example" {
			t.Errorf("version 2 by %q, want the staff member who changed it", versions[0].Actor)
		}
		// The public reads the versions of a published programme too.
		if _, pub, err := svc.Versions(context.Background(), id); err != nil || len(pub) != 2 {
			t.Errorf("public versions = %d, %v", len(pub), err)
		}
		for _, to := range []programmes.Status{programmes.StatusApplications, programmes.StatusClosed, programmes.StatusArchived} {
			if _, err := svc.SetStatus(ctx, id, to, 0); err != nil {
				t.Fatalf("→ %s: %v", to, err)
			}
		}
		_, err = svc.Update(ctx, id, p, "zu spät", 0)
		wantErr(t, "changing an archived programme", err, teilhabe.ECONFLICT, "programme.error.archived")
		got = w.load(id)
		if got.Status != programmes.StatusArchived || got.Version != 2 || len(got.Calls) != 1 {
			t.Fatalf("final = %+v", got)
		}
		if v, _ := svc.Programme(ctx, id); v.Next != "" || v.Versions != 2 {
			t.Errorf("archived: next %q, %d versions", v.Next, v.Versions)
		}
		events := w.audit("programme")
		if len(events) != 6 { // create, published, update, applications, closed, archived
			t.Fatalf("%d audit events for the programme, want every change", len(events))
		}
		for _, e := range events {
			if e.ActorID != w.staff.ID {
				t.Errorf("audit event %s by %d (%s), want the staff member", e.Action, e.ActorID, e.Actor)
			}
		}
	})
}

func TestOnlyAnUnconsultedDraftCanBeDeleted(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newFundingWorld(t, db)
		ctx := w.staffCtx()
		other := w.programme
		other.ID, other.Title, other.Calls = 0, "Zweiter Entwurf", nil
		other, err := w.svc.Create(ctx, other)
		if err != nil {
			t.Fatal(err)
		}
		// Deleting what someone changed since the page was shown is refused.
		if _, err := w.svc.Update(w.as(w.staff2), other.ID, other, "", other.Revision); err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.Delete(ctx, other.ID, other.Revision)
		wantErr(t, "deleting a changed draft", err, teilhabe.ECONFLICT, "programme.error.changed")
		if deleted, err := w.svc.Delete(ctx, other.ID, 0); err != nil || deleted.Title != "Zweiter Entwurf" {
			t.Fatalf("delete = %+v, %v", deleted, err)
		}
		_, err = w.svc.Programme(ctx, other.ID)
		wantErr(t, "deleted draft", err, teilhabe.ENOTFOUND, "programme.error.not_found")
		var terms int
		if err := db.Reader().QueryRow(`SELECT COUNT(*) FROM programme_terms WHERE programme_id = $1`, other.ID).Scan(&terms); err != nil || terms != 0 {
			t.Fatalf("%d index terms left, %v", terms, err)
		}
		if _, err := w.svc.OpenConsultation(ctx, w.programme.ID, programmes.Consultation{Regions: []string{"08"}, Deadline: w.clock.Now().Add(time.Hour)}, 0); err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.Delete(ctx, w.programme.ID, 0)
		wantErr(t, "deleting a programme in consultation", err, teilhabe.ECONFLICT, "programme.error.delete")
		// Nor anything later: the commissioners saw it, so it stays on record.
		w.clock.Advance(2 * time.Hour)
		for _, to := range []programmes.Status{programmes.StatusPublished, programmes.StatusApplications} {
			if to == programmes.StatusApplications {
				p := w.load(w.programme.ID)
				p.Calls = []programmes.Call{{Title: "Aufruf", OpensAt: w.clock.Now(), ClosesAt: w.clock.Now().Add(time.Hour)}}
				if _, err := w.svc.Update(ctx, p.ID, p, "Aufruf ergänzt", 0); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := w.svc.SetStatus(ctx, w.programme.ID, to, 0); err != nil {
				t.Fatal(err)
			}
			_, err = w.svc.Delete(ctx, w.programme.ID, 0)
			wantErr(t, "deleting a "+string(to)+" programme", err, teilhabe.ECONFLICT, "programme.error.delete")
		}
		if p := w.load(w.programme.ID); p.Status != programmes.StatusApplications {
			t.Errorf("status after refused deletions = %s", p.Status)
		}
		found := false
		for _, e := range w.audit("programme") {
			found = found || (e.Action == "delete" && e.EntityID != "" && e.ActorID == w.staff.ID)
		}
		if !found {
			t.Error("the deletion is not in the audit log")
		}
	})
}

// TestTheFirstOfTwoEditsWinsAndTheSecondIsRefused: two funder staff open the same
// programme; what the second saves based on the older page must not overwrite the
// first's change unseen.
func TestTheFirstOfTwoEditsWinsAndTheSecondIsRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newFundingWorld(t, db)
		id := w.programme.ID
		frieda, gregor := w.as(w.staff), w.as(w.staff2)
		a, err := w.svc.Programme(frieda, id)
		if err != nil {
			t.Fatal(err)
		}
		b, err := w.svc.Programme(gregor, id)
		if err != nil {
			t.Fatal(err)
		}
		if a.Programme.Revision != b.Programme.Revision {
			t.Fatalf("revisions %d and %d", a.Programme.Revision, b.Programme.Revision)
		}
		rev := a.Programme.Revision

		first := a.Programme
		first.Summary = "Deutsch für Eltern, von Frieda."
		saved, err := w.svc.Update(frieda, id, first, "", rev)
		if err != nil || saved.Revision != rev+1 {
			t.Fatalf("first update = rev %d, %v", saved.Revision, err)
		}
		second := b.Programme
		second.Summary = "Deutsch für Eltern, von Gregor."
		second.Title = "Sprachkurse überall"
		_, err = w.svc.Update(gregor, id, second, "", rev)
		wantErr(t, "second update on the older revision", err, teilhabe.ECONFLICT, "programme.error.changed")
		if !strings.Contains(german(err), "nicht gespeichert") {
			t.Errorf("the refusal says %q", german(err))
		}
		got := w.load(id)
		if got.Summary != "Deutsch für Eltern, von Frieda." || got.Title != "Sprachkurse im Alltag" || got.Revision != rev+1 {
			t.Fatalf("stored = %q / %q rev %d, want the first edit", got.Title, got.Summary, got.Revision)
		}
		updates := 0
		for _, e := range w.audit("programme") {
			if e.Action == "update" {
				updates++
			}
		}
		if updates != 1 {
			t.Errorf("%d update events, want only the first edit's", updates)
		}

		// The other writes are refused on an outdated page just as well, and write
		// nothing: no consultation, no invitation.
		_, err = w.svc.OpenConsultation(gregor, id, programmes.Consultation{Regions: []string{"08"}, Deadline: w.clock.Now().Add(time.Hour)}, rev)
		wantErr(t, "consultation on the older revision", err, teilhabe.ECONFLICT, "programme.error.changed")
		if v, _ := w.svc.Programme(frieda, id); v.Consultation != nil || v.Programme.Status != programmes.StatusDraft {
			t.Fatalf("a refused opening left %+v", v.Consultation)
		}
		if n := notices(t, db, w.commiss["stuttgart"], "consultation_invited"); len(n) != 0 {
			t.Errorf("a refused opening invited: %+v", n)
		}
		_, err = w.svc.SetStatus(gregor, id, programmes.StatusConsultation, rev)
		wantErr(t, "status on the older revision", err, teilhabe.ECONFLICT, "programme.error.changed")
		_, err = w.svc.Delete(gregor, id, rev)
		wantErr(t, "deletion on the older revision", err, teilhabe.ECONFLICT, "programme.error.changed")
		// Reloaded, Gregor's change goes through.
		if _, err := w.svc.Update(gregor, id, second, "", rev+1); err != nil {
			t.Fatalf("update on the current revision: %v", err)
		}
		if _, err := w.svc.OpenConsultation(gregor, id, programmes.Consultation{Regions: []string{"08"}, Deadline: w.clock.Now().Add(time.Hour)}, rev+2); err != nil {
			t.Fatalf("consultation on the current revision: %v", err)
		}

		// Once published every change is a version: of two edits at once only the
		// first one's is kept, and no version of the refused one is written.
		w.clock.Advance(2 * time.Hour)
		if _, err := w.svc.SetStatus(frieda, id, programmes.StatusPublished, 0); err != nil {
			t.Fatal(err)
		}
		cur := w.load(id)
		n := 4
		results := make(chan error, n)
		var wg sync.WaitGroup
		for i := range n {
			ctx := frieda
			if i%2 == 1 {
				ctx = gregor
			}
			wg.Go(func() {
				p := cur
				p.Summary = "Fassung " + string(rune('A'+i))
				_, err := w.svc.Update(ctx, id, p, "Fassung "+string(rune('A'+i)), cur.Revision)
				results <- err
			})
		}
		wg.Wait()
		close(results)
		won := 0
		for err := range results {
			switch teilhabe.ErrorCode(err) {
			case "":
				won++
			case teilhabe.ECONFLICT:
			default:
				t.Errorf("concurrent update: %v", err)
			}
		}
		if won != 1 {
			t.Fatalf("%d of %d concurrent updates on one revision went through, want 1", won, n)
		}
		_, versions, err := w.svc.Versions(frieda, id)
		if err != nil || len(versions) != 2 || versions[0].Programme.Summary != w.load(id).Summary || versions[0].Note != versions[0].Programme.Summary {
			t.Fatalf("versions after the race = %+v, %v", versions, err)
		}
	})
}

// TestAccessIsDecidedInTheUseCase: a draft is the funder's; to everyone else it
// does not exist, word for word like a programme that does not; a published one is
// everyone's to read and only its funder's to change.
func TestAccessIsDecidedInTheUseCase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newFundingWorld(t, db)
		draft := w.programme
		bund := organisation(t, db, accounts.Organisation{Kind: accounts.KindFunder, FunderLevel: accounts.FunderBund, Name: "Bundesamt"})
		otherStaff := newUser(t, db, "staff@bund.example", "Bernd Bund", accounts.Membership{Organisation: bund, Role: accounts.RoleFunderStaff})
		provider := organisation(t, db, accounts.Organisation{Kind: accounts.KindProvider, ProviderType: accounts.ProviderWelfare, Name: "Caritas"})
		providerUser := newUser(t, db, "projekte@caritas.example", "Paula Projekt", accounts.Membership{Organisation: provider, Role: accounts.RoleProviderStaff})
		platform := organisation(t, db, accounts.Organisation{Kind: accounts.KindPlatform, Name: "Betrieb"})
		admin := newUser(t, db, "admin@example.de", "Anna Admin", accounts.Membership{Organisation: platform, Role: accounts.RolePlatformAdmin})
		reviewer := newUser(t, db, "gutachten@land.example", "Rita Review", accounts.Membership{Organisation: w.funder, Role: accounts.RoleReviewer})

		_, err := w.svc.Programme(w.staffCtx(), draft.ID+1000)
		wantErr(t, "a programme that does not exist", err, teilhabe.ENOTFOUND, "programme.error.not_found")
		nobody := teilhabe.AsError(err)

		outsiders := map[string]context.Context{"provider": w.as(providerUser), "other funder": w.as(otherStaff), "platform admin": w.as(admin),
			"public": context.Background(), "commissioner": w.as(w.commiss["stuttgart"])}
		hidden := func(stage string) {
			t.Helper()
			for who, ctx := range outsiders {
				_, err := w.svc.Programme(ctx, draft.ID)
				e := teilhabe.AsError(err)
				if e == nil || e.Code != "not_found" || e.MessageID() != nobody.MessageID() || german(err) != german(nobody) || len(e.Args) != 0 {
					t.Fatalf("%s: %s reads the draft: %v; want exactly %v", stage, who, err, nobody)
				}
				_, _, err = w.svc.Versions(ctx, draft.ID)
				wantErr(t, stage+": "+who+" reads the versions", err, teilhabe.ENOTFOUND, nobody.MessageID())
				_, err = w.svc.Consultation(ctx, draft.ID)
				wantErr(t, stage+": "+who+" reads the consultation", err, teilhabe.ENOTFOUND, nobody.MessageID())
				_, _, err = w.svc.Report(ctx, draft.ID)
				wantErr(t, stage+": "+who+" reads the report", err, teilhabe.ENOTFOUND, nobody.MessageID())
			}
		}
		hidden("draft")
		// Writes to a draft one cannot see meet the same answer and change nothing.
		bernd := w.as(otherStaff)
		changed := draft
		changed.Title = "Übernommen"
		_, err = w.svc.Update(bernd, draft.ID, changed, "", 0)
		wantErr(t, "another funder changes the draft", err, teilhabe.ENOTFOUND, nobody.MessageID())
		_, err = w.svc.SetStatus(bernd, draft.ID, programmes.StatusConsultation, 0)
		wantErr(t, "another funder moves the draft", err, teilhabe.ENOTFOUND, nobody.MessageID())
		_, err = w.svc.OpenConsultation(bernd, draft.ID, programmes.Consultation{Regions: []string{"08"}, Deadline: w.clock.Now().Add(time.Hour)}, 0)
		wantErr(t, "another funder opens a consultation", err, teilhabe.ENOTFOUND, nobody.MessageID())
		_, err = w.svc.Delete(bernd, draft.ID, 0)
		wantErr(t, "another funder deletes the draft", err, teilhabe.ENOTFOUND, nobody.MessageID())
		if got := w.load(draft.ID); got.Title != draft.Title || got.Revision != draft.Revision {
			t.Fatalf("the draft changed: %+v", got)
		}
		// The funder's reviewer reads the draft but may not change it.
		rita := w.as(reviewer)
		if v, err := w.svc.Programme(rita, draft.ID); err != nil || v.Can.Manage || !v.Can.Read {
			t.Errorf("reviewer: %+v, %v", v.Can, err)
		}
		_, err = w.svc.Update(rita, draft.ID, changed, "", 0)
		wantErr(t, "the reviewer changes the draft", err, teilhabe.EFORBIDDEN, "programme.error.manage")
		// Only a funder's staff create programmes, only for their funder.
		for who, ctx := range map[string]context.Context{"other funder": bernd, "provider": w.as(providerUser), "reviewer": rita} {
			_, err := w.svc.Create(ctx, draft)
			wantErr(t, who+" creates for the Land", err, teilhabe.EFORBIDDEN, "programme.error.funders_only")
		}
		_, err = w.svc.Create(context.Background(), draft)
		wantErr(t, "the public creates", err, teilhabe.EUNAUTHORIZED, "")
		_, err = w.svc.Mine(w.as(providerUser))
		wantErr(t, "a provider's desk", err, teilhabe.EFORBIDDEN, "programme.error.funders_only")
		if fs := w.svc.Funders(bernd); len(fs) != 1 || fs[0].ID != bund.ID {
			t.Errorf("Bernd's funders = %+v", fs)
		}

		// In consultation the invited commissioners see the draft; nobody else does.
		ctx := w.staffCtx()
		if _, err := w.svc.OpenConsultation(ctx, draft.ID, programmes.Consultation{Regions: []string{"08118"}, Deadline: w.clock.Now().Add(time.Hour)}, 0); err != nil {
			t.Fatal(err)
		}
		hidden("consultation")
		if v, err := w.svc.Programme(w.as(w.commiss["freudental"]), draft.ID); err != nil || !v.Can.Comment || v.Can.Manage {
			t.Errorf("invited commissioner: %+v, %v", v.Can, err)
		}

		// Published, everyone reads it; only its funder changes it.
		w.clock.Advance(2 * time.Hour)
		if _, err := w.svc.SetStatus(ctx, draft.ID, programmes.StatusPublished, 0); err != nil {
			t.Fatal(err)
		}
		for who, ctx := range outsiders {
			v, err := w.svc.Programme(ctx, draft.ID)
			if err != nil || v.Can.Manage || v.Next != "" {
				t.Errorf("%s reads the published programme: %+v, %v", who, v.Can, err)
			}
		}
		published := w.load(draft.ID)
		changed = published
		changed.Title = "Übernommen"
		_, err = w.svc.Update(bernd, draft.ID, changed, "Übernahme", 0)
		wantErr(t, "another funder changes the published programme", err, teilhabe.EFORBIDDEN, "programme.error.manage")
		_, err = w.svc.Update(bernd, draft.ID, changed, "Übernahme", published.Revision)
		wantErr(t, "another funder changes it on the current revision", err, teilhabe.EFORBIDDEN, "programme.error.manage")
		_, err = w.svc.SetStatus(bernd, draft.ID, programmes.StatusApplications, 0)
		wantErr(t, "another funder moves the published programme", err, teilhabe.EFORBIDDEN, "programme.error.manage")
		_, err = w.svc.Delete(bernd, draft.ID, 0)
		wantErr(t, "another funder deletes the published programme", err, teilhabe.EFORBIDDEN, "programme.error.manage")
		_, err = w.svc.Update(context.Background(), draft.ID, changed, "Übernahme", 0)
		wantErr(t, "the public changes the published programme", err, teilhabe.EFORBIDDEN, "programme.error.manage")
		if got := w.load(draft.ID); got.Title != "Sprachkurse im Alltag" || got.Version != 1 || got.Revision != published.Revision {
			t.Fatalf("the published programme changed: %+v", got)
		}
		// The consultation is for the funder and the invited.
		_, err = w.svc.Consultation(w.as(providerUser), draft.ID)
		wantErr(t, "a provider reads the consultation", err, teilhabe.EFORBIDDEN, "consultation.error.participants_only")
		if _, err := w.svc.Consultation(w.as(w.commiss["ludwigsburg"]), draft.ID); err != nil {
			t.Errorf("an invited commissioner reads the consultation: %v", err)
		}
	})
}
