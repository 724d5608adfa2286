// Package server assembles the HTTP server: middleware, the web UI, the JSON API,
// static files, health checks and metrics.
package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/api"
	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/audit"
	"github.com/teilhabe/teilhabe/internal/decisions"
	"github.com/teilhabe/teilhabe/internal/grants"
	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/monitoring"
	"github.com/teilhabe/teilhabe/internal/notify"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/regions"
	"github.com/teilhabe/teilhabe/internal/reviews"
	"github.com/teilhabe/teilhabe/internal/statements"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/web"
	accountsweb "github.com/teilhabe/teilhabe/internal/web/accounts"
	applicationsweb "github.com/teilhabe/teilhabe/internal/web/applications"
	callsweb "github.com/teilhabe/teilhabe/internal/web/calls"
	decisionsweb "github.com/teilhabe/teilhabe/internal/web/decisions"
	grantsweb "github.com/teilhabe/teilhabe/internal/web/grants"
	"github.com/teilhabe/teilhabe/internal/web/home"
	monitoringweb "github.com/teilhabe/teilhabe/internal/web/monitoring"
	notificationsweb "github.com/teilhabe/teilhabe/internal/web/notifications"
	programmesweb "github.com/teilhabe/teilhabe/internal/web/programmes"
	regionsweb "github.com/teilhabe/teilhabe/internal/web/regions"
	reviewsweb "github.com/teilhabe/teilhabe/internal/web/reviews"
	statementsweb "github.com/teilhabe/teilhabe/internal/web/statements"
)

// Options configure the server.
type Options struct {
	Version string
	// SecureCookies sets the Secure flag on cookies; only a local demo over plain
	// HTTP turns it off.
	SecureCookies bool
	// HSTS sends Strict-Transport-Security; for deployments behind TLS.
	HSTS bool
	Demo bool
	// Scanner checks every uploaded attachment for malware (clamd, --clamd); nil:
	// uploads are not scanned.
	Scanner applications.Scanner
}

// Server is the assembled application.
type Server struct {
	Handler  http.Handler
	Web      *web.Web
	API      *api.API
	db       *store.DB
	stats    *monitoring.Service // runs this instance's import jobs
	registry *prometheus.Registry
	routes   []httpx.Route // of the web UI and the API
}

// Routes returns every route of the web UI and the API with the action it declares.
func (s *Server) Routes() []httpx.Route { return s.routes }

// New builds the handler. It fails if a template or catalogue is broken.
func New(db *store.DB, opts Options) (*Server, error) {
	bundle, err := i18n.New()
	if err != nil {
		return nil, err
	}
	sessions := scs.New()
	sessions.Store = db.Sessions()
	sessions.Lifetime = 12 * time.Hour
	sessions.IdleTimeout = 2 * time.Hour
	sessions.Cookie.Name = "teilhabe_session"
	sessions.Cookie.HttpOnly = true
	sessions.Cookie.SameSite = http.SameSiteLaxMode
	sessions.Cookie.Secure = opts.SecureCookies
	sessions.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) {
		slog.ErrorContext(r.Context(), "session", "err", err, "request_id", httpx.RequestID(r.Context()))
		http.Error(w, "Interner Fehler / internal error", http.StatusInternalServerError)
	}

	// The use cases of every capability, over the store's views; the web UI and the
	// API call the same ones.
	accts := accounts.NewService(db.Accounts())
	progs := programmes.NewService(db.Programmes())
	notices := notify.NewService(db.Notifications())
	regionsSvc := regions.NewService(db.Regions())
	stats := monitoring.NewService(db.Statistics())

	ui, err := web.NewUI(bundle, sessions, opts.Demo)
	if err != nil {
		return nil, err
	}
	ui.Unread = notices.Unread
	ui.SetLocale = accts.SetLocale
	w := web.New(ui)
	aw, err := accountsweb.New(ui, accts, audit.NewService(db.Audit()))
	if err != nil {
		return nil, err
	}
	pw, err := programmesweb.New(ui, progs)
	if err != nil {
		return nil, err
	}
	nw, err := notificationsweb.New(ui, notices)
	if err != nil {
		return nil, err
	}
	rgw, err := regionsweb.New(ui, regionsSvc, accts, stats)
	if err != nil {
		return nil, err
	}
	hw, err := home.New(ui, regionsSvc, accts)
	if err != nil {
		return nil, err
	}

	mw, err := monitoringweb.New(ui, stats)
	if err != nil {
		return nil, err
	}
	apps := applications.NewService(db.Applications())
	files := applications.NewFiles(db.Applications(), opts.Scanner)
	apw, err := applicationsweb.New(ui, apps)
	if err != nil {
		return nil, err
	}
	apw.WithFiles(files)
	revs := reviews.NewService(db.Reviews())
	rvw, err := reviewsweb.New(ui, revs, apps)
	if err != nil {
		return nil, err
	}
	stmts := statements.NewService(db.MunicipalStatements())
	sw, err := statementsweb.New(ui, stmts)
	if err != nil {
		return nil, err
	}
	callSvc := programmes.NewCallService(db.Calls())
	cw, err := callsweb.New(ui, callSvc)
	if err != nil {
		return nil, err
	}
	decs := decisions.NewService(db.Decisions())
	dw, err := decisionsweb.New(ui, decs)
	if err != nil {
		return nil, err
	}
	grantSvc := grants.NewService(db.Grants())
	gw, err := grantsweb.New(ui, grantSvc)
	if err != nil {
		return nil, err
	}
	a := api.New(api.Services{Programmes: progs, Regions: regionsSvc, Accounts: accts, Monitoring: stats, Applications: apps, Reviews: revs,
		Calls: callSvc, Decisions: decs, Attachments: files, Statements: stmts, Grants: grantSvc},
		bundle, opts.Version)
	s := &Server{Web: w, API: a, db: db, stats: stats, registry: prometheus.NewRegistry()}
	s.registry.MustRegister(requestsTotal, requestDuration, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}), newMailCollector(db))

	mux := http.NewServeMux()
	for _, routes := range [][]httpx.Route{w.Routes(), aw.Routes(), pw.Routes(), nw.Routes(), rgw.Routes(), hw.Routes(), mw.Routes(), apw.Routes(), rvw.Routes(), cw.Routes(), dw.Routes(), sw.Routes(), gw.Routes()} {
		httpx.Mount(mux, routes, ui.Error)
		s.routes = append(s.routes, routes...)
	}
	s.routes = append(s.routes, a.Routes()...)
	mux.Handle("/api/", a.Handler())
	mux.Handle("GET /static/", http.StripPrefix("/static/", staticHandler(web.Static())))
	mux.HandleFunc("GET /healthz", func(rw http.ResponseWriter, r *http.Request) { _, _ = rw.Write([]byte("ok\n")) })
	mux.HandleFunc("GET /readyz", s.ready)
	mux.Handle("GET /metrics", promhttp.HandlerFor(s.registry, promhttp.HandlerOpts{}))
	mux.HandleFunc("/", ui.NotFound)

	var h http.Handler = mux
	h = aw.LoadPrincipal(h)
	h = sessions.LoadAndSave(h)
	h = http.NewCrossOriginProtection().Handler(h)
	h = securityHeaders(opts.HSTS)(h)
	h = observe(h)
	h = httpx.WithRequestID(h)
	s.Handler = h
	return s, nil
}

func (s *Server) ready(rw http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.db.Ping(ctx); err != nil {
		slog.ErrorContext(ctx, "readyz", "err", err)
		http.Error(rw, "database unreachable\n", http.StatusServiceUnavailable)
		return
	}
	_, _ = rw.Write([]byte("ready\n"))
}

// staticHandler serves embedded assets. They change only with a new binary, so
// browsers may cache them for a day (and revalidate by ETag); directory listings are
// refused.
func staticHandler(fsys fs.FS) http.Handler {
	var etags sync.Map // path → ETag, the content's hash
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := r.URL.Path
		b, err := fs.ReadFile(fsys, name)
		if name == "" || strings.HasSuffix(name, "/") || err != nil {
			http.NotFound(w, r)
			return
		}
		etag, ok := etags.Load(name)
		if !ok {
			sum := sha256.Sum256(b)
			etag, _ = etags.LoadOrStore(name, `"`+hex.EncodeToString(sum[:12])+`"`)
		}
		w.Header().Set("Cache-Control", "public, max-age=86400")
		httpx.ServeEmbedded(w, r, name, b, etag.(string))
	})
}

// ListenAndServe serves until ctx ends, then shuts down gracefully. ready, if not nil,
// receives the bound address once the listener is open.
func (s *Server) ListenAndServe(ctx context.Context, addr string, ready func(net.Addr)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: s.Handler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second}
	if ready != nil {
		ready(ln.Addr())
	}
	go s.cleanup(ctx)
	// Import jobs: lost ones of other instances are marked failed; at the end this
	// instance's own are stopped (rolled back, marked failed) before it exits.
	jobsDone := make(chan struct{})
	go func() { s.stats.WatchJobs(ctx); close(jobsDone) }()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	err = srv.Shutdown(shutdownCtx)
	<-jobsDone
	if err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// cleanup removes expired sessions and old login failures every ten minutes.
func (s *Server) cleanup(ctx context.Context) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		if err := s.db.DeleteExpired(ctx); err != nil && ctx.Err() == nil {
			slog.Error("cleanup", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
