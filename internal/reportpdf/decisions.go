package reportpdf

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/teilhabe/teilhabe/internal/decisions"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// The funding committee's papers (Entscheidungsvorlage): the ranking of a call
// against its budget, then one page per application with its score, reviews,
// statements and finance plan; or the page of one application alone. They use the
// report's core font and cp1252 conversion (latin.go); the words come from the
// caller, in the reader's language, since they are the web UI's.

// DecisionOptions shape the committee's papers. Every label is Label's; Money,
// Percent (basis points and hundredths of a score alike) and Date format as the
// reader's language does.
type DecisionOptions struct {
	Lang    string
	Label   func(key string, args ...any) string
	Money   func(teilhabe.Cents) string
	Percent func(int) string
	Date    func(time.Time) string
	// Uncompressed writes plain content streams, so that tests can search the text.
	Uncompressed bool
}

type decisionDoc struct {
	pdf *fpdf.Fpdf
	o   DecisionOptions
}

func newDecisionDoc(title string, o DecisionOptions) *decisionDoc {
	d := &decisionDoc{pdf: fpdf.New("P", "mm", "A4", ""), o: o}
	p := d.pdf
	p.SetCompression(!o.Uncompressed)
	lang := "de-DE"
	if strings.HasPrefix(o.Lang, "en") {
		lang = "en-GB"
	}
	p.SetLang(lang)
	p.SetTitle(title, true)
	p.SetCreator("Teilhabe", true)
	p.SetProducer("Teilhabe (go-pdf/fpdf)", true)
	p.SetMargins(margin, margin, margin)
	p.SetAutoPageBreak(true, margin)
	p.AliasNbPages("{nb}")
	p.SetFooterFunc(func() {
		p.SetY(-margin + 5)
		p.SetFont("Helvetica", "", 8)
		p.SetTextColor(80, 80, 80)
		p.CellFormat(0, 4, latin(o.Label("page", "Page", p.PageNo())+" {nb}"), "", 0, "C", false, 0, "")
	})
	return d
}

func (d *decisionDoc) finish(w io.Writer) error {
	if err := d.pdf.Error(); err != nil {
		return fmt.Errorf("reportpdf: %w", err)
	}
	if err := d.pdf.Output(w); err != nil {
		return fmt.Errorf("reportpdf: %w", err)
	}
	return nil
}

func (d *decisionDoc) style(style string, size float64, grey int) {
	d.pdf.SetFont("Helvetica", style, size)
	d.pdf.SetTextColor(grey, grey, grey)
}

func (d *decisionDoc) title(kind, title string) {
	d.style("", 11, 80)
	d.pdf.MultiCell(0, 6, latin(kind), "", "L", false)
	d.style("B", 16, 0)
	d.pdf.MultiCell(0, 7, latin(title), "", "L", false)
	d.pdf.Ln(3)
}

func (d *decisionDoc) heading(text string) {
	_, ph := d.pdf.GetPageSize()
	if d.pdf.GetY()+30 > ph-margin {
		d.pdf.AddPage()
	}
	d.pdf.Ln(3)
	d.style("B", 12, 0)
	d.pdf.MultiCell(0, 6, latin(text), "", "L", false)
	d.pdf.Ln(1)
}

func (d *decisionDoc) keyValue(key, value string) {
	d.style("B", bodySize, 0)
	d.pdf.CellFormat(55, lineH+1, latin(key+":"), "", 0, "L", false, 0, "")
	d.style("", bodySize, 0)
	d.pdf.MultiCell(0, lineH+1, latin(value), "", "L", false)
}

func (d *decisionDoc) text(s string) {
	if s = strings.TrimSpace(s); s != "" {
		d.style("", bodySize, 0)
		d.pdf.MultiCell(0, lineH, latin(s), "", "L", false)
	}
}

// Committee writes the committee's papers of a call: the ranking, and a page for
// every ranked application.
func Committee(w io.Writer, r decisions.Ranking, sums []decisions.Summary, o DecisionOptions) error {
	title := o.Label("committee.title", "Call", r.Call.Title)
	d := newDecisionDoc(title, o)
	p := d.pdf
	p.AddPage()
	d.title(o.Label("kind"), title)
	d.keyValue(o.Label("programme"), r.Programme.Title)
	d.keyValue(o.Label("budget"), d.money(r.Budget))
	d.keyValue(o.Label("approved"), o.Money(r.Approved))
	d.keyValue(o.Label("remaining"), d.money(r.Remaining))
	d.heading(o.Label("ranking"))
	widths := []float64{10, 86, 18, 28, 28}
	d.style("B", 9, 0)
	for i, h := range []string{o.Label("rank"), o.Label("application"), o.Label("score"), o.Label("requested"), o.Label("running")} {
		align := "R"
		if i == 1 {
			align = "L"
		}
		p.CellFormat(widths[i], 6, latin(h), "B", 0, align, false, 0, "")
	}
	p.Ln(-1)
	for _, row := range r.Rows {
		if row.Cut {
			d.style("BI", 9, 0)
			p.CellFormat(0, 6, latin(o.Label("cut", "Remaining", o.Money(r.Remaining))), "TB", 1, "L", false, 0, "")
		}
		grey := 0
		if !row.Within {
			grey = 100
		}
		d.style("", 9, grey)
		score := "–"
		if row.Scored > 0 {
			score = o.Percent(row.Score())
		}
		name := row.Title + " (" + row.Provider + ")"
		if len([]rune(name)) > 55 {
			name = string([]rune(name)[:54]) + "…"
		}
		for i, v := range []string{fmt.Sprint(row.Rank), name, score, o.Money(row.Requested), o.Money(row.Running)} {
			align := "R"
			if i == 1 {
				align = "L"
			}
			p.CellFormat(widths[i], 6, latin(v), "", 0, align, false, 0, "")
		}
		p.Ln(-1)
	}
	if len(r.Rows) == 0 {
		d.text(o.Label("ranking.empty"))
	}
	for _, s := range sums {
		p.AddPage()
		d.summary(s)
	}
	return d.finish(w)
}

// DecisionSummary writes the page of one application.
func DecisionSummary(w io.Writer, s decisions.Summary, o DecisionOptions) error {
	d := newDecisionDoc(o.Label("summary.title", "Title", s.App.Title), o)
	d.pdf.AddPage()
	d.summary(s)
	return d.finish(w)
}

func (d *decisionDoc) money(c teilhabe.Cents) string {
	if c == 0 {
		return "–"
	}
	return d.o.Money(c)
}

func (d *decisionDoc) summary(s decisions.Summary) {
	o, a := d.o, s.App
	d.title(o.Label("kind"), o.Label("summary.title", "Title", a.Title))
	d.keyValue(o.Label("provider"), a.ProviderName)
	d.keyValue(o.Label("programme"), a.ProgrammeTitle+" · "+a.CallTitle)
	d.keyValue(o.Label("status"), o.Label("status."+string(a.Status)))
	d.keyValue(o.Label("requested"), o.Money(a.Plan.Requested))
	score, n := s.Score()
	if n > 0 {
		d.keyValue(o.Label("score"), o.Label("score.of", "Score", o.Percent(score), "Count", n))
	} else {
		d.keyValue(o.Label("score"), o.Label("score.none"))
	}
	if dec := s.Decision; dec != nil {
		d.keyValue(o.Label("decision"), o.Label("outcome."+string(dec.Outcome))+", "+o.Date(dec.DecidedAt))
		if dec.Outcome == decisions.Approved {
			d.keyValue(o.Label("amount"), o.Money(dec.Amount))
		}
		if dec.Conditions != "" {
			d.keyValue(o.Label("conditions"), dec.Conditions)
		}
		if dec.Reason != "" {
			d.keyValue(o.Label("reason"), dec.Reason)
		}
	}
	d.heading(o.Label("reviews"))
	if len(s.Reviews) == 0 {
		d.text(o.Label("reviews.none"))
	}
	for _, r := range s.Reviews {
		switch {
		case r.Conflict:
			d.keyValue(r.Reviewer, o.Label("review.conflict"))
		case !r.Submitted:
			d.keyValue(r.Reviewer, o.Label("review.open"))
		default:
			line := o.Percent(r.Weighted)
			if r.Recommendation != "" {
				line += " · " + o.Label("review.rec."+r.Recommendation)
			}
			var parts []string
			for _, sc := range r.Scores {
				parts = append(parts, fmt.Sprintf("%s: %d", s.CriterionName(sc.Criterion), sc.Score))
			}
			if len(parts) > 0 {
				line += "\n" + strings.Join(parts, "; ")
			}
			d.keyValue(r.Reviewer, line)
		}
	}
	d.heading(o.Label("statements"))
	if len(s.Statements) == 0 {
		d.text(o.Label("statements.none"))
	}
	for _, st := range s.Statements {
		var v string
		switch {
		case st.Recommendation != "":
			v = o.Label("statement." + st.Recommendation)
			if st.Conditions != "" {
				v += "\n" + st.Conditions
			}
		case st.Missing(s.Now):
			v = o.Label("statement.missing")
		default:
			v = o.Label("statement.pending", "Due", st.DueAt)
		}
		d.keyValue(st.Municipality, v)
	}
	d.heading(o.Label("plan"))
	plan := a.Plan
	d.keyValue(o.Label("plan.total_costs"), o.Money(plan.TotalCosts()))
	d.keyValue(o.Label("plan.own_funds"), o.Money(plan.OwnFunds))
	d.keyValue(o.Label("plan.third_party"), o.Money(plan.ThirdPartyFunds()))
	d.keyValue(o.Label("requested"), o.Money(plan.Requested)+" ("+o.Percent(plan.GrantRate())+" %)")
}
