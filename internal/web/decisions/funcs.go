package decisions

import (
	"html/template"
	"strings"

	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// funcs are the templates' helpers beyond the shared ones.
var funcs = template.FuncMap{
	"costCategories": func() []applications.CostCategory { return applications.CostCategories },
	"cents":          func(n int) teilhabe.Cents { return teilhabe.Cents(n) },
	"str":            func(c applications.CostCategory) string { return string(c) },
	"negative":       func(c teilhabe.Cents) bool { return c < 0 },
	// paragraphs splits a text at blank lines.
	"paragraphs": func(s string) []string {
		var out []string
		for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	},
}
