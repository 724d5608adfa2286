// Package programmes is the web UI of funding programmes: the public finder and
// matching, a programme's page and its changes, the funder's desk and forms, the
// consultation (Beteiligung) for the funder and the invited commissioners, the
// commissioners' desk and the consultation report. Handlers parse the request, call
// the use cases of package programmes and render the result; who may do what is
// decided there.
package programmes

import (
	"context"
	"embed"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/web"
)

//go:embed templates
var templateFiles embed.FS

// Service is what the pages ask of the programme use cases; *programmes.Service
// implements it.
type Service interface {
	Now() time.Time
	Programme(ctx context.Context, id int64) (programmes.ProgrammeView, error)
	ToEdit(ctx context.Context, id int64) (programmes.Programme, error)
	Funders(ctx context.Context) []accounts.Organisation
	Mine(ctx context.Context) ([]programmes.Programme, error)
	Versions(ctx context.Context, id int64) (programmes.Programme, []programmes.Version, error)
	Check(ctx context.Context, p programmes.Programme) error
	Create(ctx context.Context, p programmes.Programme) (programmes.Programme, error)
	Update(ctx context.Context, id int64, p programmes.Programme, note string, revision int) (programmes.Programme, error)
	SetStatus(ctx context.Context, id int64, to programmes.Status, revision int) (programmes.Programme, error)
	Delete(ctx context.Context, id int64, revision int) (programmes.Programme, error)
	Search(ctx context.Context, q programmes.Query) (programmes.Result, error)
	Match(ctx context.Context, m programmes.MatchInput) ([]programmes.Match, error)
	Consultation(ctx context.Context, programmeID int64) (programmes.ConsultationView, error)
	OpenConsultation(ctx context.Context, programmeID int64, c programmes.Consultation, revision int) (programmes.Consultation, error)
	Contribute(ctx context.Context, programmeID int64, in programmes.ContributionInput) (programmes.Contribution, error)
	Answer(ctx context.Context, programmeID, contributionID int64, a programmes.Answer, revision int) error
	PublishReport(ctx context.Context, programmeID int64) error
	Report(ctx context.Context, programmeID int64) (programmes.Report, bool, error)
	InvitedConsultations(ctx context.Context) ([]programmes.InvitedConsultation, error)
}

var _ Service = (*programmes.Service)(nil)

// Web serves the programme pages.
type Web struct {
	ui    *web.UI
	svc   Service
	pages *web.Pages
}

// New parses the templates; a broken one fails the start.
func New(ui *web.UI, svc Service) (*Web, error) {
	pages, err := web.ParsePages(templateFiles, template.FuncMap{
		"sectionHeading": func(t programmes.Text, i int) string {
			if i >= 0 && i < len(t.Sections) {
				return t.Sections[i].Heading
			}
			return ""
		},
	})
	if err != nil {
		return nil, err
	}
	return &Web{ui: ui, svc: svc, pages: pages}, nil
}

// Routes is the route table; each route declares who may use it at all, and the
// use cases decide for the one programme.
func (w *Web) Routes() []httpx.Route {
	pub, acc := accounts.ActPublic, accounts.ActAccount
	return []httpx.Route{
		{Method: "GET", Path: "/programmes", Action: pub, Handler: w.finder},
		{Method: "GET", Path: "/programmes/match", Action: pub, Handler: w.match},
		{Method: "GET", Path: "/programmes/mine", Action: acc, Handler: w.mine},
		{Method: "GET", Path: "/programmes/new", Action: acc, Handler: w.newProgramme},
		{Method: "POST", Path: "/programmes", Action: acc, Handler: w.createProgramme},
		{Method: "GET", Path: "/programmes/{id}", Action: pub, Handler: w.programmePage},
		{Method: "GET", Path: "/programmes/{id}/edit", Action: acc, Handler: w.editProgramme},
		{Method: "POST", Path: "/programmes/{id}", Action: acc, Handler: w.updateProgramme},
		{Method: "POST", Path: "/programmes/{id}/status", Action: acc, Handler: w.changeStatus},
		{Method: "POST", Path: "/programmes/{id}/delete", Action: acc, Handler: w.deleteProgramme},
		{Method: "GET", Path: "/programmes/{id}/changes", Action: pub, Handler: w.changes},
		{Method: "GET", Path: "/programmes/{id}/consultation", Action: acc, Handler: w.consultationPage},
		{Method: "POST", Path: "/programmes/{id}/consultation", Action: acc, Handler: w.openConsultation},
		{Method: "POST", Path: "/programmes/{id}/consultation/contributions", Action: acc, Handler: w.contribute},
		{Method: "POST", Path: "/programmes/{id}/consultation/contributions/{cid}/answer", Action: acc, Handler: w.answer},
		{Method: "POST", Path: "/programmes/{id}/consultation/report", Action: acc, Handler: w.publishReport},
		{Method: "GET", Path: "/programmes/{id}/report", Action: pub, Handler: w.report},
		{Method: "GET", Path: "/programmes/{id}/report.pdf", Action: pub, Handler: w.reportPDF},
		{Method: "GET", Path: "/consultations", Action: acc, Handler: w.consultationList},
	}
}

func (w *Web) render(rw http.ResponseWriter, r *http.Request, status int, name string, data any) {
	w.pages.Render(rw, r, status, name, data)
}

func programmePath(id int64) string { return "/programmes/" + strconv.FormatInt(id, 10) }

// programmeID reads the {id} path value; anything but a positive number names no
// programme, and gets the same answer as one that does not exist.
func programmeID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, programmes.ErrNotFound
	}
	return id, nil
}

// formInt reads a whole number from a form field; 0 when it is missing.
func formInt(r *http.Request, name string) int {
	n, _ := strconv.Atoi(r.PostFormValue(name))
	return n
}
