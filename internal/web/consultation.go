package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// consultationPage is the Beteiligung as each side sees it: the funder opens it,
// follows the contributions and answers them; an invited commissioner reads the draft
// as it was put to consultation and comments on its paragraphs until the deadline.
type consultationPage struct {
	Page
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

func (w *Web) loadConsultationPage(r *http.Request) (consultationPage, error) {
	prog, cons, err := w.visibleProgramme(r)
	if err != nil {
		return consultationPage{}, err
	}
	p := httpxPrincipal(r)
	page := consultationPage{Page: w.page(r, "consultation.title"), Programme: prog, Consultation: cons, Now: w.now(),
		Manage: programmes.CanManage(p, &prog), Invited: programmes.InvitedMemberships(p, cons), Verdicts: programmes.Verdicts}
	if !page.Manage && !programmes.InFunder(p, &prog) && len(page.Invited) == 0 {
		return page, teilhabe.Errorf(teilhabe.EFORBIDDEN, "Diese Beteiligung ist nur für den Fördermittelgeber und die eingeladenen Integrationsbeauftragten.")
	}
	if cons == nil {
		return page, nil
	}
	page.Open = prog.Status == programmes.StatusConsultation && cons.Accepts(page.Now)
	filter := store.ContributionFilter{ConsultationID: cons.ID}
	if !page.Manage && !programmes.InFunder(p, &prog) {
		// Commissioners see their own administration's contributions; everyone's
		// appear in the public report.
		filter.OrganisationID = page.Invited[0].Organisation.ID
	}
	if page.Contributions, err = w.store.Contributions(r.Context(), filter); err != nil {
		return page, err
	}
	for i, c := range page.Contributions {
		if c.Verdict == "" {
			page.Unanswered++
		}
		if c.Kind == programmes.KindStatement && filter.OrganisationID != 0 {
			page.Statement = &page.Contributions[i]
		}
	}
	invited, err := w.store.ConsultationInvitations(r.Context(), cons.ID)
	page.Invitations = len(invited)
	return page, err
}

func (w *Web) consultationPage(rw http.ResponseWriter, r *http.Request) {
	page, err := w.loadConsultationPage(r)
	if err != nil {
		w.RenderError(rw, r, err)
		return
	}
	page.CommentForm.Rating = 0
	w.render(rw, r, http.StatusOK, "consultation", page)
}

// openConsultation puts a draft to consultation with the invited regions and deadline.
func (w *Web) openConsultation(rw http.ResponseWriter, r *http.Request) {
	page, err := w.loadConsultationPage(r)
	if err == nil && !page.Manage {
		err = programmes.CheckManage(httpxPrincipal(r), &page.Programme)
	}
	if err != nil {
		w.RenderError(rw, r, err)
		return
	}
	page.OpenForm = openForm{Regions: r.PostFormValue("regions"), Deadline: r.PostFormValue("deadline"), Message: r.PostFormValue("message")}
	c := programmes.Consultation{Message: page.OpenForm.Message,
		Regions: strings.FieldsFunc(page.OpenForm.Regions, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\r' })}
	deadline, perr := parseLocalTime(page.OpenForm.Deadline)
	if perr != nil {
		err = teilhabe.Invalid("Die Frist ist keine Zeitangabe.", teilhabe.FieldError{Field: "deadline", Code: "invalid", Message: "Bitte Datum und Uhrzeit der Frist angeben."})
	} else {
		c.Deadline = deadline
		err = w.store.OpenConsultation(r.Context(), page.Programme.ID, &c)
	}
	if err != nil {
		w.consultationFailed(rw, r, page, err)
		return
	}
	w.redirect(rw, r, programmePath(page.Programme.ID)+"/consultation", "flash.consultation_opened")
}

// contribute stores a comment on a paragraph or the overall statement.
func (w *Web) contribute(rw http.ResponseWriter, r *http.Request) {
	page, err := w.loadConsultationPage(r)
	if err != nil {
		w.RenderError(rw, r, err)
		return
	}
	orgID, _ := strconv.ParseInt(r.PostFormValue("organisation_id"), 10, 64)
	m, err := programmes.CheckContribute(httpxPrincipal(r), &page.Programme, page.Consultation, orgID, page.Now)
	if err != nil {
		w.RenderError(rw, r, err)
		return
	}
	c := programmes.Contribution{OrganisationID: m.Organisation.ID, AuthorID: page.Principal.User.ID, Kind: programmes.ContributionKind(r.PostFormValue("kind")),
		Quote: r.PostFormValue("quote"), Text: r.PostFormValue("text"), Amendment: r.PostFormValue("amendment")}
	c.Section, _ = strconv.Atoi(r.PostFormValue("section"))
	c.Paragraph, _ = strconv.Atoi(r.PostFormValue("paragraph"))
	c.Rating, _ = strconv.Atoi(r.PostFormValue("rating"))
	if err := w.store.AddContribution(r.Context(), page.Programme.ID, &c); err != nil {
		page.CommentForm = c
		w.consultationFailed(rw, r, page, err)
		return
	}
	anchor := "#beitraege"
	flash := "flash.comment_saved"
	if c.Kind == programmes.KindStatement {
		flash = "flash.statement_saved"
	}
	w.redirect(rw, r, programmePath(page.Programme.ID)+"/consultation"+anchor, flash)
}

// answerContribution records the funder's answer to one contribution.
func (w *Web) answerContribution(rw http.ResponseWriter, r *http.Request) {
	page, err := w.loadConsultationPage(r)
	if err == nil && !page.Manage {
		err = programmes.CheckManage(httpxPrincipal(r), &page.Programme)
	}
	if err != nil {
		w.RenderError(rw, r, err)
		return
	}
	cid, _ := strconv.ParseInt(r.PathValue("cid"), 10, 64)
	a := programmes.Answer{Verdict: programmes.Verdict(r.PostFormValue("verdict")), Reason: r.PostFormValue("reason")}
	if err := w.store.AnswerContribution(r.Context(), page.Programme.ID, cid, a); err != nil {
		w.consultationFailed(rw, r, page, err)
		return
	}
	w.redirect(rw, r, programmePath(page.Programme.ID)+"/consultation#beitrag-"+strconv.FormatInt(cid, 10), "flash.answer_saved")
}

// publishReport makes the consultation report public.
func (w *Web) publishReport(rw http.ResponseWriter, r *http.Request) {
	prog, _, err := w.managedProgramme(r)
	if err == nil {
		err = w.store.PublishConsultationReport(r.Context(), prog.ID)
	}
	if err != nil {
		w.RenderError(rw, r, err)
		return
	}
	w.redirect(rw, r, programmePath(prog.ID)+"/report", "flash.report_published")
}

// consultationFailed answers a refused form on the consultation page: invalid input
// comes back on the page with its error summary (422); anything else, such as a
// passed deadline, is an error page.
func (w *Web) consultationFailed(rw http.ResponseWriter, r *http.Request, page consultationPage, err error) {
	if teilhabe.ErrorCode(err) != teilhabe.EINVALID {
		w.RenderError(rw, r, err)
		return
	}
	page.withError(err)
	w.render(rw, r, http.StatusUnprocessableEntity, "consultation", page)
}
