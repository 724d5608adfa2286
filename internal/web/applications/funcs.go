package applications

import (
	"html/template"
	"io/fs"
	"maps"
	"strings"
	"testing/fstest"
	"time"

	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// funcs are the templates' helpers beyond the shared ones.
var funcs = template.FuncMap{
	"costCategories": func() []applications.CostCategory { return applications.CostCategories },
	// paragraphs splits a text at blank lines, as applicants write descriptions.
	"paragraphs": func(s string) []string {
		var out []string
		for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	},
	"callCloses": func(p programmes.Programme, callID int64) time.Time { return callOf(p, callID).ClosesAt },
	// gap is how far costs and income lie apart, as an amount.
	"gap": func(p applications.FinancePlan) teilhabe.Cents {
		d := p.TotalCosts() - p.TotalIncome()
		if d < 0 {
			d = -d
		}
		return d
	},
	"cents": func(c int64) teilhabe.Cents { return teilhabe.Cents(c) },
	"bp":    func(n int) teilhabe.BasisPoints { return teilhabe.BasisPoints(n) },
	// isoDate and decimalText show the canonical answers to date and number questions.
	"isoDate": func(s string) time.Time {
		t, _ := time.Parse(time.DateOnly, s)
		return t
	},
	"decimalText": decimalText,
}

// decimalText writes a canonical decimal with the reader's decimal sign.
func decimalText(lang, s string) string {
	if lang == "en" {
		return s
	}
	return strings.Replace(s, ".", ",", 1)
}

// Partials returns the package's templates, for the pages of other capabilities
// that show an application read-only ({{template "applicationBody" …}} of
// partials/body.html, with the finance plan of partials/plan.html); PartialFuncs
// are the helpers those partials call.
func Partials() fs.FS { return templateFiles }

// WithPartials joins another package's templates (templates/*/*.html of own)
// with Partials, so that its pages show an application as the applications'
// pages do.
func WithPartials(own fs.FS) (fs.FS, error) {
	out := fstest.MapFS{}
	for _, src := range []struct {
		fsys fs.FS
		glob string
	}{{own, "templates/*/*.html"}, {templateFiles, "templates/partials/*.html"}} {
		names, err := fs.Glob(src.fsys, src.glob)
		if err != nil {
			return nil, err
		}
		for _, n := range names {
			b, err := fs.ReadFile(src.fsys, n)
			if err != nil {
				return nil, err
			}
			out[n] = &fstest.MapFile{Data: b}
		}
	}
	return out, nil
}

// PartialFuncs returns the template helpers of Partials.
func PartialFuncs() template.FuncMap { return maps.Clone(funcs) }
