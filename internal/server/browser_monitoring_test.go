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
	// waitFor polls until the selector matches, since ECharts draws after the page
	// has loaded (the map after fetching its GeoJSON).
	waitFor := func(t *testing.T, p *browsertest.Page, sel string) {
		t.Helper()
		expr := `document.querySelectorAll(` + "`" + sel + "`" + `).length`
		for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			if browsertest.Get(t, p, chromedp.Evaluate[int](expr)) > 0 {
				return
			}
		}
		t.Fatalf("nothing matches %s", sel)
	}

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
