// Package web is the shared core of the HTML user interface (German by default,
// English switchable, KERN UX look, usable without JavaScript and enhanced by htmx):
// the page frame, rendering, error pages, flash messages, the UI language and the
// static files. The pages of each capability are a package of their own below it.
package web

import (
	"embed"
	"io/fs"
	"net/http"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/httpx"
)

//go:embed static
var staticFiles embed.FS

// Static returns the embedded static files (CSS, fonts, htmx).
func Static() fs.FS {
	sub, _ := fs.Sub(staticFiles, "static")
	return sub
}

// Web serves the core's own route, the language switch; every page belongs to the
// package of its capability (internal/web/<capability>).
type Web struct{ ui *UI }

// New returns the core's routes over ui.
func New(ui *UI) *Web { return &Web{ui: ui} }

// NotFound renders the 404 page for paths no route matches.
func (w *Web) NotFound(rw http.ResponseWriter, r *http.Request) { w.ui.NotFound(rw, r) }

// Routes is the web UI's route table; each route declares who may use it.
func (w *Web) Routes() []httpx.Route {
	pub := accounts.ActPublic
	return []httpx.Route{
		{Method: "GET", Path: "/language", Action: pub, Handler: w.language},
	}
}
