package accounts

import (
	"context"
	"errors"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// The public directory of organisations, and the platform admins' use cases that
// create and change its entries.

// Organisations lists the organisations that match f, by name: the public
// directory, for everyone.
func (s *Service) Organisations(ctx context.Context, f OrganisationFilter) ([]Organisation, error) {
	return s.store.Organisations(ctx, f)
}

// CountOrganisations counts the organisations of the directory, for the home page.
func (s *Service) CountOrganisations(ctx context.Context) (int, error) {
	return s.store.CountOrganisations(ctx)
}

// OrganisationsIn lists the organisations working in a region (by its key), by name.
func (s *Service) OrganisationsIn(ctx context.Context, regionKey string) ([]Organisation, error) {
	return s.store.Organisations(ctx, OrganisationFilter{RegionKey: regionKey})
}

// OrganisationView is an organisation's public page: the entry, its region and, for
// those who may see them, its members.
type OrganisationView struct {
	Organisation Organisation
	Region       *RegionRef
	ShowMembers  bool // the caller may see the members (even when there are none)
	Members      []Member
}

// Organisation returns an organisation's page. Who works where is shown to the
// organisation's own members and to platform admins only. Errors: ENOTFOUND.
func (s *Service) Organisation(ctx context.Context, id int64) (OrganisationView, error) {
	o, err := s.store.Organisation(ctx, id)
	if err != nil {
		return OrganisationView{}, notFound(err, errNoOrganisation, id)
	}
	v := OrganisationView{Organisation: o}
	if o.RegionKey != "" {
		names, err := s.store.Regions(ctx, []string{o.RegionKey})
		if err != nil {
			return v, err
		}
		if r, ok := names[o.RegionKey]; ok {
			v.Region = &r
		}
	}
	if CanSeeMembers(PrincipalFrom(ctx), o.ID) {
		v.ShowMembers = true
		v.Members, err = s.store.Members(ctx, o.ID)
	}
	return v, err
}

// OrganisationToEdit returns an organisation for the admins' form.
// Errors: EUNAUTHORIZED, EFORBIDDEN, ENOTFOUND.
func (s *Service) OrganisationToEdit(ctx context.Context, id int64) (Organisation, error) {
	if err := mayAdminister(PrincipalFrom(ctx), ActAdminOrganisations); err != nil {
		return Organisation{}, err
	}
	o, err := s.store.Organisation(ctx, id)
	return o, notFound(err, errNoOrganisation, id)
}

// CreateOrganisation adds an organisation to the directory and returns it.
// Errors: EUNAUTHORIZED, EFORBIDDEN, EINVALID (every field at once, an unknown
// region key included; the name is taken).
func (s *Service) CreateOrganisation(ctx context.Context, o Organisation) (Organisation, error) {
	if err := mayAdminister(PrincipalFrom(ctx), ActAdminOrganisations); err != nil {
		return o, err
	}
	err := s.store.Update(ctx, func(tx Tx) error {
		if err := validateOrganisation(ctx, tx, &o); err != nil {
			return err
		}
		o.CreatedAt, o.UpdatedAt = tx.Now(), tx.Now()
		if err := tx.CreateOrganisation(ctx, &o); errors.Is(err, ErrTaken) {
			return errNameTaken()
		} else if err != nil {
			return err
		}
		return tx.Audit(ctx, "organisation", o.ID, "create", nil, o)
	})
	return o, err
}

// UpdateOrganisation stores the changed fields of an organisation and returns it.
// Errors: EUNAUTHORIZED, EFORBIDDEN, ENOTFOUND, EINVALID (as CreateOrganisation).
func (s *Service) UpdateOrganisation(ctx context.Context, o Organisation) (Organisation, error) {
	if err := mayAdminister(PrincipalFrom(ctx), ActAdminOrganisations); err != nil {
		return o, err
	}
	err := s.store.Update(ctx, func(tx Tx) error {
		before, err := tx.Organisation(ctx, o.ID)
		if err != nil {
			return notFound(err, errNoOrganisation, o.ID)
		}
		if err := validateOrganisation(ctx, tx, &o); err != nil {
			return err
		}
		o.CreatedAt, o.UpdatedAt = before.CreatedAt, tx.Now()
		if err := tx.UpdateOrganisation(ctx, &o); errors.Is(err, ErrTaken) {
			return errNameTaken()
		} else if err != nil {
			return err
		}
		return tx.Audit(ctx, "organisation", o.ID, "update", before, o)
	})
	return o, err
}

func errNameTaken() error {
	return teilhabe.Invalid("accounts.error.organisation_taken", teilhabe.FieldMsg("name", "taken", "accounts.error.organisation_taken"))
}

// validateOrganisation checks o's fields and that its region key names a region,
// and reports both at once.
func validateOrganisation(ctx context.Context, r Reader, o *Organisation) error {
	err := o.Validate()
	if o.RegionKey == "" {
		return err
	}
	known, rerr := r.RegionExists(ctx, o.RegionKey)
	if rerr != nil {
		return rerr
	} else if known {
		return err
	}
	unknown := teilhabe.Invalid("accounts.error.region_unknown",
		teilhabe.FieldMsg("region_key", "invalid", "accounts.error.region_unknown", "Key", o.RegionKey))
	return joinInvalid("accounts.error.organisation_incomplete", err, unknown)
}
