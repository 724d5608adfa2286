package reportpdf

import (
	"strings"

	"github.com/teilhabe/teilhabe/internal/programmes"
)

// changes writes the changes from the draft to the published text. Struck words are
// marked "[-…]", struck through and dark red; inserted words "[+…]", underlined and
// dark green, the brackets themselves plain. The markers tell them apart without
// colour, in print and for readers who do not see colours. Unchanged sections are
// listed by heading only.
func (d *doc) changes() {
	d.heading(0, d.l.get("changes.title"))
	d.style("", bodySize, 0)
	changed := false
	for _, c := range d.r.Changes {
		changed = changed || c.Status != programmes.ChangeUnchanged
	}
	if !changed {
		d.paragraphs(d.l.get("changes.none"))
		return
	}
	d.paragraphs(d.l.get("changes.legend"))
	for i, c := range d.r.Changes {
		heading := c.Heading
		// The pseudo-sections for title and summary lead the list.
		if i < 2 && heading == programmes.HeadingTitle {
			heading = d.l.get("changes.heading.title")
		} else if i < 2 && heading == programmes.HeadingSummary {
			heading = d.l.get("changes.heading.summary")
		}
		d.heading(1, heading+" ("+d.l.get("status."+c.Status)+")")
		if c.Status == programmes.ChangeUnchanged {
			continue
		}
		d.diff(c.Diff)
		d.pdf.Ln(lineH + 2)
	}
}

// diff writes the parts as flowing text. An edit that spans paragraphs is marked in
// each paragraph, so that no bracket runs across a paragraph break.
func (d *doc) diff(parts []programmes.DiffPart) {
	p := d.pdf
	for _, part := range parts {
		text := strings.ReplaceAll(part.Text, "\r\n", "\n")
		switch part.Op {
		case "-", "+":
			style, open := "S", "[-"
			r, g, b := 170, 0, 0
			if part.Op == "+" {
				style, open = "U", "[+"
				r, g, b = 0, 110, 40
			}
			for i, piece := range strings.Split(text, "\n\n") {
				if i > 0 {
					d.style("", bodySize, 0)
					p.Write(lineH, "\n\n")
				}
				// Spaces around an edit stay outside its brackets: "eins [-zwei] drei".
				word := strings.TrimSpace(piece)
				lead, trail := piece, ""
				if word != "" {
					i := strings.Index(piece, word)
					lead, trail = piece[:i], piece[i+len(word):]
				}
				d.style("", bodySize, 0)
				p.Write(lineH, latin(lead))
				if word != "" {
					// The markers are not struck through, so that "-" stays legible.
					p.SetTextColor(r, g, b)
					p.Write(lineH, open)
					p.SetFont("Helvetica", style, bodySize)
					p.Write(lineH, latin(word))
					p.SetFont("Helvetica", "", bodySize)
					p.Write(lineH, "]")
					d.style("", bodySize, 0)
					p.Write(lineH, latin(trail))
				}
			}
		default:
			d.style("", bodySize, 0)
			p.Write(lineH, latin(text))
		}
	}
	d.style("", bodySize, 0)
}
