package api

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/teilhabe/teilhabe/internal/accounts"
	"github.com/teilhabe/teilhabe/internal/httpx"
	"github.com/teilhabe/teilhabe/internal/reviews"
	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// Reviews (Gutachten) of an application: a reviewer's software declares a conflict
// of interest or writes and submits the review; the funder's reads the submitted
// reviews. What the caller may see, the use cases decide: anyone else gets the
// answer of an application that does not exist.

func (a *API) reviewRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: http.MethodGet, Path: Prefix + "/applications/{id}/reviews", Action: accounts.ActAccount, Handler: a.listReviews},
		{Method: http.MethodPost, Path: Prefix + "/applications/{id}/reviews", Action: accounts.ActAccount, Handler: a.giveReview},
	}
}

// ReviewService is what the API asks of the review use cases.
type ReviewService interface {
	Reviews(ctx context.Context, applicationID int64) (reviews.Board, error)
	Give(ctx context.Context, applicationID int64, in reviews.Input) (reviews.Review, error)
}

var _ ReviewService = (*reviews.Service)(nil)

// maxReviewBody bounds one review: twenty criteria with their comments at their
// limits fit.
const maxReviewBody = 512 << 10

type criterionJSON struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Weight      int    `json:"weight"`
	Share       string `json:"share"` // percent of all weights
}

type scoreJSON struct {
	CriterionID int64  `json:"criterion_id"`
	Score       *int   `json:"score"`
	Comment     string `json:"comment"`
}

type reviewJSON struct {
	ID             int64       `json:"id"`
	ApplicationID  int64       `json:"application_id"`
	Reviewer       idNameJSON  `json:"reviewer"`
	State          string      `json:"state"`
	Conflict       bool        `json:"conflict"`
	ConflictReason string      `json:"conflict_reason"`
	Scores         []scoreJSON `json:"scores"`
	Recommendation *string     `json:"recommendation"`
	Comment        string      `json:"comment"`
	Weighted       *string     `json:"weighted"` // points 0.00..5.00, once submitted
	Revision       int         `json:"revision"`
	SubmittedAt    *string     `json:"submitted_at"`
	UpdatedAt      *string     `json:"updated_at"`
}

type reviewsJSON struct {
	Criteria []criterionJSON `json:"criteria"`
	Items    []reviewJSON    `json:"items"`
}

func toReviewJSON(r *reviews.Review) reviewJSON {
	out := reviewJSON{ID: r.ID, ApplicationID: r.ApplicationID, Reviewer: idNameJSON{ID: r.ReviewerID, Name: r.ReviewerName},
		State: string(reviews.StateOf(r)), Conflict: r.Conflict, ConflictReason: r.ConflictReason, Scores: []scoreJSON{},
		Comment: r.Comment, Revision: r.Revision, SubmittedAt: instant(r.SubmittedAt), UpdatedAt: instant(r.UpdatedAt)}
	for _, s := range r.Scores {
		out.Scores = append(out.Scores, scoreJSON{CriterionID: s.Criterion, Score: s.Score, Comment: s.Comment})
	}
	if r.Recommendation != "" {
		rec := string(r.Recommendation)
		out.Recommendation = &rec
	}
	if r.HasWeighted {
		w := teilhabe.Cents(r.Weighted).String() // hundredths, written as a decimal
		out.Weighted = &w
	}
	return out
}

func (a *API) listReviews(w http.ResponseWriter, r *http.Request) {
	id, err := applicationID(r)
	var b reviews.Board
	if err == nil {
		b, err = a.reviews.Reviews(r.Context(), id)
	}
	if err != nil {
		a.RenderError(w, r, err)
		return
	}
	out := reviewsJSON{Criteria: []criterionJSON{}, Items: []reviewJSON{}}
	for _, c := range b.Criteria {
		out.Criteria = append(out.Criteria, criterionJSON{ID: c.ID, Name: c.Name, Description: c.Description, Weight: c.Weight,
			Share: rateString(reviews.Share(c, b.Criteria))})
	}
	for i := range b.Reviews {
		out.Items = append(out.Items, toReviewJSON(&b.Reviews[i]))
	}
	w.Header().Set("Cache-Control", "private, no-store")
	ok(w, out)
}

type reviewBody struct {
	Conflict       bool        `json:"conflict"`
	ConflictReason string      `json:"conflict_reason"`
	Scores         []scoreJSON `json:"scores"`
	Recommendation string      `json:"recommendation"`
	Comment        string      `json:"comment"`
	Submit         bool        `json:"submit"`
	Revision       int         `json:"revision"`
}

// giveReview carries out the reviewer's step: {"conflict": true, "conflict_reason":
// …} declares a conflict of interest; anything else confirms there is none (if not
// yet done) and writes the review, a draft unless "submit" is true.
func (a *API) giveReview(w http.ResponseWriter, r *http.Request) {
	id, err := applicationID(r)
	var rev reviews.Review
	if err == nil {
		var body reviewBody
		dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxReviewBody))
		dec.DisallowUnknownFields()
		if derr := dec.Decode(&body); derr != nil {
			err = teilhabe.Invalid("api.error.body", teilhabe.FieldMsg("body", "json", "api.fielderror.json_detail", "Detail", jsonProblem(derr)))
		} else {
			in := reviews.Input{Conflict: body.Conflict, ConflictReason: body.ConflictReason, Recommendation: reviews.Recommendation(body.Recommendation),
				Comment: body.Comment, Submit: body.Submit, Revision: body.Revision}
			for _, s := range body.Scores {
				in.Scores = append(in.Scores, reviews.Score{Criterion: s.CriterionID, Score: s.Score, Comment: s.Comment})
			}
			rev, err = a.reviews.Give(r.Context(), id, in)
		}
	}
	if err != nil {
		a.RenderError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "private, no-store")
	writeJSON(w, "application/json", http.StatusOK, toReviewJSON(&rev))
}
