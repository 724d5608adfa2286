package browsertest

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"
)

// page writes a small, accessible German HTML document around body.
func writePage(w http.ResponseWriter, title, body string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, `<!doctype html>
<html lang="de">
<head><meta charset="utf-8"><title>%s</title>
<style>body{font-family:sans-serif;color:#1a1a1a;background:#fff}</style></head>
<body><main><h1>%s</h1>
%s
</main></body></html>`, title, title, body)
}

// newTestServer serves the pages of the tests:
//
//	/               accessible login form that POSTs to /anmelden
//	/anmelden       after 300ms, 303 to /willkommen?name=...
//	/willkommen     accessible page that greets the name
//	/kaputt         input without label, image without alt, low contrast
//	/csp            strict Content-Security-Policy, one image without alt
//	/fehler         a script that logs an error and throws
//	/skript         a button whose script changes text, a fragment link and
//	                a form answered with 204: clicks that load no new page
func newTestServer(t testing.TB) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		writePage(w, "Anmeldung", `<form method="post" action="/anmelden">
<label for="name">Name</label> <input id="name" name="name" autocomplete="name" required>
<label for="kreis">Kreis</label>
<select id="kreis" name="kreis"><option value="">bitte wählen</option><option value="08111">Stuttgart</option><option value="08212">Karlsruhe</option></select>
<label for="termin">Termin</label> <input type="date" id="termin" name="termin">
<button type="submit">Anmelden</button>
</form>
<p><a href="/willkommen?name=Gast">Ohne Anmeldung weiter</a></p>`)
	})
	mux.HandleFunc("POST /anmelden", func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(300 * time.Millisecond) // a slow server: Click must wait for it
		to := "/willkommen?" + url.Values{"name": {r.FormValue("name")}, "kreis": {r.FormValue("kreis")}}.Encode()
		http.Redirect(w, r, to, http.StatusSeeOther)
	})
	mux.HandleFunc("GET /willkommen", func(w http.ResponseWriter, r *http.Request) {
		writePage(w, "Willkommen", fmt.Sprintf(`<p id="gruss">Willkommen, %s!</p><p id="kreis">Kreis %s</p>`,
			html.EscapeString(r.FormValue("name")), html.EscapeString(r.FormValue("kreis"))))
	})
	mux.HandleFunc("GET /kaputt", func(w http.ResponseWriter, r *http.Request) {
		writePage(w, "Kaputt", `<form><input type="text" name="suche"></form>
<img src="/bild.svg">
<p style="color:#eeeeee;background:#ffffff">Kaum lesbarer Text</p>`)
	})
	mux.HandleFunc("GET /bild.svg", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/svg+xml")
		fmt.Fprint(w, `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>`)
	})
	mux.HandleFunc("GET /csp", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'self'")
		writePage(w, "Strenge CSP", `<p>Diese Seite erlaubt nur Skripte vom eigenen Ursprung.</p><img src="/bild.svg">`)
	})
	mux.HandleFunc("GET /fehler", func(w http.ResponseWriter, r *http.Request) {
		writePage(w, "Fehler", `<p>Hier geht etwas schief.</p><script src="/fehler.js"></script>`)
	})
	mux.HandleFunc("GET /fehler.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		fmt.Fprint(w, `console.error("Daten fehlen:", 42); throw new Error("kaputtes Skript");`)
	})
	mux.HandleFunc("GET /skript", func(w http.ResponseWriter, r *http.Request) {
		writePage(w, "Skript", `<button type="button" id="mehr">Mehr laden</button><p id="ziel">leer</p>
<p><a href="#unten">Nach unten</a></p><p id="unten">Unten</p>
<form method="post" action="/still"><button id="still">Speichern ohne Antwort</button></form>
<script src="/skript.js"></script>`)
	})
	mux.HandleFunc("POST /still", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent) // a navigation that never commits
	})
	mux.HandleFunc("GET /skript.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		fmt.Fprint(w, `document.getElementById("mehr").addEventListener("click", () =>
  setTimeout(() => { document.getElementById("ziel").textContent = "geladen"; }, 300));`)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}
