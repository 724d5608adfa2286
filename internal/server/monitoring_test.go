package server_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"math"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/regions"
)

// The expected numbers are read by hand from
// internal/monitoring/testdata/genesis/13211-02-04-4_00.csv (one year, 2008), columns
// "Arbeitslosenquote bez. auf abhäng. Erwerbsp." (all) and "... | Ausländer":
//
//	line   9  DG     Deutschland                 8,7  18,1  → 9,4
//	line 214  08     Baden-Württemberg           4,6  10,3  → 5,7
//	line 216  08111  Stuttgart                   5,9  10,2  → 4,3
//	line 300  09279  Dingolfing-Landau (lowest)  → 1,6, the best Kreis
//	line 260  08435  Bodenseekreis               → 3,0 } tied second
//	line 333  09572  Erlangen-Höchstadt          → 3,0 }
//	line 388  12067  Oder-Spree (highest)        → 55,9, the worst Kreis with a number
//
// Kreise with "-" or "." (e.g. 03159 Göttingen, line 40) have no rank and come last.

func TestMonitoringCatalogue(t *testing.T) {
	a := newApp(t)
	code, body := a.get(t, a.client(t), "/monitoring")
	if code != 200 {
		t.Fatalf("catalogue: %d", code)
	}
	mustContain(t, body, `href="/monitoring/ALQ-AUSL-DIFF"`, "Abstand der Arbeitslosenquote der Ausländer", "Ausbildung und Arbeit",
		`href="/monitoring/SCHULE-OHNE-HSA"`, "Bildung (Kita, Schule)")
	// From a region's page, the indicator links keep the region.
	_, withRegion := a.get(t, a.client(t), "/monitoring?region=08111")
	mustContain(t, withRegion, `href="/monitoring/ALQ-AUSL-DIFF?region=08111"`)
	_, regionPage := a.get(t, a.client(t), "/regions/08111")
	mustContain(t, regionPage, `href="/monitoring?region=08111"`)
	// The catalogue follows the order of the action fields, not of the names.
	if strings.Index(body, "Bildung (Kita, Schule)") > strings.Index(body, "Ausbildung und Arbeit") {
		t.Error("action fields not in the order of monitoring.ActionFields (Bildung before Arbeit)")
	}
}

func TestMonitoringIndicatorPage(t *testing.T) {
	a := newApp(t)
	importTable(t, a, "13211-02-04-4_00.csv")
	code, body := a.get(t, a.client(t), "/monitoring/ALQ-AUSL-DIFF?region=08111")
	if code != 200 {
		t.Fatalf("indicator page: %d", code)
	}
	mustContain(t, body, "Stuttgart, Stadtkreis", ">Baden-Württemberg</th>", ">Deutschland</th>",
		">4,3<", ">5,7<", ">9,4<", // region, Land, Bund in 2008, German decimal comma
		"Prozentpunkte", "Datenlizenz Deutschland – Namensnennung – Version 2.0", "© GeoBasis-DE / BKG 2021",
		"keinen Wert für 2019", // the file has 2008 only
		`id="chart-data"`, `role="img"`, "/static/monitoring.js", "Rangfolge der Kreise 2008",
		"/monitoring/ALQ-AUSL-DIFF/export?region=08111&amp;year=2008&amp;format=xlsx")

	// The ranking: lower is better, so ascending; special signs last without a rank.
	rows := rankingRows(t, a, "/monitoring/ALQ-AUSL-DIFF?region=08111")
	if len(rows) < 390 {
		t.Fatalf("ranking has %d Kreise", len(rows))
	}
	if rows[0][1] != "09279" || rows[0][0] != "1" || rows[0][2] != "1,6" {
		t.Errorf("first: %v, want Dingolfing-Landau (09279), rank 1, 1,6", rows[0])
	}
	// Bodenseekreis (08435) and Erlangen-Höchstadt (09572) tie at 3,0 (lines 260, 333):
	// one rank, shared, and the next Kreis is 4th.
	if rows[1][1] != "08435" || rows[2][1] != "09572" || rows[1][0] != "2" || rows[2][0] != "2" || rows[3][0] != "4" {
		t.Errorf("tie at 3,0: %v %v %v", rows[1], rows[2], rows[3])
	}
	prev, lastNum, symbols := -1e9, "", 0
	for _, r := range rows {
		v, err := strconv.ParseFloat(strings.ReplaceAll(strings.ReplaceAll(r[2], ".", ""), ",", "."), 64)
		if err != nil { // a special sign: no rank, and nothing numeric after it
			symbols++
			if r[0] != "" {
				t.Errorf("%s: sign %q has rank %s", r[1], r[2], r[0])
			}
			continue
		}
		if symbols > 0 || v < prev {
			t.Fatalf("ranking out of order at %s (%s)", r[1], r[2])
		}
		prev, lastNum = v, r[1]
	}
	if lastNum != "12067" || prev != 55.9 {
		t.Errorf("last ranked: %s %v, want Oder-Spree (12067) 55,9", lastNum, prev)
	}
	if symbols == 0 {
		t.Error("the Kreise with special signs are missing")
	}
}

var rankingRow = regexp.MustCompile(`<td class="kern-table__cell kern-table__cell--numeric">(\d*)</td>\s*<td class="kern-table__cell"><a class="kern-link" href="/regions/(\d{5})">(?:<strong>)?[^<]*(?:</strong>)?</a></td>\s*<td[^>]*><code>\d{5}</code></td>\s*<td[^>]*>([^<]*)</td>`)

// rankingRows reads the ranking page by page, following the "next" links as a reader
// without JavaScript would: rank, key and value of each Kreise, in order. No page
// lists more than 50.
func rankingRows(t *testing.T, a *app, path string) [][]string {
	t.Helper()
	var rows [][]string
	next := regexp.MustCompile(`<a class="kern-link" href="([^"]+)" rel="next"`)
	for pages := 0; path != "" && pages < 20; pages++ {
		code, body := a.get(t, a.client(t), path)
		if code != 200 {
			t.Fatalf("%s: %d", path, code)
		}
		list := body[strings.Index(body, `id="rangfolge-liste"`):]
		page := rankingRow.FindAllStringSubmatch(list, -1)
		if len(page) == 0 || len(page) > 50 {
			t.Fatalf("%s: %d Kreise on one page", path, len(page))
		}
		for _, r := range page {
			rows = append(rows, r[1:])
		}
		path = ""
		if m := next.FindStringSubmatch(list); m != nil {
			path = html.UnescapeString(m[1])
		}
	}
	return rows
}

func TestMonitoringBadInput(t *testing.T) {
	a := newApp(t)
	importTable(t, a, "13211-02-04-4_00.csv")
	c := a.client(t)
	code, body := a.get(t, c, "/monitoring/GIBT-ES-NICHT")
	if code != 404 {
		t.Errorf("unknown code: %d", code)
	}
	mustContain(t, body, "GIBT-ES-NICHT")
	for _, tc := range []struct{ path, want string }{
		{"/monitoring/ALQ-AUSL-DIFF?year=abc", "keine vierstellige Jahreszahl"},
		{"/monitoring/ALQ-AUSL-DIFF?year=1999", "Für das Jahr 1999 gibt es keine Werte der Kreise"},
		{"/monitoring/ALQ-AUSL-DIFF?region=XYZ123", "Ein Gebiet „XYZ123“ gibt es nicht"},
	} {
		code, body = a.get(t, c, tc.path)
		if code != 422 {
			t.Errorf("%s: %d, want 422", tc.path, code)
		}
		// The error summary links to the field, and the defaults are still shown.
		mustContain(t, body, tc.want, "error-summary", "Rangfolge der Kreise 2008")
	}
	if code, body = a.get(t, c, "/monitoring/ALQ-AUSL-DIFF/export?year=abc&format=csv"); code != 422 || !strings.Contains(body, "keine vierstellige Jahreszahl") {
		t.Errorf("export with a bad year: %d", code)
	}
	if code, _ = a.get(t, c, "/monitoring/ALQ-AUSL-DIFF/export?format=pdf"); code != 422 {
		t.Errorf("export as pdf: %d", code)
	}
}

// download fetches an export and checks its headers.
func download(t *testing.T, a *app, path, ctype, filename string) []byte {
	t.Helper()
	res, err := a.client(t).Get(a.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		t.Fatalf("%s: %d %s", path, res.StatusCode, b)
	}
	if got := res.Header.Get("Content-Type"); got != ctype {
		t.Errorf("%s: Content-Type %q", path, got)
	}
	if got := res.Header.Get("Content-Disposition"); got != `attachment; filename="`+filename+`"` {
		t.Errorf("%s: Content-Disposition %q", path, got)
	}
	return b
}

func TestMonitoringExports(t *testing.T) {
	a := newApp(t)
	importTable(t, a, "13211-02-04-4_00.csv")
	base := "/monitoring/ALQ-AUSL-DIFF/export?region=08111&year=2008&format="

	b := download(t, a, base+"csv", "text/csv; charset=utf-8", "ALQ-AUSL-DIFF-2008.csv")
	if !bytes.HasPrefix(b, []byte("\ufeff")) {
		t.Error("CSV without UTF-8 BOM: German Excel would misread the umlauts")
	}
	if !bytes.Contains(b, []byte(`;"09279";`)) {
		t.Error("CSV keys not quoted")
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff"))))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse with ';': %v", err)
	}
	if got := strings.Join(recs[0], "|"); got != "Rang|Regionalschlüssel|Kreis|Jahr|Wert|Einheit|Indikator|Veränderung seit 2019|bis|Veränderung 2019–2020" {
		t.Errorf("CSV header %q", got)
	}
	if got := recs[1]; got[0] != "1" || got[1] != "09279" || got[3] != "2008" || got[4] != "1,6" {
		t.Errorf("CSV first row %q", got)
	}

	b = download(t, a, base+"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "ALQ-AUSL-DIFF-2008.xlsx")
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("XLSX does not open: %v", err)
	}
	defer f.Close()
	if typ, _ := f.GetCellType("Rangfolge", "B2"); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
		t.Errorf("key cell B2 has type %v, want a string", typ)
	}
	if v, _ := f.GetCellValue("Rangfolge", "B2"); v != "09279" {
		t.Errorf("key cell B2 = %q", v)
	}
	if typ, _ := f.GetCellType("Rangfolge", "E2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("value cell E2 has type %v, want a number", typ)
	}
	if v, _ := f.GetCellValue("Rangfolge", "E2"); v != "1.6" {
		t.Errorf("value cell E2 = %q", v)
	}
	series, _ := f.GetRows("Zeitreihe")
	if len(series) != 2 || series[1][0] != "2008" || series[1][1] != "4.3" || series[1][2] != "5.7" || series[1][3] != "9.4" {
		t.Errorf("time series sheet %q", series)
	}

	b = download(t, a, base+"json", "application/json; charset=utf-8", "ALQ-AUSL-DIFF-2008.json")
	var doc struct {
		Year    string
		Ranking []struct {
			Rank      int
			RegionKey string `json:"region_key"`
			Value     *float64
			Symbol    string
		}
		TimeSeries []struct {
			RegionKey string `json:"region_key"`
			Value     *float64
		} `json:"time_series"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Year != "2008" || doc.Ranking[0].RegionKey != "09279" || *doc.Ranking[0].Value != 1.6 {
		t.Errorf("JSON ranking starts %+v", doc.Ranking[0])
	}
	if last := doc.Ranking[len(doc.Ranking)-1]; last.Value != nil || last.Symbol == "" {
		t.Errorf("JSON: a special sign became %+v", last)
	}
	if len(doc.TimeSeries) != 3 || doc.TimeSeries[0].RegionKey != "08111" || *doc.TimeSeries[0].Value != 4.3 {
		t.Errorf("JSON time series %+v", doc.TimeSeries)
	}
}

func TestMonitoringGeoJSON(t *testing.T) {
	a := newApp(t)
	res, err := http.Get(a.srv.URL + "/geo/kreise-vg5000-2021.geojson")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var fc struct {
		Features []struct{ Properties struct{ ARS string } }
	}
	if err := json.NewDecoder(res.Body).Decode(&fc); err != nil {
		t.Fatal(err)
	}
	if len(fc.Features) != 401 || fc.Features[0].Properties.ARS != "01001" {
		t.Errorf("%d features, first %q", len(fc.Features), fc.Features[0].Properties.ARS)
	}
	if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "max-age=31536000") {
		t.Errorf("Cache-Control %q", cc)
	}
}

// TestMonitoringPeers compares Stuttgart with peer groups: the median of the
// Kreise of its kind is computed here again from the indicator values.
func TestMonitoringPeers(t *testing.T) {
	a := newApp(t)
	importTable(t, a, "13211-02-04-4_00.csv")
	ctx := context.Background()
	c := a.client(t)

	stgt, err := a.db.Region(ctx, "08111")
	if err != nil || stgt.Kind != "Stadtkreis" {
		t.Fatalf("Stuttgart: %+v, %v", stgt, err)
	}
	same := map[string]bool{}
	for off := 0; ; off += regions.MaxPageSize {
		page, total, err := a.db.FindRegions(ctx, regions.Filter{Level: regions.LevelKreis, Limit: regions.MaxPageSize, Offset: off})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range page {
			if r.Kind == stgt.Kind {
				same[r.Key] = true
			}
		}
		if len(page) == 0 || off+len(page) >= total {
			break
		}
	}
	if !same["08111"] || len(same) < 2 {
		t.Fatalf("Stadtkreise: %v", same)
	}
	ind, err := a.db.Statistics().Indicator(ctx, "ALQ-AUSL-DIFF")
	if err != nil {
		t.Fatal(err)
	}
	vals, err := a.db.Statistics().IndicatorValues(ctx, ind, monitoring.IndicatorFilter{Level: "kreis", Period: "2008"})
	if err != nil {
		t.Fatal(err)
	}
	var nums []float64
	for _, v := range vals {
		if same[v.RegionKey] && v.Symbol == "" {
			nums = append(nums, v.Value)
		}
	}
	sort.Float64s(nums)
	med := nums[len(nums)/2]
	if len(nums)%2 == 0 {
		med = (nums[len(nums)/2-1] + nums[len(nums)/2]) / 2
	}
	want := strings.Replace(strconv.FormatFloat(med, 'f', 1, 64), ".", ",", 1)
	t.Logf("%d Kreise of kind %s, %d with a number in 2008, median %s", len(same), stgt.Kind, len(nums), want)

	code, body := a.get(t, c, "/monitoring/ALQ-AUSL-DIFF?region=08111&peers=kind")
	if code != 200 {
		t.Fatalf("peers=kind: %d", code)
	}
	mustContain(t, body, `<option value="kind" selected>`,
		fmt.Sprintf(">Median: Kreise gleichen Typs (Stadtkreis, n = %d)</th>", len(same)),
		fmt.Sprintf(">%s <span class=\"kern-body--small\">(n&nbsp;=&nbsp;%d)</span></td>", want, len(nums)),
		"peers=kind") // the export links keep the group
	// The group reaches the exports with the same parameters.
	b := download(t, a, "/monitoring/ALQ-AUSL-DIFF/export?region=08111&peers=kind&format=json", "application/json; charset=utf-8", "ALQ-AUSL-DIFF-2008.json")
	var doc struct {
		Series []struct {
			Key    string   `json:"region_key"`
			Value  *float64 `json:"value"`
			Median bool     `json:"median"`
			N      int      `json:"n"`
		} `json:"time_series"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, s := range doc.Series {
		if s.Median {
			found = s.Key == "median:kind" && s.Value != nil && math.Abs(*s.Value-med) < 1e-3 && s.N == len(nums)
		}
	}
	if !found {
		t.Errorf("JSON time series without the median %v (n = %d): %+v", med, len(nums), doc.Series)
	}
	x := download(t, a, "/monitoring/ALQ-AUSL-DIFF/export?region=08111&peers=kind&format=xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "ALQ-AUSL-DIFF-2008.xlsx")
	f, err := excelize.OpenReader(bytes.NewReader(x))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Zeitreihe")
	if len(rows) < 2 || !strings.HasPrefix(rows[0][len(rows[0])-2], "Median: Kreise gleichen Typs") || rows[1][len(rows[1])-1] != strconv.Itoa(len(nums)) {
		t.Errorf("XLSX time series: %v", rows)
	}

	// The network: the Kreise of the demo organisations with a network member or the office.
	orgs, err := a.db.Accounts().Organisations(ctx, accounts.OrganisationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var network []string
	for _, o := range orgs {
		ms, err := a.db.Accounts().Members(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			if (m.Role == accounts.RoleNetworkMember || m.Role == accounts.RoleNetworkOffice) && len(o.RegionKey) >= 5 {
				network = append(network, o.RegionKey[:5])
			}
		}
	}
	if len(network) == 0 {
		t.Fatal("the demo has no network members")
	}
	code, body = a.get(t, c, "/monitoring/ALQ-AUSL-DIFF?region=08111&peers=network")
	if code != 200 {
		t.Fatalf("peers=network: %d", code)
	}
	mustContain(t, body, "Median: Mitglieder des Qualitätszirkels", `id="vergleichsgruppe"`)
	group := body[strings.Index(body, `id="vergleichsgruppe"`):]
	for _, k := range network {
		if !strings.Contains(group, `href="/regions/`+k+`"`) {
			t.Errorf("network group lacks %s", k)
		}
	}

	// A small own selection: each region is a column of its own.
	lb, _ := a.db.Region(ctx, "08118")
	_, body = a.get(t, c, "/monitoring/ALQ-AUSL-DIFF?region=08111&peers=custom&peer_keys=08118")
	mustContain(t, body, ">"+lb.Name+"</th>", `value="08118"`)
	// An unknown key is a field error, and the page still shows the series.
	code, body = a.get(t, c, "/monitoring/ALQ-AUSL-DIFF?region=08111&peer_keys=08111,99999")
	if code != 422 {
		t.Errorf("unknown peer key: %d", code)
	}
	mustContain(t, body, `id="peer_keys-error"`, "99999", "error-summary", ">Baden-Württemberg</th>")
	if code, _ = a.get(t, c, "/monitoring/ALQ-AUSL-DIFF?region=08111&peer_keys=8111"); code != 422 {
		t.Errorf("malformed peer key: %d", code)
	}
	// Germany has no Kreis type.
	_, body = a.get(t, c, "/monitoring/ALQ-AUSL-DIFF?region=DG")
	if strings.Contains(body, `<option value="kind"`) {
		t.Error("Kreise gleichen Typs offered for Deutschland")
	}
}
