package server_test

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/browsertest"
	"github.com/teilhabe/teilhabe/internal/server"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
)

// TestBrowserImportJob uploads a table through the form in headless Chromium with the
// real Content-Security-Policy, and watches the job page: it shows the job running
// with its progress, follows it by itself (htmx, without reloading the page) and
// then shows the summary; without JavaScript a link reloads it. The import is held
// half way by an uncommitted row of its table, which only PostgreSQL offers a test
// (on SQLite a held writer would also hold the job's own row).
func TestBrowserImportJob(t *testing.T) {
	ctx := context.Background()
	db := storetest.Postgres(t)
	platform := storetest.Organisation(t, db, accounts.Organisation{Kind: accounts.KindPlatform, Name: "Plattformbetrieb"})
	storetest.User(t, db, accounts.NewUser{Email: "admin@example.de", Name: "Ada Admin", Password: "ein langes Passwort"},
		accounts.Membership{Organisation: platform, Role: accounts.RolePlatformAdmin})
	file, err := filepath.Abs("../monitoring/testdata/genesis/11111-01-01-4.csv")
	if err != nil {
		t.Fatal(err)
	}
	s, err := server.New(db, server.Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler)
	defer srv.Close()

	// The import waits for this uncommitted row of its table once it has read the
	// header, and goes on when it is rolled back.
	lock, err := db.Reader().BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Rollback()
	if _, err := lock.ExecContext(ctx, `INSERT INTO stat_tables (code, title, source_note, breakdown_names, file_name, encoding, imported_at)
		VALUES ('11111-01-01-4', '', '', '[]', '', '', $1)`, time.Now()); err != nil {
		t.Fatal(err)
	}

	b := browsertest.New(t)
	check := pageCheck()
	p := b.NewPage(t, browsertest.EnforceCSP())
	p.Go(t, srv.URL+"/language?lang=de&next=/login")
	p.Fill(t, "#email", "admin@example.de")
	p.Fill(t, "#password", "ein langes Passwort")
	p.Click(t, `form[action="/login"] button[type=submit]`)
	p.Go(t, srv.URL+"/admin/statistics")
	p.Run(t, chromedp.SetUploadFiles(chromedp.CSS("#files"), []string{file}))
	p.Click(t, `form[action="/admin/statistics"] button[type=submit]`)
	job := p.URL(t)
	if !strings.HasPrefix(job, srv.URL+"/admin/statistics/jobs/") {
		t.Fatalf("after the upload: %s", job)
	}
	p.WaitText(t, "#auftrag-stand", "läuft")
	browsertest.Get(t, p, chromedp.Evaluate[int](`window.sameDocument = 1`))
	// The heartbeat writes the bytes read; htmx brings them to the page.
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		if browsertest.Get(t, p, chromedp.Evaluate[float64](`document.querySelector("#fortschritt").value`)) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no progress shown: %q", p.Text(t, "#fortschritt-text"))
		}
	}
	if got := p.Text(t, "#fortschritt-text"); !strings.Contains(got, "kB gelesen") {
		t.Errorf("progress text %q", got)
	}
	check(t, p, "Importauftrag laeuft")

	nojs := b.NewPage(t)
	nojs.Run(t, disableJS())
	nojs.Go(t, job)
	nojs.WaitText(t, "#auftrag-stand", "läuft")

	if err := lock.Rollback(); err != nil {
		t.Fatal(err)
	}
	p.WaitText(t, "#auftrag-ergebnis", "Der Import ist abgeschlossen.")
	if browsertest.Get(t, p, chromedp.Evaluate[int](`window.sameDocument || 0`)) != 1 {
		t.Error("the page was reloaded instead of updated in place")
	}
	if got := p.Text(t, "#auftrag"); !strings.Contains(got, "Tabelle 11111-01-01-4 aus 11111-01-01-4.csv importiert") {
		t.Errorf("summary %q", got)
	}
	check(t, p, "Importauftrag fertig")

	// Without JavaScript, the reload link brings the summary.
	nojs.Click(t, `#auftrag a[href$="/admin/statistics/jobs/`+job[strings.LastIndex(job, "/")+1:]+`"]`)
	nojs.WaitText(t, "#auftrag-ergebnis", "Der Import ist abgeschlossen.")

	// The statistics page lists the job.
	p.Go(t, srv.URL+"/admin/statistics")
	p.WaitText(t, "#auftraege ~ div table", "abgeschlossen")
	check(t, p, "Amtliche Statistik mit Auftraegen")
}
