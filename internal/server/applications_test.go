package server_test

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestProviderAppliesInTheBrowserForm walks the web UI's path of an application:
// a language-course provider opens the form from the programme's open call, gets
// one round of errors, saves a balanced draft, submits it; the Land's staff and
// Stuttgart's commissioner then find it, another provider does not.
func TestProviderAppliesInTheBrowserForm(t *testing.T) {
	a := newApp(t)
	programme := programmeID(t, a.db, "Sprachkurse im Alltag – Deutsch für Eltern und Neuzugewanderte")
	call := callOf(t, a.db, programme)
	provider := a.login(t, "provider_staff")

	code, body := a.get(t, provider, "/programmes/"+programme)
	if code != http.StatusOK || !strings.Contains(body, `href="/applications/new?call=`+call+`"`) {
		t.Fatalf("programme page offers no application: %d", code)
	}
	code, body = a.get(t, provider, "/applications/new?call="+call)
	if code != http.StatusOK {
		t.Fatalf("form: %d", code)
	}
	mustContain(t, body, "Neuer Antrag", "Festbetragsfinanzierung", "Personalausgaben in Euro", "Verwaltungskostenpauschale in Prozent")

	form := url.Values{"call": {call}, "title": {"Sprachcafé für Eltern"}, "description": {"Offene Sprachtreffs in zwei Kitas."},
		"regions": {"08111000"}, "action_fields": {"sprache"}, "target_groups": {"familien"},
		"period_start": {"2027-02-01"}, "period_end": {"2027-12-31"}, "output_quantity": {"40"}, "output_unit": {"Plätze"},
		"contact_name": {"Paul Sprache"}, "contact_email": {"paul@example.org"},
		"finance_plan.costs.personnel": {"20.000"}, "finance_plan.costs.material": {"1.500,50"}, "finance_plan.admin_rate": {"5"},
		"finance_plan.own_funds": {"1.075,53"}, "finance_plan.requested": {"21.500,00"}}
	// One error round: 30.000 € requested overshoots the 22.575,53 € of costs, and a
	// third-party amount has no source; the form comes back with what was typed.
	bad := cloneValues(form)
	bad.Set("finance_plan.requested", "30.000")
	bad.Set("third_party_amount", "100")
	code, body = a.post(t, provider, "/applications", bad)
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("unbalanced plan: %d", code)
	}
	mustContain(t, body, "nicht ausgeglichen", "Bitte nennen Sie für alle Drittmittel", `value="1.500,50"`, `value="Sprachcafé für Eltern"`)

	code, _ = a.post(t, provider, "/applications", form)
	if code != http.StatusSeeOther {
		t.Fatalf("save draft: %d", code)
	}
	id := newestApplication(t, a, provider, "Sprachcafé für Eltern")
	_, list := a.get(t, provider, "/applications")
	mustContain(t, list, "Nächster Schritt:</strong> einreichen bis ")
	code, body = a.get(t, provider, "/applications/"+id)
	if code != http.StatusOK {
		t.Fatalf("draft page: %d", code)
	}
	mustContain(t, body, "Entwurf", "Stuttgart", "22.575,53 €", "1.075,53 €", "Einreichen")

	// Before submission only the provider sees it.
	for _, role := range []string{"funder_staff.bw", "commissioner", "provider_staff.verein"} {
		if code, _ := a.get(t, a.login(t, role), "/applications/"+id); code != http.StatusNotFound {
			t.Errorf("%s opens the draft: %d", role, code)
		}
	}
	revision := regexp.MustCompile(`name="revision" value="(\d+)"`).FindStringSubmatch(body)
	code, _ = a.post(t, provider, "/applications/"+id+"/submit", url.Values{"revision": {revision[1]}})
	if code != http.StatusSeeOther {
		t.Fatalf("submit: %d", code)
	}
	code, body = a.get(t, provider, "/applications/"+id)
	mustContain(t, body, "eingereicht", "Antrag zurückziehen")
	if strings.Contains(body, ">Bearbeiten<") {
		t.Error("a submitted application offers editing")
	}
	for role, want := range map[string]int{"funder_staff.bw": 200, "commissioner": 200, "provider_staff.verein": 404} {
		if code, _ := a.get(t, a.login(t, role), "/applications/"+id); code != want {
			t.Errorf("%s opens the submitted application: %d, want %d", role, code, want)
		}
	}
	funder := a.login(t, "funder_staff.bw")
	_, list = a.get(t, funder, "/applications?status=statements_requested")
	mustContain(t, list, "Sprachcafé für Eltern", "Sprachschule am Neckar (Demo)")

	// The call's applications for German Excel: a BOM, ";" and decimal commas; the
	// regions with their names, so that keys keep their leading zeros.
	code, csv := a.get(t, funder, "/applications/export?call="+call+"&format=csv")
	if code != http.StatusOK || !strings.HasPrefix(csv, "\ufeffNr.;Status;Träger;Projekt;") {
		t.Fatalf("csv: %d %.80q", code, csv)
	}
	mustContain(t, csv, ";Stellungnahme angefragt;Sprachschule am Neckar (Demo);Sprachcafé für Eltern;Stuttgart, Landeshauptstadt (08111000);Sprache;01.02.2027;31.12.2027;22575,53;1075,53;0,00;21500,00;95,24;")
	res, err := funder.Get(a.srv.URL + "/applications/export?call=" + call + "&format=xlsx")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	x, err := excelize.OpenReader(res.Body)
	if err != nil {
		t.Fatalf("xlsx: %v", err)
	}
	rows, err := x.GetRows("Anträge")
	if err != nil || len(rows) < 2 {
		t.Fatalf("xlsx rows: %v %v", rows, err)
	}
	var row []string
	for _, r := range rows {
		if len(r) > 3 && r[3] == "Sprachcafé für Eltern" {
			row = r
		}
	}
	if row == nil {
		t.Fatalf("xlsx lacks the application: %v", rows)
	}
	ref := func(col int) string {
		c, _ := excelize.CoordinatesToCellName(col, slices.IndexFunc(rows, func(r []string) bool { return len(r) > 3 && r[3] == "Sprachcafé für Eltern" })+1)
		return c
	}
	if typ, _ := x.GetCellType("Anträge", ref(9)); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("total costs are text in XLSX")
	}
	if v, _ := x.GetCellValue("Anträge", ref(9), excelize.Options{RawCellValue: true}); v != "22575.53" {
		t.Errorf("total costs = %q", v)
	}
	// A provider's export holds only its own; another provider's, none of these.
	_, other := a.get(t, a.login(t, "provider_staff.verein"), "/applications/export?call="+call+"&format=csv")
	if strings.Contains(other, "Sprachcafé") {
		t.Error("another provider exports the application")
	}
}

// newestApplication finds the id of the caller's application with this title.
func newestApplication(t *testing.T, a *app, c *http.Client, title string) string {
	t.Helper()
	_, body := a.get(t, c, "/applications")
	m := regexp.MustCompile(`href="/applications/(\d+)">` + regexp.QuoteMeta(title) + `<`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("%q is not in the list", title)
	}
	return m[1]
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
