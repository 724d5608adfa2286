package server_test

import (
	"bytes"
	"context"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestAdminMergesYearlyUploads: the admin uploads the two vintages of 13211-02-05-4,
// reads what each added, replaced and kept, sees a renamed column reported with a
// link to the alias form, adds the alias, and can still replace the whole table.
func TestAdminMergesYearlyUploads(t *testing.T) {
	a := newApp(t)
	admin := a.login(t, "platform_admin")
	read := func(name string) []byte {
		b, err := os.ReadFile("../monitoring/testdata/genesis/" + name)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	old, cur := read("13211-02-05-4_2015-2020.csv"), read("13211-02-05-4_2023.csv")
	// The demo holds both files already: the test starts from 2015–2020 alone, and
	// leaves both behind for the other tests of the shared application.
	t.Cleanup(func() {
		if body, _ := a.importJob(t, admin, map[string][]byte{"2015-2020.csv": old}); !strings.Contains(body, "Der Import ist abgeschlossen.") {
			t.Errorf("upload 2015–2020 again: %s", body)
		}
	})
	if body, _ := a.importJob(t, admin, map[string][]byte{"2015-2020.csv": old}, "replace_table", "1"); !strings.Contains(body, "Der Import ist abgeschlossen.") {
		t.Fatalf("upload 2015–2020: %s", body)
	}
	body, _ := a.importJob(t, admin, map[string][]byte{"2023.csv": cur})
	mustContain(t, body, "7.007 Beobachtungen neu, 0 erneut geliefert (davon 0 geändert), 0 entfernt, 41.964 aus früheren Importen behalten",
		"Reihe „Arbeitslose | ausländisch“ gehört zu „Arbeitslose | Ausländer“")
	body, _ = a.importJob(t, admin, map[string][]byte{"2023.csv": cur})
	mustContain(t, body, "Nichts geändert: die Datenbank enthält schon genau diese Werte.")

	// A column renamed beyond the known synonyms is reported, with the alias form.
	renamed := bytes.ReplaceAll(read("13211-02-05-4_2015-2020.csv"), []byte(";Ausl\xe4nder;"), []byte(";Nichtdeutsche;"))
	// Other years (1915–1920), so that the renamed file adds cells of its own.
	for _, y := range []string{"2015", "2016", "2017", "2018", "2019", "2020"} {
		renamed = bytes.ReplaceAll(renamed, []byte("\n"+y+";"), []byte("\n19"+y[2:]+";"))
	}
	body, _ = a.importJob(t, admin, map[string][]byte{"umbenannt.csv": renamed})
	link := "/admin/statistics/aliases?table=13211-02-05-4&amp;alias=Arbeitslose%20%7c%20Nichtdeutsche#alias-form"
	mustContain(t, body, "Neue Reihe „Arbeitslose | Nichtdeutsche“: Sie passt zu keiner Reihe", link)
	_, page := a.get(t, admin, "/admin/statistics/aliases?table=13211-02-05-4&alias=Arbeitslose+%7C+Nichtdeutsche")
	mustContain(t, page, `value="Arbeitslose | Nichtdeutsche"`, `<optgroup label="Tabelle 13211-02-05-4">`)

	series, err := a.db.Statistics().Series(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var target string
	for _, s := range series {
		if s.Table == "13211-02-05-4" && s.Name == "Arbeitslose | Ausländer" {
			target = strconv.FormatInt(s.ID, 10)
		}
	}
	if code, _ := a.post(t, admin, "/admin/statistics/aliases", url.Values{"alias": {""}, "series": {target}}); code != 422 {
		t.Errorf("empty alias: %d", code)
	}
	if code, _ := a.post(t, admin, "/admin/statistics/aliases", url.Values{"alias": {"Arbeitslose | Nichtdeutsche"}, "series": {target}}); code != 303 {
		t.Fatalf("save alias: %d", code)
	}
	_, page = a.get(t, admin, "/admin/statistics/aliases")
	mustContain(t, page, "Der Alias „Arbeitslose | Nichtdeutsche“ für „Arbeitslose | Ausländer“ wurde gespeichert; 3.228 Beobachtungen der bisher getrennten Reihe gehören jetzt zu ihr (0 doppelte verworfen).",
		"<td class=\"kern-table__cell\">Arbeitslose | Nichtdeutsche</td>")
	if code, _ := a.post(t, admin, "/admin/statistics/aliases/delete", url.Values{"table": {"13211-02-05-4"}, "alias": {"Arbeitslose | Nichtdeutsche"}}); code != 303 {
		t.Fatalf("delete alias: %d", code)
	}
	_, page = a.get(t, admin, "/admin/statistics/aliases")
	mustContain(t, page, "Der Alias „Arbeitslose | Nichtdeutsche“ wurde gelöscht.", "Noch keine Aliase.")

	// The checkbox replaces the table as a whole.
	body, _ = a.importJob(t, admin, map[string][]byte{"2023.csv": cur}, "replace_table", "1")
	mustContain(t, body, "Tabelle ersetzt: 90.935 Beobachtungen früherer Importe gelöscht")
	_, list := a.get(t, admin, "/admin/statistics")
	mustContain(t, list, "<td class=\"kern-table__cell kern-table__cell--numeric\">7.007</td>")

	english := a.login(t, "platform_admin")
	a.get(t, english, "/language?lang=en&next=/")
	body, _ = a.importJob(t, english, map[string][]byte{"2023.csv": cur})
	mustContain(t, body, "Nothing changed: the database holds exactly these values already.", "0 observations new, 7,007 given again (0 of them changed)")
	_, page = a.get(t, english, "/admin/statistics/aliases")
	mustContain(t, page, "Series aliases", "No aliases yet.")
}
