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

// Validate checks the fields that depend on the kind.
func (o *Organisation) Validate() error {
	o.Name = strings.TrimSpace(o.Name)
	var fields []teilhabe.FieldError
	if o.Name == "" {
		fields = append(fields, teilhabe.FieldError{Field: "name", Code: "required", Message: "Bitte einen Namen angeben."})
	}
	if !contains(OrgKinds, o.Kind) {
		fields = append(fields, teilhabe.FieldError{Field: "kind", Code: "invalid", Message: "Bitte eine gültige Art der Organisation wählen."})
	}
	if o.Kind == KindFunder && !contains(FunderLevels, o.FunderLevel) {
		fields = append(fields, teilhabe.FieldError{Field: "funder_level", Code: "required", Message: "Bitte die Ebene des Fördermittelgebers wählen."})
	}
	if o.Kind != KindFunder {
		o.FunderLevel = ""
	}
	if o.Kind == KindProvider && !contains(ProviderTypes, o.ProviderType) {
		fields = append(fields, teilhabe.FieldError{Field: "provider_type", Code: "required", Message: "Bitte die Art des Trägers wählen."})
	}
	if o.Kind != KindProvider {
		o.ProviderType = ""
	}
	if o.Kind == KindMunicipality && o.RegionKey == "" {
		fields = append(fields, teilhabe.FieldError{Field: "region_key", Code: "required", Message: "Eine Kommunalverwaltung braucht ihr Gebiet (AGS/ARS)."})
	}
	if len(fields) > 0 {
		return teilhabe.Invalid("Die Organisation ist nicht vollständig.", fields...)
	}
	return nil
}

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
