// Package notifications is the web UI of a user's own notifications: the list, each
// rendered in the page's language, and marking them read.
package notifications

import (
	"context"
	"embed"
	"net/http"
	"strconv"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/notify"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
	"github.com/teilhabe/teilhabe/internal/web"
)

//go:embed templates
var templateFiles embed.FS

// Service is what the pages ask of the notification use cases; *notify.Service
// implements it.
type Service interface {
	List(ctx context.Context, limit int) ([]notify.Notification, int, error)
	MarkRead(ctx context.Context, ids ...int64) (int, error)
	MarkAllRead(ctx context.Context, upTo int64) (int, error)
}

var _ Service = (*notify.Service)(nil)

// Web serves the notification pages.
type Web struct {
	ui    *web.UI
	svc   Service
	pages *web.Pages
}

// New parses the templates; a broken one fails the start.
func New(ui *web.UI, svc Service) (*Web, error) {
	pages, err := web.ParsePages(templateFiles, nil)
	return &Web{ui: ui, svc: svc, pages: pages}, err
}

// Routes is the route table: every logged-in user has notifications of their own.
func (w *Web) Routes() []httpx.Route {
	acc := accounts.ActAccount
	return []httpx.Route{
		{Method: "GET", Path: "/notifications", Action: acc, Handler: w.list},
		{Method: "POST", Path: "/notifications/read", Action: acc, Handler: w.markAllRead},
		{Method: "POST", Path: "/notifications/{id}/read", Action: acc, Handler: w.markRead},
	}
}

// limit is how many notifications the page lists, newest first.
const limit = 100

type item struct {
	ID         int64
	Title      string
	Link       string
	CreatedAt  time.Time
	Unread     bool
	Paragraphs [][]string // the body: paragraphs, each of lines
}

type page struct {
	web.Page
	Items  []item
	Unread int   // all unread, also those beyond the list
	UpTo   int64 // the newest id listed: "mark all read" covers what the user saw
}

func (w *Web) list(rw http.ResponseWriter, r *http.Request) {
	list, unread, err := w.svc.List(r.Context(), limit)
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	p := page{Page: w.ui.Page(r, "notifications.title"), Unread: unread}
	for _, n := range list {
		text := n.Render(p.L)
		p.Items = append(p.Items, item{ID: n.ID, Title: text.Title, Link: text.Link, CreatedAt: n.CreatedAt, Unread: n.Unread(),
			Paragraphs: notify.Paragraphs(text.Body)})
		p.UpTo = max(p.UpTo, n.ID)
	}
	w.pages.Render(rw, r, http.StatusOK, "notifications", p)
}

func (w *Web) markAllRead(rw http.ResponseWriter, r *http.Request) {
	upTo, _ := strconv.ParseInt(r.PostFormValue("upto"), 10, 64)
	n, err := w.svc.MarkAllRead(r.Context(), upTo)
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	w.ui.Redirect(rw, r, "/notifications", "flash.notifications_read", "Count", n)
}

func (w *Web) markRead(rw http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		err = teilhabe.E(teilhabe.ENOTFOUND, "error.no_page")
	} else {
		// Someone else's notification is not marked and not reported: the answer is
		// the same as for one's own, so it tells nothing about others.
		_, err = w.svc.MarkRead(r.Context(), id)
	}
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	w.ui.Redirect(rw, r, "/notifications", "")
}
