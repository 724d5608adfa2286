package programmes

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/teilhabe/teilhabe/internal/reportpdf"
	"github.com/teilhabe/teilhabe/internal/web"

	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// reportGroup is the contributions on one part of the draft: the overall statements
// first, then each section's comments.
type reportGroup struct {
	Heading    string
	Statements bool
	Items      []programmes.Contribution
}

type reportPage struct {
	web.Page
	Report  programmes.Report
	Preview bool // the funder looks at the report before it is published
	Groups  []reportGroup
	Rated   int
	Average float64
}

// loadReport returns the consultation report if the caller may read it: everyone once
// published, before that only the funder's staff, as a preview.
func (w *Web) loadReport(r *http.Request) (programmes.Report, bool, error) {
	id, err := programmeID(r)
	if err != nil {
		return programmes.Report{}, false, err
	}
	return w.svc.Report(r.Context(), id)
}

func groupContributions(rep programmes.Report) []reportGroup {
	groups := []reportGroup{{Statements: true}}
	for _, s := range rep.Consultation.Draft.Sections {
		groups = append(groups, reportGroup{Heading: s.Heading})
	}
	for _, c := range rep.Contributions {
		switch {
		case c.Kind == programmes.KindStatement:
			groups[0].Items = append(groups[0].Items, c)
		case c.Section+1 < len(groups):
			groups[c.Section+1].Items = append(groups[c.Section+1].Items, c)
		}
	}
	return groups
}

func (w *Web) report(rw http.ResponseWriter, r *http.Request) {
	rep, preview, err := w.loadReport(r)
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	page := reportPage{Page: w.ui.Page(r, "report.title"), Report: rep, Preview: preview, Groups: groupContributions(rep)}
	sum := 0
	for _, c := range rep.Contributions {
		if c.Kind == programmes.KindStatement && c.Rating > 0 {
			page.Rated++
			sum += c.Rating
		}
	}
	if page.Rated > 0 {
		page.Average = float64(sum) / float64(page.Rated)
	}
	w.render(rw, r, http.StatusOK, "consultation_report", page)
}

// consultationReportPDF is the same report as a PDF for filing and printing.
func (w *Web) reportPDF(rw http.ResponseWriter, r *http.Request) {
	rep, preview, err := w.loadReport(r)
	if err == nil && preview {
		err = teilhabe.E(teilhabe.ENOTFOUND, "report.error.not_published")
	}
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	l := w.ui.Localizer(r)
	var buf bytes.Buffer
	if err := reportpdf.Consultation(&buf, rep, reportpdf.Options{Lang: l.Lang}); err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	rw.Header().Set("Content-Type", "application/pdf")
	rw.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="beteiligungsbericht-%d.pdf"`, rep.Programme.ID))
	_, _ = buf.WriteTo(rw)
}
