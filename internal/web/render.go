package web

import (
	"net/http"
)

// The old single web package's handlers reach the core through these; each moves
// to a capability package of its own.

func (w *Web) page(r *http.Request, titleID string) Page { return w.ui.Page(r, titleID) }

func (w *Web) render(rw http.ResponseWriter, r *http.Request, status int, name string, data any) {
	w.pages.Render(rw, r, status, name, data)
}

// RenderError answers an error as an HTML page.
func (w *Web) RenderError(rw http.ResponseWriter, r *http.Request, err error) { w.ui.Error(rw, r, err) }

func (w *Web) redirect(rw http.ResponseWriter, r *http.Request, to, flashID string, args ...any) {
	w.ui.Redirect(rw, r, to, flashID, args...)
}

func (p *Page) withError(err error) { p.Error, p.Fields = p.L.Error(err) }
