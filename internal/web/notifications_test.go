package web

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/alexedwards/scs/v2"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
)

// notificationApp serves the notification routes over a real store. The logged-in
// user comes from the X-Test-User header, standing in for the session login that
// the server's tests cover.
type notificationApp struct {
	t   *testing.T
	db  *store.DB
	web *Web
	srv *httptest.Server
}

func newNotificationApp(t *testing.T) *notificationApp {
	db := storetest.SQLite(t)
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	sessions := scs.New()
	w, err := New(db, bundle, sessions, false)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	httpx.Mount(mux, w.Routes(), w.RenderError)
	login := http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if id, err := strconv.ParseInt(r.Header.Get("X-Test-User"), 10, 64); err == nil {
			p, err := db.Principal(r.Context(), id)
			if err != nil {
				t.Error(err)
			}
			r = r.WithContext(accounts.WithPrincipal(r.Context(), p))
		}
		mux.ServeHTTP(rw, r)
	})
	srv := httptest.NewServer(sessions.LoadAndSave(login))
	t.Cleanup(srv.Close)
	return &notificationApp{t: t, db: db, web: w, srv: srv}
}

func (a *notificationApp) user(email, name string) accounts.User {
	u, err := a.db.CreateUser(context.Background(), accounts.NewUser{Email: email, Name: name, Password: "ein langes Passwort"}, false)
	if err != nil {
		a.t.Fatal(err)
	}
	return u
}

func (a *notificationApp) notify(u accounts.User, n store.Notice) {
	ctx := context.Background()
	if err := a.db.Update(ctx, func(tx *store.Tx) error { return tx.Notify(ctx, []int64{u.ID}, n) }); err != nil {
		a.t.Fatal(err)
	}
}

// client is a browser of one user (nil: nobody logged in) that keeps cookies and
// does not follow redirects.
func (a *notificationApp) client(u *accounts.User, lang string) *browser {
	jar, _ := cookiejar.New(nil)
	base, _ := url.Parse(a.srv.URL)
	if lang != "" {
		jar.SetCookies(base, []*http.Cookie{{Name: "lang", Value: lang}})
	}
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	b := &browser{t: a.t, c: c, base: a.srv.URL}
	if u != nil {
		b.user = strconv.FormatInt(u.ID, 10)
	}
	return b
}

type browser struct {
	t          *testing.T
	c          *http.Client
	base, user string
}

func (b *browser) do(method, path string, form url.Values) (*http.Response, string) {
	b.t.Helper()
	req, err := http.NewRequest(method, b.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		b.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if b.user != "" {
		req.Header.Set("X-Test-User", b.user)
	}
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

func (a *notificationApp) unread(u accounts.User) int {
	n, err := a.db.UnreadNotifications(context.Background(), u.ID)
	if err != nil {
		a.t.Fatal(err)
	}
	return n
}

func TestNotificationPage(t *testing.T) {
	a := newNotificationApp(t)
	ada, bert := a.user("ada@example.de", "Ada"), a.user("bert@example.de", "Bert")
	a.notify(ada, store.Notice{Kind: "consultation_invited", Title: "Einladung zur Beteiligung: Sprachkurse", Body: "Das Land lädt Sie ein.\n\nFrist: 15.05.2026 18:00 Uhr.", Link: "/programmes/7/consultation"})
	a.notify(ada, store.Notice{Kind: "consultation_digest", Title: "Neue Beiträge zur Beteiligung „Sprachkurse“", Body: "Neue Beiträge:\n\n– Stuttgart: 1 Kommentar\n– Ludwigsburg: 1 Stellungnahme"})
	a.notify(bert, store.Notice{Kind: "k", Title: "Nur für Bert"})

	res, page := a.client(&ada, "").do("GET", "/notifications", nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /notifications: %d", res.StatusCode)
	}
	for _, want := range []string{"<h1 class=\"kern-heading-large\">Benachrichtigungen</h1>", "2 ungelesene Benachrichtigungen",
		"Alle als gelesen markieren", `<a class="kern-link" href="/programmes/7/consultation">Einladung zur Beteiligung: Sprachkurse</a>`,
		"<p class=\"kern-body\">Frist: 15.05.2026 18:00 Uhr.</p>", "– Stuttgart: 1 Kommentar<br>– Ludwigsburg: 1 Stellungnahme"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Count(page, ">Neu</span>") != 2 {
		t.Errorf("want both notifications marked new")
	}
	if strings.Contains(page, "Nur für Bert") {
		t.Error("Ada sees Bert's notification")
	}
	if strings.Index(page, "Neue Beiträge") > strings.Index(page, "Einladung zur Beteiligung") {
		t.Error("the newest notification is not first")
	}

	// Nobody logged in: off to the login page.
	if res, _ := a.client(nil, "").do("GET", "/notifications", nil); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Errorf("anonymous: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
}

func TestMarkingNotificationsRead(t *testing.T) {
	a := newNotificationApp(t)
	ada, bert := a.user("ada@example.de", "Ada"), a.user("bert@example.de", "Bert")
	for _, title := range []string{"Erste", "Zweite", "Dritte"} {
		a.notify(ada, store.Notice{Kind: "k", Title: title})
	}
	a.notify(bert, store.Notice{Kind: "k", Title: "Für Bert"})
	adaNotes, _ := a.db.Notifications(context.Background(), ada.ID, 10)
	bertNotes, _ := a.db.Notifications(context.Background(), bert.ID, 10)
	b := a.client(&ada, "")

	// One of Ada's own, by its button; Bert's cannot be marked by Ada.
	if res, _ := b.do("POST", "/notifications/"+strconv.FormatInt(adaNotes[2].ID, 10)+"/read", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("mark one: %d", res.StatusCode)
	}
	b.do("POST", "/notifications/"+strconv.FormatInt(bertNotes[0].ID, 10)+"/read", url.Values{})
	if got := a.unread(ada); got != 2 {
		t.Errorf("Ada's unread after marking one: %d", got)
	}
	if got := a.unread(bert); got != 1 {
		t.Errorf("Bert's unread after Ada tried to mark his: %d", got)
	}

	// "Alle als gelesen markieren" marks what the page showed; what arrived since
	// stays unread.
	_, page := b.do("GET", "/notifications", nil)
	m := regexp.MustCompile(`name="upto" value="(\d+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no upto field on the page")
	}
	a.notify(ada, store.Notice{Kind: "k", Title: "Vierte, während Ada liest"})
	res, _ := b.do("POST", "/notifications/read", url.Values{"upto": {m[1]}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/notifications" {
		t.Fatalf("mark all: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if got := a.unread(ada); got != 1 {
		t.Errorf("Ada's unread after mark all: %d, want the one that came later", got)
	}
	_, page = b.do("GET", "/notifications", nil)
	for _, want := range []string{"2 Benachrichtigungen sind als gelesen markiert.", "1 ungelesene Benachrichtigung"} {
		if !strings.Contains(page, want) {
			t.Errorf("after mark all the page lacks %q", want)
		}
	}
	if res, _ := b.do("POST", "/notifications/read", url.Values{}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("mark all without upto: %d", res.StatusCode)
	}

	// The header badge counts the same.
	req := httptest.NewRequest("GET", "/", nil)
	p, _ := a.db.Principal(context.Background(), ada.ID)
	if got := a.web.unreadCount(req.WithContext(accounts.WithPrincipal(req.Context(), p))); got != 1 {
		t.Errorf("unreadCount = %d, want 1", got)
	}
	if got := a.web.unreadCount(req); got != 0 {
		t.Errorf("unreadCount for the public = %d", got)
	}
}

func TestNotificationPageInEnglish(t *testing.T) {
	a := newNotificationApp(t)
	ada := a.user("ada@example.de", "Ada")
	_, page := a.client(&ada, "en").do("GET", "/notifications", nil)
	for _, want := range []string{`<html lang="en"`, "Notifications", "You have no notifications yet.", "You have read everything."} {
		if !strings.Contains(page, want) {
			t.Errorf("the English page lacks %q", want)
		}
	}
	a.notify(ada, store.Notice{Kind: "k", Title: "Einladung"})
	_, page = a.client(&ada, "en").do("GET", "/notifications", nil)
	for _, want := range []string{"1 unread notification", "Mark all as read", ">New</span>", "Mark as read</span>"} {
		if !strings.Contains(page, want) {
			t.Errorf("the English page lacks %q", want)
		}
	}
}
