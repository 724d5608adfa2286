package httpx

import (
	"context"
	"net/http"
)

type routeKey struct{}

// WithRouteHolder gives the request a slot for its route pattern, so that logs and
// metrics outside the router can name the route instead of the raw path (raw paths
// would make one metric series per region key).
func WithRouteHolder(ctx context.Context) (context.Context, *string) {
	s := new(string)
	return context.WithValue(ctx, routeKey{}, s), s
}

// SetRoute records the matched route pattern in the request's holder.
func SetRoute(r *http.Request, pattern string) {
	if s, ok := r.Context().Value(routeKey{}).(*string); ok {
		*s = pattern
	}
}
