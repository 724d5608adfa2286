package server

import (
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/teilhabe/teilhabe/internal/httpx"
)

// contentSecurityPolicy allows only our own scripts, styles and fonts: no inline
// script, no third-party host. KERN's icons are data: URIs in the CSS.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' data:; " +
	"connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

func securityHeaders(hsts bool) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h := w.Header()
			h.Set("Content-Security-Policy", contentSecurityPolicy)
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("X-Frame-Options", "DENY")
			h.Set("Referrer-Policy", "same-origin")
			h.Set("Cross-Origin-Opener-Policy", "same-origin")
			h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
			if hsts {
				h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
			}
			next.ServeHTTP(w, r)
		})
	}
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.bytes += n
	return n, err
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

var (
	requestsTotal = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "teilhabe_http_requests_total", Help: "HTTP requests by route and status code.",
	}, []string{"method", "route", "code"})
	requestDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "teilhabe_http_request_duration_seconds", Help: "HTTP request duration by route.",
		Buckets: []float64{.002, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
	}, []string{"method", "route"})
)

// observe logs every request as one structured line and counts it in the metrics; a
// panic in a handler becomes a logged 500 instead of a dropped connection.
func observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ctx, route := httpx.WithRouteHolder(r.Context())
		rec := &statusRecorder{ResponseWriter: w}
		defer func() {
			if v := recover(); v != nil {
				slog.ErrorContext(ctx, "panic", "value", v, "stack", string(debug.Stack()), "request_id", httpx.RequestID(ctx))
				if rec.status == 0 {
					http.Error(rec, "Interner Fehler / internal error", http.StatusInternalServerError)
				}
			}
			label := *route
			if label == "" {
				label = "unmatched"
			}
			d := time.Since(start)
			requestsTotal.WithLabelValues(r.Method, label, strconv.Itoa(rec.status)).Inc()
			requestDuration.WithLabelValues(r.Method, label).Observe(d.Seconds())
			slog.InfoContext(ctx, "request", "method", r.Method, "path", r.URL.Path, "route", label, "status", rec.status,
				"bytes", rec.bytes, "duration_ms", float64(d.Microseconds())/1000, "request_id", httpx.RequestID(ctx))
		}()
		next.ServeHTTP(rec, r.WithContext(ctx))
	})
}
