package api

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/programmes"
)

type reasonJSON struct {
	Code string            `json:"code"`
	Args map[string]string `json:"args"`
	Text string            `json:"text"` // in the request's language (Accept-Language)
}

type matchJSON struct {
	programmeJSON
	Reasons []reasonJSON `json:"reasons"`
}

// matchProgrammes finds the programmes that fit a provider (provider_type and the
// regions it works in) or a need (action_field, target_group and its region), each
// with the reasons why.
func (a *API) matchProgrammes(w http.ResponseWriter, r *http.Request) {
	now := a.now()
	q := query{r: r}
	params := r.URL.Query()
	var m programmes.MatchInput
	if types := oneOf(&q, "provider_type", accounts.ProviderTypes); len(types) > 1 {
		q.fail("provider_type", "api.fielderror.one_provider_type")
	} else if len(types) == 1 {
		m.ProviderType = types[0]
	}
	m.ActionField = single(&q, "action_field", programmes.ActionFields)
	m.TargetGroup = single(&q, "target_group", programmes.TargetGroups)
	var keys []string
	for _, s := range params["region"] {
		if key := a.regionKey(&q, "region", s); key != "" && !slices.Contains(keys, key) {
			keys = append(keys, key)
		}
	}
	switch {
	case m.ProviderType != "":
		m.RegionKeys = keys // a provider may work in several regions
	case len(keys) > 1:
		q.fail("region", "api.fielderror.one_region")
	case len(keys) == 1:
		m.RegionKey = keys[0]
	}
	if err := q.err(); err != nil {
		a.RenderError(w, r, err)
		return
	}
	if err := m.Validate(); err != nil {
		a.RenderError(w, r, err)
		return
	}
	matches, err := a.programmes.Match(r.Context(), m)
	if err != nil {
		a.RenderError(w, r, err)
		return
	}
	out := struct {
		Total int         `json:"total"`
		Items []matchJSON `json:"items"`
	}{Total: len(matches), Items: make([]matchJSON, 0, len(matches))}
	l := a.i18n.For(requestLanguage(r))
	for _, mt := range matches {
		item := matchJSON{programmeJSON: toProgrammeJSON(&mt.Programme, now), Reasons: make([]reasonJSON, 0, len(mt.Reasons))}
		item.NextDeadline, item.OpenNow = instant(mt.NextDeadline), mt.OpenNow
		for _, rs := range mt.Reasons {
			item.Reasons = append(item.Reasons, reasonJSON{Code: rs.Code, Args: reasonArgs(rs.Args), Text: reasonText(l, rs)})
		}
		out.Items = append(out.Items, item)
	}
	ok(w, out)
}

// reasonArgs copies a reason's arguments, writing its instants in German local time
// like every other time of the API.
func reasonArgs(in map[string]string) map[string]string {
	out := make(map[string]string, len(in))
	for k, v := range in {
		if t, err := time.Parse(time.RFC3339, v); err == nil && !t.IsZero() && strings.HasSuffix(k, "_at") {
			v = *instant(t)
		}
		out[k] = v
	}
	return out
}

// single returns the one value of a parameter that must be one of allowed, or "".
func single(q *query, name string, allowed []string) string {
	values := oneOf(q, name, allowed)
	if len(values) > 1 {
		q.fail(name, "api.fielderror.one_value")
		return ""
	}
	if len(values) == 1 {
		return values[0]
	}
	return ""
}

// reasonText writes a match reason as a sentence in the request's language, in the
// web UI's words.
func reasonText(l *i18n.Localizer, rs programmes.Reason) string { return rs.Sentence(l.T, l.DateTime) }
