package applications_test

import (
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/applications"
)

func TestTheNearestAdministrationIsAskedOncePerRegion(t *testing.T) {
	land := applications.Administration{ID: 1, Name: "Land", RegionKey: "08", Commissioners: []int64{10}}
	city := applications.Administration{ID: 2, Name: "Stadt Stuttgart", RegionKey: "08111000", Commissioners: []int64{20}}
	kreis := applications.Administration{ID: 3, Name: "Landkreis Ludwigsburg", RegionKey: "08118", Commissioners: []int64{30, 31}}
	empty := applications.Administration{ID: 4, Name: "Gemeinde Freudental", RegionKey: "08118016"} // nobody to answer
	admins := []applications.Administration{land, city, kreis, empty}
	names := func(list []applications.Administration) []string {
		var out []string
		for _, a := range list {
			out = append(out, a.Name)
		}
		return out
	}
	for _, c := range []struct {
		regions []string
		want    []string
	}{
		{[]string{"08111000"}, []string{"Stadt Stuttgart"}},
		{[]string{"08118016", "08118079"}, []string{"Landkreis Ludwigsburg"}}, // two towns of one Kreis: asked once
		{[]string{"08111000", "08118016"}, []string{"Stadt Stuttgart", "Landkreis Ludwigsburg"}},
		{[]string{"08221000"}, []string{"Land"}},
		{[]string{"09162000"}, nil},
	} {
		got := names(applications.AskedFor(c.regions, admins))
		if len(got) != len(c.want) {
			t.Errorf("%v: %v, want %v", c.regions, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%v: %v, want %v", c.regions, got, c.want)
			}
		}
	}
}

func TestStatementsAreDueAtTheEndOfTheDayInBerlin(t *testing.T) {
	for _, c := range []struct {
		now  time.Time
		days int
		want time.Time
	}{
		// Winter: the end of the day is 22:59:59 UTC.
		{time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC), 28, time.Date(2026, 2, 7, 22, 59, 59, 0, time.UTC)},
		// Late evening in Berlin is already the next day there.
		{time.Date(2026, 1, 10, 23, 30, 0, 0, time.UTC), 1, time.Date(2026, 1, 12, 22, 59, 59, 0, time.UTC)},
		// Across the change to summer time: 21:59:59 UTC.
		{time.Date(2026, 3, 20, 9, 0, 0, 0, time.UTC), 14, time.Date(2026, 4, 3, 21, 59, 59, 0, time.UTC)},
	} {
		if got := applications.StatementDue(c.now, c.days); !got.Equal(c.want) {
			t.Errorf("%s + %d days: %s, want %s", c.now, c.days, got, c.want)
		}
	}
}
