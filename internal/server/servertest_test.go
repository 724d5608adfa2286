package server_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/teilhabe/teilhabe/internal/demo"
	"github.com/teilhabe/teilhabe/internal/server"
	"github.com/teilhabe/teilhabe/internal/store"
)

type app struct {
	db     *store.DB
	srv    *httptest.Server
	server *server.Server
}

// shared is one application with the demo scenario for the whole package: loading
// 16,000 regions and hashing 15 passwords once instead of per test. Tests that change
// data use users and organisations no other test looks at.
var shared *app

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "teilhabe-server-test")
	if err != nil {
		panic(err)
	}
	code := func() int {
		ctx := context.Background()
		db, err := store.Open(ctx, "sqlite:"+filepath.Join(dir, "test.db"))
		if err != nil {
			panic(err)
		}
		defer db.Close()
		if err := db.Migrate(ctx); err != nil {
			panic(err)
		}
		if _, err := demo.Load(ctx, db); err != nil {
			panic(err)
		}
		s, err := server.New(db, server.Options{Version: "test", Demo: true})
		if err != nil {
			panic(err)
		}
		srv := httptest.NewServer(s.Handler)
		defer srv.Close()
		shared = &app{db: db, srv: srv, server: s}
		return m.Run()
	}()
	os.RemoveAll(dir)
	os.Exit(code)
}

func newApp(t *testing.T) *app { return shared }

// client returns an HTTP client that keeps cookies and does not follow redirects, so
// that tests see the 303 answers themselves.
func (a *app) client(t *testing.T) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// login returns a client logged in as the demo user with that e-mail's local part
// ("" for the anonymous public).
func (a *app) login(t *testing.T, local string) *http.Client {
	t.Helper()
	c := a.client(t)
	if local == "" {
		return c
	}
	res, err := c.PostForm(a.srv.URL+"/login", url.Values{"email": {local + "@" + demo.EmailDomain}, "password": {demo.Password}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login %s: status %d", local, res.StatusCode)
	}
	return c
}

func (a *app) get(t *testing.T, c *http.Client, path string) (int, string) {
	t.Helper()
	res, err := c.Get(a.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func (a *app) post(t *testing.T, c *http.Client, path string, form url.Values) (int, string) {
	t.Helper()
	res, err := c.PostForm(a.srv.URL+path, form)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// send makes a request of another method with a form body.
func (a *app) send(t *testing.T, c *http.Client, method, path string, form url.Values) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, a.srv.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func mustContain(t *testing.T, body string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
