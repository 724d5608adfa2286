// Package statements is the web UI of the municipal statements (Stellungnahmen):
// the commissioner's list of statements asked and given, the statement form on
// an application, and the comparison of a call's applications in the
// commissioner's regions. The funder reads the statements on the same page. The
// use cases decide who may do what; the handlers parse, call and render.
package statements

import (
	"context"
	"embed"
	"html/template"
	"maps"
	"net/http"
	"strconv"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/statements"
	"github.com/teilhabe/teilhabe/internal/web"
	applicationsweb "github.com/teilhabe/teilhabe/internal/web/applications"
)

//go:embed templates
var templateFiles embed.FS

// Service is what the pages ask of the statement use cases.
type Service interface {
	Asked(ctx context.Context) ([]statements.Item, time.Time, error)
	Open(ctx context.Context, applicationID int64) (statements.Workspace, error)
	Give(ctx context.Context, applicationID, municipalityID int64, in statements.Input) (statements.Statement, error)
	Compare(ctx context.Context, callID int64) (statements.Comparison, error)
}

var _ Service = (*statements.Service)(nil)

// Web serves the statement pages.
type Web struct {
	ui    *web.UI
	svc   Service
	pages *web.Pages
}

// New parses the templates, with the read-only application of the applications'
// pages; a broken one fails the start.
func New(ui *web.UI, svc Service) (*Web, error) {
	fsys, err := applicationsweb.WithPartials(templateFiles)
	if err != nil {
		return nil, err
	}
	funcs := applicationsweb.PartialFuncs()
	maps.Copy(funcs, template.FuncMap{
		"recommendations": func() []statements.Recommendation { return statements.Recommendations },
		"stateAt":         func(s statements.Statement, now time.Time) string { return string(s.StateAt(now)) },
	})
	pages, err := web.ParsePages(fsys, funcs)
	return &Web{ui: ui, svc: svc, pages: pages}, err
}

// Routes is the route table. Every page needs a login; whose statement it is, the
// use cases decide.
func (w *Web) Routes() []httpx.Route {
	acc := accounts.ActAccount
	return []httpx.Route{
		{Method: "GET", Path: "/statements", Action: acc, Handler: w.list},
		{Method: "GET", Path: "/applications/{id}/statement", Action: acc, Handler: w.show},
		{Method: "POST", Path: "/applications/{id}/statement", Action: acc, Handler: w.give},
		{Method: "GET", Path: "/calls/{id}/compare", Action: acc, Handler: w.compare},
	}
}

// pathID reads a positive id from the path; anything else is the answer of what
// does not exist.
func pathID(r *http.Request, missing error) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, missing
	}
	return id, nil
}

// maxFormBytes bounds one posted statement: its texts at their limits fit.
const maxFormBytes = 256 << 10

var errNoApplication = applications.ErrNotFound
