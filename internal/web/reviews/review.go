package reviews

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/reviews"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
	"github.com/teilhabe/teilhabe/internal/web"
)

type listPage struct {
	web.Page
	Items []reviews.Assignment
}

func (w *Web) list(rw http.ResponseWriter, r *http.Request) {
	items, err := w.svc.Assigned(r.Context())
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	w.pages.Render(rw, r, http.StatusOK, "reviews", listPage{Page: w.ui.Page(r, "reviews.list.title"), Items: items})
}

// reviewForm is the review as the reviewer typed it, so that a refused form comes
// back as sent.
type reviewForm struct {
	Revision       int
	Scores         map[int64]scoreRow
	Recommendation string
	Comment        string
	Conflict       string // the declaration's choice: "yes", "no" or ""
	ConflictReason string
}

type scoreRow struct {
	Score   string // "" while none is chosen
	Comment string
}

func formOf(rev *reviews.Review) reviewForm {
	f := reviewForm{Scores: map[int64]scoreRow{}}
	if rev == nil {
		return f
	}
	f.Revision, f.Recommendation, f.Comment = rev.Revision, string(rev.Recommendation), rev.Comment
	for _, s := range rev.Scores {
		row := scoreRow{Comment: s.Comment}
		if s.Score != nil {
			row.Score = strconv.Itoa(*s.Score)
		}
		f.Scores[s.Criterion] = row
	}
	return f
}

type reviewPage struct {
	web.Page
	reviews.Workspace
	Form reviewForm
}

func (w *Web) show(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", errNoApplication)
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	w.renderReview(rw, r, http.StatusOK, id, nil, nil)
}

// renderReview shows the workspace; f, if not nil, is the form as sent, err what
// was wrong with it.
func (w *Web) renderReview(rw http.ResponseWriter, r *http.Request, status int, id int64, f *reviewForm, formErr error) {
	ws, err := w.svc.Open(r.Context(), id)
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	p := reviewPage{Page: w.ui.Page(r, ""), Workspace: ws, Form: formOf(ws.Review)}
	p.Title = ws.App.Title
	if f != nil {
		p.Form = *f
	}
	if formErr != nil {
		p.WithError(r, formErr)
	}
	w.pages.Render(rw, r, status, "review", p)
}

func (w *Web) declare(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", errNoApplication)
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	parseForm(rw, r)
	f := reviewForm{Scores: map[int64]scoreRow{}, Conflict: r.PostFormValue("conflict"), ConflictReason: r.PostFormValue("conflict_reason")}
	switch f.Conflict {
	case "yes", "no":
		_, err = w.svc.Declare(r.Context(), id, f.Conflict == "yes", f.ConflictReason)
	default:
		err = teilhabe.Invalid("reviews.error.invalid", teilhabe.FieldMsg("conflict", "required", "reviews.fielderror.declaration"))
	}
	switch {
	case err == nil && f.Conflict == "yes":
		w.ui.Redirect(rw, r, "/reviews", "reviews.flash.conflict")
	case err == nil:
		w.ui.Redirect(rw, r, "/reviews/"+strconv.FormatInt(id, 10), "reviews.flash.confirmed")
	case teilhabe.ErrorCode(err) == teilhabe.EINVALID || teilhabe.ErrorCode(err) == teilhabe.ECONFLICT:
		w.renderReview(rw, r, httpx.Status(err), id, &f, err)
	default:
		w.ui.Error(rw, r, err)
	}
}

func (w *Web) save(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", errNoApplication)
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	parseForm(rw, r)
	v := r.PostForm
	f := reviewForm{Scores: map[int64]scoreRow{}, Recommendation: v.Get("recommendation"), Comment: v.Get("comment")}
	f.Revision, _ = strconv.Atoi(v.Get("revision"))
	in := reviews.Input{Recommendation: reviews.Recommendation(f.Recommendation), Comment: f.Comment, Revision: f.Revision, Submit: v.Get("action") == "submit"}
	// Every criterion has a comment field; its score, when one is chosen.
	for key := range v {
		cid, ok := strings.CutPrefix(key, "comment.")
		criterion, err := strconv.ParseInt(cid, 10, 64)
		if !ok || err != nil || criterion <= 0 || len(f.Scores) >= reviews.MaxCriteria {
			continue
		}
		row, s := scoreRow{Score: v.Get("score." + cid), Comment: v.Get(key)}, reviews.Score{Criterion: criterion, Comment: v.Get(key)}
		if row.Score != "" {
			n, err := strconv.Atoi(row.Score)
			if err != nil {
				n = reviews.MaxScore + 1 // out of range: the use case says so
			}
			s.Score = &n
		}
		f.Scores[criterion] = row
		in.Scores = append(in.Scores, s)
	}
	_, err = w.svc.Give(r.Context(), id, in)
	switch teilhabe.ErrorCode(err) {
	case "":
		flash := "reviews.flash.saved"
		if in.Submit {
			flash = "reviews.flash.submitted"
		}
		w.ui.Redirect(rw, r, "/reviews/"+strconv.FormatInt(id, 10), flash)
	case teilhabe.EINVALID, teilhabe.ECONFLICT:
		w.renderReview(rw, r, httpx.Status(err), id, &f, err)
	default:
		w.ui.Error(rw, r, err)
	}
}
