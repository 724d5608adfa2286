// Package accounts holds organisations, users, their memberships and roles, password
// and token handling, and the authorization policy every adapter goes through.
package accounts

import (
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// OrgKind is the kind of an organisation, as PRODUCT.md names them.
type OrgKind string

const (
	KindFunder       OrgKind = "funder"       // Fördermittelgeber
	KindMunicipality OrgKind = "municipality" // Kommunalverwaltung, linked to a region
	KindProvider     OrgKind = "provider"     // Träger
	KindNetwork      OrgKind = "network"      // Qualitätszirkel: Geschäftsstelle and members
	KindResearch     OrgKind = "research"     // Forschung
	KindPlatform     OrgKind = "platform"     // Plattformbetrieb: holds the platform admins
)

// OrgKinds lists the kinds in the order forms show them.
var OrgKinds = []OrgKind{KindFunder, KindMunicipality, KindProvider, KindNetwork, KindResearch, KindPlatform}

// FunderLevel is the level of a funder.
type FunderLevel string

const (
	FunderEU         FunderLevel = "eu"
	FunderBund       FunderLevel = "bund"
	FunderLand       FunderLevel = "land"
	FunderKommune    FunderLevel = "kommune"
	FunderFoundation FunderLevel = "stiftung"
)

// FunderLevels in order of scope.
var FunderLevels = []FunderLevel{FunderEU, FunderBund, FunderLand, FunderKommune, FunderFoundation}

// ProviderType is the type of a Träger.
type ProviderType string

const (
	ProviderLanguageCourse ProviderType = "sprachkurstraeger" // Sprach- und Integrationskursträger
	ProviderKIZ            ProviderType = "kommunales_integrationszentrum"
	ProviderWelfare        ProviderType = "wohlfahrtsverband"
	ProviderCivilSociety   ProviderType = "zivilgesellschaft" // zivilgesellschaftliche Initiative
	ProviderMigrantOrg     ProviderType = "migrantenorganisation"
	ProviderEducation      ProviderType = "bildungstraeger"
)

// ProviderTypes in the order forms show them.
var ProviderTypes = []ProviderType{ProviderLanguageCourse, ProviderKIZ, ProviderWelfare, ProviderCivilSociety, ProviderMigrantOrg, ProviderEducation}

// Organisation is a funder, municipal administration, provider, network body,
// research institution or the platform operator.
type Organisation struct {
	ID           int64
	Kind         OrgKind
	Name         string
	FunderLevel  FunderLevel  // funders only
	ProviderType ProviderType // providers only
	RegionKey    string       // municipal administrations: the region they administer; others: seat
	Description  string
	Website      string
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Validate checks the fields that depend on the kind. Whether the region key names a
// region needs the database; the use cases check that too.
func (o *Organisation) Validate() error {
	o.Name = strings.TrimSpace(o.Name)
	var fields []teilhabe.FieldError
	if o.Name == "" {
		fields = append(fields, teilhabe.Field("name", "required"))
	}
	if !contains(OrgKinds, o.Kind) {
		fields = append(fields, teilhabe.FieldMsg("kind", "invalid", "accounts.fielderror.kind"))
	}
	if o.Kind == KindFunder && !contains(FunderLevels, o.FunderLevel) {
		fields = append(fields, teilhabe.Field("funder_level", "required"))
	}
	if o.Kind != KindFunder {
		o.FunderLevel = ""
	}
	if o.Kind == KindProvider && !contains(ProviderTypes, o.ProviderType) {
		fields = append(fields, teilhabe.Field("provider_type", "required"))
	}
	if o.Kind != KindProvider {
		o.ProviderType = ""
	}
	if o.Kind == KindMunicipality && o.RegionKey == "" {
		fields = append(fields, teilhabe.Field("region_key", "required"))
	}
	if len(fields) > 0 {
		return teilhabe.Invalid("accounts.error.organisation_incomplete", fields...)
	}
	return nil
}

// OrganisationFilter selects organisations of the directory; zero fields do not
// filter. Name matches the whole name exactly (the CLI and the demo find an
// organisation by it).
type OrganisationFilter struct {
	Kind      OrgKind
	RegionKey string
	Name      string
}

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
