package applications

import (
	"net/http"
	"strconv"

	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Co-applicants: the applying provider invites and removes partner organisations on
// the application's page.

func (w *Web) invitePartner(rw http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		w.ui.Error(rw, r, applications.ErrNotFound)
		return
	}
	ref := r.PostFormValue("partner")
	a, err := w.svc.InvitePartner(r.Context(), id, ref)
	if err != nil {
		w.ui.FormFailed(rw, r, err, func(status int) { w.renderPartnerError(rw, r, status, id, err, ref) })
		return
	}
	w.ui.Redirect(rw, r, "/applications/"+strconv.FormatInt(a.ID, 10)+"#mitantragsteller", "flash.partner_invited")
}

func (w *Web) removePartner(rw http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	org, err2 := strconv.ParseInt(r.PathValue("org"), 10, 64)
	if err != nil || err2 != nil || id <= 0 {
		w.ui.Error(rw, r, applications.ErrNotFound)
		return
	}
	a, err := w.svc.RemovePartner(r.Context(), id, org)
	if teilhabe.ErrorCode(err) == teilhabe.ECONFLICT {
		w.renderStored(rw, r, http.StatusConflict, id, err)
		return
	} else if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	w.ui.Redirect(rw, r, "/applications/"+strconv.FormatInt(a.ID, 10)+"#mitantragsteller", "flash.partner_removed")
}

// renderPartnerError shows the application's page with the refused invitation.
func (w *Web) renderPartnerError(rw http.ResponseWriter, r *http.Request, status int, id int64, err error, ref string) {
	a, gerr := w.svc.Get(r.Context(), id)
	var prog programmes.Programme
	if gerr == nil {
		prog, gerr = w.svc.Programme(r.Context(), &a)
	}
	if gerr != nil {
		w.ui.Error(rw, r, gerr)
		return
	}
	w.renderShowPage(rw, r, status, a, prog, err, func(p *showPage) { p.Partner = ref })
}
