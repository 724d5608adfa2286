package server_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/teilhabe/teilhabe/internal/browsertest"
)

// TestBrowserMonitoring opens the monitoring pages in headless Chromium with the real
// Content-Security-Policy: axe finds no serious or critical violation, nothing is
// logged as an error (a blocked script or inline style would be), and ECharts has
// drawn both charts as SVG from the data island.
func TestBrowserMonitoring(t *testing.T) {
	a := newApp(t)
	importTable(t, a, "13211-02-04-4_00.csv")
	b := browsertest.New(t)
	check := pageCheck()

	p := b.NewPage(t, browsertest.EnforceCSP())
	p.Go(t, a.srv.URL+"/language?lang=de&next=/")
	p.Go(t, a.srv.URL+"/monitoring")
	if h := p.Text(t, "h1"); h != "Integrationsmonitoring" {
		t.Fatalf("catalogue h1 = %q", h)
	}
	check(t, p, "Monitoring Katalog")

	p.Click(t, `a[href="/monitoring/ALQ-AUSL-DIFF"]`)
	p.Fill(t, "#region", "08111")
	p.Click(t, `form[action^="/monitoring/ALQ-AUSL-DIFF"] button[type=submit]`)
	p.WaitText(t, "#zeitreihe", "Stuttgart")
	waitFor(t, p, "#chart-series svg path")
	waitFor(t, p, "#chart-map svg path")
	if got := p.Text(t, "#zeitreihe-tabelle"); !strings.Contains(got, "Prozentpunkte") {
		t.Errorf("time series caption %q", got)
	}
	check(t, p, "Monitoring Indikator Stuttgart")

	// A peer group adds its median as a column and a line, and stays accessible.
	p.Go(t, a.srv.URL+"/monitoring/ALQ-AUSL-DIFF?region=08111&peers=kind")
	p.WaitText(t, "#zeitreihe-tabelle", "Prozentpunkte")
	waitFor(t, p, "#chart-series svg path")
	if got := p.Text(t, "#zeitreihe-tabelle ~ thead"); !strings.Contains(got, "Median: Kreise gleichen Typs") {
		t.Errorf("no median column: %q", got)
	}
	check(t, p, "Monitoring Vergleichsgruppe")

	// The ranking's year form works, and a wrong year explains itself.
	p.Go(t, a.srv.URL+"/monitoring/ALQ-AUSL-DIFF?region=08111&year=1999")
	p.WaitText(t, ".error-summary", "Für das Jahr 1999 gibt es keine Werte")
	check(t, p, "Monitoring falsches Jahr")

	t.Run("without JavaScript the tables are all there is", func(t *testing.T) {
		p := b.NewPage(t)
		p.Run(t, disableJS())
		p.Go(t, a.srv.URL+"/monitoring/ALQ-AUSL-DIFF?region=08111")
		p.WaitText(t, "#rangfolge-tabelle", "2008")
		if n := browsertest.Get(t, p, chromedp.Evaluate[int](`document.querySelectorAll("figure:not([hidden])").length`)); n != 0 {
			t.Errorf("%d empty chart figures shown without JavaScript", n)
		}
	})
}

// waitFor polls until the selector matches, since ECharts draws after the page has
// loaded (the map after fetching its GeoJSON).
func waitFor(t *testing.T, p *browsertest.Page, sel string) {
	t.Helper()
	expr := `document.querySelectorAll(` + "`" + sel + "`" + `).length`
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if browsertest.Get(t, p, chromedp.Evaluate[int](expr)) > 0 {
			return
		}
	}
	t.Fatalf("nothing matches %s", sel)
}

// TestBrowserMonitoringSincePandemic opens the demo's statistics as a new user
// would: Stuttgart's foreigners' unemployment rate from 2015 to 2023 with its map, whose
// legend names the grey Kreise; the ranking pages with htmx and without JavaScript;
// the region page with both changes; in German and English, axe-clean.
func TestBrowserMonitoringSincePandemic(t *testing.T) {
	a := newApp(t)
	b := browsertest.New(t)
	check := pageCheck()
	p := b.NewPage(t, browsertest.EnforceCSP())
	p.Go(t, a.srv.URL+"/language?lang=de&next=/")
	p.Go(t, a.srv.URL+"/monitoring/ALQ-AUSL-ZIV?region=08111")
	p.WaitText(t, ".kern-table:has(#zeitreihe-tabelle)", "2023")
	waitFor(t, p, "#chart-series svg path")
	waitFor(t, p, "#chart-map svg path")
	mapSays(t, p, "keine Daten")
	if got := p.Text(t, ".change-highlight"); !strings.Contains(got, "2019 bis 2023") || !strings.Contains(got, "2019 → 2020") {
		t.Errorf("change box %q", got)
	}
	check(t, p, "Monitoring seit der Pandemie")

	// htmx swaps in the next page of the ranking and keeps it in the address.
	first := p.Text(t, "#rangfolge-tabelle")
	p.Click(t, `#rangfolge-liste a[rel="next"]`)
	p.WaitText(t, "#rangfolge-tabelle", "51–100")
	if !strings.Contains(p.URL(t), "offset=50") || first == p.Text(t, "#rangfolge-tabelle") {
		t.Errorf("next page of the ranking: %s", p.URL(t))
	}
	check(t, p, "Monitoring Rangfolge Seite 2")

	p.Go(t, a.srv.URL+"/monitoring/ALQ-AUSL-ZIV?region=08111&map=first")
	waitFor(t, p, "#chart-map svg path")
	check(t, p, "Monitoring Karte 2019 bis 2020")

	p.Go(t, a.srv.URL+"/regions/08111000")
	p.WaitText(t, "#monitoring-tabelle", "Stuttgart, Stadtkreis")
	check(t, p, "Gebiet Stuttgart mit Monitoring")

	p.Go(t, a.srv.URL+"/language?lang=en&next=/monitoring/ALQ-AUSL-ZIV%3Fregion%3D08111")
	p.WaitText(t, ".change-highlight", "First effect of the pandemic")
	waitFor(t, p, "#chart-map svg path")
	mapSays(t, p, "no data")
	check(t, p, "Monitoring since the pandemic")
	p.Go(t, a.srv.URL+"/regions/08111000")
	p.WaitText(t, "#monitoring-tabelle", "before and after the pandemic")
	check(t, p, "Region Stuttgart with monitoring")
	p.Go(t, a.srv.URL+"/monitoring")
	check(t, p, "Monitoring catalogue")

	t.Run("without JavaScript the ranking pages by links", func(t *testing.T) {
		p := b.NewPage(t)
		p.Run(t, disableJS())
		p.Go(t, a.srv.URL+"/monitoring/ALQ-AUSL-ZIV?region=08111")
		p.Click(t, `#rangfolge-liste a[rel="next"]`)
		p.WaitText(t, "#rangfolge-tabelle", "51–100")
		if h := browsertest.Get(t, p, chromedp.Evaluate[int](`document.documentElement.scrollHeight`)); h > 12000 {
			t.Errorf("the indicator page is %d px tall", h)
		}
	})
}

// mapSays checks that the drawn map (its legend) holds the text want.
func mapSays(t *testing.T, p *browsertest.Page, want string) {
	t.Helper()
	if got := browsertest.Get(t, p, chromedp.Evaluate[string](`document.querySelector("#chart-map svg").textContent`)); !strings.Contains(got, want) {
		t.Errorf("map legend %q lacks %q", got, want)
	}
}
