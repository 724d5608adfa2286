// Package httpx holds what the web UI and the JSON API share: the route table type
// with its declared authorization, request ids and the mapping of domain error codes
// to HTTP status codes.
package httpx

import (
	"net/http"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Route is one entry of a route table. Every route declares the action the
// authorization policy checks before the handler runs; handlers that work on one
// organisation's or user's data check again with that target.
type Route struct {
	Method  string
	Path    string // a net/http pattern path, e.g. "/regions/{key}"
	Action  accounts.Action
	Handler http.HandlerFunc
}

// Pattern returns the ServeMux pattern "METHOD PATH".
func (rt Route) Pattern() string { return rt.Method + " " + rt.Path }

// ErrorRenderer writes an error response in the surface's format (HTML or JSON).
type ErrorRenderer func(w http.ResponseWriter, r *http.Request, err error)

// Mount registers routes on mux, each behind the policy check.
func Mount(mux *http.ServeMux, routes []Route, renderErr ErrorRenderer) {
	for _, rt := range routes {
		h := Authorized(rt.Action, renderErr, rt.Handler)
		pattern := rt.Pattern()
		mux.Handle(pattern, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			SetRoute(r, pattern)
			h.ServeHTTP(w, r)
		}))
	}
}

// Authorized runs h only if the request's principal may perform a.
func Authorized(a accounts.Action, renderErr ErrorRenderer, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := accounts.Authorize(accounts.PrincipalFrom(r.Context()), a, accounts.Target{}); err != nil {
			renderErr(w, r, err)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// Status maps a domain error code to an HTTP status code.
func Status(err error) int {
	switch teilhabe.ErrorCode(err) {
	case teilhabe.EINVALID:
		return http.StatusUnprocessableEntity
	case teilhabe.ENOTFOUND:
		return http.StatusNotFound
	case teilhabe.EFORBIDDEN:
		return http.StatusForbidden
	case teilhabe.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case teilhabe.ECONFLICT:
		return http.StatusConflict
	case teilhabe.ETOOMANY:
		return http.StatusTooManyRequests
	case teilhabe.EUNSUPPORTED:
		return http.StatusNotImplemented
	}
	return http.StatusInternalServerError
}
