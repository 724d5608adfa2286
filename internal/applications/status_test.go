package applications

import "testing"

func TestStateMachine(t *testing.T) {
	legal := map[[2]Status]bool{}
	for from, tos := range next {
		for _, to := range tos {
			legal[[2]Status{from, to}] = true
		}
	}
	// Every pair of statuses: only the declared steps pass, everything else is a
	// conflict, and a decided or withdrawn application goes nowhere.
	for _, from := range Statuses {
		for _, to := range Statuses {
			err := CheckTransition(from, to)
			if legal[[2]Status{from, to}] != (err == nil) {
				t.Errorf("%s → %s: %v", from, to, err)
			}
		}
	}
	for _, s := range []Status{StatusApproved, StatusRejected, StatusWithdrawn} {
		if !s.Final() {
			t.Errorf("%s is not final", s)
		}
	}
	for _, s := range []Status{StatusDraft, StatusSubmitted, StatusStatementsRequested, StatusStatementsReceived, StatusInReview} {
		if !CanMove(s, StatusWithdrawn) {
			t.Errorf("%s cannot be withdrawn", s)
		}
	}
	if CanMove(StatusDraft, StatusApproved) || CanMove(StatusSubmitted, StatusApproved) {
		t.Error("a decision skipped the review")
	}
}
