package api

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
)

func getPage(t *testing.T, h http.Handler, target string) observationPage {
	t.Helper()
	res, body := raw(t, h, target, nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d %s", target, res.StatusCode, body)
	}
	var p observationPage
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatalf("%s: %v", target, err)
	}
	if p.Items == nil {
		t.Fatalf("%s: items is not an array: %s", target, body)
	}
	if got := res.Header.Get("X-Total-Count"); got != strconv.Itoa(p.Total) {
		t.Errorf("%s: X-Total-Count %q, total %d", target, got, p.Total)
	}
	return p
}

// realTable imports the real unemployment table of 2008 (16 series, 526 regions).
func realTable(t *testing.T, db *store.DB) {
	t.Helper()
	const name = "13211-02-04-4_00.csv"
	importTable(t, db, name, func(sink monitoring.Sink) (monitoring.Summary, error) {
		f, err := os.Open("../monitoring/testdata/genesis/" + name)
		if err != nil {
			return monitoring.Summary{}, err
		}
		defer f.Close()
		return monitoring.ReadGenesis(f, name, sink)
	})
}

// csvRows turns CSV records after the header into rowKey's form.
func csvRows(records [][]string) []string {
	var out []string
	for _, r := range records[1:] {
		out = append(out, strings.Join(append(r[:7:7], r[7]+r[8]), ","))
	}
	return out
}

// rowKey is a row as a data user compares two downloads.
func rowKey(r monitoring.ExportRow) string {
	v := r.Symbol
	if r.Value != nil {
		v = strconv.FormatFloat(*r.Value, 'f', -1, 64)
	}
	return strings.Join([]string{r.Table, r.Series, r.Unit, r.RegionKey, r.RegionName, r.Period, r.Breakdown, v}, ",")
}

func TestObservationsPagesGiveTheWholeTable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		realTable(t, db)
		h := newAPI(db).Handler()

		// The CSV without limit streams the whole table.
		_, body := raw(t, h, "/api/v1/observations?table=13211-02-04-4&format=csv", nil)
		records, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		whole := csvRows(records)
		if len(whole) != 526*16 {
			t.Fatalf("csv has %d rows, want %d", len(whole), 526*16)
		}

		// JSON pages of 1000, following next, give the same rows in the same order.
		var paged []string
		target, pages := "/api/v1/observations?table=13211-02-04-4&limit=1000", 0
		for target != "" && pages < 20 {
			p := getPage(t, h, target)
			if p.Total != len(whole) {
				t.Fatalf("page %d: total %d, want %d", pages, p.Total, len(whole))
			}
			if p.Next != nil && len(p.Items) != 1000 {
				t.Fatalf("page %d has %d items and a next link", pages, len(p.Items))
			}
			for _, r := range p.Items {
				paged = append(paged, rowKey(r))
			}
			target, pages = "", pages+1
			if p.Next != nil {
				target = *p.Next
			}
		}
		if pages != 9 || !slices.Equal(paged, whole) {
			t.Fatalf("%d pages with %d rows; the CSV has %d (equal: %v)", pages, len(paged), len(whole), slices.Equal(paged, whole))
		}

		// CSV pages name the next page in the Link header.
		res, body := raw(t, h, "/api/v1/observations?table=13211-02-04-4&format=csv&limit=2", nil)
		link := res.Header.Get("Link")
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(link, "</api/v1/observations?") || !strings.HasSuffix(link, `>; rel="next"`) ||
			strings.Count(body, "\n") != 3 || res.Header.Get("X-Total-Count") != strconv.Itoa(len(whole)) {
			t.Fatalf("csv page: %d, Link %q, X-Total-Count %q\n%s", res.StatusCode, link, res.Header.Get("X-Total-Count"), body)
		}
		next, _ := url.Parse(strings.TrimSuffix(strings.TrimPrefix(link, "<"), `>; rel="next"`))
		if q := next.Query(); q.Get("format") != "csv" || q.Get("limit") != "2" || q.Get("cursor") == "" {
			t.Errorf("next link %s", next)
		}
		_, body = raw(t, h, next.String(), nil)
		records, err = csv.NewReader(strings.NewReader(body)).ReadAll()
		if got := csvRows(records); err != nil || !slices.Equal(got, whole[2:4]) {
			t.Errorf("second csv page %v (%v), want %v", got, err, whole[2:4])
		}
	})
}

// yearsTable is a small table of code with two series for Stuttgart and Germany,
// the years 2015 to 2020 and the day 2019-12-31, each with and without a breakdown
// (56 observations); 2017 and 2018 are suppressed (".").
func yearsTable(code string) monitoring.TableReader {
	return func(sink monitoring.Sink) (monitoring.Summary, error) {
		series := []monitoring.Series{{Labels: []string{"Arbeitslose", "Ausländer"}, Unit: "Anzahl"}, {Labels: []string{"Arbeitslosenquote"}, Unit: "Prozent"}}
		if err := sink.Begin(monitoring.Table{Code: code, Title: "Jahre"}, series); err != nil {
			return monitoring.Summary{}, err
		}
		for s := range series {
			for _, key := range []string{"08111", "DG"} {
				for _, p := range []string{"2015", "2016", "2017", "2018", "2019", "2019-12-31", "2020"} {
					for _, b := range [][]string{nil, {"weiblich"}} {
						o := monitoring.Observation{Series: s, RegionKey: key, RegionName: key, Period: p, Breakdown: b, Value: 1}
						if p == "2017" || p == "2018" {
							o.Symbol = "."
						}
						if err := sink.Observation(o); err != nil {
							return monitoring.Summary{}, err
						}
					}
				}
			}
		}
		return monitoring.Summary{Encoding: "UTF-8"}, sink.End("© Test")
	}
}

func TestObservationsFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		realTable(t, db)
		importTable(t, db, "j.csv", yearsTable("99999-01-01-4"))
		h := newAPI(db).Handler()
		count := func(query string) int {
			t.Helper()
			return getPage(t, h, "/api/v1/observations?"+query).Total
		}

		// A series by its name as typed, in any case and spacing, or by its number.
		p := getPage(t, h, "/api/v1/observations?table=13211-02-04-4&series="+url.QueryEscape("arbeitslose|ausländer")+"&region=08111")
		if p.Total != 1 || p.Items[0].Series != "Arbeitslose | Ausländer" || p.Items[0].RegionKey != "08111" || *p.Items[0].Value != 6123 {
			t.Fatalf("series by name: %+v", p)
		}
		id := strconv.FormatInt(p.Items[0].SeriesID, 10)
		if n := count("series=" + id); n != 526 {
			t.Errorf("series %s: %d rows, want 526", id, n)
		}
		cases := []struct {
			query string
			want  int
		}{
			// Without table, a name is looked for in every table.
			{"series=" + url.QueryEscape("Arbeitslose | Ausländer") + "&region=08111", 1 + 14},
			{"series=" + url.QueryEscape("Arbeitslose | Ausländer") + "&series=" + id, 526 + 28},
			{"table=13211-02-04-4&level=bund", 16},
			{"table=13211-02-04-4&level=land", 16 * 16},
			{"table=13211-02-04-4&level=regierungsbezirk", 35 * 16},
			{"table=13211-02-04-4&level=kreis", 471 * 16},
			{"table=13211-02-04-4&level=gemeinde", 3 * 16},
			{"region=08111&region=DG&table=13211-02-04-4", 2 * 16},
			{"region=08111&level=bund", 0},
			{"table=99999-01-01-4&from=2016&to=2019", 2 * 2 * 5 * 2}, // 2016 to 2019 and 2019-12-31
			{"table=99999-01-01-4&from=2019-06&to=2019-12-31", 2 * 2 * 1 * 2},
			{"table=99999-01-01-4&to=2015-12", 2 * 2 * 1 * 2},
			{"table=99999-01-01-4&from=2020-01-01", 2 * 2 * 1 * 2}, // 2020 begins on that day
			{"from=2008&to=2008", 526 * 16},
			{"table=99999-01-01-4&breakdown=weiblich", 28},
			{"table=99999-01-01-4&breakdown=", 28},
			{"table=99999-01-01-4&breakdown=weiblich&breakdown=", 56},
		}
		for _, c := range cases {
			if n := count(c.query); n != c.want {
				t.Errorf("%s: %d rows, want %d", c.query, n, c.want)
			}
		}
		// Suppressed years stay symbols, never zeros.
		p = getPage(t, h, "/api/v1/observations?table=99999-01-01-4&from=2017&to=2018&limit=100")
		for _, r := range p.Items {
			if r.Value != nil || r.Symbol != "." {
				t.Fatalf("suppressed value %+v", r)
			}
		}
	})
}

// A page continues after its last row, even when imports add rows before and after
// it meanwhile: nothing is shown twice, nothing after it is skipped.
func TestObservationsPagesStayStableDuringImports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		realTable(t, db)
		h := newAPI(db).Handler()
		first := getPage(t, h, "/api/v1/observations?region=08111&limit=10")
		if first.Total != 16 || first.Next == nil {
			t.Fatalf("first page %+v", first)
		}
		importTable(t, db, "a.csv", yearsTable("00000-01-01-4")) // sorts before the page
		importTable(t, db, "z.csv", yearsTable("99999-01-01-4")) // and after it
		second := getPage(t, h, *first.Next)
		if second.Total != 16+28+28 {
			t.Errorf("total after the imports %d, want %d", second.Total, 16+28+28)
		}
		seen := map[string]bool{}
		for _, r := range append(first.Items, second.Items...) {
			if seen[rowKey(r)] {
				t.Errorf("row %s shown twice", rowKey(r))
			}
			seen[rowKey(r)] = true
		}
		if len(second.Items) != 10 || second.Items[5].Table != "13211-02-04-4" || second.Items[6].Table != "99999-01-01-4" {
			t.Errorf("second page %+v", second.Items)
		}
	})
}

func TestObservationsBadParameters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		realTable(t, db)
		h := newAPI(db).Handler()
		for _, c := range []struct {
			query  string
			fields []string
		}{
			{"series=gibt-es-nicht&region=abc&level=stadt&from=20x&to=2001&limit=0&cursor=zzz&format=xml",
				[]string{"format", "series", "region", "level", "from", "limit", "cursor"}},
			{"table=99999-99-99-9&series=1&from=2010&to=2008", []string{"table", "to"}},
			{"limit=10001", []string{"limit"}},
			{"limit=abc", []string{"limit"}},
			{"to=2020-02-30", []string{"to"}},
			{"breakdown=" + strings.Repeat("x", 201), []string{"breakdown"}},
			{"region=08111" + strings.Repeat("&region=08111", 100), []string{"region"}},
			{"format=csv&cursor=" + url.QueryEscape("WyIxMzIxMS0wMi0wNC00IiwwLCIiLCIiLCIiXQ"), []string{"cursor"}}, // series 0
		} {
			res := get(t, h, "/api/v1/observations?"+c.query)
			wantProblem(t, res, http.StatusUnprocessableEntity, "invalid")
			if got := fieldErrors(res); !slices.Equal(got, c.fields) {
				t.Errorf("%s: fields %v, want %v", c.query, got, c.fields)
			}
		}
		req, _ := http.NewRequest(http.MethodGet, "/api/v1/observations?table=13211-02-04-4&series=Quote", nil)
		req.Header.Set("Accept-Language", "en")
		res := do(t, h, req)
		msg, _ := res.body["errors"].([]any)[0].(map[string]any)["message"].(string)
		if !strings.Contains(msg, "There is no series “Quote” in table 13211-02-04-4") {
			t.Errorf("English message %q", msg)
		}
	})
}
