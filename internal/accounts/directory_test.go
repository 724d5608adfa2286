package accounts_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// An organisation's page is public; who works there is shown to its own members
// and to platform admins only.
func TestMembersAreVisibleToMembersAndAdminsOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		colleague := w.user("kollegin@stuttgart.example", "Kora Kollegin", accounts.Membership{Organisation: w.stuttgart, Role: accounts.RoleNetworkMember})
		for who, ctx := range map[string]context.Context{"anonymous": nobody, "another organisation's staff": w.as(w.staff)} {
			v, err := w.svc.Organisation(ctx, w.stuttgart.ID)
			if err != nil || v.Organisation.Name != "Landeshauptstadt Stuttgart" || v.Region == nil || v.Region.Name != "Stuttgart, Landeshauptstadt" {
				t.Fatalf("%s: %+v, %v", who, v, err)
			}
			if v.ShowMembers || len(v.Members) != 0 {
				t.Errorf("%s sees the members: %+v", who, v.Members)
			}
		}
		for who, ctx := range map[string]context.Context{"a member": w.as(w.commissioner), "another member": w.as(colleague), "the admin": w.as(w.admin)} {
			v, err := w.svc.Organisation(ctx, w.stuttgart.ID)
			if err != nil || !v.ShowMembers {
				t.Fatalf("%s: %+v, %v", who, v, err)
			}
			var names []string
			for _, m := range v.Members {
				names = append(names, m.User.Name+" ("+string(m.Role)+")")
			}
			if !slices.Equal(names, []string{"Ayşe Yilmaz (commissioner)", "Kora Kollegin (network_member)"}) {
				t.Errorf("%s sees %v", who, names)
			}
		}
		// A disabled member no longer sees them.
		if err := w.svc.SetDisabled(w.as(w.admin), colleague.ID, true); err != nil {
			t.Fatal(err)
		}
		p, _ := db.Accounts().Principal(context.Background(), colleague.ID)
		if v, _ := w.svc.Organisation(accounts.WithPrincipal(context.Background(), p), w.stuttgart.ID); v.ShowMembers {
			t.Error("a disabled member sees the members")
		}
		_, err := w.svc.Organisation(nobody, 999999)
		wantErr(t, "a missing organisation", err, teilhabe.ENOTFOUND, "accounts.error.no_organisation")
		if got := read("de", err); got != "Organisation 999999 wurde nicht gefunden." {
			t.Errorf("German: %q", got)
		}

		list, err := w.svc.Organisations(nobody, accounts.OrganisationFilter{Kind: accounts.KindMunicipality})
		if err != nil || len(list) != 1 || list[0].ID != w.stuttgart.ID {
			t.Errorf("municipalities = %+v, %v", list, err)
		}
		if list, _ := w.svc.Organisations(nobody, accounts.OrganisationFilter{RegionKey: "08111000"}); len(list) != 1 {
			t.Errorf("in 08111000: %+v", list)
		}
	})
}

// An organisation's fields, its region key and its name are checked together.
func TestOrganisationValidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		admin := w.as(w.admin)
		_, err := w.svc.CreateOrganisation(admin, accounts.Organisation{Kind: accounts.KindProvider, Name: " ", RegionKey: "99999999"})
		if got := fieldCodes(err); !slices.Equal(got, []string{"name:required", "provider_type:required", "region_key:invalid"}) {
			t.Fatalf("fields = %v (%v)", got, err)
		}
		if got := read("de", err); !strings.Contains(got, "region_key: Das Gebiet mit dem Schlüssel 99999999 gibt es nicht.") {
			t.Errorf("German: %q", got)
		}
		_, err = w.svc.CreateOrganisation(admin, accounts.Organisation{Kind: accounts.KindMunicipality, Name: "Nirgendwo", RegionKey: "99999999"})
		wantErr(t, "only the region unknown", err, teilhabe.EINVALID, "accounts.error.region_unknown")
		_, err = w.svc.CreateOrganisation(admin, accounts.Organisation{Kind: accounts.KindResearch, Name: "Landeshauptstadt Stuttgart"})
		wantErr(t, "a taken name", err, teilhabe.EINVALID, "accounts.error.organisation_taken")

		o := w.provider
		o.Name = "Landeshauptstadt Stuttgart"
		_, err = w.svc.UpdateOrganisation(admin, o)
		wantErr(t, "renamed to a taken name", err, teilhabe.EINVALID, "accounts.error.organisation_taken")
		o.ID = 999999
		_, err = w.svc.UpdateOrganisation(admin, o)
		wantErr(t, "a missing organisation", err, teilhabe.ENOTFOUND, "accounts.error.no_organisation")
		o = w.provider
		o.Kind, o.FunderLevel, o.RegionKey = accounts.KindFunder, accounts.FunderLand, "08"
		saved, err := w.svc.UpdateOrganisation(admin, o)
		if err != nil || saved.ProviderType != "" || saved.CreatedAt.IsZero() {
			t.Fatalf("a provider becomes a funder: %+v, %v", saved, err)
		}
		if got, _ := w.svc.OrganisationToEdit(admin, o.ID); got.Kind != accounts.KindFunder || got.ProviderType != "" || got.RegionKey != "08" {
			t.Errorf("stored = %+v", got)
		}
	})
}

// The web UI and the API take their principals from sessions and tokens; only the
// command line (and what it runs) acts as the system.
func TestOnlyTheCommandLineActsAsTheSystem(t *testing.T) {
	for _, dir := range []string{"../web", "../api", "../server", "../httpx"} {
		err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			b, err := os.ReadFile(path)
			if err == nil && strings.Contains(string(b), "accounts.System(") {
				t.Errorf("%s creates the system principal", path)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
