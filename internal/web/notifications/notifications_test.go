package notifications_test

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
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/notify"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
	"github.com/teilhabe/teilhabe/internal/web"
	notificationsweb "github.com/teilhabe/teilhabe/internal/web/notifications"
)

// notificationApp serves the notification routes over a real store, with the
// header's unread badge as the server wires it. The logged-in user comes from the
// X-Test-User header, standing in for the session login that the server's tests
// cover.
type notificationApp struct {
	t   *testing.T
	db  *store.DB
	svc *notify.Service
	srv *httptest.Server
}

func newNotificationApp(t *testing.T) *notificationApp {
	db := storetest.SQLite(t)
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	sessions := scs.New()
	ui, err := web.NewUI(bundle, sessions, false)
	if err != nil {
		t.Fatal(err)
	}
	svc := notify.NewService(db.Notifications())
	ui.Unread = svc.Unread
	w, err := notificationsweb.New(ui, svc)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	httpx.Mount(mux, w.Routes(), ui.Error)
	login := http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if id, err := strconv.ParseInt(r.Header.Get("X-Test-User"), 10, 64); err == nil {
			p, err := db.Accounts().Principal(r.Context(), id)
			if err != nil {
				t.Error(err)
			}
			r = r.WithContext(accounts.WithPrincipal(r.Context(), p))
		}
		mux.ServeHTTP(rw, r)
	})
	srv := httptest.NewServer(sessions.LoadAndSave(login))
	t.Cleanup(srv.Close)
	return &notificationApp{t: t, db: db, svc: svc, srv: srv}
}

func (a *notificationApp) user(email, name string) accounts.User {
	return storetest.User(a.t, a.db, accounts.NewUser{Email: email, Name: name})
}

func (a *notificationApp) notify(u accounts.User, n notify.Notice) {
	ctx := context.Background()
	if err := a.db.Update(ctx, func(tx *store.Tx) error { return tx.Notify(ctx, []int64{u.ID}, n, false) }); err != nil {
		a.t.Fatal(err)
	}
}

// reminder is a notice told apart by its programme's title.
func reminder(title string) notify.ConsultationReminder {
	return notify.ConsultationReminder{ProgrammeID: 9, Programme: title, Funder: "Das Land", Deadline: time.Date(2026, 5, 15, 16, 0, 0, 0, time.UTC)}
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
	n, err := a.db.Notifications().UnreadNotifications(context.Background(), u.ID)
	if err != nil {
		a.t.Fatal(err)
	}
	return n
}

func (a *notificationApp) list(u accounts.User) []notify.Notification {
	list, err := a.db.Notifications().Notifications(context.Background(), u.ID, 10)
	if err != nil {
		a.t.Fatal(err)
	}
	return list
}

func TestNotificationPage(t *testing.T) {
	a := newNotificationApp(t)
	ada, bert := a.user("ada@example.de", "Ada"), a.user("bert@example.de", "Bert")
	a.notify(ada, notify.ConsultationInvited{ProgrammeID: 7, Programme: "Sprachkurse", Funder: "Das Land",
		Deadline: time.Date(2026, 5, 15, 16, 0, 0, 0, time.UTC), Invitation: "Bitte um Hinweise bis zur Frist."})
	a.notify(ada, notify.ConsultationDigest{ProgrammeID: 7, Programme: "Sprachkurse", Since: time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC),
		Administrations: []notify.DigestEntry{{Name: "Stuttgart", Comments: 1}, {Name: "Ludwigsburg", Statements: 1}}})
	a.notify(bert, reminder("Nur für Bert"))

	res, page := a.client(&ada, "").do("GET", "/notifications", nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /notifications: %d", res.StatusCode)
	}
	for _, want := range []string{"<h1 class=\"kern-heading-large\">Benachrichtigungen</h1>", "2 ungelesene Benachrichtigungen",
		"Alle als gelesen markieren", `<a class="kern-link" href="/programmes/7/consultation">Einladung zur Beteiligung: Sprachkurse</a>`,
		"<p class=\"kern-body\">Das Land lädt Sie ein, den Entwurf des Förderprogramms „Sprachkurse“ zu kommentieren. Frist: 15.05.2026, 18:00 Uhr.</p>",
		"<p class=\"kern-body\">Bitte um Hinweise bis zur Frist.</p>",
		`<a class="kern-link" href="/programmes/7/consultation">Neue Beiträge zur Beteiligung „Sprachkurse“</a>`,
		"– Stuttgart: 1 Kommentar<br>– Ludwigsburg: 1 Stellungnahme",
		// The header's badge counts the same.
		`<span class="badge" aria-hidden="true">2</span>`} {
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
	if strings.Index(page, "Neue Beiträge zur") > strings.Index(page, "Einladung zur Beteiligung") {
		t.Error("the newest notification is not first")
	}

	// Nobody logged in: off to the login page.
	if res, _ := a.client(nil, "").do("GET", "/notifications", nil); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login?next=%2Fnotifications" {
		t.Errorf("anonymous: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res, _ := a.client(nil, "").do("POST", "/notifications/read", url.Values{"upto": {"1"}}); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("anonymous mark all: %d", res.StatusCode)
	}
	if n, err := a.svc.Unread(context.Background()); err != nil || n != 0 {
		t.Errorf("unread for the public = %d, %v", n, err)
	}
}

// TestNotificationsFromBeforeNoticesHadArguments: a notification written with its
// German text keeps it, in either language.
func TestNotificationsFromBeforeNoticesHadArguments(t *testing.T) {
	a := newNotificationApp(t)
	ada := a.user("ada@example.de", "Ada")
	ctx := context.Background()
	err := a.db.Update(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO notifications (user_id, kind, title, body, link, created_at) VALUES ($1, 'consultation_invited', $2, $3, $4, $5)`,
			ada.ID, "Einladung zur Beteiligung: Alte Sprachkurse", "Das Land lädt Sie ein.\n\nFrist: 15.05.2026 18:00 Uhr.", "/programmes/3/consultation", tx.Now())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"de", "en"} {
		_, page := a.client(&ada, lang).do("GET", "/notifications", nil)
		for _, want := range []string{`<a class="kern-link" href="/programmes/3/consultation">Einladung zur Beteiligung: Alte Sprachkurse</a>`,
			"<p class=\"kern-body\">Frist: 15.05.2026 18:00 Uhr.</p>"} {
			if !strings.Contains(page, want) {
				t.Errorf("%s: the page lacks %q", lang, want)
			}
		}
	}
}

func TestMarkingNotificationsRead(t *testing.T) {
	a := newNotificationApp(t)
	ada, bert := a.user("ada@example.de", "Ada"), a.user("bert@example.de", "Bert")
	for _, title := range []string{"Erste", "Zweite", "Dritte"} {
		a.notify(ada, reminder(title))
	}
	a.notify(bert, reminder("Für Bert"))
	adaNotes, bertNotes := a.list(ada), a.list(bert)
	b := a.client(&ada, "")

	// One of Ada's own, by its button; Bert's cannot be marked by Ada, and the
	// answer is the same as for one's own.
	res, _ := b.do("POST", "/notifications/"+strconv.FormatInt(adaNotes[2].ID, 10)+"/read", url.Values{})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/notifications" {
		t.Fatalf("mark one: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	res, _ = b.do("POST", "/notifications/"+strconv.FormatInt(bertNotes[0].ID, 10)+"/read", url.Values{})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/notifications" {
		t.Errorf("marking Bert's: %d %s, want the answer for one's own", res.StatusCode, res.Header.Get("Location"))
	}
	if res, _ := b.do("POST", "/notifications/abc/read", url.Values{}); res.StatusCode != http.StatusNotFound {
		t.Errorf("marking no number: %d", res.StatusCode)
	}
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
	if strings.Count(page, "Als gelesen markieren</span>") != 2 {
		t.Errorf("want a button for each unread notification")
	}
	a.notify(ada, reminder("Vierte, während Ada liest"))
	res, _ = b.do("POST", "/notifications/read", url.Values{"upto": {m[1]}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/notifications" {
		t.Fatalf("mark all: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if got := a.unread(ada); got != 1 {
		t.Errorf("Ada's unread after mark all: %d, want the one that came later", got)
	}
	_, page = b.do("GET", "/notifications", nil)
	for _, want := range []string{"2 Benachrichtigungen sind als gelesen markiert.", "1 ungelesene Benachrichtigung", `<span class="badge" aria-hidden="true">1</span>`} {
		if !strings.Contains(page, want) {
			t.Errorf("after mark all the page lacks %q", want)
		}
	}
	if res, _ := b.do("POST", "/notifications/read", url.Values{}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("mark all without upto: %d", res.StatusCode)
	}
	if got := a.unread(bert); got != 1 {
		t.Errorf("Bert's unread after Ada marked all of hers: %d", got)
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
	a.notify(ada, notify.ConsultationInvited{ProgrammeID: 7, Programme: "Sprachkurse", Funder: "Das Land", Deadline: time.Date(2026, 5, 15, 16, 0, 0, 0, time.UTC)})
	_, page = a.client(&ada, "en").do("GET", "/notifications", nil)
	// The notice itself is in the page's language too.
	for _, want := range []string{"1 unread notification", "Mark all as read", ">New</span>", "Mark as read</span>",
		`<a class="kern-link" href="/programmes/7/consultation">Invitation to a consultation: Sprachkurse</a>`,
		"Das Land invites you to comment on the draft of the funding programme “Sprachkurse”. Deadline: 15 May 2026, 18:00"} {
		if !strings.Contains(page, want) {
			t.Errorf("the English page lacks %q", want)
		}
	}
	if strings.Contains(page, "Einladung") {
		t.Error("the English page shows the German notice")
	}
	// Nor does it tell English readers that their notices are German.
	if strings.Contains(page, "written in German") {
		t.Error("the English intro says the notifications are written in German, above a notification in English")
	}
}
