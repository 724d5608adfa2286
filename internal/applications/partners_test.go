package applications_test

import (
	"testing"

	"github.com/teilhabe/teilhabe/internal/accounts"

	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

func TestAnInvitedPartnerEditsTheDraftUntilItIsRemoved(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		a, err := w.svc.Create(w.as(w.staff), w.call.ID, 0, complete())
		if err != nil {
			t.Fatal(err)
		}
		// Before the invitation the other provider does not know the draft exists.
		if _, err := w.svc.Get(w.as(w.otherStaff), a.ID); err != applications.ErrNotFound {
			t.Fatalf("partner before invitation: %v", err)
		}
		// Unknown, ambiguous-free but wrong kinds, and the applicant itself are refused per field.
		for ref, code := range map[string]string{"Gibt es nicht e. V.": "unknown", "Stadt Stuttgart": "not_provider", "sprachschule neckar": "self", "": "required"} {
			_, err := w.svc.InvitePartner(w.as(w.staff), a.ID, ref)
			e := teilhabe.AsError(err)
			if e == nil || len(e.Fields) != 1 || e.Fields[0].Field != "partner" || e.Fields[0].Code != code {
				t.Errorf("invite %q: %v; want partner %s", ref, err, code)
			}
		}
		a, err = w.svc.InvitePartner(w.as(w.staff), a.ID, "lernwerk ludwigsburg")
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Partners) != 1 || a.Partners[0].ID != w.other.ID {
			t.Fatalf("partners = %+v", a.Partners)
		}
		if _, err := w.svc.InvitePartner(w.as(w.staff), a.ID, "Lernwerk Ludwigsburg"); teilhabe.AsError(err) == nil {
			t.Error("a second invitation of the same partner was taken")
		}
		// The partner's staff are told, see it in their list, and edit it.
		if n := unreadNotices(t, w, w.otherStaff); n != 1 {
			t.Errorf("partner's staff have %d unread notices, want 1", n)
		}
		list, _, err := w.svc.List(w.as(w.otherStaff), applications.Filter{})
		if err != nil || len(list) != 1 || list[0].ID != a.ID {
			t.Fatalf("partner's list: %v %v", list, err)
		}
		c := complete()
		c.Title = "Deutsch im Stadtteil, gemeinsam"
		saved, err := w.svc.Save(w.as(w.otherStaff), a.ID, a.Revision, c)
		if err != nil || saved.Title != c.Title {
			t.Fatalf("partner saves: %v", err)
		}
		// Only the applying provider invites and removes partners.
		wantErr(t, "partner invites", ignore(w.svc.InvitePartner(w.as(w.otherStaff), a.ID, "Caritas Test")), teilhabe.EFORBIDDEN, "applications.error.partner_lead_only")
		if _, err := w.svc.RemovePartner(w.as(w.staff), a.ID, w.other.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Get(w.as(w.otherStaff), a.ID); err != applications.ErrNotFound {
			t.Fatalf("removed partner still sees the draft: %v", err)
		}
		// A submitted application keeps who applied.
		if _, err := w.svc.InvitePartner(w.as(w.staff), a.ID, "Caritas Test"); err != nil {
			t.Fatal(err)
		}
		cur, _ := w.svc.Get(w.as(w.staff), a.ID)
		if _, err := w.svc.Submit(w.as(w.staff), a.ID, cur.Revision); err != nil {
			t.Fatal(err)
		}
		wantErr(t, "remove after submission", ignore(w.svc.RemovePartner(w.as(w.staff), a.ID, w.welfare.ID)), teilhabe.ECONFLICT, "applications.error.frozen")
	})
}

func ignore[T any](_ T, err error) error { return err }

func unreadNotices(t *testing.T, w *world, u accounts.User) int {
	t.Helper()
	n, err := w.db.Notifications().UnreadNotifications(w.as(u), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
