package decisions

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/teilhabe/teilhabe/internal/decisions"
	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
	"github.com/teilhabe/teilhabe/internal/web"
)

// batchForm is the ranking's form as sent: the ticked rows and the decision.
type batchForm struct {
	IDs        []int64
	Revisions  map[int64]int
	Outcome    string
	Conditions string
	Reason     string
}

func (f batchForm) Ticked(id int64) bool { return slices.Contains(f.IDs, id) }

func parseBatch(rw http.ResponseWriter, r *http.Request) batchForm {
	r.Body = http.MaxBytesReader(rw, r.Body, maxFormBytes)
	_ = r.ParseForm()
	f := batchForm{Revisions: map[int64]int{}, Outcome: r.PostForm.Get("outcome"), Conditions: r.PostForm.Get("conditions"), Reason: r.PostForm.Get("reason")}
	for _, s := range r.PostForm["ids"] {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil && id > 0 && len(f.IDs) <= decisions.MaxBatch {
			f.IDs = append(f.IDs, id)
			if rev, err := strconv.Atoi(r.PostForm.Get("rev_" + s)); err == nil {
				f.Revisions[id] = rev
			}
		}
	}
	return f
}

type callPage struct {
	web.Page
	Ranking decisions.Ranking
	Form    batchForm
}

func (w *Web) call(rw http.ResponseWriter, r *http.Request) {
	w.renderCall(rw, r, http.StatusOK, batchForm{Outcome: string(decisions.Approved)}, nil)
}

func (w *Web) renderCall(rw http.ResponseWriter, r *http.Request, status int, f batchForm, failed error) {
	id, err := pathID(r, decisions.ErrCallNotFound)
	var rk decisions.Ranking
	if err == nil {
		rk, err = w.svc.Ranking(r.Context(), id)
	}
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	p := callPage{Page: w.ui.Page(r, ""), Ranking: rk, Form: f}
	p.Title = p.L.T("decisions.call.title", "Call", rk.Call.Title)
	if failed != nil {
		p.WithError(r, failed)
	}
	w.pages.Render(rw, r, status, "call_decisions", p)
}

func (w *Web) decideBatch(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, decisions.ErrCallNotFound)
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	f := parseBatch(rw, r)
	ds, err := w.svc.DecideBatch(r.Context(), id, decisions.BatchInput{Outcome: decisions.Outcome(f.Outcome), IDs: f.IDs,
		Revisions: f.Revisions, Conditions: f.Conditions, Reason: f.Reason})
	if w.refused(rw, r, f, err) {
		return
	}
	w.ui.Redirect(rw, r, "/calls/"+strconv.FormatInt(id, 10)+"/decisions", "flash.decisions_batch", "Count", len(ds))
}

func (w *Web) startReviewBatch(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, decisions.ErrCallNotFound)
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	f := parseBatch(rw, r)
	apps, err := w.svc.StartReviewBatch(r.Context(), id, f.IDs, f.Revisions)
	if w.refused(rw, r, f, err) {
		return
	}
	w.ui.Redirect(rw, r, "/calls/"+strconv.FormatInt(id, 10)+"/decisions", "flash.decisions_review_started", "Count", len(apps))
}

// refused answers a refused batch on the ranking, with the ticks and texts as sent:
// a conflict (not in review, over budget, changed since) or invalid input.
func (w *Web) refused(rw http.ResponseWriter, r *http.Request, f batchForm, err error) bool {
	switch teilhabe.ErrorCode(err) {
	case "":
		return false
	case teilhabe.EINVALID, teilhabe.ECONFLICT:
		w.renderCall(rw, r, httpx.Status(err), f, err)
	default:
		w.ui.Error(rw, r, err)
	}
	return true
}
