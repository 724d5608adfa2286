// Package decisions is the web UI of the funder's decisions: a call's pipeline and
// ranking against its budget with the batch decision, the decision summary of one
// application with its form, and both as PDF for the funding committee. The use
// cases decide who may see and do what; the handlers parse, call and render.
package decisions

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/decisions"
	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/reportpdf"
	"github.com/teilhabe/teilhabe/internal/web"
)

//go:embed templates
var templateFiles embed.FS

// Service is what the pages ask of the decision use cases.
type Service interface {
	Ranking(ctx context.Context, callID int64) (decisions.Ranking, error)
	Summary(ctx context.Context, id int64) (decisions.Summary, error)
	Committee(ctx context.Context, callID int64) (decisions.Ranking, []decisions.Summary, error)
	StartReview(ctx context.Context, id int64, revision int) (applications.Application, error)
	StartReviewBatch(ctx context.Context, callID int64, ids []int64, revisions map[int64]int) ([]applications.Application, error)
	Decide(ctx context.Context, id int64, in decisions.Input) (decisions.Decision, error)
	DecideBatch(ctx context.Context, callID int64, in decisions.BatchInput) ([]decisions.Decision, error)
}

var _ Service = (*decisions.Service)(nil)

// Web serves the decision pages.
type Web struct {
	ui    *web.UI
	svc   Service
	pages *web.Pages
}

// New parses the templates; a broken one fails the start.
func New(ui *web.UI, svc Service) (*Web, error) {
	pages, err := web.ParsePages(templateFiles, funcs)
	return &Web{ui: ui, svc: svc, pages: pages}, err
}

// Routes is the route table. Every page needs a login; that only the programme's
// funder staff see anything, the use cases decide.
func (w *Web) Routes() []httpx.Route {
	acc := accounts.ActAccount
	return []httpx.Route{
		{Method: "GET", Path: "/calls/{id}/decisions", Action: acc, Handler: w.call},
		{Method: "POST", Path: "/calls/{id}/decisions", Action: acc, Handler: w.decideBatch},
		{Method: "POST", Path: "/calls/{id}/review", Action: acc, Handler: w.startReviewBatch},
		{Method: "GET", Path: "/calls/{id}/decisions.pdf", Action: acc, Handler: w.callPDF},
		{Method: "GET", Path: "/applications/{id}/decision", Action: acc, Handler: w.summary},
		{Method: "POST", Path: "/applications/{id}/decision", Action: acc, Handler: w.decide},
		{Method: "POST", Path: "/applications/{id}/review", Action: acc, Handler: w.startReview},
		{Method: "GET", Path: "/applications/{id}/decision.pdf", Action: acc, Handler: w.summaryPDF},
	}
}

func pathID(r *http.Request, notFound error) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, notFound
	}
	return id, nil
}

// maxFormBytes bounds one posted form: two texts at their limit, a finance plan and
// a batch of ticked rows with their revisions.
const maxFormBytes = 128 << 10

// pdfLabels prefixes the PDF's own labels in the catalogues.
const pdfLabels = "decisions.pdf."

// pdfOptions translate the PDF's words from the catalogues: the statuses and the
// outcomes, recommendations and statements as the pages name them, the rest from
// the PDF's own labels.
func (w *Web) pdfOptions(r *http.Request) reportpdf.DecisionOptions {
	l := w.ui.Localizer(r)
	label := func(key string, args ...any) string {
		switch {
		case strings.HasPrefix(key, "status."):
			return l.T("applications."+key, args...)
		case strings.HasPrefix(key, "review.") || strings.HasPrefix(key, "statement.") || strings.HasPrefix(key, "outcome."):
			return l.T("decisions."+key, args...)
		}
		return l.T(pdfLabels+key, args...)
	}
	return reportpdf.DecisionOptions{Lang: l.Lang, Label: label, Money: l.Money, Percent: l.Percent, Date: l.Date}
}

func (w *Web) sendPDF(rw http.ResponseWriter, r *http.Request, name string, render func(*bytes.Buffer) error) {
	var buf bytes.Buffer
	if err := render(&buf); err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	rw.Header().Set("Content-Type", "application/pdf")
	rw.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="%s"`, name))
	rw.Header().Set("Cache-Control", "private, no-store")
	_, _ = rw.Write(buf.Bytes())
}

func (w *Web) callPDF(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, decisions.ErrCallNotFound)
	var rk decisions.Ranking
	var sums []decisions.Summary
	if err == nil {
		rk, sums, err = w.svc.Committee(r.Context(), id)
	}
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	w.sendPDF(rw, r, fmt.Sprintf("entscheidungsvorlage-aufruf-%d.pdf", id), func(b *bytes.Buffer) error {
		return reportpdf.Committee(b, rk, sums, w.pdfOptions(r))
	})
}

func (w *Web) summaryPDF(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, applications.ErrNotFound)
	var s decisions.Summary
	if err == nil {
		s, err = w.svc.Summary(r.Context(), id)
	}
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	w.sendPDF(rw, r, fmt.Sprintf("entscheidungsvorlage-antrag-%d.pdf", id), func(b *bytes.Buffer) error {
		return reportpdf.DecisionSummary(b, s, w.pdfOptions(r))
	})
}
