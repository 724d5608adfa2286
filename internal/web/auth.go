package web

import (
	"net"
	"net/http"
	"strings"
	"time"

	"log/slog"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Login throttling: after this many failures in the window, further attempts for the
// same address (or from the same IP) are refused until the window has passed. The
// counts live in the database, so they hold across several app instances.
const (
	throttleWindow   = 15 * time.Minute
	maxFailsPerEmail = 5
	maxFailsPerIP    = 30
)

// Session keys.
const (
	sessUserID = "user_id"
	sessEpoch  = "epoch"
)

type loginPage struct {
	Page
	Email string
	Next  string
}

func (w *Web) loginForm(rw http.ResponseWriter, r *http.Request) {
	w.render(rw, r, http.StatusOK, "login", loginPage{Page: w.page(r, "login.title"), Next: safeNext(r.URL.Query().Get("next"))})
}

func (w *Web) login(rw http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	email := strings.ToLower(strings.TrimSpace(r.PostFormValue("email")))
	next := safeNext(r.PostFormValue("next"))
	if next == "/" {
		next = "/account"
	}
	page := loginPage{Page: w.page(r, "login.title"), Email: email, Next: next}
	ip := clientIP(r)
	byEmail, byIP, err := w.store.LoginFailures(ctx, email, ip, time.Now().Add(-throttleWindow))
	if err != nil {
		w.RenderError(rw, r, err)
		return
	}
	if byEmail >= maxFailsPerEmail || byIP >= maxFailsPerIP {
		slog.WarnContext(ctx, "login throttled", "email", email, "ip", ip, "request_id", httpx.RequestID(ctx))
		page.withError(&teilhabe.Error{Code: teilhabe.ETOOMANY, Message: "Zu viele fehlgeschlagene Anmeldungen. Bitte versuchen Sie es in 15 Minuten erneut."})
		rw.Header().Set("Retry-After", "900")
		w.render(rw, r, http.StatusTooManyRequests, "login", page)
		return
	}
	u, err := w.store.Authenticate(ctx, email, r.PostFormValue("password"))
	if err != nil {
		if teilhabe.ErrorCode(err) == teilhabe.EUNAUTHORIZED {
			_ = w.store.RecordLoginFailure(ctx, email, ip)
			slog.InfoContext(ctx, "login failed", "email", email, "ip", ip, "request_id", httpx.RequestID(ctx))
			err = teilhabe.Invalid("E-Mail-Adresse oder Passwort sind falsch.",
				teilhabe.FieldError{Field: "email", Code: "credentials", Message: "E-Mail-Adresse oder Passwort sind falsch."})
			if page.L.Lang == "en" {
				err = teilhabe.Invalid("Wrong e-mail address or password.", teilhabe.FieldError{Field: "email", Code: "credentials", Message: "Wrong e-mail address or password."})
			}
			page.withError(err)
			w.render(rw, r, http.StatusUnauthorized, "login", page)
			return
		}
		w.RenderError(rw, r, err)
		return
	}
	_ = w.store.ClearLoginFailures(ctx, email)
	// A new session token on login prevents session fixation.
	if err := w.sessions.RenewToken(ctx); err != nil {
		w.RenderError(rw, r, err)
		return
	}
	w.sessions.Put(ctx, sessUserID, u.ID)
	w.sessions.Put(ctx, sessEpoch, u.SessionEpoch)
	slog.InfoContext(ctx, "login", "user_id", u.ID, "request_id", httpx.RequestID(ctx))
	if u.MustChangePassword {
		next = "/account/password"
	}
	http.Redirect(rw, r, next, http.StatusSeeOther)
}

func (w *Web) logout(rw http.ResponseWriter, r *http.Request) {
	if err := w.sessions.Destroy(r.Context()); err != nil {
		w.RenderError(rw, r, err)
		return
	}
	http.Redirect(rw, r, "/", http.StatusSeeOther)
}

// clientIP is the peer address. Behind a reverse proxy all requests share its
// address; the per-address throttle still holds, and the per-IP one is a safety net.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// LoadPrincipal returns middleware that puts the session's user into the request
// context. A session from before a password change or a disabling ends here.
func (w *Web) LoadPrincipal(load func(r *http.Request, userID int64) (*accounts.Principal, error)) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
			ctx := r.Context()
			id := w.sessions.GetInt64(ctx, sessUserID)
			if id == 0 {
				next.ServeHTTP(rw, r)
				return
			}
			p, err := load(r, id)
			if err != nil || p.User.Disabled() || p.User.SessionEpoch != w.sessions.GetInt64(ctx, sessEpoch) {
				_ = w.sessions.Destroy(ctx)
				next.ServeHTTP(rw, r)
				return
			}
			next.ServeHTTP(rw, r.WithContext(accounts.WithPrincipal(ctx, p)))
		})
	}
}
