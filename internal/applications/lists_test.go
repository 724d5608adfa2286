package applications_test

import (
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
)

// A commissioner's list holds the submitted applications serving their region,
// newest change first, counted once even when one serves several of its
// Gemeinden, and narrowed by status; drafts never show.
func TestACommissionersListIsNewestFirstAndFiltered(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		var ids []int64
		for i, regions := range [][]string{{"08111000"}, {"08111000", "08118016"}, {"08111000"}} {
			c := complete()
			c.RegionKeys = regions
			a, err := w.svc.Create(w.as(w.staff), w.call.ID, 0, c)
			if err != nil {
				t.Fatal(err)
			}
			w.clock.Advance(time.Minute)
			if i < 2 {
				if _, err := w.svc.Submit(w.as(w.staff), a.ID, a.Revision); err != nil {
					t.Fatal(err)
				}
			}
			ids = append(ids, a.ID)
		}
		ctx := w.as(w.stuttgart)
		list, total, err := w.svc.List(ctx, applications.Filter{})
		if err != nil || total != 2 || len(list) != 2 || list[0].ID != ids[1] || list[1].ID != ids[0] {
			t.Fatalf("list = %v (%d), %v; want %d then %d", list, total, err, ids[1], ids[0])
		}
		if len(list[0].RegionKeys) != 2 || list[0].ProviderName != w.provider.Name {
			t.Errorf("first item: %+v", list[0])
		}
		page, total, _ := w.svc.List(ctx, applications.Filter{Limit: 1, Offset: 1})
		if total != 2 || len(page) != 1 || page[0].ID != ids[0] {
			t.Errorf("second page = %v (%d)", page, total)
		}
		if _, err := w.svc.Withdraw(w.as(w.staff), ids[0], 0); err != nil {
			t.Fatal(err)
		}
		withdrawn, total, _ := w.svc.List(ctx, applications.Filter{Status: applications.StatusWithdrawn})
		if total != 1 || withdrawn[0].ID != ids[0] {
			t.Errorf("withdrawn = %v (%d)", withdrawn, total)
		}
		if none, total, _ := w.svc.List(ctx, applications.Filter{CallID: w.call.ID + 1000}); total != 0 || len(none) != 0 {
			t.Errorf("another call's list = %v", none)
		}
	})
}
