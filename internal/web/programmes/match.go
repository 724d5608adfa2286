package programmes

import (
	"net/http"
	"strings"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/programmes"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
	"github.com/teilhabe/teilhabe/internal/web"
)

type matchPage struct {
	web.Page
	Input         programmes.MatchInput
	Region        string // the region field as typed
	Searched      bool
	Matches       []matchView
	ProviderTypes []accounts.ProviderType
	ActionFields  []string
	TargetGroups  []string
	Provider      *accounts.Organisation // the caller's Träger, whose data filled the form
}

type matchView struct {
	programmes.Match
	Reasons []string
}

// programmeMatch lists the programmes that fit a provider (its type and region) or a
// need (action field, target group, region), each with the reasons why. A logged-in
// provider finds the form filled with its own organisation.
func (w *Web) match(rw http.ResponseWriter, r *http.Request) {
	page := matchPage{Page: w.ui.Page(r, "match.title"), ProviderTypes: accounts.ProviderTypes, ActionFields: programmes.ActionFields, TargetGroups: programmes.TargetGroups}
	v := r.URL.Query()
	page.Input = programmes.MatchInput{ProviderType: accounts.ProviderType(v.Get("provider_type")), ActionField: v.Get("action_field"), TargetGroup: v.Get("target_group")}
	page.Region = strings.TrimSpace(v.Get("region"))
	if len(v) == 0 && page.Principal != nil {
		for _, m := range page.Principal.Memberships {
			if m.Organisation.Kind == accounts.KindProvider {
				org := m.Organisation
				page.Provider, page.Input.ProviderType, page.Region = &org, org.ProviderType, org.RegionKey
				break
			}
		}
	}
	if page.Region != "" {
		page.Input.RegionKeys = []string{page.Region}
	}
	if len(v) > 0 || page.Provider != nil {
		page.Searched = true
		matches, err := w.svc.Match(r.Context(), page.Input)
		if err != nil {
			if teilhabe.ErrorCode(err) != teilhabe.EINVALID {
				w.ui.Error(rw, r, err)
				return
			}
			page.WithError(r, err)
		}
		for _, m := range matches {
			view := matchView{Match: m}
			for _, rs := range m.Reasons {
				view.Reasons = append(view.Reasons, reasonText(page.L, rs))
			}
			page.Matches = append(page.Matches, view)
		}
	}
	w.render(rw, r, http.StatusOK, "programmes_match", page)
}

// reasonText says in the UI language why a programme fits.
func reasonText(l *i18n.Localizer, rs programmes.Reason) string { return rs.Sentence(l.T, l.DateTime) }
