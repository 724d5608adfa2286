package programmes

import (
	"cmp"
	"slices"
)

// InvitedOrg is a municipal administration invited to a consultation, with the key of
// its region.
type InvitedOrg struct {
	OrganisationID int64
	RegionKey      string
}

// CountParticipation counts the invited municipal administrations and those that
// responded with at least one contribution, in total and per Land (the first two
// digits of the region key), sorted by Land key. landNames maps Land keys to names; a
// Land without a name shows its key.
//
// An administration is counted once however often it is listed. One that contributed
// but is missing from invited (its region or the invitation changed since) is counted
// as invited too, with the region of its contribution, so that responded never exceeds
// invited. Administrations whose region key has no Land come last, under the key "".
func CountParticipation(invited []InvitedOrg, contributions []Contribution, landNames map[string]string) Participation {
	region := make(map[int64]string, len(invited))
	for _, o := range invited {
		if _, ok := region[o.OrganisationID]; !ok {
			region[o.OrganisationID] = o.RegionKey
		}
	}
	responded := map[int64]bool{}
	for _, c := range contributions {
		if _, ok := region[c.OrganisationID]; !ok {
			region[c.OrganisationID] = c.RegionKey
		}
		responded[c.OrganisationID] = true
	}
	var p Participation
	lands := map[string]*LandParticipation{}
	for id, key := range region {
		lk := landKey(key)
		l := lands[lk]
		if l == nil {
			name := landNames[lk]
			if name == "" {
				name = lk
			}
			l = &LandParticipation{LandKey: lk, LandName: name}
			lands[lk] = l
		}
		l.Invited++
		p.Invited++
		if responded[id] {
			l.Responded++
			p.Responded++
		}
	}
	for _, l := range lands {
		p.PerLand = append(p.PerLand, *l)
	}
	slices.SortFunc(p.PerLand, func(a, b LandParticipation) int {
		if (a.LandKey == "") != (b.LandKey == "") {
			return cmp.Compare(b.LandKey, a.LandKey) // "" last
		}
		return cmp.Compare(a.LandKey, b.LandKey)
	})
	return p
}

// landKey is the Land part of an AGS/ARS region key: its first two digits, or "" when
// the key has none (such as "DG").
func landKey(regionKey string) string {
	if len(regionKey) < 2 || regionKey[0] < '0' || regionKey[0] > '9' || regionKey[1] < '0' || regionKey[1] > '9' {
		return ""
	}
	return regionKey[:2]
}
