package programmes

import (
	"strings"
	"unicode"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// Status values of a SectionChange.
const (
	ChangeUnchanged = "unchanged"
	ChangeChanged   = "changed"
	ChangeAdded     = "added"
	ChangeRemoved   = "removed"
)

// Headings of the pseudo-sections that CompareTexts puts first when the title or the
// summary changed. Renderers may translate them.
const (
	HeadingTitle   = "Titel"
	HeadingSummary = "Kurzbeschreibung"
)

// similarEnough is the least share of common words (Dice coefficient) for two
// sections with different headings at the same place to count as one renamed section.
const similarEnough = 0.5

// CompareTexts compares the draft put to consultation with the published text, for
// the consultation report.
//
// The title and the summary come first, as the pseudo-sections HeadingTitle and
// HeadingSummary, and only when they changed. Then every section of the final text in
// its order; a removed draft section comes right after the final section paired with
// its nearest paired draft predecessor (first if there is none).
//
// Sections are paired by heading first (equal after collapsing whitespace; duplicate
// headings pair in order). A draft section left over is paired with a final section
// left over at the same place, that is between the same heading-paired neighbours,
// in order, if at least half of their words are common: it was renamed, and its
// Heading reads "old → new". Any other leftover is removed or added. A change of order
// alone is not reported.
//
// Diffs are by whole words, whitespace runs and single punctuation marks, never by
// characters. Texts are normalised first: whitespace inside a paragraph becomes one
// space, paragraphs are joined by a blank line ("\n\n"). An unchanged section has one
// "=" part, an added one one "+" part, a removed one one "-" part; a deletion comes
// before the insertion that replaces it.
func CompareTexts(draft, final Text) []SectionChange {
	var out []SectionChange
	if a, b := oneLine(draft.Title), oneLine(final.Title); a != b {
		out = append(out, SectionChange{Heading: HeadingTitle, Status: ChangeChanged, Diff: wordDiff(a, b)})
	}
	if a, b := normBody(draft.Summary), normBody(final.Summary); a != b {
		out = append(out, SectionChange{Heading: HeadingSummary, Status: ChangeChanged, Diff: wordDiff(a, b)})
	}
	return append(out, compareSections(draft.Sections, final.Sections)...)
}

func compareSections(draft, final []Section) []SectionChange {
	partner := pairSections(draft, final) // partner[j] is the draft index of final j, or -1
	paired := make([]bool, len(draft))
	for _, i := range partner {
		if i >= 0 {
			paired[i] = true
		}
	}
	// A removed section goes after the final partner of its nearest paired predecessor.
	after := make(map[int][]int) // final index (-1: start) → removed draft indexes
	finalOf := make(map[int]int, len(final))
	for j, i := range partner {
		if i >= 0 {
			finalOf[i] = j
		}
	}
	anchor := -1
	for i := range draft {
		if paired[i] {
			anchor = finalOf[i]
			continue
		}
		after[anchor] = append(after[anchor], i)
	}
	var out []SectionChange
	removed := func(j int) {
		for _, i := range after[j] {
			out = append(out, wholeChange(draft[i].Heading, ChangeRemoved, "-", normBody(draft[i].Body)))
		}
	}
	removed(-1)
	for j, f := range final {
		if i := partner[j]; i < 0 {
			out = append(out, wholeChange(f.Heading, ChangeAdded, "+", normBody(f.Body)))
		} else {
			out = append(out, sectionChange(draft[i], f))
		}
		removed(j)
	}
	return out
}

// pairSections returns for each final section the index of its draft section, or -1.
func pairSections(draft, final []Section) []int {
	partner := make([]int, len(final))
	used := make([]bool, len(draft))
	for j, f := range final {
		partner[j] = -1
		for i, d := range draft {
			if !used[i] && oneLine(d.Heading) == oneLine(f.Heading) {
				partner[j], used[i] = i, true
				break
			}
		}
	}
	// Leftovers, keyed by their place: the draft index of the nearest preceding
	// heading-paired section (-1 at the start).
	draftAt, finalAt := map[int][]int{}, map[int][]int{}
	place := -1
	for i := range draft {
		if used[i] {
			place = i
		} else {
			draftAt[place] = append(draftAt[place], i)
		}
	}
	place = -1
	for j := range final {
		if partner[j] >= 0 {
			place = partner[j]
		} else {
			finalAt[place] = append(finalAt[place], j)
		}
	}
	for place, ds := range draftAt {
		fs, next := finalAt[place], 0
		for _, i := range ds {
			for k := next; k < len(fs); k++ {
				if similarity(draft[i].Body, final[fs[k]].Body) >= similarEnough {
					partner[fs[k]], next = i, k+1
					break
				}
			}
		}
	}
	return partner
}

func sectionChange(d, f Section) SectionChange {
	a, b := normBody(d.Body), normBody(f.Body)
	hd, hf := oneLine(d.Heading), oneLine(f.Heading)
	c := SectionChange{Heading: hf, Status: ChangeChanged, Diff: wordDiff(a, b)}
	if hd != hf {
		c.Heading = hd + " → " + hf
	} else if a == b {
		c.Status = ChangeUnchanged
	}
	return c
}

func wholeChange(heading, status, op, body string) SectionChange {
	c := SectionChange{Heading: oneLine(heading), Status: status}
	if body != "" {
		c.Diff = []DiffPart{{Op: op, Text: body}}
	}
	return c
}

// wordDiff diffs two texts word by word: diffmatchpatch's lines-to-chars trick with
// tokens instead of lines. Each distinct token becomes one rune, the runes are diffed
// and cleaned up semantically, and only then turned back into text, so that no edit
// can start or end inside a word.
func wordDiff(a, b string) []DiffPart {
	if a == b {
		if a == "" {
			return nil
		}
		return []DiffPart{{Op: "=", Text: a}}
	}
	ids := map[string]rune{}
	var tokens []string
	encode := func(s string) []rune {
		var rs []rune
		for _, t := range tokenize(s) {
			r, ok := ids[t]
			if !ok {
				// Runes from U+E000 on: no surrogates, and far more than any text needs.
				r = rune(0xE000 + len(tokens))
				ids[t], tokens = r, append(tokens, t)
			}
			rs = append(rs, r)
		}
		return rs
	}
	ra, rb := encode(a), encode(b)
	if 0xE000+len(tokens) > unicode.MaxRune {
		return []DiffPart{{Op: "-", Text: a}, {Op: "+", Text: b}}
	}
	dmp := diffmatchpatch.New()
	diffs := dmp.DiffCleanupSemantic(dmp.DiffMainRunes(ra, rb, false))
	parts := make([]DiffPart, 0, len(diffs))
	for _, d := range diffs {
		var sb strings.Builder
		for _, r := range d.Text {
			sb.WriteString(tokens[r-0xE000])
		}
		op := "="
		switch d.Type {
		case diffmatchpatch.DiffInsert:
			op = "+"
		case diffmatchpatch.DiffDelete:
			op = "-"
		}
		if n := len(parts); n > 0 && parts[n-1].Op == op {
			parts[n-1].Text += sb.String()
		} else if sb.Len() > 0 {
			parts = append(parts, DiffPart{Op: op, Text: sb.String()})
		}
	}
	return parts
}

// tokenize splits text into words, whitespace runs and single other characters. A
// word is letters, digits and marks, and keeps inner hyphens, dots, slashes and
// apostrophes ("WLAN-Zugang", "z.B", "2026/27") and commas between digits ("1.234,50").
func tokenize(s string) []string {
	var out []string
	rs := []rune(s)
	for i := 0; i < len(rs); {
		j := i + 1
		switch {
		case unicode.IsSpace(rs[i]):
			for j < len(rs) && unicode.IsSpace(rs[j]) {
				j++
			}
		case isWordRune(rs[i]):
			for j < len(rs) {
				if isWordRune(rs[j]) {
					j++
				} else if j+1 < len(rs) && isWordRune(rs[j+1]) && joins(rs[j-1], rs[j], rs[j+1]) {
					j += 2
				} else {
					break
				}
			}
		}
		out = append(out, string(rs[i:j]))
		i = j
	}
	return out
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }

func joins(before, r, after rune) bool {
	switch r {
	case '-', '\u2011', '.', '/', '\'', '’', '_':
		return true
	case ',':
		return unicode.IsDigit(before) && unicode.IsDigit(after)
	}
	return false
}

// similarity is the Dice coefficient of the two texts' words: 1 when they have the
// same words, 0 when none in common. Two empty texts are alike.
func similarity(a, b string) float64 {
	count := map[string]int{}
	na, nb, common := 0, 0, 0
	for _, t := range tokenize(a) {
		if isWordRune([]rune(t)[0]) {
			count[strings.ToLower(t)]++
			na++
		}
	}
	for _, t := range tokenize(b) {
		if isWordRune([]rune(t)[0]) {
			nb++
			if k := strings.ToLower(t); count[k] > 0 {
				count[k]--
				common++
			}
		}
	}
	if na+nb == 0 {
		return 1
	}
	return 2 * float64(common) / float64(na+nb)
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// normBody is the body as the report compares it: paragraphs with single spaces,
// separated by one blank line.
func normBody(body string) string {
	paras := Section{Body: body}.Paragraphs()
	for i, p := range paras {
		paras[i] = oneLine(p)
	}
	return strings.Join(paras, "\n\n")
}
