package applications

import (
	"maps"
	"slices"
	"testing"

	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

func TestAnswersByKind(t *testing.T) {
	qs := []programmes.Question{
		{ID: "n", Label: "Teilnehmende", Kind: programmes.QuestionNumber, Required: true},
		{ID: "d", Label: "Beginn", Kind: programmes.QuestionDate},
		{ID: "c", Label: "Kooperation", Kind: programmes.QuestionChoice, Choices: []string{"Schule", "Kita"}, Required: true},
		{ID: "t", Label: "Erfahrung", Kind: programmes.QuestionText},
		{ID: "f", Label: "Satzung", Kind: programmes.QuestionFile, Required: true},
	}
	cases := []struct {
		in   map[string]string
		want map[string]string
		bad  []string
	}{
		{map[string]string{"n": "1.234,50", "d": "2026-09-01", "c": "Kita", "t": "  Seit 2010. "},
			map[string]string{"n": "1234.5", "d": "2026-09-01", "c": "Kita", "t": "Seit 2010."}, nil},
		{map[string]string{"n": "12,5", "d": "01.09.2026"}, map[string]string{"n": "12.5", "d": "2026-09-01"}, nil},
		{map[string]string{"n": "007", "c": " "}, map[string]string{"n": "7"}, nil},
		{map[string]string{"n": "-0,0"}, map[string]string{"n": "0"}, nil},
		{map[string]string{"n": "zwölf", "d": "31.02.2026", "c": "Verein", "t": string(make([]rune, 5001))}, map[string]string{}, []string{"answers.n", "answers.d", "answers.c", "answers.t"}},
		// Answers to questions not asked, and to file questions, are not kept.
		{map[string]string{"fremd": "x", "f": "datei.pdf"}, map[string]string{}, nil},
	}
	for _, c := range cases {
		got, bad := CheckAnswers(qs, c.in)
		if !maps.Equal(got, c.want) || !slices.Equal(answerFields(bad), c.bad) {
			t.Errorf("CheckAnswers(%v) = %v, %v; want %v, %v", c.in, got, answerFields(bad), c.want, c.bad)
		}
	}
	missing := MissingAnswers(qs, map[string]string{"n": "3"}, nil)
	if !slices.Equal(answerFields(missing), []string{"answers.c", "answers.f"}) {
		t.Errorf("missing: %v", answerFields(missing))
	}
	if m := MissingAnswers(qs, map[string]string{"n": "3", "c": "Kita"}, []QuestionFile{{ID: 1, QuestionID: "f", Name: "satzung.pdf"}}); len(m) > 0 {
		t.Errorf("all answered, an attachment for the file question: %v", answerFields(m))
	}
}

func answerFields(fs []teilhabe.FieldError) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Field)
	}
	return out
}
