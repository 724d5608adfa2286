// Package reviews is the web UI of the Begutachtung: the funder sets up a call's
// criteria and reviewers; a reviewer lists what is assigned to them, declares
// whether they are biased, and then scores the application. The use cases decide
// who may do what; the handlers parse, call and render.
package reviews

import (
	"context"
	"embed"
	"html/template"
	"maps"
	"net/http"
	"strconv"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/reviews"
	"github.com/teilhabe/teilhabe/internal/web"
	applicationsweb "github.com/teilhabe/teilhabe/internal/web/applications"
)

//go:embed templates
var templateFiles embed.FS

// Service is what the pages ask of the review use cases.
type Service interface {
	Setup(ctx context.Context, callID int64) (reviews.Setup, error)
	SaveCriteria(ctx context.Context, callID int64, rows []reviews.CriterionInput) ([]reviews.Criterion, error)
	Assign(ctx context.Context, callID, userID int64, email string) (reviews.Reviewer, error)
	Unassign(ctx context.Context, callID, userID int64) error
	Assigned(ctx context.Context) ([]reviews.Assignment, error)
	Open(ctx context.Context, applicationID int64) (reviews.Workspace, error)
	Declare(ctx context.Context, applicationID int64, conflict bool, reason string) (reviews.Review, error)
	Give(ctx context.Context, applicationID int64, in reviews.Input) (reviews.Review, error)
	Reviews(ctx context.Context, applicationID int64) (reviews.Board, error)
}

// Applications is what the funder's page of an application's reviews asks of the
// application use cases: the application itself, as its funder sees it.
type Applications interface {
	Get(ctx context.Context, id int64) (applications.Application, error)
}

var _ Service = (*reviews.Service)(nil)

// Web serves the review pages.
type Web struct {
	ui    *web.UI
	svc   Service
	apps  Applications
	pages *web.Pages
}

// New parses the templates, with the read-only application of the applications'
// pages; a broken one fails the start.
func New(ui *web.UI, svc Service, apps Applications) (*Web, error) {
	fsys, err := applicationsweb.WithPartials(templateFiles)
	if err != nil {
		return nil, err
	}
	funcs := applicationsweb.PartialFuncs()
	maps.Copy(funcs, template.FuncMap{
		// points writes a weighted score (hundredths) as "3,67".
		"points":          func(l *i18n.Localizer, hundredths int) string { return l.Decimal(float64(hundredths)/100, 2) },
		"share":           reviews.Share,
		"scores":          func() []int { return []int{0, 1, 2, 3, 4, 5} },
		"recommendations": func() []reviews.Recommendation { return reviews.Recommendations },
		"stateOf":         reviews.StateOf,
		"scoreOf": func(r *reviews.Review, criterion int64) reviews.Score {
			s, _ := r.ScoreOf(criterion)
			return s
		},
		"deref": func(p *int) int {
			if p == nil {
				return -1
			}
			return *p
		},
	})
	pages, err := web.ParsePages(fsys, funcs)
	return &Web{ui: ui, svc: svc, apps: apps, pages: pages}, err
}

// Routes is the route table. Every page needs a login; whether the caller sets up
// the call's review or reviews the application, the use cases decide.
func (w *Web) Routes() []httpx.Route {
	acc := accounts.ActAccount
	return []httpx.Route{
		{Method: "GET", Path: "/reviews", Action: acc, Handler: w.list},
		{Method: "GET", Path: "/reviews/{id}", Action: acc, Handler: w.show},
		{Method: "POST", Path: "/reviews/{id}/declaration", Action: acc, Handler: w.declare},
		{Method: "POST", Path: "/reviews/{id}", Action: acc, Handler: w.save},
		{Method: "GET", Path: "/applications/{id}/reviews", Action: acc, Handler: w.board},
		{Method: "GET", Path: "/calls/{id}/review", Action: acc, Handler: w.setup},
		{Method: "POST", Path: "/calls/{id}/review/criteria", Action: acc, Handler: w.saveCriteria},
		{Method: "POST", Path: "/calls/{id}/review/reviewers", Action: acc, Handler: w.assign},
		{Method: "POST", Path: "/calls/{id}/review/reviewers/{user}/delete", Action: acc, Handler: w.unassign},
	}
}

// pathID reads a positive id from the path; anything else is the answer of what
// does not exist.
func pathID(r *http.Request, name string, missing error) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, missing
	}
	return id, nil
}

// maxFormBytes bounds one posted form: twenty criteria with their comments at
// their limits fit.
const maxFormBytes = 512 << 10

func parseForm(rw http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(rw, r.Body, maxFormBytes)
	_ = r.ParseForm()
}

var errNoApplication = applications.ErrNotFound
