package applications

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/notify"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Co-applicants. Staff of the applying provider already share its drafts; a
// partner organisation (another provider) is invited by name or number and its
// provider staff then edit the application too. Only the applying provider invites
// and removes partners, and only while the application is a draft: what was
// submitted names who applied.

// MaxPartners bounds the partners of one application.
const MaxPartners = 20

// InvitePartner makes the provider organisation that ref names (its number, or its
// exact name, case aside) a co-applicant and tells its staff. Errors: ENOTFOUND,
// EFORBIDDEN (not the applying provider's staff), ECONFLICT (submitted), EINVALID
// (field "partner": unknown, ambiguous, not a provider, the applicant itself,
// already a partner, too many).
func (s *Service) InvitePartner(ctx context.Context, id int64, ref string) (Application, error) {
	ref = strings.TrimSpace(ref)
	invalid := func(code, msg string, args ...any) error {
		return teilhabe.Invalid("applications.error.partner", teilhabe.FieldMsg("partner", code, msg, args...))
	}
	var a Application
	err := s.partnerChange(ctx, id, func(tx Tx, cur *Application) (string, any, error) {
		if ref == "" || len(ref) > 300 {
			return "", nil, invalid("required", "applications.fielderror.partner_required")
		}
		found, err := tx.FindProviders(ctx, ref)
		if err != nil {
			return "", nil, err
		}
		switch {
		case len(found) == 0:
			return "", nil, invalid("unknown", "applications.fielderror.partner_unknown", "Ref", ref)
		case len(found) > 1:
			return "", nil, invalid("ambiguous", "applications.fielderror.partner_ambiguous", "Ref", ref, "Count", len(found))
		}
		org := found[0]
		switch {
		case org.Kind != accounts.KindProvider:
			return "", nil, invalid("not_provider", "applications.fielderror.partner_not_provider", "Name", org.Name)
		case org.ID == cur.ProviderID:
			return "", nil, invalid("self", "applications.fielderror.partner_self")
		case slices.ContainsFunc(cur.Partners, func(p Partner) bool { return p.ID == org.ID }):
			return "", nil, invalid("duplicate", "applications.fielderror.partner_duplicate", "Name", org.Name)
		case len(cur.Partners) >= MaxPartners:
			return "", nil, invalid("too_many", "applications.fielderror.partner_too_many", "Max", MaxPartners)
		}
		if err := tx.AddPartner(ctx, cur.ID, org.ID, accounts.PrincipalFrom(ctx).User.ID); err != nil {
			return "", nil, err
		}
		cur.Partners = append(cur.Partners, Partner{ID: org.ID, Name: org.Name})
		staff, err := tx.ProviderStaff(ctx, org.ID)
		if err != nil {
			return "", nil, err
		}
		n := notify.PartnerInvited{ApplicationID: cur.ID, Application: cur.Title, Provider: cur.ProviderName, Programme: cur.ProgrammeTitle}
		if err := tx.Notify(ctx, staff, n, true); err != nil {
			return "", nil, err
		}
		return "invite", Partner{ID: org.ID, Name: org.Name}, nil
	}, &a)
	return a, err
}

// RemovePartner takes a partner organisation off a draft. Errors: ENOTFOUND (also a
// partner the application does not have), EFORBIDDEN, ECONFLICT (submitted).
func (s *Service) RemovePartner(ctx context.Context, id, orgID int64) (Application, error) {
	var a Application
	err := s.partnerChange(ctx, id, func(tx Tx, cur *Application) (string, any, error) {
		i := slices.IndexFunc(cur.Partners, func(p Partner) bool { return p.ID == orgID })
		if i < 0 {
			return "", nil, teilhabe.E(teilhabe.ENOTFOUND, "applications.error.partner_not_found")
		}
		removed := cur.Partners[i]
		if err := tx.RemovePartner(ctx, cur.ID, orgID); err != nil {
			return "", nil, err
		}
		cur.Partners = slices.Delete(cur.Partners, i, i+1)
		return "remove", removed, nil
	}, &a)
	return a, err
}

// partnerChange loads the application for its lead provider's staff, checks that
// it is a draft, runs fn and records its audit event on the application's partners.
func (s *Service) partnerChange(ctx context.Context, id int64, fn func(Tx, *Application) (string, any, error), out *Application) error {
	p := accounts.PrincipalFrom(ctx)
	return s.store.Update(ctx, func(tx Tx) error {
		cur, err := tx.Application(ctx, id)
		if teilhabe.ErrorCode(err) == teilhabe.ENOTFOUND || (err == nil && !CanView(p, &cur)) {
			return ErrNotFound
		} else if err != nil {
			return err
		}
		if !Leads(p, &cur) {
			return teilhabe.E(teilhabe.EFORBIDDEN, "applications.error.partner_lead_only")
		}
		if cur.Status != StatusDraft {
			return teilhabe.E(teilhabe.ECONFLICT, "applications.error.frozen")
		}
		action, partner, err := fn(tx, &cur)
		if err != nil {
			return err
		}
		*out = cur
		return tx.Audit(ctx, "application_partner", cur.ID, action, nil, map[string]any{"partner": partner, "application": strconv.FormatInt(cur.ID, 10)})
	})
}
