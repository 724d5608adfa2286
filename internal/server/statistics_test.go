package server_test

import (
	"bytes"
	"context"
	"io"
	"maps"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/monitoring"
)

// upload posts files to the statistics import page as a browser form would, with
// the form fields given as name, value pairs.
func (a *app) upload(t *testing.T, c *http.Client, files map[string][]byte, fields ...string) *http.Response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for i := 0; i+1 < len(fields); i += 2 {
		_ = mw.WriteField(fields[i], fields[i+1])
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		w, err := mw.CreateFormFile("files", name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write(files[name])
	}
	mw.Close()
	req, _ := http.NewRequest("POST", a.srv.URL+"/admin/statistics", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// importJob uploads files, follows the answer to the job's page and waits there,
// reloading as a browser without JavaScript would, until the job has ended; it
// returns the page then, and its path.
func (a *app) importJob(t *testing.T, c *http.Client, files map[string][]byte, fields ...string) (string, string) {
	t.Helper()
	res := a.upload(t, c, files, fields...)
	res.Body.Close()
	to := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(to, "/admin/statistics/jobs/") {
		t.Fatalf("upload: %d to %q", res.StatusCode, to)
	}
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		code, body := a.get(t, c, to)
		if code != 200 {
			t.Fatalf("job page %s: %d", to, code)
		}
		if !strings.Contains(body, `hx-trigger="every 2s"`) {
			return body, to
		}
	}
	t.Fatalf("job %s did not end", to)
	return "", ""
}

func TestAdminUploadsGenesisTables(t *testing.T) {
	a := newApp(t)
	admin := a.login(t, "platform_admin")
	good, err := os.ReadFile("../monitoring/testdata/genesis/12411-01-01-4.csv")
	if err != nil {
		t.Fatal(err)
	}
	// A broken file next to a good one: the job fails, and nothing is imported.
	broken := bytes.Replace(good, []byte(";85942;"), []byte(";85x42;"), 1)
	body, _ := a.importJob(t, admin, map[string][]byte{"a-12411.csv": good, "b-kaputt.csv": broken})
	mustContain(t, body, "Der Import ist fehlgeschlagen. Es wurde nichts gespeichert.", "b-kaputt.csv:11")
	// The demo holds the table already (from 12411-01-01-4.csv): a failed upload
	// leaves it as it was.
	tables, err := a.db.Statistics().Tables(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range tables {
		if tb.FileName == "a-12411.csv" {
			t.Fatal("the good file of a failed upload was imported")
		}
	}
	body, _ = a.importJob(t, admin, map[string][]byte{"12411-01-01-4.csv": good})
	mustContain(t, body, "Der Import ist abgeschlossen.", "Tabelle 12411-01-01-4 aus 12411-01-01-4.csv importiert", "3 Wertspalten, 1.578 Beobachtungen")
	_, list := a.get(t, admin, "/admin/statistics")
	mustContain(t, list, "<td class=\"kern-table__cell\"><code>12411-01-01-4</code></td>", "abgeschlossen", "fehlgeschlagen")
	// What the file leaves open is reported in the reader's language.
	noUnit := []byte("GENESIS-Tabelle: 99999-99-99-9\nOhne Einheit;;;\n;;;A;B\n2016;DG;Deutschland;1;2\n")
	body, _ = a.importJob(t, admin, map[string][]byte{"ohne-einheit.csv": noUnit})
	mustContain(t, body, "Hinweis: Keine Einheit für Spalte 4, 5: weder eine Einheitenzeile noch ein Titel wie „Bevölkerungsstand (Anzahl)“ nennt sie.")
	english := a.login(t, "platform_admin")
	a.get(t, english, "/language?lang=en&next=/")
	body, _ = a.importJob(t, english, map[string][]byte{"ohne-einheit.csv": noUnit})
	mustContain(t, body, "The import has finished.", "No unit for column 4, 5: neither a unit row nor a title")
	body, _ = a.importJob(t, english, map[string][]byte{"b-kaputt.csv": broken})
	mustContain(t, body, "The import failed. Nothing was stored.", "b-kaputt.csv:11: column 3 (“Insgesamt”): “85x42” is not a number")
	// A file that is no table is refused at once, before any job.
	res := a.upload(t, english, map[string][]byte{"notizen.csv": []byte("Einkaufsliste;Milch\n")})
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 422 || !strings.Contains(string(b), "notizen.csv") {
		t.Fatalf("no table: %d", res.StatusCode)
	}
	// The public API serves what was imported.
	_, csv := a.get(t, a.client(t), "/api/v1/observations?table=12411-01-01-4&region=08111&format=csv")
	mustContain(t, csv, "12411-01-01-4,Insgesamt,Anzahl,08111,\"Stuttgart, Stadtkreis\",2015-12-31,,623738,")
}

// importTable imports a real GENESIS table from the test data into the shared app.
func importTable(t *testing.T, a *app, name string) {
	t.Helper()
	path := "../monitoring/testdata/genesis/" + name
	read := func(sink monitoring.Sink) (monitoring.Summary, error) {
		f, err := os.Open(path)
		if err != nil {
			return monitoring.Summary{}, err
		}
		defer f.Close()
		return monitoring.ReadGenesis(f, name, sink)
	}
	files := []monitoring.TableFile{{Name: name, Read: read}}
	if _, err := monitoring.NewService(a.db.Statistics()).ImportTables(accounts.WithPrincipal(context.Background(), accounts.System("test")), files, monitoring.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
}

func TestAdminAddsIndicator(t *testing.T) {
	a := newApp(t)
	importTable(t, a, "13211-02-04-4_00.csv")
	admin := a.login(t, "platform_admin")
	series, err := a.db.Statistics().Series(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	id := func(name string) string {
		for _, s := range series {
			if s.Name == name {
				return strconv.FormatInt(s.ID, 10)
			}
		}
		t.Fatalf("no series %q", name)
		return ""
	}
	form := url.Values{"code": {"alq-frauen-diff"}, "name": {"Abstand der Arbeitslosenquote der Frauen"}, "action_field": {"arbeit"},
		"kind": {"difference"}, "a_series": {id("Arbeitslosenquote bez. auf abhäng. Erwerbsp. | Frauen")},
		"b_series": {id("Arbeitslosenquote bez. auf abhäng. Erwerbsp.")}, "factor": {"1"}, "unit": {"Prozentpunkte"}, "better": {"lower"}}
	code, body := a.post(t, admin, "/admin/indicators", url.Values{"code": {"X"}, "kind": {"ratio"}, "factor": {"1"}, "a_series": {form.Get("a_series")}})
	if code != 422 {
		t.Fatalf("incomplete indicator: %d", code)
	}
	mustContain(t, body, "Der Indikator ist nicht vollständig", `href="#b_series"`)
	if code, _ = a.post(t, admin, "/admin/indicators", form); code != 303 {
		t.Fatalf("save: %d", code)
	}
	_, body = a.get(t, a.client(t), "/api/v1/indicators/ALQ-FRAUEN-DIFF/values?region=DG")
	mustContain(t, body, `"region_key":"DG"`, `"period":"2008"`)
}
