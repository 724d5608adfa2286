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

// Date is a calendar day as a message argument ("the project must end by …"): the
// reader's language writes it as a date, without a time of day.
type Date time.Time
