package grants_test

import (
	"sync"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/grants"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

func TestApprovalCreatesTheGrant(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		g := w.approved("Elternkurse Nord", 30000, 24000)
		v, err := w.svc.Get(w.as(w.staff), g.ID)
		if err != nil {
			t.Fatal(err)
		}
		if v.Amount != eur(24000) || v.Plan.Requested != eur(24000) || v.Conditions != "Teilnehmerlisten führen." {
			t.Errorf("grant = %d, plan requests %d, conditions %q; want the reduced approval", v.Amount, v.Plan.Requested, v.Conditions)
		}
		if v.FunderLevel != "land" || v.FinancingType != "share" || v.ProviderName != "Sprachschule Neckar" || len(v.RegionKeys) != 1 {
			t.Errorf("grant = %+v", v.Grant)
		}
		// 1 Sep 2026 – 31 Aug 2027: an interim report on 2026 by 30 April 2027, the
		// final one by the end of February 2028.
		if len(v.Duties) != 2 || v.Duties[0].On != time.Date(2027, 4, 30, 0, 0, 0, 0, time.UTC) ||
			v.Duties[1].On != time.Date(2028, 2, 29, 0, 0, 0, 0, time.UTC) {
			t.Errorf("duties = %+v", v.Duties)
		}
		if !v.CanRequest || v.CanManage || v.Totals.Available != eur(24000) {
			t.Errorf("provider: request %v, manage %v, available %d", v.CanRequest, v.CanManage, v.Totals.Available)
		}
	})
}

func TestWhoSeesAGrant(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		g := w.approved("Elternkurse Nord", 20000, 20000)
		for _, c := range []struct {
			name string
			ctx  func() any
			sees bool
		}{
			{"provider", nil, true}, {"funder staff", nil, true}, {"commissioner of Stuttgart", nil, true},
			{"other provider", nil, false}, {"other funder", nil, false}, {"commissioner of Ludwigsburg", nil, false}, {"reviewer", nil, false},
		} {
			u := map[string]int64{"provider": w.staff.ID, "funder staff": w.funderStaff.ID, "commissioner of Stuttgart": w.stuttgart.ID,
				"other provider": w.otherStaff.ID, "other funder": w.otherFunder.ID, "commissioner of Ludwigsburg": w.ludwigsburg.ID, "reviewer": w.reviewer.ID}[c.name]
			ctx := storetest.As(t, db, u)
			_, err := w.svc.Get(ctx, g.ID)
			list, total, lerr := w.svc.List(ctx, grants.Filter{})
			if lerr != nil {
				t.Fatal(lerr)
			}
			if c.sees {
				if err != nil || total != 1 || len(list) != 1 {
					t.Errorf("%s: get %v, list %d", c.name, err, total)
				}
				continue
			}
			wantErr(t, c.name, err, teilhabe.ENOTFOUND, "grants.error.not_found")
			if total != 0 {
				t.Errorf("%s lists %d grants", c.name, total)
			}
			// Asking for money of a grant one cannot see is the same not found.
			_, err = w.svc.RequestPayment(ctx, g.ID, grants.PaymentInput{Amount: eur(1)})
			wantErr(t, c.name+" requests", err, teilhabe.ENOTFOUND, "grants.error.not_found")
		}
		_, err := w.svc.Get(w.as(w.staff), g.ID+1000)
		wantErr(t, "missing grant", err, teilhabe.ENOTFOUND, "grants.error.not_found")
		// The commissioner reads the grant but neither requests nor pays.
		_, err = w.svc.RequestPayment(w.as(w.stuttgart), g.ID, grants.PaymentInput{Amount: eur(1)})
		wantErr(t, "commissioner requests", err, teilhabe.EFORBIDDEN, "")
	})
}

func TestPaymentsFromRequestToPayout(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		g := w.approved("Elternkurse Nord", 20000, 20000)
		prov, fund := w.as(w.staff), w.as(w.funderStaff)
		first, err := w.svc.RequestPayment(prov, g.ID, grants.PaymentInput{Amount: eur(12000), Text: "Honorare September bis Dezember"})
		if err != nil {
			t.Fatal(err)
		}
		// 8,000 € are left while the 12,000 € wait: more is refused and writes nothing.
		_, err = w.svc.RequestPayment(prov, g.ID, grants.PaymentInput{Amount: eur(9000)})
		wantErr(t, "beyond the grant", err, teilhabe.EINVALID, "grants.error.payment_invalid")
		if f := teilhabe.AsError(err).Fields; len(f) != 1 || f[0].Field != "amount" || f[0].Args["Available"] != eur(8000) {
			t.Errorf("fields = %+v", f)
		}
		// The provider does not release their own request.
		_, err = w.svc.DecidePayment(prov, g.ID, first.ID, grants.PaymentInput{Amount: eur(12000)})
		wantErr(t, "provider releases", err, teilhabe.EFORBIDDEN, "")
		_, err = w.svc.DecidePayment(fund, g.ID, first.ID, grants.PaymentInput{Amount: eur(10000)})
		wantErr(t, "reduced without reason", err, teilhabe.EINVALID, "grants.error.payment_invalid")
		released, err := w.svc.DecidePayment(fund, g.ID, first.ID, grants.PaymentInput{Amount: eur(10000), Text: "Dezember noch nicht fällig", Revision: first.Revision})
		if err != nil {
			t.Fatal(err)
		}
		// A second release of the same request, from a page that showed it waiting.
		_, err = w.svc.DecidePayment(fund, g.ID, first.ID, grants.PaymentInput{Amount: eur(10000), Text: "x", Revision: first.Revision})
		wantErr(t, "stale release", err, teilhabe.ECONFLICT, "grants.error.changed")
		if _, err := w.svc.Pay(fund, g.ID, released.ID, time.Date(2026, 9, 15, 0, 0, 0, 0, time.UTC), released.Revision); err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.Pay(fund, g.ID, released.ID, time.Date(2026, 9, 16, 0, 0, 0, 0, time.UTC), 0)
		wantErr(t, "paid twice", err, teilhabe.ECONFLICT, "grants.error.payment_not_released")
		v, err := w.svc.Get(prov, g.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := grants.Totals{Amount: eur(20000), Paid: eur(10000), Available: eur(10000)}
		if v.Totals != want || v.Paid != eur(10000) {
			t.Errorf("totals = %+v, grant paid %d; want %+v", v.Totals, v.Paid, want)
		}
		if p := v.Ledger.Payments[0]; p.Status != grants.PaymentPaid || p.PaidOn != time.Date(2026, 9, 15, 0, 0, 0, 0, time.UTC) || p.Reason != "Dezember noch nicht fällig" {
			t.Errorf("payment = %+v", p)
		}
		var n int
		if err := db.Reader().QueryRow(`SELECT COUNT(*) FROM notifications WHERE kind = 'grant_payment'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 3 { // the request to the funder's staff, the release and the payout to the provider's
			t.Errorf("%d payment notices, want 3", n)
		}
	})
}

// Two requests at once for the last money of a grant: one gets it, the other is
// told what is left, and the ledger stays within the grant.
func TestConcurrentRequestsStayWithinTheGrant(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		g := w.approved("Elternkurse Nord", 20000, 20000)
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range errs {
			wg.Go(func() {
				_, errs[i] = w.svc.RequestPayment(w.as(w.staff), g.ID, grants.PaymentInput{Amount: eur(15000)})
			})
		}
		wg.Wait()
		if (errs[0] == nil) == (errs[1] == nil) {
			t.Fatalf("errors %v, %v; want exactly one refused", errs[0], errs[1])
		}
		v, err := w.svc.Get(w.as(w.staff), g.ID)
		if err != nil {
			t.Fatal(err)
		}
		if v.Totals.Pending != eur(15000) || v.Totals.Available != eur(5000) {
			t.Errorf("totals = %+v", v.Totals)
		}
	})
}
