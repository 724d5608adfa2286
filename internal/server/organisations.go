package server

import (
	"context"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/store"
)

// organisationDirectory gives the region pages and the home page the organisations
// they show (regionsweb.Organisations, home.Organisations). It reads the store until
// the accounts capability's use cases provide the same.
type organisationDirectory struct{ db *store.DB }

// OrganisationsIn lists the organisations of a region, by name.
func (d organisationDirectory) OrganisationsIn(ctx context.Context, regionKey string) ([]accounts.Organisation, error) {
	return d.db.Organisations(ctx, store.OrganisationFilter{RegionKey: regionKey})
}

// CountOrganisations counts the organisations of the directory.
func (d organisationDirectory) CountOrganisations(ctx context.Context) (int, error) {
	orgs, err := d.db.Organisations(ctx, store.OrganisationFilter{})
	return len(orgs), err
}
