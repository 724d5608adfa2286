// Command load is the load harness of the public programme finder: it builds a
// nation-scale data set (the Gemeindeverzeichnis with 16,057 regions and generated
// funding programmes) in a fresh SQLite database, serves it with the real server on
// loopback and sends a constant rate of requests a public user would send (finder
// pages with text, facets and regions, the finder API, programme pages, matching).
// It prints latency percentiles and throughput per kind of request as Markdown.
//
//	go -C bench run ./load                                 # 3,000 programmes, 50 req/s, 30 s
//	go -C bench run ./load -programmes 10000 -rate 100 -duration 60s
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/teilhabe/teilhabe/bench/programmegen"
	"github.com/teilhabe/teilhabe/data"
	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/server"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

func main() {
	programmes := flag.Int("programmes", 3000, "programmes to generate")
	rate := flag.Int("rate", 50, "requests per second")
	duration := flag.Duration("duration", 30*time.Second, "how long to send requests")
	flag.Parse()
	// One log line per request would measure the terminal; warnings still show.
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err := run(*programmes, *rate, *duration); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

func run(n, rate int, duration time.Duration) error {
	ctx := teilhabe.WithActor(context.Background(), teilhabe.System("load"))
	dir, err := os.MkdirTemp("", "teilhabe-load")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	db, err := store.Open(ctx, "sqlite:"+filepath.Join(dir, "load.db"))
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	start := time.Now()
	list, err := gemeindeverzeichnis()
	if err != nil {
		return err
	}
	if _, err := regions.NewService(db.Regions()).Import(accounts.WithPrincipal(ctx, accounts.System("bench")), list, data.GemeindeverzeichnisName); err != nil {
		return err
	}
	kreise, err := programmegen.Generate(ctx, db, list, n, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "load: %d regions and %d programmes in %s\n", len(list), n, time.Since(start).Round(time.Second))

	s, err := server.New(db, server.Options{Version: "load"})
	if err != nil {
		return err
	}
	srv := httptest.NewServer(s.Handler)
	defer srv.Close()
	groups, targets, err := targetsFor(ctx, db, srv.URL, kreise)
	if err != nil {
		return err
	}
	attacker := vegeta.NewAttacker(vegeta.Timeout(10*time.Second), vegeta.KeepAlive(true))
	metrics := map[string]*vegeta.Metrics{}
	total := &vegeta.Metrics{}
	for res := range attacker.Attack(vegeta.NewStaticTargeter(targets...), vegeta.Rate{Freq: rate, Per: time.Second}, duration, "finder") {
		g := groups[res.URL]
		if metrics[g] == nil {
			metrics[g] = &vegeta.Metrics{}
		}
		metrics[g].Add(res)
		total.Add(res)
	}
	total.Close()
	fmt.Printf("%d programmes, %d req/s for %s (%d requests), SQLite, server on loopback\n\n", n, rate, duration, total.Requests)
	fmt.Println("| requests | n | success | p50 ms | p90 ms | p99 ms | max ms |")
	fmt.Println("|---|---:|---:|---:|---:|---:|---:|")
	names := make([]string, 0, len(metrics))
	for g := range metrics {
		names = append(names, g)
	}
	sort.Strings(names)
	for _, g := range append(names, "all") {
		m := total
		if g != "all" {
			m = metrics[g]
			m.Close()
		}
		fmt.Printf("| %s | %d | %.1f %% | %.1f | %.1f | %.1f | %.1f |\n", g, m.Requests, 100*m.Success,
			ms(m.Latencies.P50), ms(m.Latencies.P90), ms(m.Latencies.P99), ms(m.Latencies.Max))
	}
	fmt.Printf("\nthroughput %.1f successful req/s; errors: %v\n", total.Throughput, total.Errors)
	if total.Success < 1 {
		return fmt.Errorf("%.1f %% of the requests failed", 100*(1-total.Success))
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func gemeindeverzeichnis() ([]regions.Region, error) {
	f, err := data.Gemeindeverzeichnis()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	asOf, _ := regions.DateFromFileName(data.GemeindeverzeichnisName)
	return regions.ParseGemeindeverzeichnis(f, data.GemeindeverzeichnisName, asOf)
}

// targetsFor builds the requests a public user sends, and which kind each is.
func targetsFor(ctx context.Context, db *store.DB, base string, kreise []string) (map[string]string, []vegeta.Target, error) {
	r := rand.New(rand.NewPCG(7, 11))
	groups := map[string]string{}
	var targets []vegeta.Target
	add := func(group, path string, q url.Values) {
		u := base + path
		if len(q) > 0 {
			u += "?" + q.Encode()
		}
		groups[u] = group
		targets = append(targets, vegeta.Target{Method: http.MethodGet, URL: u})
	}
	words := []string{"Sprachkurse", "Flüchtlinge Beratung", "Integrationskurs", "Ehrenamt", "Gemeinschaftsunterkuenfte", "Kinderbetreuung Frauen", "WLAN", "Sprach"}
	for i := 0; i < 40; i++ {
		q := url.Values{"q": {words[i%len(words)]}}
		if i%2 == 1 {
			q.Set("action_field", programmes.ActionFields[i%len(programmes.ActionFields)])
		}
		add("finder page, text", "/programmes", q)
		add("finder page, Kreis", "/programmes", url.Values{"region": {kreise[r.IntN(len(kreise))]}, "open_now": {"true"}, "sort": {"deadline"}})
		add("finder API", "/api/v1/programmes", url.Values{"q": {words[(i+3)%len(words)]}, "level": {"land"}})
		add("matching", "/programmes/match", url.Values{"provider_type": {"wohlfahrtsverband"}, "region": {kreise[r.IntN(len(kreise))]}})
	}
	res, err := programmes.NewService(db.Programmes()).Search(ctx, programmes.Query{PageSize: programmes.MaxPageSize, Page: 1, Now: time.Now()})
	if err != nil {
		return nil, nil, err
	}
	for _, h := range res.Hits[:min(40, len(res.Hits))] {
		add("programme page", fmt.Sprintf("/programmes/%d", h.Programme.ID), nil)
	}
	r.Shuffle(len(targets), func(i, j int) { targets[i], targets[j] = targets[j], targets[i] })
	return groups, targets, nil
}
