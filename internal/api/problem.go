package api

import (
	"log/slog"
	"net/http"

	"golang.org/x/text/language"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/i18n"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// codeMethodNotAllowed is the one problem code of the API's own: the domain never
// produces it, only the router does.
const codeMethodNotAllowed = "method_not_allowed"

// problemTypeBase starts every problem type URI. It is relative, so it resolves
// against whatever host serves the API, and GET on it describes the problem.
const problemTypeBase = Prefix + "/problems/"

// problem is an RFC 9457 problem detail with our stable code, per-field errors
// and the request id that support can find in the log.
type problem struct {
	Type      string           `json:"type"`
	Title     string           `json:"title"`
	Status    int              `json:"status"`
	Detail    string           `json:"detail,omitempty"`
	Code      string           `json:"code"`
	Errors    []fieldErrorJSON `json:"errors,omitempty"`
	RequestID string           `json:"request_id,omitempty"`
	lang      string
}

// problemText is what a client may read about one code, in German and English: the
// title, the detail of an error without a message of its own, and the description
// of the problem type. A domain error's own message comes from the catalogues in
// the request's language.
type problemText struct {
	status                 int
	titleDE, titleEN       string
	detailDE, detailEN     string // the detail when the error has none of its own
	describeDE, describeEN string // for GET /problems/{code}
}

var problemTexts = map[string]problemText{
	teilhabe.EINVALID: {http.StatusUnprocessableEntity, "Ungültige Eingabe", "Invalid input",
		"Die Eingabe ist ungültig.", "The input is invalid.",
		"Ein Parameter ist ungültig. Die Liste errors nennt jedes betroffene Feld.",
		"A parameter is invalid. The errors list names every affected field."},
	teilhabe.ENOTFOUND: {http.StatusNotFound, "Nicht gefunden", "Not found",
		"Das Gesuchte gibt es nicht.", "The resource does not exist.",
		"Die Ressource gibt es nicht, oder sie ist für Sie nicht sichtbar.",
		"The resource does not exist, or you may not see it."},
	teilhabe.EUNAUTHORIZED: {http.StatusUnauthorized, "Anmeldung erforderlich", "Authentication required",
		"Bitte melden Sie sich an.", "Please authenticate.",
		"Der Aufruf braucht einen gültigen API-Token (Authorization: Bearer thb_…) oder eine Anmeldung.",
		"The call needs a valid API token (Authorization: Bearer thb_…) or a login session."},
	teilhabe.EFORBIDDEN: {http.StatusForbidden, "Keine Berechtigung", "Forbidden",
		"Sie haben keine Berechtigung dafür.", "You may not do this.",
		"Der Token gehört zu einem Konto ohne die nötige Rolle.",
		"The token's account lacks the role this needs."},
	teilhabe.ECONFLICT: {http.StatusConflict, "Konflikt", "Conflict",
		"Die Aktion passt nicht zum aktuellen Zustand.", "The action does not fit the current state.",
		"Die Aktion passt nicht zum aktuellen Zustand der Ressource.",
		"The action does not fit the resource's current state."},
	teilhabe.ETOOMANY: {http.StatusTooManyRequests, "Zu viele Anfragen", "Too many requests",
		"Bitte versuchen Sie es später erneut.", "Please try again later.",
		"Zu viele Anfragen in kurzer Zeit; später erneut versuchen.",
		"Too many requests in a short time; retry later."},
	teilhabe.EUNSUPPORTED: {http.StatusNotImplemented, "Nicht unterstützt", "Not supported",
		"Das wird nicht unterstützt.", "This is not supported.",
		"Diese Installation unterstützt das nicht.", "This installation does not support it."},
	teilhabe.EINTERNAL: {http.StatusInternalServerError, "Interner Fehler", "Internal error",
		"Ein interner Fehler ist aufgetreten.", "An internal error occurred.",
		"Ein Fehler auf unserer Seite; request_id nennt den Eintrag im Protokoll.",
		"A fault on our side; request_id names the log entry."},
	codeMethodNotAllowed: {http.StatusMethodNotAllowed, "Methode nicht erlaubt", "Method not allowed",
		"Diese Adresse unterstützt die Methode nicht.", "This address does not support the method.",
		"Die Adresse gibt es, aber nicht mit dieser Methode; der Header Allow nennt die erlaubten.",
		"The address exists, but not with this method; the Allow header lists the allowed ones."},
}

func (t problemText) title(lang string) string    { return pick(lang, t.titleDE, t.titleEN) }
func (t problemText) detail(lang string) string   { return pick(lang, t.detailDE, t.detailEN) }
func (t problemText) describe(lang string) string { return pick(lang, t.describeDE, t.describeEN) }

func pick(lang, de, en string) string {
	if lang == "en" {
		return en
	}
	return de
}

// fieldErrorJSON is one field error: the field, its stable code and the message in
// the request's language.
type fieldErrorJSON struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// RenderError writes err as problem+json. A domain error's message and field errors
// come from the catalogues in the request's language; any other error is internal:
// logged, and answered generically with the request id, so that no SQL or file path
// reaches a client.
func (a *API) RenderError(w http.ResponseWriter, r *http.Request, err error) {
	code := teilhabe.ErrorCode(err)
	detail := ""
	var fields []fieldErrorJSON
	if code == teilhabe.EINTERNAL {
		slog.ErrorContext(r.Context(), "api: internal error", "err", err, "method", r.Method,
			"path", r.URL.Path, "request_id", httpx.RequestID(r.Context()))
	} else {
		var msgs []i18n.FieldMessage
		detail, msgs = a.i18n.For(requestLanguage(r)).Error(err)
		for _, m := range msgs {
			fields = append(fields, fieldErrorJSON(m))
		}
	}
	renderProblem(w, r, problemFor(r, httpx.Status(err), code, detail, fields))
}

// problemFor fills in the type, the title in the request's language and, when
// detail is empty, the code's generic detail.
func problemFor(r *http.Request, status int, code, detail string, fields []fieldErrorJSON) problem {
	lang := requestLanguage(r)
	text, ok := problemTexts[code]
	if !ok {
		text = problemTexts[teilhabe.EINTERNAL]
	}
	if detail == "" {
		detail = text.detail(lang)
	}
	return problem{Type: problemTypeBase + code, Title: text.title(lang), Status: status, Detail: detail,
		Code: code, Errors: fields, RequestID: httpx.RequestID(r.Context()), lang: lang}
}

func renderProblem(w http.ResponseWriter, r *http.Request, p problem) {
	if p.Status == http.StatusUnauthorized && w.Header().Get("WWW-Authenticate") == "" {
		// RFC 9110 requires the challenge on every 401; RFC 6750 names the scheme.
		w.Header().Set("WWW-Authenticate", `Bearer realm="teilhabe"`)
	}
	w.Header().Set("Content-Language", p.lang)
	w.Header().Add("Vary", "Accept-Language")
	writeJSON(w, "application/problem+json", p.Status, p)
}

var languages = language.NewMatcher([]language.Tag{language.German, language.English})

// requestLanguage is "en" when Accept-Language prefers English, else "de". Without
// the header, a logged-in user's own locale decides.
func requestLanguage(r *http.Request) string {
	accept := r.Header.Get("Accept-Language")
	if accept == "" {
		if p := accounts.PrincipalFrom(r.Context()); p != nil && p.User.Locale == "en" {
			return "en"
		}
		return "de"
	}
	tag, _ := language.MatchStrings(languages, accept)
	if base, _ := tag.Base(); base.String() == "en" {
		return "en"
	}
	return "de"
}

// problemInfo is the body of GET /problems/{code}, so that a problem's type URI
// leads somewhere useful.
type problemInfo struct {
	Type        string `json:"type"`
	Code        string `json:"code"`
	Status      int    `json:"status"`
	Title       string `json:"title"`
	Description string `json:"description"`
}

func (a *API) getProblem(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	text, ok := problemTexts[code]
	if !ok {
		a.RenderError(w, r, teilhabe.E(teilhabe.ENOTFOUND, "api.error.no_problem", "Value", code))
		return
	}
	lang := requestLanguage(r)
	w.Header().Set("Content-Language", lang)
	w.Header().Add("Vary", "Accept-Language")
	writeJSON(w, "application/json", http.StatusOK, problemInfo{Type: problemTypeBase + code, Code: code,
		Status: text.status, Title: text.title(lang), Description: text.describe(lang)})
}
