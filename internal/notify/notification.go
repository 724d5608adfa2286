package notify

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Notification is a notice as one user received it.
type Notification struct {
	ID        int64
	UserID    int64
	Kind      string
	Args      []byte // the notice's arguments; nil for one written before notices had them
	Title     string // German text of a notification written before notices had arguments
	Body      string
	Link      string
	CreatedAt time.Time
	ReadAt    time.Time // zero while unread
}

// Unread reports whether the user has not marked the notification read yet.
func (n Notification) Unread() bool { return n.ReadAt.IsZero() }

// Render writes the notification in the localizer's language. One written before
// notices had arguments keeps its German text; one whose arguments cannot be read
// (a kind this version no longer knows) says so instead of failing the page.
func (n Notification) Render(l *i18n.Localizer) Rendered {
	if n.Args == nil {
		return Rendered{Title: n.Title, Body: n.Body, Link: n.Link}
	}
	notice, err := Decode(n.Kind, n.Args)
	if err != nil {
		slog.Error("notification", "id", n.ID, "err", err)
		return Rendered{Title: l.T("notice.unknown"), Link: n.Link}
	}
	return Render(l, notice)
}

// Paragraphs splits a plain-text body at blank lines, and each paragraph into its
// lines, so that a page shows the line breaks the text was written with (a digest
// lists one administration a line).
func Paragraphs(body string) [][]string {
	var out [][]string
	for _, para := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n\n") {
		if para = strings.TrimSpace(para); para != "" {
			out = append(out, strings.Split(para, "\n"))
		}
	}
	return out
}

// Store is what the notification use cases need from storage; the store's
// Notifications view implements it.
type Store interface {
	Notifications(ctx context.Context, userID int64, limit int) ([]Notification, error)
	UnreadNotifications(ctx context.Context, userID int64) (int, error)
	MarkNotificationsRead(ctx context.Context, userID int64, ids ...int64) (int, error)
	MarkAllNotificationsRead(ctx context.Context, userID, upTo int64) (int, error)
}

// Service is what users do with their own notifications. Everyone sees and marks
// only their own: the user comes from the context, never from the request.
type Service struct{ store Store }

// NewService returns the notification use cases over s.
func NewService(s Store) *Service { return &Service{store: s} }

// MaxList is how many notifications List returns at most.
const MaxList = 200

func me(ctx context.Context) (int64, error) {
	p := accounts.PrincipalFrom(ctx)
	if p == nil || p.User.Disabled() {
		return 0, teilhabe.E(teilhabe.EUNAUTHORIZED, "")
	}
	return p.User.ID, nil
}

// List returns the caller's newest notifications first, at most limit (1–MaxList,
// default 50), and how many are unread in all. Errors: EUNAUTHORIZED.
func (s *Service) List(ctx context.Context, limit int) ([]Notification, int, error) {
	uid, err := me(ctx)
	if err != nil {
		return nil, 0, err
	}
	if limit <= 0 || limit > MaxList {
		limit = 50
	}
	list, err := s.store.Notifications(ctx, uid, limit)
	if err != nil {
		return nil, 0, err
	}
	unread, err := s.store.UnreadNotifications(ctx, uid)
	return list, unread, err
}

// Unread counts the caller's unread notifications; 0 for the public.
func (s *Service) Unread(ctx context.Context) (int, error) {
	uid, err := me(ctx)
	if err != nil {
		return 0, nil
	}
	return s.store.UnreadNotifications(ctx, uid)
}

// MarkRead marks the caller's notifications with these ids read and returns how many
// were unread. Ids of other users' notifications are ignored, and the answer is the
// same as for one's own: it tells nothing about others. Errors: EUNAUTHORIZED.
func (s *Service) MarkRead(ctx context.Context, ids ...int64) (int, error) {
	uid, err := me(ctx)
	if err != nil {
		return 0, err
	}
	return s.store.MarkNotificationsRead(ctx, uid, ids...)
}

// MarkAllRead marks every unread notification of the caller up to the id upTo read,
// the newest the user saw, so that one arriving meanwhile stays unread.
// Errors: EUNAUTHORIZED, EINVALID (no upTo).
func (s *Service) MarkAllRead(ctx context.Context, upTo int64) (int, error) {
	uid, err := me(ctx)
	if err != nil {
		return 0, err
	}
	if upTo <= 0 {
		return 0, teilhabe.Invalid("notifications.error.reload")
	}
	return s.store.MarkAllNotificationsRead(ctx, uid, upTo)
}
