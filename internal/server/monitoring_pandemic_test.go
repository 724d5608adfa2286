package server_test

import (
	"bytes"
	"encoding/json"
	"html"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The demo loads both real files of table 13211-02-05-4 (2015–2020 and 2023). The
// expected numbers are read by hand from them, Stuttgart (08111), columns
// "Arbeitslosenquote bez. auf alle zivile Erwerbsp." (all) and "... | Ausländer":
//
//	2017  4,7   .     (Kreis values for foreigners are suppressed in 2017 and 2018)
//	2019  4,1   7,4
//	2020  5,3   9,7
//	2023  5,1  10,3   (13211-02-05-4_2023.csv, which says "ausländisch")
//
// so 2019 → 2023 is +2,9 points and 2019 → 2020 +2,3, both worse (lower is better).

func TestMonitoringBeforeAndAfterThePandemic(t *testing.T) {
	a := newApp(t)
	code, body := a.get(t, a.client(t), "/monitoring/ALQ-AUSL-ZIV?region=08111")
	if code != 200 {
		t.Fatalf("indicator page: %d", code)
	}
	series := between(t, body, `id="zeitreihe-tabelle"`, `id="rangfolge"`)
	mustContain(t, series, ">7,4<", ">9,7<", ">10,3<", ">2023</th>", ">2017</th>")
	// html/template writes "+" as "&#43;": compare the text as a browser shows it.
	mustContain(t, html.UnescapeString(body), "Veränderung 2019 bis 2023",
		"7,4 % im Jahr 2019, 10,3 % im Jahr 2023. Veränderung: +2,9 Prozentpunkte, also", "<strong>schlechter</strong>",
		"Erste Wirkung der Pandemie (2019 → 2020): 9,7 % im Jahr 2020, Veränderung +2,3 Prozentpunkte")
	// 2017 is suppressed: the sign, never a zero.
	if !strings.Contains(series, "<th scope=\"row\" class=\"kern-table__cell\">2017</th>\n    <td class=\"kern-table__cell kern-table__cell--numeric\">.</td>") {
		t.Error("2017 of Stuttgart is not shown as the sign \".\"")
	}
	// The ranking carries each Kreis' changes, with words beside the colour.
	rows := rankingRows(t, a, "/monitoring/ALQ-AUSL-ZIV?region=08111")
	if len(rows) < 390 {
		t.Fatalf("ranking has %d Kreise", len(rows))
	}
	mustContain(t, body, "Veränderung seit 2019</th>", "Veränderung 2019 → 2020</th>", `kern-badge--danger`, "(bis 2023)",
		"Stuttgart, Stadtkreis steht auf Rang") // Stuttgart is not on the first page: a link leads there

	// The region page: the three years and both changes, for the Gemeinde from its Kreis.
	_, region := a.get(t, a.client(t), "/regions/08111000")
	mustContain(t, region, "Integrationsmonitoring: vor und nach der Pandemie", "die Werte von Stuttgart, Stadtkreis",
		`href="/monitoring/ALQ-AUSL-ZIV?region=08111"`)
	row := between(t, region, `href="/monitoring/ALQ-AUSL-ZIV?region=08111"`, "</tr>")
	mustContain(t, html.UnescapeString(row), ">7,4<", ">9,7<", ">10,3 <", "(2023)", "+2,9\u00a0Prozentpunkte (bis 2023)", "+2,3\u00a0Prozentpunkte", "schlechter")

	// The map: a grey box "keine Daten" in the legend, and why Kreise are grey.
	mustContain(t, body, `"Legend":"keine Daten"`, "Grau auf der Karte: Kreise ohne Wert und warum",
		"Hamburg, Freie und Hansestadt (02000)", "<code>03152</code> Göttingen, Landkreis")
	// The ranking's downloads carry the changes too; a change without numbers is empty.
	b := download(t, a, "/monitoring/ALQ-AUSL-ZIV/export?region=08111&format=csv", "text/csv; charset=utf-8", "ALQ-AUSL-ZIV-2023.csv")
	if !bytes.Contains(b, []byte(";\"08111\";Stuttgart, Stadtkreis;2023;10,3;%;ALQ-AUSL-ZIV;2,9;2023;2,3\r\n")) {
		t.Error("CSV lacks Stuttgart's row with 10,3 and the changes +2,9 (to 2023) and +2,3 (2019–2020)")
	}
	_, change := a.get(t, a.client(t), "/monitoring/ALQ-AUSL-ZIV?region=08111&map=change")
	mustContain(t, change, `"mode":"change"`, `"unit":"Prozentpunkte"`, `<option value="change" selected>`)
}

// TestSuppressedYearsStayGaps reads the downloads: 2017 and 2018 of Stuttgart are
// suppressed, so they are a sign (JSON: null with the symbol; XLSX: a text cell),
// never a zero.
func TestSuppressedYearsStayGaps(t *testing.T) {
	a := newApp(t)
	b := download(t, a, "/monitoring/ALQ-AUSL-ZIV-DIFF/export?region=08111&format=json", "application/json; charset=utf-8", "ALQ-AUSL-ZIV-DIFF-2023.json")
	var doc struct {
		TimeSeries []struct {
			RegionKey string   `json:"region_key"`
			Year      string   `json:"year"`
			Value     *float64 `json:"value"`
			Symbol    string   `json:"symbol"`
		} `json:"time_series"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, v := range doc.TimeSeries {
		if v.RegionKey == "08111" {
			got[v.Year] = v.Symbol
			if v.Value != nil {
				got[v.Year] = strconv.FormatFloat(*v.Value, 'f', 1, 64)
			}
		}
	}
	// The gap in points: 7,4 − 4,1, 9,7 − 5,3, 10,3 − 5,1.
	for year, want := range map[string]string{"2017": ".", "2018": ".", "2019": "3.3", "2020": "4.4", "2023": "5.2"} {
		if got[year] != want {
			t.Errorf("JSON %s: %q, want %q", year, got[year], want)
		}
	}

	x := download(t, a, "/monitoring/ALQ-AUSL-ZIV-DIFF/export?region=08111&format=xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "ALQ-AUSL-ZIV-DIFF-2023.xlsx")
	f, err := excelize.OpenReader(bytes.NewReader(x))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Zeitreihe")
	for _, r := range rows {
		if len(r) < 2 {
			continue
		}
		if (r[0] == "2017" || r[0] == "2018") && r[1] != "." {
			t.Errorf("XLSX %s for Stuttgart: %q, want the sign \".\"", r[0], r[1])
		}
	}
	if len(rows) < 8 {
		t.Errorf("XLSX time series has %d rows, want 2015–2020 and 2023 under the header", len(rows))
	}
}

// TestIndicatorWithoutValuesOffersNoDownloads: the demo has unemployment of 2008 and
// population of 2015, so "Arbeitslose je 1.000 Einwohner" has no year with both.
func TestIndicatorWithoutValuesOffersNoDownloads(t *testing.T) {
	a := newApp(t)
	_, body := a.get(t, a.client(t), "/monitoring/AL-JE-1000-EW?region=08111")
	mustContain(t, body, `id="export-none"`, "noch keine Werte, also auch nichts herunterzuladen")
	if strings.Contains(body, "format=csv") || strings.Contains(body, "format=xlsx") || strings.Contains(body, "format=json") {
		t.Error("an indicator without values offers downloads")
	}
	// One with values offers them.
	_, body = a.get(t, a.client(t), "/monitoring/ALQ-AUSL-ZIV?region=08111")
	mustContain(t, body, "format=csv", "format=xlsx", "format=json")
}

// between is the part of body from the first from to the next to after it.
func between(t *testing.T, body, from, to string) string {
	t.Helper()
	i := strings.Index(body, from)
	if i < 0 {
		t.Fatalf("page lacks %q", from)
	}
	j := strings.Index(body[i:], to)
	if j < 0 {
		t.Fatalf("page lacks %q after %q", to, from)
	}
	return body[i : i+j]
}
