package programmes

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Form values as German users type them: amounts with a decimal comma and thousands
// dots ("1.250.000,50"), percentages ("12,5"), dates from date inputs and times from
// datetime-local inputs, which carry no zone: they are German local time.

// parseEuro reads an amount in euros into cents; "" is 0.
func parseEuro(s string) (int64, error) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "€"))
	if s == "" {
		return 0, nil
	}
	s = strings.ReplaceAll(strings.ReplaceAll(s, ".", ""), " ", "")
	s = strings.Replace(s, ",", ".", 1)
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f > 1e13 {
		return 0, fmt.Errorf("kein Betrag")
	}
	return int64(math.Round(f * 100)), nil
}

// formatEuro writes cents as a German amount without currency sign, for form values.
func formatEuro(cents int64) string {
	if cents == 0 {
		return ""
	}
	euros, rest := cents/100, cents%100
	digits := strconv.FormatInt(euros, 10)
	var b strings.Builder
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	if rest != 0 {
		fmt.Fprintf(&b, ",%02d", rest)
	}
	return b.String()
}

// parsePercent reads a percentage into basis points (12,5 → 1250).
func parsePercent(s string) (int, error) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	if s == "" {
		return 0, nil
	}
	f, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	if err != nil || f < 0 || f > 100 {
		return 0, fmt.Errorf("kein Prozentsatz")
	}
	return int(math.Round(f * 100)), nil
}

// formatPercent writes basis points for a form value (1250 → "12,5").
func formatPercent(bp int) string {
	s := strconv.FormatFloat(float64(bp)/100, 'f', -1, 64)
	return strings.Replace(s, ".", ",", 1)
}

func parseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	return time.Parse("02.01.2006", s)
}

// parseLocalTime reads a datetime-local value as Europe/Berlin time.
func parseLocalTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "02.01.2006 15:04"} {
		if t, err := time.ParseInLocation(layout, s, teilhabe.Berlin); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("keine Zeit")
}

// localTimeValue writes an instant for a datetime-local input.
func localTimeValue(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(teilhabe.Berlin).Format("2006-01-02T15:04")
}

func dateValue(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}
