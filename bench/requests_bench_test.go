package bench

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/teilhabe/teilhabe/internal/demo"
	"github.com/teilhabe/teilhabe/internal/server"
	"github.com/teilhabe/teilhabe/internal/store"
)

// The cost of two requests that every consultation makes many of, through the whole
// server (session, principal, CSRF check, handler, template) in-process, on the demo
// scenario: the programme page and the POST of one contribution. Besides the time per
// request it reports the SQL statements per request ("sql/op": queries, execs and a
// transaction's BEGIN and COMMIT), counted by the store's driver wrapper; no other
// work runs on the database meanwhile.

// requestWorld is the demo scenario behind the real server handler.
type requestWorld struct {
	db      *store.DB
	h       http.Handler
	draft   int64 // the programme in consultation (the WLAN draft)
	public  int64 // a published programme
	cookies []*http.Cookie
}

func newRequestWorld(b *testing.B, engine store.Dialect) *requestWorld {
	ctx := context.Background()
	// The request log is the same work before and after a change; it would only
	// flood the benchmark's output.
	slog.SetDefault(slog.New(slog.NewJSONHandler(io.Discard, nil)))
	db := open(b, engine)
	if _, err := demo.Load(ctx, db); err != nil {
		b.Fatal(err)
	}
	s, err := server.New(db, server.Options{Version: "bench", Demo: true})
	if err != nil {
		b.Fatal(err)
	}
	w := &requestWorld{db: db, h: s.Handler}
	for status, id := range map[string]*int64{"consultation": &w.draft, "applications": &w.public} {
		if err := db.Reader().QueryRowContext(ctx, `SELECT id FROM programmes WHERE status = $1 ORDER BY id LIMIT 1`, status).Scan(id); err != nil {
			b.Fatalf("demo programme in %s: %v", status, err)
		}
	}
	res := w.do(b, http.MethodPost, "/login", url.Values{"email": {"commissioner@" + demo.EmailDomain}, "password": {demo.Password}}, nil)
	if res.Code != http.StatusSeeOther {
		b.Fatalf("login: %d", res.Code)
	}
	w.cookies = res.Result().Cookies()
	return w
}

func (w *requestWorld) do(b *testing.B, method, path string, form url.Values, cookies []*http.Cookie) *httptest.ResponseRecorder {
	var req *http.Request
	if form != nil {
		req = httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req = httptest.NewRequest(method, path, nil)
	}
	for _, c := range cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, req)
	return rec
}

// measure runs one request per iteration and reports the statements per request.
func (w *requestWorld) measure(b *testing.B, want int, request func() *httptest.ResponseRecorder) {
	if res := request(); res.Code != want { // warm the caches, check the answer once
		b.Fatalf("status %d, want %d: %.300s", res.Code, want, res.Body.String())
	}
	before := w.db.Statements()
	n := 0
	for b.Loop() {
		request()
		n++
	}
	d := w.db.Statements().Sub(before)
	b.ReportMetric(float64(d.Total())/float64(n), "sql/op")
	b.ReportMetric(float64(d.Queries)/float64(n), "queries/op")
	b.ReportMetric(float64(d.Execs)/float64(n), "execs/op")
	b.ReportMetric(float64(d.Transactions)/float64(n), "tx/op")
}

// BenchmarkProgrammePage is GET /programmes/{id}: anonymous on a published
// programme, and an invited commissioner on the draft in consultation.
func BenchmarkProgrammePage(b *testing.B) {
	for _, engine := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(string(engine), func(b *testing.B) {
			w := newRequestWorld(b, engine)
			b.Run("public", func(b *testing.B) {
				w.measure(b, http.StatusOK, func() *httptest.ResponseRecorder {
					return w.do(b, http.MethodGet, "/programmes/"+strconv.FormatInt(w.public, 10), nil, nil)
				})
			})
			b.Run("commissioner", func(b *testing.B) {
				w.measure(b, http.StatusOK, func() *httptest.ResponseRecorder {
					return w.do(b, http.MethodGet, "/programmes/"+strconv.FormatInt(w.draft, 10), nil, w.cookies)
				})
			})
		})
	}
}

// BenchmarkContributionPost is an invited commissioner's comment on a paragraph of
// the draft: POST /programmes/{id}/consultation/contributions, answered 303.
func BenchmarkContributionPost(b *testing.B) {
	for _, engine := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(string(engine), func(b *testing.B) {
			w := newRequestWorld(b, engine)
			path := "/programmes/" + strconv.FormatInt(w.draft, 10) + "/consultation/contributions"
			form := url.Values{"kind": {"comment"}, "section": {"0"}, "paragraph": {"0"},
				"text": {"Bitte auch Unterkünfte in kommunaler Trägerschaft einbeziehen."}}
			w.measure(b, http.StatusSeeOther, func() *httptest.ResponseRecorder {
				return w.do(b, http.MethodPost, path, form, w.cookies)
			})
		})
	}
}
