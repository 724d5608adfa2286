package programmes

import (
	"reflect"
	"testing"
)

func TestCountParticipation(t *testing.T) {
	invited := []InvitedOrg{
		{1, "081110000000"}, // Stuttgart
		{2, "082220000000"}, // Mannheim
		{3, "09162000"},     // München
		{4, "05315000"},     // Köln
		{4, "05315000"},     // listed twice
		{5, "DG"},           // no Land
	}
	contributions := []Contribution{
		{OrganisationID: 1, RegionKey: "081110000000"},
		{OrganisationID: 1, RegionKey: "081110000000"}, // two contributions, one administration
		{OrganisationID: 4, RegionKey: "05315000"},
		{OrganisationID: 9, RegionKey: "05111000"}, // Düsseldorf, not in the list any more
	}
	names := map[string]string{"05": "Nordrhein-Westfalen", "08": "Baden-Württemberg"}
	got := CountParticipation(invited, contributions, names)
	want := Participation{
		Invited:   6,
		Responded: 3,
		PerLand: []LandParticipation{
			{LandKey: "05", LandName: "Nordrhein-Westfalen", Invited: 2, Responded: 2},
			{LandKey: "08", LandName: "Baden-Württemberg", Invited: 2, Responded: 1},
			{LandKey: "09", LandName: "09", Invited: 1, Responded: 0},
			{LandKey: "", LandName: "", Invited: 1, Responded: 0},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}
}

func TestCountParticipationEmpty(t *testing.T) {
	got := CountParticipation(nil, nil, nil)
	if got.Invited != 0 || got.Responded != 0 || len(got.PerLand) != 0 {
		t.Fatalf("got %+v", got)
	}
}
