// Package reportpdf renders the public consultation report (Bericht zur Beteiligung)
// as an A4 PDF with go-pdf/fpdf: the programme and consultation, the participation in
// figures, every contribution with the funder's answer, and the changes from the
// draft to the published text.
package reportpdf

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Options shape the rendering.
type Options struct {
	// Lang is "de" (the default) or "en": the built-in label set and date format, and
	// the document language in the PDF ("de-DE", "en-GB").
	Lang string
	// Label, if set, translates a label key (see German for the keys); a key it
	// answers with "" or with the key itself falls back to the built-in label.
	Label func(key string) string
	// Location of the dates shown; nil is Europe/Berlin.
	Location *time.Location
	// Uncompressed writes plain content streams, so that tests can search the text.
	Uncompressed bool
}

const (
	margin   = 20.0 // mm, all sides
	lineH    = 5.0  // mm, body text at 10 pt
	bodySize = 10.0
)

// Consultation writes the consultation report r as a PDF to w. When r.Changes is nil
// and the consultation has a final text, the changes are computed with
// programmes.CompareTexts. Contributions name the municipal administration, not the
// person who wrote them.
func Consultation(w io.Writer, r programmes.Report, opts Options) error {
	d := newDoc(r, opts)
	d.titleBlock()
	d.participation()
	d.contributions()
	d.changes()
	if err := d.pdf.Error(); err != nil {
		return fmt.Errorf("reportpdf: %w", err)
	}
	if err := d.pdf.Output(w); err != nil {
		return fmt.Errorf("reportpdf: %w", err)
	}
	return nil
}

type doc struct {
	pdf *fpdf.Fpdf
	l   labeler
	loc *time.Location
	r   programmes.Report
}

func newDoc(r programmes.Report, opts Options) *doc {
	if r.Changes == nil && len(r.Consultation.Final.Sections) > 0 {
		r.Changes = programmes.CompareTexts(r.Consultation.Draft, r.Consultation.Final)
	}
	d := &doc{pdf: fpdf.New("P", "mm", "A4", ""), l: newLabeler(opts), loc: opts.Location, r: r}
	if d.loc == nil {
		d.loc = teilhabe.Berlin
	}
	p := d.pdf
	p.SetCompression(!opts.Uncompressed)
	lang := "de-DE"
	if strings.HasPrefix(opts.Lang, "en") {
		lang = "en-GB"
	}
	p.SetLang(lang)
	p.SetTitle(d.l.get("doc.kind")+": "+d.programmeTitle(), true)
	p.SetSubject(d.l.get("doc.subject"), true)
	p.SetAuthor(r.Programme.FunderName, true)
	p.SetCreator("Teilhabe", true)
	p.SetProducer("Teilhabe (go-pdf/fpdf)", true)
	if t := r.Consultation.ReportAt; !t.IsZero() {
		p.SetCreationDate(t)
		p.SetModificationDate(t)
	}
	p.SetMargins(margin, margin, margin)
	p.SetAutoPageBreak(true, margin)
	p.AliasNbPages("{nb}")
	p.SetFooterFunc(func() {
		p.SetY(-margin + 5)
		p.SetFont("Helvetica", "", 8)
		p.SetTextColor(80, 80, 80)
		p.CellFormat(0, 4, latin(fmt.Sprintf("%s %d %s {nb}", d.l.get("page"), p.PageNo(), d.l.get("page.of"))), "", 0, "C", false, 0, "")
	})
	p.AddPage()
	return d
}

func (d *doc) programmeTitle() string {
	for _, t := range []string{d.r.Programme.Title, d.r.Consultation.Final.Title, d.r.Consultation.Draft.Title} {
		if t = strings.TrimSpace(t); t != "" {
			return t
		}
	}
	return ""
}

func (d *doc) titleBlock() {
	p, c := d.pdf, d.r.Consultation
	d.style("", 11, 80)
	p.MultiCell(0, 6, latin(d.l.get("doc.kind")), "", "L", false)
	d.style("B", 18, 0)
	p.MultiCell(0, 8, latin(d.programmeTitle()), "", "L", false)
	p.Ln(3)
	summary := d.r.Programme.Summary
	if summary == "" {
		summary = c.Final.Summary
	}
	if summary != "" {
		d.style("", bodySize, 0)
		p.MultiCell(0, lineH, latin(summary), "", "L", false)
		p.Ln(3)
	}
	d.keyValue("meta.funder", d.r.Programme.FunderName)
	if !c.OpenedAt.IsZero() && !c.Deadline.IsZero() {
		d.keyValue("meta.period", d.l.date(c.OpenedAt, d.loc)+" "+d.l.get("meta.to")+" "+d.l.date(lastDay(c.Deadline), d.loc))
	}
	d.keyValue("meta.deadline", d.l.dateTime(c.Deadline, d.loc))
	if !c.ReportAt.IsZero() {
		d.keyValue("meta.published", d.l.date(c.ReportAt, d.loc))
	}
	p.Ln(4)
}

func (d *doc) keyValue(key, value string) {
	if value == "" {
		return
	}
	p := d.pdf
	d.style("B", bodySize, 0)
	p.CellFormat(50, lineH+1, latin(d.l.get(key)+":"), "", 0, "L", false, 0, "")
	d.style("", bodySize, 0)
	p.MultiCell(0, lineH+1, latin(value), "", "L", false)
}

// heading writes a heading of level 0 (chapter) or 1, with a bookmark, and starts a new
// page when too little room is left for it and the start of what follows (a
// contribution keeps 30 mm together).
func (d *doc) heading(level int, text string) {
	p := d.pdf
	size, gap := 14.0, 4.0
	if level > 0 {
		size, gap = 11.5, 2.0
	}
	d.keep(45)
	p.Ln(gap)
	p.Bookmark(utf16(text), level, -1)
	d.style("B", size, 0)
	p.MultiCell(0, size*0.5, latin(text), "", "L", false)
	p.Ln(gap / 2)
}

// keep starts a new page unless h mm are left on this one.
func (d *doc) keep(h float64) {
	_, ph := d.pdf.GetPageSize()
	if d.pdf.GetY()+h > ph-margin {
		d.pdf.AddPage()
	}
}

// paragraphs writes text; blank lines separate paragraphs.
func (d *doc) paragraphs(text string) {
	text = strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n"))
	if text == "" {
		return
	}
	d.pdf.MultiCell(0, lineH, latin(text), "", "L", false)
}

// style sets the font (Helvetica with style "", "B", "I", "BI", "U", "S") and a grey
// level for the text (0 black).
func (d *doc) style(style string, size float64, grey int) {
	d.pdf.SetFont("Helvetica", style, size)
	d.pdf.SetTextColor(grey, grey, grey)
}
