// Package demo loads the demo scenario: the real regions from the Gemeindeverzeichnis,
// real statistics from the Regionalstatistik, and invented organisations and users,
// so that every role can be tried out.
package demo

import (
	"context"
	"fmt"

	"github.com/teilhabe/teilhabe/data"
	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Password is the password of every demo user. It is public (printed and in the
// README): a demo database must never hold real work.
const Password = "Teilhabe-Demo-2026"

// EmailDomain is reserved (RFC 2606 .invalid), so no demo mail can reach anyone.
const EmailDomain = "demo.teilhabe.invalid"

type demoOrg struct {
	accounts.Organisation
	users []demoUser
}

type demoUser struct {
	local, name string
	role        accounts.Role
}

// scenario is invented: the organisations carry "(Demo)" so nobody mistakes them for
// the real institutions of those places.
var scenario = []demoOrg{
	{accounts.Organisation{Kind: accounts.KindFunder, FunderLevel: accounts.FunderBund, Name: "Bundesprogrammstelle Integration (Demo)", RegionKey: regions.KeyBund,
		Description: "Fördert bundesweit Vorhaben der Integrationsarbeit."},
		[]demoUser{{"funder_staff", "Frieda Förster", accounts.RoleFunderStaff}, {"reviewer", "Gerd Gutachter", accounts.RoleReviewer}}},
	{accounts.Organisation{Kind: accounts.KindFunder, FunderLevel: accounts.FunderLand, Name: "Landesförderstelle Integration Baden-Württemberg (Demo)", RegionKey: "08",
		Description: "Fördert Sprachkurse und Integrationsarbeit in Baden-Württemberg."},
		[]demoUser{{"funder_staff.bw", "Lena Land", accounts.RoleFunderStaff}, {"reviewer.bw", "Rita Rat", accounts.RoleReviewer}}},
	{accounts.Organisation{Kind: accounts.KindFunder, FunderLevel: accounts.FunderFoundation, Name: "Stiftung Zusammenhalt (Demo)",
		Description: "Eine Stiftung für gesellschaftlichen Zusammenhalt."},
		[]demoUser{{"funder_staff.stiftung", "Stefan Stift", accounts.RoleFunderStaff}}},
	{accounts.Organisation{Kind: accounts.KindMunicipality, Name: "Landeshauptstadt Stuttgart – Integrationspolitik (Demo)", RegionKey: "08111000"},
		[]demoUser{{"commissioner", "Ayşe Yilmaz", accounts.RoleCommissioner}}},
	{accounts.Organisation{Kind: accounts.KindMunicipality, Name: "Landratsamt Ludwigsburg – Integration (Demo)", RegionKey: "08118"},
		[]demoUser{{"commissioner.ludwigsburg", "Katrin Kreis", accounts.RoleCommissioner}, {"network_member", "Nils Netz", accounts.RoleNetworkMember}}},
	{accounts.Organisation{Kind: accounts.KindMunicipality, Name: "Gemeinde Freudental (Demo)", RegionKey: "08118016"},
		[]demoUser{{"commissioner.freudental", "Gabi Gemeinde", accounts.RoleCommissioner}}},
	{accounts.Organisation{Kind: accounts.KindProvider, ProviderType: accounts.ProviderLanguageCourse, Name: "Sprachschule am Neckar (Demo)", RegionKey: "08111000"},
		[]demoUser{{"provider_staff", "Paul Sprache", accounts.RoleProviderStaff}}},
	{accounts.Organisation{Kind: accounts.KindProvider, ProviderType: accounts.ProviderWelfare, Name: "Wohlfahrtsverband Neckar-Enz (Demo)", RegionKey: "08118"},
		[]demoUser{{"provider_staff.wohlfahrt", "Wilma Wohl", accounts.RoleProviderStaff}}},
	{accounts.Organisation{Kind: accounts.KindProvider, ProviderType: accounts.ProviderMigrantOrg, Name: "Brücken e. V. – Verein von Migrantinnen und Migranten (Demo)", RegionKey: "08111000"},
		[]demoUser{{"provider_staff.verein", "Mehmet Brückner", accounts.RoleProviderStaff}}},
	{accounts.Organisation{Kind: accounts.KindProvider, ProviderType: accounts.ProviderCivilSociety, Name: "Initiative Netz für alle (Demo)", RegionKey: "08118016",
		Description: "Ehrenamtliche bringen WLAN in Unterkünfte für Geflüchtete."},
		[]demoUser{{"provider_staff.initiative", "Ina Initiative", accounts.RoleProviderStaff}}},
	{accounts.Organisation{Kind: accounts.KindNetwork, Name: "Geschäftsstelle Qualitätszirkel Integrationspolitik (Demo)", RegionKey: "08111000",
		Description: "Koordiniert den bundesweiten Arbeitskreis kommunaler Qualitätszirkel zur Integrationspolitik."},
		[]demoUser{{"network_office", "Gustav Geschäftsstelle", accounts.RoleNetworkOffice}}},
	{accounts.Organisation{Kind: accounts.KindPlatform, Name: "Plattformbetrieb (Demo)"},
		[]demoUser{{"platform_admin", "Adele Admin", accounts.RolePlatformAdmin}}},
}

// Login is one demo user for the printed list.
type Login struct {
	Email, Name, Role, Organisation string
}

// Load fills db with the demo scenario. It refuses a database that is not a demo
// database, and it is idempotent: a second run finds everything in place.
func Load(ctx context.Context, db *store.DB) ([]Login, error) {
	kind, err := db.InstanceKind(ctx)
	if err != nil {
		return nil, err
	}
	if kind == "" {
		if empty, err := db.IsEmpty(ctx); err != nil {
			return nil, err
		} else if !empty {
			kind = store.InstanceProduction
		} else if kind, err = db.ClaimInstance(ctx, store.InstanceDemo); err != nil {
			return nil, err
		}
	}
	if kind != store.InstanceDemo {
		return nil, teilhabe.E(teilhabe.ECONFLICT, "demo.error.not_demo", "URL", db.URL())
	}
	// The demo loader runs from the command line and acts as it does: as the system,
	// through the same use cases.
	ctx = accounts.WithPrincipal(ctx, accounts.System("demo"))
	if err := loadRegions(ctx, db); err != nil {
		return nil, err
	}
	svc := accounts.NewService(db.Accounts())
	var logins []Login
	for _, o := range scenario {
		org, err := ensureOrg(ctx, svc, o.Organisation)
		if err != nil {
			return nil, fmt.Errorf("demo organisation %s: %w", o.Name, err)
		}
		for _, u := range o.users {
			email := u.local + "@" + EmailDomain
			if _, err := svc.UserByEmail(ctx, email); teilhabe.ErrorCode(err) == teilhabe.ENOTFOUND {
				_, _, err = svc.CreateUser(ctx, accounts.NewUser{Email: email, Name: u.name, Password: Password, Locale: "de"},
					accounts.MembershipInput{OrganisationID: org.ID, Role: string(u.role)})
				if err != nil {
					return nil, fmt.Errorf("demo user %s: %w", email, err)
				}
			} else if err != nil {
				return nil, err
			}
			logins = append(logins, Login{Email: email, Name: u.name, Role: string(u.role), Organisation: org.Name})
		}
	}
	if err := loadProgrammes(ctx, db); err != nil {
		return nil, err
	}
	if err := loadStatistics(ctx, db); err != nil {
		return nil, err
	}
	return logins, nil
}

func loadRegions(ctx context.Context, db *store.DB) error {
	if _, err := db.Region(ctx, "08111000"); err == nil {
		return nil
	}
	f, err := data.Gemeindeverzeichnis()
	if err != nil {
		return err
	}
	defer f.Close()
	asOf, _ := regions.DateFromFileName(data.GemeindeverzeichnisName)
	list, err := regions.ParseGemeindeverzeichnis(f, data.GemeindeverzeichnisName, asOf)
	if err != nil {
		return err
	}
	_, err = regions.NewService(db.Regions()).Import(accounts.WithPrincipal(ctx, accounts.System("demo")), list, data.GemeindeverzeichnisName)
	return err
}

func ensureOrg(ctx context.Context, svc *accounts.Service, o accounts.Organisation) (accounts.Organisation, error) {
	found, err := svc.Organisations(ctx, accounts.OrganisationFilter{Name: o.Name})
	if err != nil || len(found) > 0 {
		if len(found) > 0 {
			return found[0], nil
		}
		return o, err
	}
	return svc.CreateOrganisation(ctx, o)
}
