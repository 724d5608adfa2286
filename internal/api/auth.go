package api

import (
	"net/http"
	"strings"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// authenticate replaces the request's principal with the owner of a bearer token.
// Without an Authorization header the principal the server already put in the
// context (a same-origin browser session) stays, so the web UI's own scripts can
// call the API. A header that is present but wrong is always 401, also on public
// routes: a client with a broken token should learn so at once, not receive
// anonymous answers that look like missing data.
func (a *API) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header := r.Header.Get("Authorization")
		if header == "" {
			next.ServeHTTP(w, r)
			return
		}
		secret, valid := bearerToken(header)
		if !valid {
			a.invalidToken(w, r, teilhabe.E(teilhabe.EUNAUTHORIZED, "api.error.bearer_form"))
			return
		}
		p, err := a.accounts.TokenPrincipal(r.Context(), secret)
		if err != nil {
			a.invalidToken(w, r, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(accounts.WithPrincipal(r.Context(), p)))
	})
}

// bearerToken returns the token of an "Authorization: Bearer thb_…" header. The
// scheme is case-insensitive (RFC 9110); a token without our prefix is not looked
// up, since it cannot be one of ours.
func bearerToken(header string) (string, bool) {
	scheme, token, found := strings.Cut(header, " ")
	token = strings.TrimSpace(token)
	if !found || !strings.EqualFold(scheme, "Bearer") || !strings.HasPrefix(token, accounts.TokenPrefix) {
		return "", false
	}
	return token, true
}

// invalidToken answers 401 with the RFC 6750 error code; a database failure while
// looking the token up stays a 500, since the token may well be valid.
func (a *API) invalidToken(w http.ResponseWriter, r *http.Request, err error) {
	if teilhabe.ErrorCode(err) == teilhabe.EUNAUTHORIZED {
		w.Header().Set("WWW-Authenticate", `Bearer realm="teilhabe", error="invalid_token"`)
	}
	a.RenderError(w, r, err)
}
