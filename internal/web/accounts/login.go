package accounts

import (
	"log/slog"
	"net"
	"net/http"
	"strconv"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
	"github.com/teilhabe/teilhabe/internal/web"
)

// Session keys: the user a session belongs to and the session epoch it began in.
const (
	sessUserID = "user_id"
	sessEpoch  = "epoch"
)

type loginPage struct {
	web.Page
	Email string
	Next  string
}

func (w *Web) loginForm(rw http.ResponseWriter, r *http.Request) {
	w.render(rw, r, http.StatusOK, "login", loginPage{Page: w.ui.Page(r, "login.title"), Next: web.SafeNext(r.URL.Query().Get("next"))})
}

func (w *Web) login(rw http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	next := web.SafeNext(r.PostFormValue("next"))
	if next == "/" {
		next = "/account"
	}
	c := accounts.Credentials{Email: r.PostFormValue("email"), Password: r.PostFormValue("password"), IP: clientIP(r)}
	u, err := w.svc.Login(ctx, c)
	switch teilhabe.ErrorCode(err) {
	case "":
	case teilhabe.EUNAUTHORIZED, teilhabe.ETOOMANY:
		// The form again, with the answer in the reader's language.
		slog.InfoContext(ctx, "login refused", "code", teilhabe.ErrorCode(err), "email", c.Email, "ip", c.IP, "request_id", httpx.RequestID(ctx))
		page := loginPage{Page: w.ui.Page(r, "login.title"), Email: c.Email, Next: next}
		page.WithError(r, err)
		if teilhabe.ErrorCode(err) == teilhabe.ETOOMANY {
			rw.Header().Set("Retry-After", strconv.Itoa(int(accounts.ThrottleWindow.Seconds())))
		}
		w.render(rw, r, httpx.Status(err), "login", page)
		return
	default:
		w.ui.Error(rw, r, err)
		return
	}
	// A new session token on login prevents session fixation.
	if err := w.startSession(r, u); err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	slog.InfoContext(ctx, "login", "user_id", u.ID, "request_id", httpx.RequestID(ctx))
	if u.MustChangePassword {
		next = "/account/password"
	}
	http.Redirect(rw, r, next, http.StatusSeeOther)
}

// startSession gives the request a fresh session token for u in u's session epoch.
func (w *Web) startSession(r *http.Request, u accounts.User) error {
	sessions := w.ui.Sessions()
	if err := sessions.RenewToken(r.Context()); err != nil {
		return err
	}
	sessions.Put(r.Context(), sessUserID, u.ID)
	sessions.Put(r.Context(), sessEpoch, u.SessionEpoch)
	return nil
}

func (w *Web) logout(rw http.ResponseWriter, r *http.Request) {
	if err := w.ui.Sessions().Destroy(r.Context()); err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	http.Redirect(rw, r, "/", http.StatusSeeOther)
}

// clientIP is the peer address, for the per-IP login throttle.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// LoadPrincipal is middleware that puts the session's user into the request
// context. A session the use case says has ended (a password change, a disabling
// since) is destroyed, and the request goes on for the anonymous public; a fault
// while loading is an error page, not a logout.
func (w *Web) LoadPrincipal(next http.Handler) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		sessions := w.ui.Sessions()
		id := sessions.GetInt64(ctx, sessUserID)
		if id == 0 {
			next.ServeHTTP(rw, r)
			return
		}
		p, err := w.svc.SessionPrincipal(ctx, id, sessions.GetInt64(ctx, sessEpoch))
		switch teilhabe.ErrorCode(err) {
		case "":
			next.ServeHTTP(rw, r.WithContext(accounts.WithPrincipal(ctx, p)))
		case teilhabe.EUNAUTHORIZED:
			if err := sessions.Destroy(ctx); err != nil {
				w.ui.Error(rw, r, err)
				return
			}
			next.ServeHTTP(rw, r)
		default:
			w.ui.Error(rw, r, err)
		}
	})
}
