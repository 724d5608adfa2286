// Package api is the JSON API under /api/v1: regions, the public directory of
// organisations, the official statistics and indicators, funding programmes, the
// procedure from application to grant and the caller's own account, described by a
// hand-written OpenAPI 3.1 document and answering errors as RFC 9457 problem+json.
package api

import (
	"net/http"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Prefix starts every API path. The version is in the path, not a header, so that
// links, logs and the OpenAPI document all show which contract a client uses.
const Prefix = "/api/v1"

// API serves the JSON API.
type API struct {
	programmes   ProgrammeService
	regions      RegionService
	accounts     AccountService
	monitoring   MonitoringService
	applications ApplicationService
	reviews      ReviewService
	calls        CallService
	decisions    DecisionService
	attachments  AttachmentService
	statements   StatementService
	grants       GrantService
	i18n         *i18n.Bundle // error messages in the request's language
	openapi      []byte       // the OpenAPI document with the build's version filled in
}

// New returns the API. It panics if the embedded OpenAPI document is broken, which
// TestOpenAPIMatchesRoutes catches long before a server starts.
func New(s Services, bundle *i18n.Bundle, version string) *API {
	return &API{programmes: s.Programmes, regions: s.Regions, accounts: s.Accounts, monitoring: s.Monitoring,
		applications: s.Applications, reviews: s.Reviews, calls: s.Calls, decisions: s.Decisions, attachments: s.Attachments, statements: s.Statements,
		grants: s.Grants, i18n: bundle, openapi: openAPIDocument(version)}
}

// Services are the use cases the API calls, one field per capability.
type Services struct {
	Programmes   ProgrammeService
	Regions      RegionService
	Accounts     AccountService
	Monitoring   MonitoringService
	Applications ApplicationService
	Reviews      ReviewService
	Calls        CallService
	Decisions    DecisionService
	Attachments  AttachmentService
	Statements   StatementService
	Grants       GrantService
}

// Routes returns every API route with the action the policy checks before the
// handler runs. The OpenAPI document must list exactly these; a test enforces it.
func (a *API) Routes() []httpx.Route {
	routes := []httpx.Route{
		{Method: http.MethodGet, Path: Prefix + "/regions", Action: accounts.ActPublic, Handler: a.listRegions},
		{Method: http.MethodGet, Path: Prefix + "/regions/{key}", Action: accounts.ActPublic, Handler: a.getRegion},
		{Method: http.MethodGet, Path: Prefix + "/organisations", Action: accounts.ActPublic, Handler: a.listOrganisations},
		{Method: http.MethodGet, Path: Prefix + "/organisations/{id}", Action: accounts.ActPublic, Handler: a.getOrganisation},
		{Method: http.MethodGet, Path: Prefix + "/observations", Action: accounts.ActPublic, Handler: a.listObservations},
		{Method: http.MethodGet, Path: Prefix + "/indicators", Action: accounts.ActPublic, Handler: a.listIndicators},
		{Method: http.MethodGet, Path: Prefix + "/indicators/{code}", Action: accounts.ActPublic, Handler: a.getIndicator},
		{Method: http.MethodGet, Path: Prefix + "/indicators/{code}/values", Action: accounts.ActPublic, Handler: a.indicatorValues},
		{Method: http.MethodGet, Path: Prefix + "/indicators/{code}/series", Action: accounts.ActPublic, Handler: a.indicatorSeries},
		{Method: http.MethodGet, Path: Prefix + "/catalog", Action: accounts.ActPublic, Handler: a.catalog},
		{Method: http.MethodGet, Path: Prefix + "/me", Action: accounts.ActAccount, Handler: a.me},
		{Method: http.MethodGet, Path: Prefix + "/openapi.json", Action: accounts.ActPublic, Handler: a.serveOpenAPI},
		{Method: http.MethodGet, Path: Prefix + "/problems/{code}", Action: accounts.ActPublic, Handler: a.getProblem},
	}
	routes = append(routes, a.programmeRoutes()...)
	routes = append(routes, a.applicationRoutes()...)
	routes = append(routes, a.reviewRoutes()...)
	routes = append(routes, a.callRoutes()...)
	routes = append(routes, a.decisionRoutes()...)
	routes = append(routes, a.attachmentRoutes()...)
	routes = append(routes, a.statementRoutes()...)
	routes = append(routes, a.grantRoutes()...)
	return routes
}

// Handler returns the API with token authentication in front of the routes.
// Mount it at Prefix+"/" of the server's mux.
func (a *API) Handler() http.Handler {
	mux := http.NewServeMux()
	httpx.Mount(mux, a.Routes(), a.RenderError)
	return a.authenticate(problemFallback(mux))
}

// problemFallback answers what the mux itself would answer as plain text (no
// route: 404; route with another method: 405) as problem+json, because API clients
// parse every error body the same way.
func problemFallback(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, pattern := mux.Handler(r)
		if pattern != "" {
			// ServeHTTP routes again, but only it sets r.Pattern and the path values.
			mux.ServeHTTP(w, r)
			return
		}
		// Let the mux's own handler decide between 404 and 405 (it knows the
		// allowed methods), but keep only its status and Allow header.
		rec := &statusRecorder{header: http.Header{}}
		h.ServeHTTP(rec, r)
		if rec.status == http.StatusMethodNotAllowed {
			w.Header().Set("Allow", rec.header.Get("Allow"))
			renderProblem(w, r, problemFor(r, http.StatusMethodNotAllowed, codeMethodNotAllowed, "", nil))
			return
		}
		renderProblem(w, r, problemFor(r, http.StatusNotFound, teilhabe.ENOTFOUND, noRouteDetail(r), nil))
	})
}

// statusRecorder swallows a response and remembers its status.
type statusRecorder struct {
	header http.Header
	status int
}

func (s *statusRecorder) Header() http.Header         { return s.header }
func (s *statusRecorder) Write(b []byte) (int, error) { return len(b), nil }
func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
}

func noRouteDetail(r *http.Request) string {
	return pick(requestLanguage(r), "Diese Adresse gibt es in der API nicht; die Übersicht steht in "+Prefix+"/openapi.json.",
		"The API has no such address; "+Prefix+"/openapi.json lists them all.")
}
