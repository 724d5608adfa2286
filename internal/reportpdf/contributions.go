package reportpdf

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/teilhabe/teilhabe/internal/programmes"
)

// contributions writes every contribution with the funder's answer: first the overall
// statements, then the comments grouped by the draft's sections in their order, each
// group by paragraph and time. Contributions are numbered through.
func (d *doc) contributions() {
	d.heading(0, d.l.get("contrib.title"))
	if len(d.r.Contributions) == 0 {
		d.style("", bodySize, 0)
		d.paragraphs(d.l.get("contrib.none"))
		return
	}
	sections := d.r.Consultation.Draft.Sections
	var statements []programmes.Contribution
	bySection := map[int][]programmes.Contribution{}
	var orphans []programmes.Contribution // comments on a section the draft does not have
	for _, c := range d.r.Contributions {
		switch {
		case c.Kind == programmes.KindStatement:
			statements = append(statements, c)
		case c.Section >= 0 && c.Section < len(sections):
			bySection[c.Section] = append(bySection[c.Section], c)
		default:
			orphans = append(orphans, c)
		}
	}
	n := 0
	group := func(title string, cs []programmes.Contribution) {
		if len(cs) == 0 {
			return
		}
		slices.SortStableFunc(cs, func(a, b programmes.Contribution) int {
			return cmp.Or(cmp.Compare(a.Paragraph, b.Paragraph), a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
		})
		d.heading(1, title)
		for _, c := range cs {
			n++
			d.contribution(n, c)
		}
	}
	group(d.l.get("contrib.statements"), statements)
	for i, s := range sections {
		group(d.l.get("contrib.section")+" "+strconv.Itoa(i+1)+": "+s.Heading, bySection[i])
	}
	group(d.l.get("contrib.section")+" ?", orphans)
}

func (d *doc) contribution(n int, c programmes.Contribution) {
	p := d.pdf
	d.keep(30)
	d.style("B", bodySize, 0)
	head := strconv.Itoa(n) + ". " + c.Organisation
	if !c.CreatedAt.IsZero() {
		head += " – " + d.l.date(c.CreatedAt, d.loc)
	}
	p.MultiCell(0, lineH, latin(head), "", "L", false)
	switch c.Kind {
	case programmes.KindStatement:
		d.style("", bodySize, 0)
		p.MultiCell(0, lineH, latin(d.l.get("contrib.rating")+": "+strconv.Itoa(c.Rating)+" "+d.l.get("contrib.of")+" 5"), "", "L", false)
	default:
		d.style("", 9, 80)
		p.MultiCell(0, lineH, latin(d.l.get("contrib.paragraph")+" "+strconv.Itoa(c.Paragraph+1)), "", "L", false)
		if c.Quote != "" {
			d.indented(func() {
				d.style("I", bodySize, 60)
				d.paragraphs("„" + c.Quote + "“")
			})
		}
	}
	p.Ln(1)
	d.style("", bodySize, 0)
	d.paragraphs(c.Text)
	if c.Amendment != "" {
		p.Ln(1)
		d.style("B", bodySize, 0)
		p.MultiCell(0, lineH, latin(d.l.get("contrib.amendment")+":"), "", "L", false)
		d.indented(func() {
			d.style("I", bodySize, 0)
			d.paragraphs(c.Amendment)
		})
	}
	p.Ln(1)
	d.indented(func() {
		verdict := d.l.get("verdict.none")
		switch c.Verdict {
		case programmes.VerdictAdopted, programmes.VerdictPartly, programmes.VerdictRejected:
			verdict = d.l.get("verdict." + string(c.Verdict))
		}
		d.style("B", bodySize, 0)
		p.MultiCell(0, lineH, latin(d.l.get("contrib.answer")+": "+verdict), "L", "L", false)
		if c.Reason != "" {
			d.style("", bodySize, 0)
			p.MultiCell(0, lineH, latin(c.Reason), "L", "L", false)
		}
	})
	p.Ln(4)
}

// indented runs fn with the left margin moved in by 6 mm.
func (d *doc) indented(fn func()) {
	p := d.pdf
	left, _, _, _ := p.GetMargins()
	p.SetLeftMargin(left + 6)
	p.SetX(left + 6)
	fn()
	p.SetLeftMargin(left)
	p.SetX(left)
}
