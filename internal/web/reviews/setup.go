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

// blankRows are the empty rows the criteria form offers for new criteria.
const blankRows = 2

// criterionRow is one row of the criteria form as typed.
type criterionRow struct {
	ID                        int64
	Name, Description, Weight string
	Remove, Scored            bool
	Share                     int // basis points of the saved weights; 0 for a new row
}

type setupPage struct {
	web.Page
	reviews.Setup
	Rows  []criterionRow
	Email string
}

var errNoCall = teilhabe.E(teilhabe.ENOTFOUND, "applications.error.call_unknown")

func (w *Web) setup(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", errNoCall)
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	w.renderSetup(rw, r, http.StatusOK, id, nil, "", nil)
}

// renderSetup shows the call's set-up; rows, if not nil, are the criteria as
// sent, and err what was wrong with a form.
func (w *Web) renderSetup(rw http.ResponseWriter, r *http.Request, status int, callID int64, rows []criterionRow, email string, formErr error) {
	s, err := w.svc.Setup(r.Context(), callID)
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	p := setupPage{Page: w.ui.Page(r, "reviews.setup.title"), Setup: s, Rows: rows, Email: email}
	if rows == nil {
		for _, c := range s.Criteria {
			p.Rows = append(p.Rows, criterionRow{ID: c.ID, Name: c.Name, Description: c.Description, Weight: strconv.Itoa(c.Weight)})
		}
	}
	for i := range p.Rows {
		p.Rows[i].Scored = s.Scored[p.Rows[i].ID]
		for _, c := range s.Criteria {
			if c.ID == p.Rows[i].ID && p.Rows[i].ID != 0 {
				p.Rows[i].Share = reviews.Share(c, s.Criteria)
			}
		}
	}
	if s.Submitted == 0 {
		for range blankRows {
			p.Rows = append(p.Rows, criterionRow{})
		}
	}
	if formErr != nil {
		p.WithError(r, formErr)
	}
	w.pages.Render(rw, r, status, "setup", p)
}

func (w *Web) saveCriteria(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", errNoCall)
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	parseForm(rw, r)
	v := r.PostForm
	n, _ := strconv.Atoi(v.Get("rows"))
	var rows []criterionRow
	var in []reviews.CriterionInput
	for i := range min(max(n, 0), reviews.MaxCriteria+blankRows) {
		key := func(f string) string { return v.Get("criteria." + strconv.Itoa(i) + "." + f) }
		row := criterionRow{Name: key("name"), Description: key("description"), Weight: strings.TrimSpace(key("weight")), Remove: key("remove") != ""}
		row.ID, _ = strconv.ParseInt(key("id"), 10, 64)
		if row.ID == 0 && strings.TrimSpace(row.Name+row.Description+row.Weight) == "" {
			continue // an unused blank row
		}
		weight, err := strconv.Atoi(row.Weight)
		if err != nil {
			weight = 0 // not a whole number: the use case refuses it
		}
		rows = append(rows, row)
		in = append(in, reviews.CriterionInput{ID: row.ID, Name: row.Name, Description: row.Description, Weight: weight, Remove: row.Remove})
	}
	_, err = w.svc.SaveCriteria(r.Context(), id, in)
	w.setupDone(rw, r, id, rows, "", err, "reviews.flash.criteria_saved")
}

// setupDone answers a form of the set-up page: back to the page with a flash,
// or the page again with what was wrong.
func (w *Web) setupDone(rw http.ResponseWriter, r *http.Request, callID int64, rows []criterionRow, email string, err error, flash string, args ...any) {
	switch teilhabe.ErrorCode(err) {
	case "":
		w.ui.Redirect(rw, r, "/calls/"+strconv.FormatInt(callID, 10)+"/review", flash, args...)
	case teilhabe.EINVALID, teilhabe.ECONFLICT:
		w.renderSetup(rw, r, httpx.Status(err), callID, rows, email, err)
	default:
		w.ui.Error(rw, r, err)
	}
}

func (w *Web) assign(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", errNoCall)
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	parseForm(rw, r)
	user, _ := strconv.ParseInt(r.PostFormValue("user"), 10, 64)
	email := r.PostFormValue("email")
	rev, err := w.svc.Assign(r.Context(), id, user, email)
	w.setupDone(rw, r, id, nil, email, err, "reviews.flash.assigned", "Name", rev.Name)
}

func (w *Web) unassign(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", errNoCall)
	var user int64
	if err == nil {
		user, err = pathID(r, "user", teilhabe.E(teilhabe.ENOTFOUND, "reviews.error.not_assigned"))
	}
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	err = w.svc.Unassign(r.Context(), id, user)
	w.setupDone(rw, r, id, nil, "", err, "reviews.flash.unassigned")
}
