// Package grants is the web UI of grants (Zuwendungen): the list of the grants a
// user may see, a grant's page with its approved plan, conditions, reporting
// duties and payment ledger, the provider's payment request (Mittelabruf), and the
// funder's page of one request, to release it (in full, reduced or not at all)
// and to mark it paid. The use cases decide who may do what.
package grants

import (
	"context"
	"embed"
	"html/template"
	"maps"
	"net/http"
	"strconv"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/grants"
	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
	"github.com/teilhabe/teilhabe/internal/web"
	applicationsweb "github.com/teilhabe/teilhabe/internal/web/applications"
)

//go:embed templates
var templateFiles embed.FS

// Service is what the pages ask of the grants' use cases.
type Service interface {
	Get(ctx context.Context, id int64) (grants.View, error)
	List(ctx context.Context, f grants.Filter) ([]grants.Grant, int, error)
	RequestPayment(ctx context.Context, grantID int64, in grants.PaymentInput) (grants.Payment, error)
	DecidePayment(ctx context.Context, grantID, paymentID int64, in grants.PaymentInput) (grants.Payment, error)
	Pay(ctx context.Context, grantID, paymentID int64, on time.Time, revision int) (grants.Payment, error)
}

var _ Service = (*grants.Service)(nil)

// Web serves the grant pages.
type Web struct {
	ui    *web.UI
	svc   Service
	pages *web.Pages
}

// New parses the templates, with the finance plan table of the applications'
// pages; a broken one fails the start.
func New(ui *web.UI, svc Service) (*Web, error) {
	fsys, err := applicationsweb.WithPartials(templateFiles)
	if err != nil {
		return nil, err
	}
	funcs := applicationsweb.PartialFuncs()
	maps.Copy(funcs, template.FuncMap{
		"inc":  func(i int) int { return i + 1 },
		"date": func(t time.Time) teilhabe.Date { return teilhabe.Date(t) },
	})
	pages, err := web.ParsePages(fsys, funcs)
	return &Web{ui: ui, svc: svc, pages: pages}, err
}

// Routes is the route table. Every page needs a login; whose grant it is, the use
// cases decide.
func (w *Web) Routes() []httpx.Route {
	acc := accounts.ActAccount
	return []httpx.Route{
		{Method: "GET", Path: "/grants", Action: acc, Handler: w.list},
		{Method: "GET", Path: "/grants/{id}", Action: acc, Handler: w.show},
		{Method: "POST", Path: "/grants/{id}/payments", Action: acc, Handler: w.request},
		{Method: "GET", Path: "/grants/{id}/payments/{payment}", Action: acc, Handler: w.payment},
		{Method: "POST", Path: "/grants/{id}/payments/{payment}/decision", Action: acc, Handler: w.decide},
		{Method: "POST", Path: "/grants/{id}/payments/{payment}/paid", Action: acc, Handler: w.pay},
	}
}

// pathIDs reads the grant's id and, when the route has one, the payment's; anything
// but a positive number is the answer of what does not exist.
func pathIDs(r *http.Request) (grant, payment int64, err error) {
	grant, err = strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || grant <= 0 {
		return 0, 0, grants.ErrNotFound
	}
	if s := r.PathValue("payment"); s != "" {
		payment, err = strconv.ParseInt(s, 10, 64)
		if err != nil || payment <= 0 {
			return 0, 0, grants.ErrPaymentNotFound
		}
	}
	return grant, payment, nil
}

// maxFormBytes bounds one posted form: an amount and a text at its limit.
const maxFormBytes = 64 << 10

// pageSize is the length of a page of the list.
const pageSize = 50
