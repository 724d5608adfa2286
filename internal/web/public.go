package web

import "net/http"

// language stores the chosen UI language in a cookie and, for a logged-in user, as
// their locale, and returns to the page the user came from. A plain link, so it
// works without JavaScript.
func (w *Web) language(rw http.ResponseWriter, r *http.Request) {
	lang := r.URL.Query().Get("lang")
	if lang != "de" && lang != "en" {
		lang = "de"
	}
	http.SetCookie(rw, &http.Cookie{Name: "lang", Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode})
	// The cookie is the choice for this browser; a failure to keep it for the
	// user's mail too is logged and does not stop the switch.
	if w.ui.SetLocale != nil {
		if err := w.ui.SetLocale(r.Context(), lang); err != nil {
			logFailure(r, err)
		}
	}
	http.Redirect(rw, r, SafeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
}
