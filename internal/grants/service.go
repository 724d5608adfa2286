package grants

import (
	"context"
	"slices"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/notify"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Service holds the use cases of grants.
type Service struct {
	store Store
}

// NewService returns the use cases on s.
func NewService(s Store) *Service { return &Service{store: s} }

// View is one grant as its page and the API show it: the ledger with its totals,
// the rules in force and the reporting duties they make.
type View struct {
	Grant
	Ledger Ledger
	Totals Totals
	Rules  Rules
	Duties []Due
	// What the caller may do here.
	CanRequest bool
	CanManage  bool
}

// errChanged answers a step on a payment someone else took since the page showed it.
var errChanged = teilhabe.E(teilhabe.ECONFLICT, "grants.error.changed")

// visible loads a grant for a caller who may see it.
func visible(ctx context.Context, r Reader, p *accounts.Principal, id int64) (Grant, error) {
	g, err := r.Grant(ctx, id)
	if teilhabe.ErrorCode(err) == teilhabe.ENOTFOUND || (err == nil && !CanView(p, &g)) {
		return Grant{}, ErrNotFound
	}
	return g, err
}

// RulesOf returns the programme's rules, or the federal defaults of the financing
// type when it has none of its own.
func RulesOf(ctx context.Context, r Reader, g *Grant) (Rules, error) {
	rules, err := r.Rules(ctx, g.ProgrammeID)
	if teilhabe.ErrorCode(err) == teilhabe.ENOTFOUND {
		return DefaultRules(g.FinancingType), nil
	}
	return rules, err
}

func view(ctx context.Context, r Reader, p *accounts.Principal, g Grant) (View, error) {
	v := View{Grant: g, CanRequest: Receives(p, &g), CanManage: Manages(p, &g)}
	pays, err := r.Payments(ctx, g.ID)
	if err != nil {
		return v, err
	}
	v.Ledger = Ledger{Amount: g.Amount, Payments: pays}
	v.Totals = v.Ledger.Totals()
	if v.Rules, err = RulesOf(ctx, r, &g); err != nil {
		return v, err
	}
	v.Duties = v.Rules.Duties(&g)
	return v, nil
}

// Get returns one grant with its ledger and duties. Errors: ENOTFOUND (also for a
// grant the caller may not see).
func (s *Service) Get(ctx context.Context, id int64) (View, error) {
	p := accounts.PrincipalFrom(ctx)
	g, err := visible(ctx, s.store, p, id)
	if err != nil {
		return View{}, err
	}
	return view(ctx, s.store, p, g)
}

// List returns a page of the grants the caller may see (the provider's own, those
// of the funder's programmes, those serving the commissioner's regions), newest
// approval first, with their total.
func (s *Service) List(ctx context.Context, f Filter) ([]Grant, int, error) {
	scope := applications.ScopeOf(accounts.PrincipalFrom(ctx))
	if scope.Empty() {
		return nil, 0, nil
	}
	if f.Limit <= 0 || f.Limit > MaxPage {
		f.Limit = MaxPage
	}
	f.Offset = max(f.Offset, 0)
	return s.store.List(ctx, scope, f)
}

// PaymentInput is a request for money, or the funder's release of one.
type PaymentInput struct {
	Amount teilhabe.Cents
	Text   string // the purpose of a request; the reason of a reduced release
	// Revision is the payment's revision the page showed (0: no check).
	Revision int
}

// RequestPayment asks for money from the grant (Mittelabruf), as its provider's
// staff: at most what is left of the grant after what is paid, released and still
// waiting. The funder's staff are told. Errors: ENOTFOUND, EINVALID.
func (s *Service) RequestPayment(ctx context.Context, grantID int64, in PaymentInput) (Payment, error) {
	p := accounts.PrincipalFrom(ctx)
	var out Payment
	err := s.store.Update(ctx, func(tx Tx) error {
		g, l, err := s.ledger(ctx, tx, p, grantID, Receives)
		if err != nil {
			return err
		}
		pay, err := l.Request(in.Amount, in.Text, tx.Now(), p.User.ID)
		if err != nil {
			return err
		}
		pay.GrantID = g.ID
		if err := tx.CreatePayment(ctx, pay); err != nil {
			return err
		}
		if err := l.Check(); err != nil { // a fault of the rules above, never of the user
			return err
		}
		out = *pay
		if err := tx.Audit(ctx, "grant_payment", pay.ID, "request", nil, pay); err != nil {
			return err
		}
		return tell(ctx, tx, &g, g.FunderID, accounts.RoleFunderStaff, pay)
	})
	return out, err
}

// DecidePayment releases a waiting request as the funder's staff: the requested
// sum, less with a reason, or nothing (refused) with a reason. The provider's staff
// are told. Errors: ENOTFOUND, ECONFLICT (decided already, changed since), EINVALID.
func (s *Service) DecidePayment(ctx context.Context, grantID, paymentID int64, in PaymentInput) (Payment, error) {
	return s.step(ctx, grantID, paymentID, in.Revision, "decide", func(l *Ledger, i int, now time.Time, by int64) error {
		return l.Approve(i, in.Amount, in.Text, now, by)
	})
}

// Pay marks a released payment as paid on the value date on, as the funder's
// staff. The provider's staff are told. Errors: ENOTFOUND, ECONFLICT (not released,
// paid already, changed since), EINVALID (no date).
func (s *Service) Pay(ctx context.Context, grantID, paymentID int64, on time.Time, revision int) (Payment, error) {
	return s.step(ctx, grantID, paymentID, revision, "pay", func(l *Ledger, i int, _ time.Time, _ int64) error {
		return l.Pay(i, on)
	})
}

// step is one of the funder's steps on a payment, in one transaction.
func (s *Service) step(ctx context.Context, grantID, paymentID int64, revision int, action string,
	do func(l *Ledger, i int, now time.Time, by int64) error) (Payment, error) {
	p := accounts.PrincipalFrom(ctx)
	var out Payment
	err := s.store.Update(ctx, func(tx Tx) error {
		g, l, err := s.ledger(ctx, tx, p, grantID, Manages)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(l.Payments, func(x Payment) bool { return x.ID == paymentID })
		if i < 0 {
			return ErrPaymentNotFound
		}
		before := l.Payments[i]
		if revision != 0 && revision != before.Revision {
			return errChanged
		}
		if err := do(&l, i, tx.Now(), p.User.ID); err != nil {
			return err
		}
		if err := l.Check(); err != nil { // a fault of the rules above, never of the user
			return err
		}
		pay := &l.Payments[i]
		if ok, err := tx.UpdatePayment(ctx, pay, before.Revision); err != nil {
			return err
		} else if !ok {
			return errChanged
		}
		pay.Revision = before.Revision + 1
		out = *pay
		if err := tx.Audit(ctx, "grant_payment", pay.ID, action, before, pay); err != nil {
			return err
		}
		return tell(ctx, tx, &g, g.ProviderID, accounts.RoleProviderStaff, pay)
	})
	return out, err
}

// ledger loads a visible grant's ledger, under its lock, for a caller allowed by
// may; to anyone else who sees the grant, a step on it is forbidden.
func (s *Service) ledger(ctx context.Context, tx Tx, p *accounts.Principal, id int64, may func(*accounts.Principal, *Grant) bool) (Grant, Ledger, error) {
	if err := tx.LockGrant(ctx, id); err != nil {
		return Grant{}, Ledger{}, err
	}
	g, err := visible(ctx, tx, p, id)
	if err != nil {
		return g, Ledger{}, err
	}
	if !may(p, &g) {
		return g, Ledger{}, teilhabe.E(teilhabe.EFORBIDDEN, "grants.error.forbidden")
	}
	pays, err := tx.Payments(ctx, id)
	return g, Ledger{Amount: g.Amount, Payments: pays}, err
}

// tell notifies the staff of the other side of a payment step, in-app and by mail.
func tell(ctx context.Context, tx Tx, g *Grant, orgID int64, role accounts.Role, pay *Payment) error {
	users, err := tx.Staff(ctx, orgID, string(role))
	if err != nil {
		return err
	}
	n := notify.GrantPayment{GrantID: g.ID, Grant: g.Title, Programme: g.ProgrammeTitle, Provider: g.ProviderName, Funder: g.FunderName, Step: string(pay.Status),
		Requested: int64(pay.Requested), Approved: int64(pay.Approved), Reason: pay.Reason, PaidOn: pay.PaidOn}
	return tx.Notify(ctx, users, n, true)
}
