package audit_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/audit"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// The log lists the newest events first, filtered by entity and id, a page at a
// time, for platform admins only.
func TestListNewestFirstForAdmins(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		log := audit.NewService(db.Audit())
		a := storetest.Organisation(t, db, accounts.Organisation{Kind: accounts.KindResearch, Name: "Institut A"})
		b := storetest.Organisation(t, db, accounts.Organisation{Kind: accounts.KindResearch, Name: "Institut B"})
		staff := storetest.User(t, db, accounts.NewUser{Email: "b@example.de", Name: "B"}, accounts.Membership{Organisation: b, Role: accounts.RoleReviewer})

		all, err := log.List(storetest.System(), audit.Filter{Entity: "organisation"})
		if err != nil || len(all) != 2 || all[0].EntityID != itoa(b.ID) || all[1].EntityID != itoa(a.ID) {
			t.Fatalf("organisation events = %+v, %v", all, err)
		}
		if e := all[0]; e.Action != "create" || e.Actor != "test" || e.ActorID != 0 || e.Before != "" || e.After == "" || e.At.IsZero() {
			t.Errorf("event = %+v", e)
		}
		if one, _ := log.List(storetest.System(), audit.Filter{Entity: "organisation", EntityID: itoa(a.ID)}); len(one) != 1 || one[0].EntityID != itoa(a.ID) {
			t.Errorf("by id: %+v", one)
		}
		if page, _ := log.List(storetest.System(), audit.Filter{Limit: 1}); len(page) != 1 || page[0].Entity != "membership" {
			t.Errorf("one event, the newest: %+v", page)
		}
		if _, err := log.List(storetest.As(t, db, staff.ID), audit.Filter{}); teilhabe.ErrorCode(err) != teilhabe.EFORBIDDEN {
			t.Errorf("as a reviewer: %v", err)
		}
		if _, err := log.List(context.Background(), audit.Filter{}); teilhabe.ErrorCode(err) != teilhabe.EUNAUTHORIZED {
			t.Errorf("anonymous: %v", err)
		}
	})
}

func TestFilterSize(t *testing.T) {
	for limit, want := range map[int]int{0: audit.DefaultLimit, -1: audit.DefaultLimit, 1: 1, audit.MaxLimit: audit.MaxLimit, audit.MaxLimit + 1: audit.DefaultLimit} {
		if got := (audit.Filter{Limit: limit}).Size(); got != want {
			t.Errorf("Size of %d = %d, want %d", limit, got, want)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
