package grants

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// TestLedgerAddsUp plays random sequences of requests, releases (full, reduced,
// refused) and payouts, valid or not, against a grant of random size. After every
// step the ledger must add up: waiting + released + paid + available is the grant,
// nothing is committed beyond it, and a refused step changes nothing. rapid shrinks
// a failing sequence to the shortest one.
func TestLedgerAddsUp(t *testing.T) {
	at := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	rapid.Check(t, func(t *rapid.T) {
		l := Ledger{Amount: teilhabe.Cents(rapid.Int64Range(1, 50_000_000).Draw(t, "amount"))}
		paidModel := teilhabe.Cents(0)
		amount := func(label string) teilhabe.Cents {
			// Around the interesting edges: zero, negative, up to beyond the grant.
			return teilhabe.Cents(rapid.Int64Range(-100, int64(l.Amount)+100).Draw(t, label))
		}
		t.Repeat(map[string]func(*rapid.T){
			"request": func(t *rapid.T) {
				before := clone(l)
				a := amount("request")
				avail := l.Totals().Available
				_, err := l.Request(a, "Honorare", at, 1)
				if ok := a > 0 && a <= avail; ok != (err == nil) {
					t.Fatalf("request %d with %d available: err %v", a, avail, err)
				}
				if err != nil && !reflect.DeepEqual(before, l) {
					t.Fatal("a refused request changed the ledger")
				}
			},
			"approve": func(t *rapid.T) {
				if len(l.Payments) == 0 {
					t.Skip("no payment")
				}
				i := rapid.IntRange(0, len(l.Payments)-1).Draw(t, "payment")
				before := clone(l)
				a := amount("approve")
				reason := rapid.SampledFrom([]string{"", "Belege fehlen"}).Draw(t, "reason")
				err := l.Approve(i, a, reason, at, 2)
				p := before.Payments[i]
				ok := p.Status == PaymentRequested && a >= 0 && a <= p.Requested && (a == p.Requested || reason != "")
				if ok != (err == nil) {
					t.Fatalf("approve %d of %+v (reason %q): err %v", a, p, reason, err)
				}
				if err != nil && !reflect.DeepEqual(before, l) {
					t.Fatal("a refused release changed the ledger")
				}
			},
			"pay": func(t *rapid.T) {
				if len(l.Payments) == 0 {
					t.Skip("no payment")
				}
				i := rapid.IntRange(0, len(l.Payments)-1).Draw(t, "payment")
				before := clone(l)
				err := l.Pay(i, at)
				if ok := before.Payments[i].Status == PaymentApproved; ok != (err == nil) {
					t.Fatalf("pay %+v: err %v", before.Payments[i], err)
				}
				if err == nil {
					paidModel += l.Payments[i].Approved
				} else if !reflect.DeepEqual(before, l) {
					t.Fatal("a refused payout changed the ledger")
				}
			},
			"": func(t *rapid.T) {
				if err := l.Check(); err != nil {
					t.Fatal(err)
				}
				tot := l.Totals()
				if tot.Pending+tot.Released+tot.Paid+tot.Available != l.Amount || tot.Available < 0 {
					t.Fatalf("does not add up: %+v", tot)
				}
				if tot.Paid != paidModel {
					t.Fatalf("paid %d, the payouts made add up to %d", tot.Paid, paidModel)
				}
			},
		})
	})
}

func clone(l Ledger) Ledger {
	return Ledger{Amount: l.Amount, Payments: slices.Clone(l.Payments)}
}

func TestRequestErrorsNameTheField(t *testing.T) {
	l := Ledger{Amount: 1000_00}
	if _, err := l.Request(600_00, "", time.Now(), 1); err != nil {
		t.Fatal(err)
	}
	_, err := l.Request(500_00, "", time.Now(), 1)
	e := teilhabe.AsError(err)
	if e == nil || e.Code != teilhabe.EINVALID || len(e.Fields) != 1 || e.Fields[0].Field != "amount" || e.Fields[0].ID != "grants.error.request_too_high" {
		t.Fatalf("err = %#v", err)
	}
	if got := e.Fields[0].Args["Available"]; got != teilhabe.Cents(400_00) {
		t.Errorf("available = %v, want 400.00", got)
	}
}
