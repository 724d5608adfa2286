package teilhabe

import (
	"errors"
	"strconv"
	"strings"
)

// Cents is an amount of money in euro cents. Money is exact: amounts are integers,
// parsed from and written as decimal strings, never through floating point, so that
// a finance plan that balances on paper balances here.
type Cents int64

// MaxCents bounds every amount a user may enter: ten billion euros, far above any
// grant, and far below where sums of many amounts could overflow int64.
const MaxCents Cents = 1_000_000_000_000

// ErrAmount is the parsers' answer to anything that is not an amount of money.
var ErrAmount = errors.New("not an amount of money")

// ParseDecimal reads the API's decimal strings: digits with an optional point and one
// or two decimals ("1234.5", "1234.56", "1234"). A sign, grouping, exponents and a
// third decimal are refused rather than rounded.
func ParseDecimal(s string) (Cents, error) {
	whole, frac, _ := strings.Cut(s, ".")
	return fromParts(whole, frac, strings.Count(s, ".") > 1)
}

// ParseEuro reads an amount as users type it in lang ("de": "1.250.000,50",
// "en": "1,250,000.50"), with an optional euro sign; "" is 0. Either language also
// takes a plain decimal ("1250.5"), because people paste such numbers from other
// programs: a single separator followed by one or two digits is the decimal one.
func ParseEuro(s, lang string) (Cents, error) {
	s = strings.TrimSpace(s)
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(s, "€"), "€"))
	s = strings.ReplaceAll(strings.ReplaceAll(s, " ", ""), "\u00a0", "")
	if s == "" {
		return 0, nil
	}
	group, dec := ".", ","
	if lang == "en" {
		group, dec = ",", "."
	}
	whole, frac, hasDec := strings.Cut(s, dec)
	if !hasDec && strings.Count(s, group) == 1 {
		// "12.50" in German: a lone separator before one or two digits is a decimal point.
		if i := strings.Index(s, group); len(s)-i-1 <= 2 {
			whole, frac, hasDec = s[:i], s[i+1:], true
		}
	}
	if strings.Contains(frac, group) || strings.Contains(frac, dec) {
		return 0, ErrAmount
	}
	if strings.Contains(whole, group) {
		parts := strings.Split(whole, group)
		for i, p := range parts {
			if (i == 0 && (len(p) == 0 || len(p) > 3)) || (i > 0 && len(p) != 3) {
				return 0, ErrAmount
			}
		}
		whole = strings.Join(parts, "")
	}
	return fromParts(whole, frac, false)
}

func fromParts(whole, frac string, bad bool) (Cents, error) {
	if bad || whole == "" || len(frac) > 2 || !digits(whole) || !digits(frac) || len(whole) > 13 {
		return 0, ErrAmount
	}
	for len(frac) < 2 {
		frac += "0"
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, ErrAmount
	}
	f, _ := strconv.ParseInt(frac, 10, 64)
	c := Cents(w*100 + f)
	if c > MaxCents {
		return 0, ErrAmount
	}
	return c, nil
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// String writes c as the API's decimal string: "1234.56", "-0.50".
func (c Cents) String() string {
	sign, n := "", int64(c)
	if n < 0 {
		sign, n = "-", -n
	}
	return sign + strconv.FormatInt(n/100, 10) + "." + twoDigits(n%100)
}

func twoDigits(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}

// MarshalText writes the decimal string, so that JSON carries amounts as strings.
func (c Cents) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText reads a decimal string.
func (c *Cents) UnmarshalText(b []byte) error {
	v, err := ParseDecimal(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// Percent returns bp basis points of c (1250 = 12.5 %), rounded half up to the cent:
// the Verwaltungskostenpauschale on direct costs, a funding rate on total costs.
func (c Cents) Percent(bp int) Cents {
	n := int64(c) * int64(bp)
	if n < 0 {
		return -Cents((-n + 5000) / 10000)
	}
	return Cents((n + 5000) / 10000)
}

// Rate returns c as a share of total in basis points, rounded half up; 0 when total
// is 0.
func (c Cents) Rate(total Cents) int {
	if total <= 0 {
		return 0
	}
	return int((int64(c)*10000 + int64(total)/2) / int64(total))
}

// BasisPoints is a percentage in hundredths of a percent (1250 = 12.5 %): funding
// rates, own shares, flat rates. As a message argument it is written as the reader's
// language writes a percentage figure ("12,5" or "12.5"), without the sign.
type BasisPoints int
