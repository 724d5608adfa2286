// Package applications is the web UI of applications (Anträge): a provider writes a
// draft to an open call over several sessions, submits it or withdraws it; funders
// and commissioners read the applications they may see. The use cases decide who
// may do what; the handlers parse, call and render.
package applications

import (
	"context"
	"embed"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
	"github.com/teilhabe/teilhabe/internal/web"
)

//go:embed templates
var templateFiles embed.FS

// Service is what the pages ask of the application use cases.
type Service interface {
	Get(ctx context.Context, id int64) (applications.Application, error)
	List(ctx context.Context, f applications.Filter) ([]applications.Application, int, error)
	Call(ctx context.Context, callID int64) (programmes.Programme, programmes.Call, error)
	Programme(ctx context.Context, a *applications.Application) (programmes.Programme, error)
	RegionNames(ctx context.Context, keys []string) (map[string]string, error)
	Create(ctx context.Context, callID, providerID int64, c applications.Content) (applications.Application, error)
	Save(ctx context.Context, id int64, revision int, c applications.Content) (applications.Application, error)
	Submit(ctx context.Context, id int64, revision int) (applications.Application, error)
	Withdraw(ctx context.Context, id int64, revision int) (applications.Application, error)
	CallSettings(ctx context.Context, callID int64) (programmes.CallSettings, error)
	QuestionFiles(ctx context.Context, a *applications.Application) ([]applications.QuestionFile, error)
	SketchDecision(ctx context.Context, a *applications.Application) (*applications.Decision, error)
	Invite(ctx context.Context, id int64, revision int) (sketch, full applications.Application, err error)
	Decline(ctx context.Context, id int64, revision int, reason string) (applications.Application, error)
	InvitePartner(ctx context.Context, id int64, ref string) (applications.Application, error)
	RemovePartner(ctx context.Context, id, orgID int64) (applications.Application, error)
}

var _ Service = (*applications.Service)(nil)

// Web serves the application pages.
type Web struct {
	ui    *web.UI
	svc   Service
	files FileService // attachments (attachments.go); nil: none
	pages *web.Pages
}

// New parses the templates; a broken one fails the start.
func New(ui *web.UI, svc Service) (*Web, error) {
	pages, err := web.ParsePages(templateFiles, funcs)
	return &Web{ui: ui, svc: svc, pages: pages}, err
}

// Routes is the route table. Every page needs a login; which applications a user
// sees and what they may do with one, the use cases decide.
func (w *Web) Routes() []httpx.Route {
	acc := accounts.ActAccount
	return append([]httpx.Route{
		{Method: "GET", Path: "/applications", Action: acc, Handler: w.list},
		{Method: "GET", Path: "/applications/new", Action: acc, Handler: w.newForm},
		{Method: "GET", Path: "/applications/export", Action: acc, Handler: w.export},
		{Method: "POST", Path: "/applications", Action: acc, Handler: w.create},
		{Method: "GET", Path: "/applications/{id}", Action: acc, Handler: w.show},
		{Method: "GET", Path: "/applications/{id}/edit", Action: acc, Handler: w.editForm},
		{Method: "POST", Path: "/applications/{id}", Action: acc, Handler: w.save},
		{Method: "POST", Path: "/applications/{id}/submit", Action: acc, Handler: w.submit},
		{Method: "POST", Path: "/applications/{id}/withdraw", Action: acc, Handler: w.withdraw},
		{Method: "POST", Path: "/applications/{id}/invite", Action: acc, Handler: w.invite},
		{Method: "POST", Path: "/applications/{id}/decline", Action: acc, Handler: w.decline},
		{Method: "POST", Path: "/applications/{id}/partners", Action: acc, Handler: w.invitePartner},
		{Method: "POST", Path: "/applications/{id}/partners/{org}/remove", Action: acc, Handler: w.removePartner},
	}, w.attachmentRoutes()...)
}

// pageSize is how many applications the list shows at once.
const pageSize = 50

type listPage struct {
	web.Page
	Items      []applications.Application
	Total      int
	Status     string
	Statuses   []applications.Status
	Offset     int
	Prev, Next string // links to the neighbouring pages, "" at either end
	Call       int64  // the call the list is narrowed to, with its exports; 0 for all
	CallTitle  string
	Steps      map[int64]nextStep // what is due next, by application
}

// nextStep is what happens next with an application, and by when.
type nextStep struct {
	Message string
	Due     time.Time
}

func (w *Web) list(rw http.ResponseWriter, r *http.Request) {
	offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
	offset = max(offset, 0)
	status := r.URL.Query().Get("status")
	callID, _ := strconv.ParseInt(r.URL.Query().Get("call"), 10, 64)
	p := listPage{Page: w.ui.Page(r, "applications.list.title"), Status: status, Statuses: applications.Statuses, Offset: offset}
	if callID > 0 {
		_, call, err := w.svc.Call(r.Context(), callID)
		if err != nil {
			w.ui.Error(rw, r, err)
			return
		}
		p.Call, p.CallTitle = call.ID, call.Title
	}
	list, total, err := w.svc.List(r.Context(), applications.Filter{CallID: callID, Status: applications.Status(status), Limit: pageSize, Offset: offset})
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	p.Items, p.Total, p.Steps = list, total, map[int64]nextStep{}
	for i := range list {
		id, due := list[i].NextStep(time.Now())
		p.Steps[list[i].ID] = nextStep{Message: id, Due: due}
	}
	link := func(o int) string {
		q := "/applications?offset=" + strconv.Itoa(o)
		if status != "" {
			q += "&status=" + url.QueryEscape(status)
		}
		if callID > 0 {
			q += "&call=" + strconv.FormatInt(callID, 10)
		}
		return q
	}
	if offset > 0 {
		p.Prev = link(max(offset-pageSize, 0))
	}
	if offset+len(list) < total {
		p.Next = link(offset + pageSize)
	}
	w.pages.Render(rw, r, http.StatusOK, "applications", p)
}

type showPage struct {
	web.Page
	App       applications.Application
	Programme programmes.Programme
	CanEdit   bool              // the caller writes for the provider or a partner
	Leads     bool              // the caller writes for the applying provider
	Regions   map[string]string // names of the regions served, by key
	questions
	CanDecide bool                   // the funder's staff, on a submitted sketch: invite or decline
	Decision  *applications.Decision // on a decided sketch
	Reason    string                 // a refused decline's reason, as typed
	Partner   string                 // the partner named in a refused invitation
	Files     *attachmentsView       // the Anlagen; nil: not shown
}

func (w *Web) show(rw http.ResponseWriter, r *http.Request) {
	a, prog, err := w.load(r)
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	w.renderShow(rw, r, http.StatusOK, a, prog, nil)
}

// load reads the application of the path with its programme.
func (w *Web) load(r *http.Request) (applications.Application, programmes.Programme, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return applications.Application{}, programmes.Programme{}, applications.ErrNotFound
	}
	a, err := w.svc.Get(r.Context(), id)
	if err != nil {
		return a, programmes.Programme{}, err
	}
	prog, err := w.svc.Programme(r.Context(), &a)
	return a, prog, err
}

func (w *Web) submit(rw http.ResponseWriter, r *http.Request) {
	w.step(rw, r, w.svc.Submit, "flash.application_submitted")
}

func (w *Web) withdraw(rw http.ResponseWriter, r *http.Request) {
	w.step(rw, r, w.svc.Withdraw, "flash.application_withdrawn")
}

// step runs submit or withdraw on the revision the page showed. An incomplete
// application goes back to its form with every gap marked.
func (w *Web) step(rw http.ResponseWriter, r *http.Request, do func(context.Context, int64, int) (applications.Application, error), flash string) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		w.ui.Error(rw, r, applications.ErrNotFound)
		return
	}
	revision, _ := strconv.Atoi(r.PostFormValue("revision"))
	a, err := do(r.Context(), id, revision)
	switch teilhabe.ErrorCode(err) {
	case "":
	case teilhabe.EINVALID, teilhabe.ECONFLICT:
		// Late, incomplete or changed since: say so where the user can act on it.
		w.renderStored(rw, r, httpx.Status(err), id, err)
		return
	default:
		w.ui.Error(rw, r, err)
		return
	}
	w.ui.Redirect(rw, r, "/applications/"+strconv.FormatInt(a.ID, 10), flash)
}
