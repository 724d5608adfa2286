package monitoring

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"
)

// periodBounds reads a period as typed (2020, 2020-06 or 2020-06-30) and returns
// where its range starts and where the next one starts, both in the spelling that
// sorts as periods are stored: a period is in [from, to] when start(from) <= period
// < next(to). A period that begins on the first day of a year or month is spelt as
// that year or month, because the table's "2021" sorts before "2021-01-01" although
// it begins on that day. next is "" after the year 9999.
func periodBounds(s string) (start, next string, ok bool) {
	var t time.Time
	var err error
	var step func(time.Time) time.Time
	switch len(s) {
	case 4:
		t, err = time.Parse("2006", s)
		step = func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }
	case 7:
		t, err = time.Parse("2006-01", s)
		step = func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }
	case 10:
		t, err = time.Parse(time.DateOnly, s)
		step = func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }
	default:
		return "", "", false
	}
	if err != nil {
		return "", "", false
	}
	if n := step(t); n.Year() <= 9999 {
		next = periodStart(n)
	}
	return periodStart(t), next, true
}

// periodStart spells a day as the coarsest period that begins on it.
func periodStart(t time.Time) string {
	s := t.Format(time.DateOnly)
	for strings.HasSuffix(s, "-01") && len(s) > 4 {
		s = s[:len(s)-3]
	}
	return s
}

// A cursor is the key of the last row of a page, as URL-safe base64 of a JSON array,
// so that it passes through a query string as it is. Clients treat it as opaque.
func encodeCursor(k ObservationKey) string {
	b, _ := json.Marshal([]any{k.Table, k.SeriesID, k.Region, k.Period, k.Breakdown})
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s string) (ObservationKey, bool) {
	var k ObservationKey
	if len(s) > maxCursorText {
		return k, false
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return k, false
	}
	var parts []json.RawMessage
	if json.Unmarshal(b, &parts) != nil || len(parts) != 5 {
		return k, false
	}
	for i, dst := range []any{&k.Table, &k.SeriesID, &k.Region, &k.Period, &k.Breakdown} {
		if json.Unmarshal(parts[i], dst) != nil {
			return k, false
		}
	}
	return k, k.Table != "" && k.SeriesID > 0
}
