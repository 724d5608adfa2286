package teilhabe

import (
	"time"
	_ "time/tzdata" // Europe/Berlin must work on a machine without a zoneinfo database
)

// Berlin is the time zone of every date and time users see and enter: deadlines and
// calls are instants, shown and typed in German local time.
var Berlin = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic("teilhabe: no Europe/Berlin in the embedded zone database: " + err.Error())
	}
	return loc
}()
