package web

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// notificationStore is the part of the store the notification pages use; *store.DB
// implements it. Store embeds it.
type notificationStore interface {
	Notifications(ctx context.Context, userID int64, limit int) ([]store.Notification, error)
	UnreadNotifications(ctx context.Context, userID int64) (int, error)
	MarkNotificationsRead(ctx context.Context, userID int64, ids ...int64) (int, error)
	MarkAllNotificationsRead(ctx context.Context, userID, upTo int64) (int, error)
}

// notificationLimit is how many notifications the page lists, newest first.
const notificationLimit = 100

type notificationItem struct {
	store.Notification
	Paragraphs [][]string // the body: paragraphs, each of lines
}

type notificationsPage struct {
	Page
	Items  []notificationItem
	Unread int   // all unread, also those beyond the list
	UpTo   int64 // the newest id listed: "mark all read" covers what the user saw
}

func (w *Web) notificationList(rw http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := w.page(r, "notifications.title")
	page := notificationsPage{Page: p}
	uid := p.Principal.User.ID
	list, err := w.store.Notifications(ctx, uid, notificationLimit)
	if err == nil {
		page.Unread, err = w.store.UnreadNotifications(ctx, uid)
		for _, n := range list {
			page.Items = append(page.Items, notificationItem{Notification: n, Paragraphs: paragraphs(n.Body)})
			page.UpTo = max(page.UpTo, n.ID)
		}
	}
	if err != nil {
		w.RenderError(rw, r, err)
		return
	}
	w.render(rw, r, http.StatusOK, "notifications", page)
}

// paragraphs splits a plain-text body at blank lines, and each paragraph into its
// lines, so that the page shows the line breaks the text was written with (a digest
// lists one administration a line).
func paragraphs(body string) [][]string {
	var out [][]string
	for _, para := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n\n") {
		if para = strings.TrimSpace(para); para != "" {
			out = append(out, strings.Split(para, "\n"))
		}
	}
	return out
}

func (w *Web) markAllNotificationsRead(rw http.ResponseWriter, r *http.Request) {
	upTo, err := strconv.ParseInt(r.PostFormValue("upto"), 10, 64)
	if err != nil || upTo <= 0 {
		w.RenderError(rw, r, teilhabe.Invalid("Bitte die Benachrichtigungen neu laden und noch einmal versuchen."))
		return
	}
	n, err := w.store.MarkAllNotificationsRead(r.Context(), httpxPrincipal(r).User.ID, upTo)
	if err != nil {
		w.RenderError(rw, r, err)
		return
	}
	w.redirect(rw, r, "/notifications", "flash.notifications_read", "Count", n)
}

func (w *Web) markNotificationRead(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err == nil {
		// Someone else's notification is not marked and not reported: the answer is
		// the same as for one's own, so it tells nothing about others.
		_, err = w.store.MarkNotificationsRead(r.Context(), httpxPrincipal(r).User.ID, id)
	}
	if err != nil {
		w.RenderError(rw, r, err)
		return
	}
	w.redirect(rw, r, "/notifications", "")
}

// unreadCount is the number of the logged-in user's unread notifications, for the
// badge in the page header; 0 for the public. A failing count is logged and shows
// as 0: the header must not break every page.
func (w *Web) unreadCount(r *http.Request) int {
	p := httpxPrincipal(r)
	if p == nil {
		return 0
	}
	n, err := w.store.UnreadNotifications(r.Context(), p.User.ID)
	if err != nil {
		slog.ErrorContext(r.Context(), "unread notifications", "err", err, "request_id", httpx.RequestID(r.Context()))
		return 0
	}
	return n
}
