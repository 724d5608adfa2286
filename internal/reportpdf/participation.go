package reportpdf

import "strconv"

// participation writes the table of invited and responding administrations, per Land
// and in total.
func (d *doc) participation() {
	p, part := d.pdf, d.r.Participation
	d.heading(0, d.l.get("part.title"))
	d.style("", bodySize, 0)
	d.paragraphs(d.l.get("part.note"))
	p.Ln(2)
	widths := []float64{80, 30, 30, 30}
	row := func(cells []string, bold, fill bool) {
		style := ""
		if bold {
			style = "B"
		}
		d.style(style, bodySize, 0)
		for i, c := range cells {
			align := "R"
			if i == 0 {
				align = "L"
			}
			p.CellFormat(widths[i], lineH+2, latin(c), "B", 0, align, fill, 0, "")
		}
		p.Ln(-1)
	}
	p.SetDrawColor(160, 160, 160)
	p.SetFillColor(235, 235, 235)
	d.keep(float64(len(part.PerLand)+2)*(lineH+2) + 2)
	row([]string{d.l.get("part.land"), d.l.get("part.invited"), d.l.get("part.responded"), d.l.get("part.rate")}, true, true)
	for _, l := range part.PerLand {
		name := l.LandName
		if l.LandKey == "" && (name == "" || name == l.LandKey) {
			name = d.l.get("part.noland")
		}
		row([]string{name, strconv.Itoa(l.Invited), strconv.Itoa(l.Responded), d.l.percent(l.Responded, l.Invited)}, false, false)
	}
	row([]string{d.l.get("part.total"), strconv.Itoa(part.Invited), strconv.Itoa(part.Responded), d.l.percent(part.Responded, part.Invited)}, true, false)
	p.Ln(4)
}
