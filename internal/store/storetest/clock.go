package storetest

import (
	"sync"
	"time"

	"github.com/teilhabe/teilhabe/internal/store"
)

// Clock is a settable clock for a test database: deadlines, throttles and jobs are
// judged by db.Now, and a test moves it instead of sleeping. It is safe for the
// concurrent requests and jobs some tests run.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock sets db's clock to start and returns it.
func NewClock(db *store.DB, start time.Time) *Clock {
	c := &Clock{t: start}
	db.Now = c.Now
	return c
}

// Now is the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) { c.Set(c.Now().Add(d)) }
