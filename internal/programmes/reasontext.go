package programmes

import "time"

// Sentence says why a programme fits, as the catalogue words it ("matchreason.<code>"):
// t translates a message id with key/value arguments (i18n.Localizer.T), name turns a
// code of a kind ("providertype", "actionfield", "targetgroup") into its display name,
// and when formats an instant for the reader. The web page and the API share it, so
// both say the same.
func (r Reason) Sentence(t func(id string, args ...any) string, when func(time.Time) string) string {
	region := func(k string) string {
		if n := r.Args[k+"_name"]; n != "" {
			return n
		}
		return r.Args[k]
	}
	instant := func(k string) string {
		at, err := time.Parse(time.RFC3339, r.Args[k])
		if err != nil {
			return r.Args[k]
		}
		return when(at)
	}
	code := r.Code
	if code == ReasonRegion && r.Args["programme_region"] == "DG" {
		code = "region_bund"
	}
	return t("matchreason."+code,
		"ProviderType", t("providertype."+r.Args["provider_type"]),
		"ActionField", t("actionfield."+r.Args["action_field"]),
		"TargetGroup", t("targetgroup."+r.Args["target_group"]),
		"ProgrammeRegion", region("programme_region"), "Region", region("region"),
		"Call", r.Args["call"], "ClosesAt", instant("closes_at"), "OpensAt", instant("opens_at"))
}
