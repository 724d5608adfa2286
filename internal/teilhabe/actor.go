package teilhabe

import "context"

// Actor is who performs an action: a logged-in user, an API token's user, or the
// system itself (CLI, importer, demo loader). Every audit event names one.
type Actor struct {
	UserID int64  // 0 for the system
	Label  string // e-mail address of the user, or e.g. "cli", "system"
}

// System returns an actor for work that no logged-in user started.
func System(label string) Actor { return Actor{Label: label} }

type actorKey struct{}

// WithActor returns a context that carries the actor.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor in ctx, or the anonymous system actor "anonymous".
func ActorFrom(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok {
		return a
	}
	return Actor{Label: "anonymous"}
}
