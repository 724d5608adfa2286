// Package gen writes a synthetic but realistic GENESIS table CSV for benchmarks, and
// optionally the same observations as a plain long-format CSV (the columns of
// "teilhabe export observations") for a baseline load. Output is deterministic.
package gen

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strconv"
	"time"

	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/regions"
)

// Code is the table code of the generated table.
const Code = "99910-01-01-4"

// Kreis is one region row of the table.
type Kreis struct{ Key, Name string }

// LoadKreise returns the first n Kreise (5-digit keys) of a Gemeindeverzeichnis file.
// GENESIS adds the kind to names of Landkreise; so does LoadKreise.
func LoadKreise(gvPath string, n int) ([]Kreis, error) {
	f, err := os.Open(gvPath)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	list, err := regions.ParseGemeindeverzeichnis(f, gvPath, time.Date(2019, 12, 31, 0, 0, 0, 0, time.UTC))
	if err != nil {
		return nil, err
	}
	var ks []Kreis
	for _, r := range list {
		if r.Level == regions.LevelKreis && len(ks) < n {
			name := r.Name
			if r.Kind == "Landkreis" || r.Kind == "Kreis" {
				name += ", " + r.Kind // as GENESIS writes it: "Dithmarschen, Landkreis"
			}
			ks = append(ks, Kreis{r.Key, name})
		}
	}
	if len(ks) < n {
		return nil, fmt.Errorf("%s has only %d Kreise, not %d", gvPath, len(ks), n)
	}
	return ks, nil
}

type kind int

const (
	count  kind = iota // integer, Anzahl
	rate               // 0,0 … 60,0 Prozent
	change             // -20,0 … +20,0 Prozent
)

type variable struct {
	name, unit string
	kind       kind
}

var variables = []variable{
	{"Arbeitslose", "Anzahl", count},
	{"Sozialversicherungspflichtig Beschäftigte am Wohnort", "Anzahl", count},
	{"Arbeitslosenquote bez. auf alle zivilen Erwerbspersonen", "Prozent", rate},
	{"Bevölkerung", "Anzahl", count},
	{"Einbürgerungen", "Anzahl", count},
	{"Schutzsuchende", "Anzahl", count},
	{"Anteil an der Bevölkerung", "Prozent", rate},
	{"Veränderung gegenüber dem Vorjahr", "Prozent", change},
	{"Empfänger von Asylbewerberregelleistungen", "Anzahl", count},
	{"Schulabgänger ohne Hauptschulabschluss", "Anzahl", count},
}

// breakdowns label the second header row; the first column of a group ("insgesamt")
// has no label there, as in real tables.
var breakdowns = []string{"", "männlich", "weiblich", "Deutsche", "Ausländer", "unter 25 Jahre",
	"25 bis unter 55 Jahre", "55 Jahre und älter", "EU-Ausländer", "Nicht-EU-Ausländer"}

var symbols = []string{".", "-", "x", "/"}

type column struct {
	labels []string // variable, breakdown (omitted when empty)
	unit   string
	kind   kind
}

func columns(n int) []column {
	cols := make([]column, n)
	for c := range cols {
		v, b := c/len(breakdowns), c%len(breakdowns)
		va := variables[v%len(variables)]
		name := va.name
		if v >= len(variables) {
			name += fmt.Sprintf(" (Variante %d)", v/len(variables)+1)
		}
		cols[c] = column{labels: []string{name}, unit: va.unit, kind: va.kind}
		if breakdowns[b] != "" {
			cols[c].labels = append(cols[c].labels, breakdowns[b])
		}
	}
	return cols
}

// Stats counts what Write wrote.
type Stats struct {
	Observations, Values, Symbols int
}

// Write writes a table of len(kreise) × years × columns values to w, Latin-1 encoded,
// and the same observations to long (UTF-8 CSV with header) unless long is nil. The
// years end in 2023.
func Write(w, long io.Writer, kreise []Kreis, years, ncol int) (Stats, error) {
	var st Stats
	out := bufio.NewWriterSize(w, 1<<16)
	var lw *csv.Writer
	if long != nil {
		lw = csv.NewWriter(bufio.NewWriterSize(long, 1<<16))
		lw.Write(monitoring.ExportColumns)
	}
	cols := columns(ncol)
	names := make([]string, ncol)
	for c, col := range cols {
		names[c] = col.labels[0]
		for _, l := range col.labels[1:] {
			names[c] += monitoring.LabelSeparator + l
		}
	}
	semis := make([]byte, ncol+2)
	for i := range semis {
		semis[i] = ';'
	}
	title := func(s string) { latin1(out, s); out.Write(semis); out.WriteByte('\n') }
	header := func(cell func(column) string) {
		out.WriteString(";;")
		for _, col := range cols {
			out.WriteByte(';')
			latin1(out, cell(col))
		}
		out.WriteByte('\n')
	}
	out.WriteString("GENESIS-Tabelle: " + Code + "\n")
	title("Synthetische Tabelle für Leistungsmessungen: Arbeitsmarkt und Bevölkerung")
	title("nach Personengruppen - Jahresdurchschnitt - (" + strconv.Itoa(2023-years+1) + "-2023)")
	title("regionale Tiefe: Kreise und krfr. Städte")
	title("Erzeugt von bench/gengenesis (keine amtlichen Werte)")
	header(func(c column) string { return c.labels[0] })
	header(func(c column) string {
		if len(c.labels) > 1 {
			return c.labels[1]
		}
		return ""
	})
	header(func(c column) string { return c.unit })

	rng := rand.New(rand.NewPCG(20231231, uint64(len(kreise)*years*ncol)))
	scale := make([]float64, len(kreise)) // Kreise differ in size
	for i := range scale {
		scale[i] = 0.2 + 3*rng.Float64()
	}
	var num []byte
	rec := make([]string, len(monitoring.ExportColumns))
	rec[0] = Code
	for y := 2023 - years + 1; y <= 2023; y++ {
		year := strconv.Itoa(y)
		for i, k := range kreise {
			out.WriteString(year + ";" + k.Key + ";      ")
			latin1(out, k.Name)
			for c, col := range cols {
				sym, text, value := "", "", ""
				if rng.IntN(100) == 0 {
					sym = symbols[rng.IntN(len(symbols))]
					text = sym
					st.Symbols++
				} else {
					num, value = number(num[:0], col.kind, scale[i], rng)
					text = string(num)
					st.Values++
				}
				out.WriteByte(';')
				out.WriteString(text)
				if lw != nil {
					rec[1], rec[2], rec[3], rec[4], rec[5] = names[c], col.unit, k.Key, k.Name, year
					rec[6], rec[7], rec[8] = "", value, sym
					if err := lw.Write(rec); err != nil {
						return st, err
					}
				}
				st.Observations++
			}
			out.WriteByte('\n')
		}
	}
	out.WriteString(footer)
	if lw != nil {
		lw.Flush()
		if err := lw.Error(); err != nil {
			return st, err
		}
	}
	return st, out.Flush()
}

// number appends the GENESIS text of a random value (decimal comma) to b and returns
// the value as "teilhabe export" writes it (decimal point, shortest form).
func number(b []byte, k kind, scale float64, rng *rand.Rand) ([]byte, string) {
	if k == count {
		n := int64(scale * 5000 * rng.ExpFloat64())
		return strconv.AppendInt(b, n, 10), strconv.FormatInt(n, 10)
	}
	tenths := int64(rng.IntN(600))
	if k == change {
		tenths = int64(rng.IntN(401)) - 200
	}
	if tenths < 0 {
		b = append(b, '-')
	}
	abs := max(tenths, -tenths)
	b = strconv.AppendInt(b, abs/10, 10)
	b = append(b, ',', byte('0'+abs%10))
	return b, strconv.FormatFloat(float64(tenths)/10, 'f', -1, 64)
}

// latin1 writes s in ISO-8859-1, as the classic GENESIS download; runes beyond
// Latin-1 become '?'.
func latin1(w *bufio.Writer, s string) {
	for _, r := range s {
		if r > 0xff {
			r = '?'
		}
		w.WriteByte(byte(r))
	}
}

var footer = latin1String(`__________
"Hinweis: Die Werte dieser Tabelle sind zufällig erzeugt; sie beschreiben keine
wirklichen Kreise. Zeichen: - nichts vorhanden; . Zahlenwert unbekannt oder
geheim zu halten; x Tabellenfach gesperrt; / keine Angaben.
zu ""Veränderung gegenüber dem Vorjahr"": in Prozent."
"© Statistische Ämter des Bundes und der Länder, Deutschland, 2024.
Dieses Werk ist lizenziert unter der Datenlizenz Deutschland
- Namensnennung - Version 2.0."
Stand: 15.03.2024 / 10:00:00
`)

func latin1String(s string) string {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		b = append(b, byte(r))
	}
	return string(b)
}
