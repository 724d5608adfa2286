package reviews

import (
	"net/http"

	"github.com/teilhabe/teilhabe/internal/applications"
	"github.com/teilhabe/teilhabe/internal/reviews"
	"github.com/teilhabe/teilhabe/internal/web"
)

type boardPage struct {
	web.Page
	App applications.Application
	reviews.Board
}

// board shows the funder the submitted reviews of an application: the reviews
// use case decides who may read them (anyone else gets the page of an
// application that does not exist).
func (w *Web) board(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", errNoApplication)
	var b reviews.Board
	if err == nil {
		b, err = w.svc.Reviews(r.Context(), id)
	}
	var app applications.Application
	if err == nil {
		app, err = w.apps.Get(r.Context(), id)
	}
	if err != nil {
		w.ui.Error(rw, r, err)
		return
	}
	p := boardPage{Page: w.ui.Page(r, "reviews.board.title"), App: app, Board: b}
	w.pages.Render(rw, r, http.StatusOK, "board", p)
}
