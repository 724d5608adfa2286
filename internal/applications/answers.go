package applications

import (
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// maxAnswer bounds a text answer: a page of prose.
const maxAnswer = 5000

// QuestionFile is an attachment uploaded for one of the call's file questions.
type QuestionFile struct {
	ID         int64
	QuestionID string
	Name       string
}

// AnswerField is the field name of a question's answer in forms and errors.
func AnswerField(questionID string) string { return "answers." + questionID }

var decimal = regexp.MustCompile(`^-?[0-9]{1,15}(\.[0-9]{1,6})?$`)

// CheckAnswers normalises the answers to the questions asked at the stage into
// their canonical form (a number as a decimal with a point, a date as ISO 8601, a
// choice as one of its choices, text trimmed), drops empty answers and those to
// questions not asked, and reports every malformed answer by its field. Whether
// required questions are answered is the submission's check (MissingAnswers).
func CheckAnswers(qs []programmes.Question, answers map[string]string) (map[string]string, []teilhabe.FieldError) {
	out := map[string]string{}
	var f []teilhabe.FieldError
	for _, q := range qs {
		v := strings.TrimSpace(answers[q.ID])
		if v == "" || q.Kind == programmes.QuestionFile {
			continue // a file question is answered by its attachments
		}
		bad := func(id string, args ...any) {
			f = append(f, teilhabe.FieldMsg(AnswerField(q.ID), "invalid", id, append([]any{"Question", q.Label}, args...)...))
		}
		switch q.Kind {
		case programmes.QuestionNumber:
			n, ok := canonicalNumber(v)
			if !ok {
				bad("calls.fielderror.answer_number")
				continue
			}
			v = n
		case programmes.QuestionDate:
			d, err := time.Parse(time.DateOnly, v)
			if err != nil {
				if d, err = time.Parse("02.01.2006", v); err != nil {
					bad("calls.fielderror.answer_date")
					continue
				}
			}
			v = d.Format(time.DateOnly)
		case programmes.QuestionChoice:
			if !slices.Contains(q.Choices, v) {
				bad("calls.fielderror.answer_choice")
				continue
			}
		default:
			if len([]rune(v)) > maxAnswer {
				bad("calls.fielderror.answer_too_long", "Max", maxAnswer)
				continue
			}
		}
		out[q.ID] = v
	}
	return out, f
}

// canonicalNumber reads a number as typed in German or English ("1.234,5",
// "1234.5", "12,5") into a decimal with a point and without needless zeros.
func canonicalNumber(s string) (string, bool) {
	s = strings.ReplaceAll(s, " ", "")
	if strings.Contains(s, ",") {
		s = strings.ReplaceAll(s, ".", "") // German: dots group thousands
		s = strings.Replace(s, ",", ".", 1)
	}
	if !decimal.MatchString(s) {
		return "", false
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	whole = strings.TrimLeft(whole, "0")
	frac = strings.TrimRight(frac, "0")
	if whole == "" {
		whole = "0"
	}
	if frac != "" {
		whole += "." + frac
	}
	if neg && whole != "0" {
		whole = "-" + whole
	}
	return whole, true
}

// MissingAnswers reports every required question asked at the stage that is not
// answered: a file question needs an attachment for it.
func MissingAnswers(qs []programmes.Question, answers map[string]string, files []QuestionFile) []teilhabe.FieldError {
	var f []teilhabe.FieldError
	for _, q := range qs {
		if !q.Required {
			continue
		}
		answered := answers[q.ID] != ""
		if q.Kind == programmes.QuestionFile {
			answered = slices.ContainsFunc(files, func(x QuestionFile) bool { return x.QuestionID == q.ID })
		}
		if !answered {
			f = append(f, teilhabe.FieldMsg(AnswerField(q.ID), "required", "calls.fielderror.answer_required", "Question", q.Label))
		}
	}
	return f
}
