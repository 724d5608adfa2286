package applications

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// questions is what the form and the page show of the call's set-up: the stage of
// the application, its deadline, and the call's questions of that stage with the
// attachments to its file questions.
type questions struct {
	Stage       applications.Stage
	Sketch      bool
	Deadline    time.Time
	Questions   []programmes.Question
	AnswerFiles map[string][]applications.QuestionFile
}

func (w *Web) questionsOf(r *http.Request, callID int64, a *applications.Application) (questions, error) {
	s, err := w.svc.CallSettings(r.Context(), callID)
	if err != nil {
		return questions{}, err
	}
	q := questions{Stage: applications.StageOf(s), AnswerFiles: map[string][]applications.QuestionFile{}}
	if a != nil {
		q.Stage = a.Stage
		files, err := w.svc.QuestionFiles(r.Context(), a)
		if err != nil {
			return q, err
		}
		for _, f := range files {
			q.AnswerFiles[f.QuestionID] = append(q.AnswerFiles[f.QuestionID], f)
		}
	}
	q.Sketch = q.Stage == applications.StageSketch
	q.Questions = s.QuestionsAt(string(q.Stage))
	_, call, err := w.svc.Call(r.Context(), callID)
	q.Deadline = s.Deadline(call, string(q.Stage))
	return q, err
}

// maxAnswers bounds how many answers a posted form may carry.
const maxAnswers = programmes.MaxQuestions + 5

// postedAnswers reads the fields answers.<question id>.
func postedAnswers(v url.Values) map[string]string {
	out := map[string]string{}
	for k, vs := range v {
		if id, ok := strings.CutPrefix(k, "answers."); ok && id != "" && len(vs) > 0 && len(out) < maxAnswers {
			out[id] = vs[0]
		}
	}
	return out
}

// answersOf writes stored answers as the form shows them.
func answersOf(a *applications.Application) map[string]string {
	return maps.Clone(a.Answers)
}

// funderOf reports whether p works for the funder of the application's programme.
func funderOf(p *accounts.Principal, a *applications.Application) bool {
	if p == nil || p.User.Disabled() {
		return false
	}
	for _, m := range p.Memberships {
		if m.Role == accounts.RoleFunderStaff && m.Organisation.ID == a.FunderID {
			return true
		}
	}
	return false
}

func (w *Web) invite(rw http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		w.ui.Error(rw, r, applications.ErrNotFound)
		return
	}
	revision, _ := strconv.Atoi(r.PostFormValue("revision"))
	_, _, err = w.svc.Invite(r.Context(), id, revision)
	if teilhabe.ErrorCode(err) == teilhabe.ECONFLICT {
		w.renderStored(rw, r, httpx.Status(err), id, err)
		return
	} else if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	w.ui.Redirect(rw, r, "/applications/"+strconv.FormatInt(id, 10), "calls.flash.invited")
}

// maxReasonBytes bounds the decline form: the reason's 4,000 characters.
const maxReasonBytes = 64 << 10

func (w *Web) decline(rw http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		w.ui.Error(rw, r, applications.ErrNotFound)
		return
	}
	r.Body = http.MaxBytesReader(rw, r.Body, maxReasonBytes)
	revision, _ := strconv.Atoi(r.PostFormValue("revision"))
	reason := r.PostFormValue("reason")
	_, err = w.svc.Decline(r.Context(), id, revision, reason)
	switch teilhabe.ErrorCode(err) {
	case "":
		w.ui.Redirect(rw, r, "/applications/"+strconv.FormatInt(id, 10), "calls.flash.declined")
	case teilhabe.EINVALID, teilhabe.ECONFLICT:
		a, prog, lerr := w.load(r)
		if lerr != nil {
			w.ui.Error(rw, r, lerr)
			return
		}
		w.renderShowPage(rw, r, httpx.Status(err), a, prog, err, func(p *showPage) { p.Reason = reason })
	default:
		w.ui.Error(rw, r, err)
	}
}

// withAnswers adds a column per question of the call after the standard columns:
// the answers, dates as days, numbers with the reader's decimal sign, and the
// names of the attachments to a file question.
func (w *Web) withAnswers(r *http.Request, l *i18n.Localizer, rows [][]cell, list []applications.Application, callID int64) ([][]cell, error) {
	s, err := w.svc.CallSettings(r.Context(), callID)
	if err != nil || len(s.Questions) == 0 {
		return rows, err
	}
	hasFiles := slices.ContainsFunc(s.Questions, func(q programmes.Question) bool { return q.Kind == programmes.QuestionFile })
	for _, q := range s.Questions {
		rows[0] = append(rows[0], cell{text: q.Label})
	}
	for i := range list {
		a := &list[i]
		var files []applications.QuestionFile
		if hasFiles {
			if files, err = w.svc.QuestionFiles(r.Context(), a); err != nil {
				return rows, err
			}
		}
		for _, q := range s.Questions {
			v := a.Answers[q.ID]
			c := cell{text: v}
			switch q.Kind {
			case programmes.QuestionDate:
				if d, err := time.Parse(time.DateOnly, v); err == nil {
					c = cell{day: d}
				}
			case programmes.QuestionNumber:
				c.text = decimalText(l.Lang, v)
			case programmes.QuestionFile:
				var names []string
				for _, f := range files {
					if f.QuestionID == q.ID {
						names = append(names, f.Name)
					}
				}
				c.text = strings.Join(names, ", ")
			}
			rows[i+1] = append(rows[i+1], c)
		}
	}
	return rows, nil
}
