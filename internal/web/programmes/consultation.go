package programmes

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
	"github.com/teilhabe/teilhabe/internal/web"
)

// consultationPage is the Beteiligung as each side sees it: the funder opens it,
// follows the contributions and answers them; an invited commissioner reads the draft
// as it was put to consultation and comments on its paragraphs until the deadline.
type consultationPage struct {
	web.Page
	Programme     programmes.Programme
	Consultation  *programmes.Consultation
	Now           time.Time
	Manage        bool
	Invited       []accounts.Membership // the caller's invited administrations
	Open          bool                  // contributions are accepted now
	Contributions []programmes.Contribution
	Invitations   int
	Unanswered    int
	Statement     *programmes.Contribution // the caller's administration's statement
	Verdicts      []programmes.Verdict
	// the forms as sent, when they come back with an error
	OpenForm    openForm
	CommentForm programmes.Contribution
}

type openForm struct{ Regions, Deadline, Message string }

func (w *Web) loadConsultation(r *http.Request) (consultationPage, error) {
	id, err := programmeID(r)
	var v programmes.ConsultationView
	if err == nil {
		v, err = w.svc.Consultation(r.Context(), id)
	}
	if err != nil {
		return consultationPage{}, err
	}
	return consultationPage{Page: w.ui.Page(r, "consultation.title"), Programme: v.Programme, Consultation: v.Consultation, Now: v.Now,
		Manage: v.Can.Manage, Invited: v.Invited, Open: v.Open, Contributions: v.Contributions, Invitations: v.Invitations,
		Unanswered: v.Unanswered, Statement: v.Statement, Verdicts: programmes.Verdicts}, nil
}

func (w *Web) consultationPage(rw http.ResponseWriter, r *http.Request) {
	page, err := w.loadConsultation(r)
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	w.render(rw, r, http.StatusOK, "consultation", page)
}

// failed answers a refused form on the consultation page: invalid input comes back on
// the page with its error summary (422) and the form as sent; anything else, such as
// a passed deadline, is an error page.
func (w *Web) failed(rw http.ResponseWriter, r *http.Request, err error, keep func(*consultationPage)) {
	w.ui.FormFailed(rw, r, err, func(status int) {
		page, lerr := w.loadConsultation(r)
		if lerr != nil {
			w.ui.Error(rw, r, lerr)
			return
		}
		keep(&page)
		page.WithError(r, err)
		w.render(rw, r, status, "consultation", page)
	})
}

// openConsultation puts a draft to consultation with the invited regions and deadline.
func (w *Web) openConsultation(rw http.ResponseWriter, r *http.Request) {
	id, err := programmeID(r)
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	form := openForm{Regions: r.PostFormValue("regions"), Deadline: r.PostFormValue("deadline"), Message: r.PostFormValue("message")}
	c := programmes.Consultation{Message: form.Message,
		Regions: strings.FieldsFunc(form.Regions, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\r' })}
	deadline, perr := parseLocalTime(form.Deadline)
	if perr != nil {
		err = teilhabe.Invalid("consultation.error.open_invalid", teilhabe.Field("deadline", "invalid"))
	} else {
		c.Deadline = deadline
		_, err = w.svc.OpenConsultation(r.Context(), id, c, formInt(r, "revision"))
	}
	if err != nil {
		w.failed(rw, r, err, func(p *consultationPage) { p.OpenForm = form })
		return
	}
	w.ui.Redirect(rw, r, programmePath(id)+"/consultation", "flash.consultation_opened")
}

// contribute stores a comment on a paragraph or the overall statement.
func (w *Web) contribute(rw http.ResponseWriter, r *http.Request) {
	id, err := programmeID(r)
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	in := programmes.ContributionInput{Kind: programmes.ContributionKind(r.PostFormValue("kind")), Quote: r.PostFormValue("quote"),
		Text: r.PostFormValue("text"), Amendment: r.PostFormValue("amendment"), Section: formInt(r, "section"),
		Paragraph: formInt(r, "paragraph"), Rating: formInt(r, "rating"), Revision: formInt(r, "revision")}
	in.OrganisationID, _ = strconv.ParseInt(r.PostFormValue("organisation_id"), 10, 64)
	c, err := w.svc.Contribute(r.Context(), id, in)
	if err != nil {
		w.failed(rw, r, err, func(p *consultationPage) {
			p.CommentForm = programmes.Contribution{Kind: in.Kind, Section: in.Section, Paragraph: in.Paragraph, Quote: in.Quote,
				Text: in.Text, Rating: in.Rating, Amendment: in.Amendment}
		})
		return
	}
	flash := "flash.comment_saved"
	if c.Kind == programmes.KindStatement {
		flash = "flash.statement_saved"
	}
	w.ui.Redirect(rw, r, programmePath(id)+"/consultation#beitraege", flash)
}

// answer records the funder's answer to one contribution.
func (w *Web) answer(rw http.ResponseWriter, r *http.Request) {
	id, err := programmeID(r)
	cid, cerr := strconv.ParseInt(r.PathValue("cid"), 10, 64)
	if err == nil && cerr != nil {
		err = teilhabe.E(teilhabe.ENOTFOUND, "consultation.error.no_contribution")
	}
	if err == nil {
		a := programmes.Answer{Verdict: programmes.Verdict(r.PostFormValue("verdict")), Reason: r.PostFormValue("reason")}
		err = w.svc.Answer(r.Context(), id, cid, a, formInt(r, "revision"))
	}
	if err != nil {
		w.failed(rw, r, err, func(*consultationPage) {})
		return
	}
	w.ui.Redirect(rw, r, programmePath(id)+"/consultation#beitrag-"+strconv.FormatInt(cid, 10), "flash.answer_saved")
}

// publishReport makes the consultation report public.
func (w *Web) publishReport(rw http.ResponseWriter, r *http.Request) {
	id, err := programmeID(r)
	if err == nil {
		err = w.svc.PublishReport(r.Context(), id)
	}
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	w.ui.Redirect(rw, r, programmePath(id)+"/report", "flash.report_published")
}

type consultationsPage struct {
	web.Page
	Open   []programmes.InvitedConsultation // deadline ahead, nearest first
	Closed []programmes.InvitedConsultation // deadline passed, latest first
	Now    time.Time
}

// consultationList is a commissioner's desk: every consultation that invited one of
// their administrations, running ones first, with whether it has spoken yet.
func (w *Web) consultationList(rw http.ResponseWriter, r *http.Request) {
	all, err := w.svc.InvitedConsultations(r.Context())
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	page := consultationsPage{Page: w.ui.Page(r, "consultations.title"), Now: w.svc.Now()}
	for _, c := range all {
		if c.Deadline.After(page.Now) {
			page.Open = append(page.Open, c)
		} else {
			page.Closed = append(page.Closed, c)
		}
	}
	slices.Reverse(page.Open)
	w.render(rw, r, http.StatusOK, "consultations", page)
}
