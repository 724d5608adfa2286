package web

import (
	"net/http"
	"slices"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

type consultationsPage struct {
	Page
	Open   []store.InvitedConsultation // deadline ahead, nearest first
	Closed []store.InvitedConsultation // deadline passed, latest first
	Now    time.Time
}

// consultationList is a commissioner's desk: every consultation that invited one of
// their administrations, running ones first, with whether it has spoken yet.
func (w *Web) consultationList(rw http.ResponseWriter, r *http.Request) {
	page := consultationsPage{Page: w.page(r, "consultations.title"), Now: w.now()}
	var orgs []int64
	for _, m := range page.Principal.Memberships {
		if m.Role == accounts.RoleCommissioner && m.Organisation.Kind == accounts.KindMunicipality {
			orgs = append(orgs, m.Organisation.ID)
		}
	}
	if len(orgs) == 0 {
		w.RenderError(rw, r, teilhabe.Errorf(teilhabe.EFORBIDDEN, "Diese Seite ist für kommunale Integrationsbeauftragte."))
		return
	}
	all, err := w.store.InvitedConsultations(r.Context(), orgs)
	if err != nil {
		w.RenderError(rw, r, err)
		return
	}
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
