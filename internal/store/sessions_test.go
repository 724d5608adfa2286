package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/teilhabe/teilhabe/internal/store"
	"github.com/teilhabe/teilhabe/internal/store/storetest"
)

// TestSessionRenewalWaitsForNoWriter: scs commits every request's session to move
// its idle expiry on. With unchanged data that is written at most once a minute, and
// not at all while another transaction holds the writer (on SQLite a statistics
// import does, for minutes), so that pages do not wait for it.
func TestSessionRenewalWaitsForNoWriter(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := db.Sessions()
		deadline := time.Now().Add(12 * time.Hour).UTC().Truncate(time.Second)
		values := map[string]any{"user": int64(7), "lang": "de", "epoch": 1}
		encode := func() []byte {
			b, err := scs.GobCodec{}.Encode(deadline, values)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
		expiry := func() time.Time {
			var e time.Time
			if err := db.Reader().QueryRow(`SELECT expiry FROM sessions WHERE token = 'tok'`).Scan(&e); err != nil {
				t.Fatal(err)
			}
			return e.UTC()
		}
		start := time.Now().Add(2 * time.Hour).UTC().Truncate(time.Second)
		if err := s.Commit("tok", encode(), start); err != nil {
			t.Fatal(err)
		}
		// A request finds its session, then commits it.
		request := func(expiry time.Time) error {
			if _, found, err := s.Find("tok"); err != nil || !found {
				t.Fatalf("find: %v, %v", found, err)
			}
			return s.Commit("tok", encode(), expiry)
		}
		if err := request(start.Add(30 * time.Second)); err != nil || !expiry().Equal(start) {
			t.Fatalf("renewed after 30 s: %v, %v", expiry(), err)
		}
		if err := request(start.Add(2 * time.Minute)); err != nil || !expiry().Equal(start.Add(2*time.Minute)) {
			t.Fatalf("not renewed after 2 min: %v, %v", expiry(), err)
		}

		held, release, done := make(chan struct{}), make(chan struct{}), make(chan error)
		go func() {
			done <- db.Update(context.Background(), func(tx *store.Tx) error {
				if _, err := tx.ExecContext(context.Background(), `UPDATE sessions SET data = data WHERE token = 'tok'`); err != nil {
					return err
				}
				close(held)
				<-release
				return nil
			})
		}()
		if _, found, err := s.Find("tok"); err != nil || !found {
			t.Fatalf("find: %v, %v", found, err)
		}
		<-held
		if err := s.Commit("tok", encode(), start.Add(10*time.Minute)); err != nil {
			t.Fatalf("renewal while the writer is held: %v", err)
		}
		// It returned while the writer was held. (On PostgreSQL the cancelled UPDATE
		// may still land once the lock is gone, which is as good.)
		close(release)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		// Changed data is always written.
		values["flash"] = "gespeichert"
		if err := request(start.Add(10*time.Minute + time.Second)); err != nil {
			t.Fatal(err)
		}
		b, _, _ := s.Find("tok")
		if _, v, err := (scs.GobCodec{}).Decode(b); err != nil || v["flash"] != "gespeichert" {
			t.Fatalf("changed session %v, %v", v, err)
		}
	})
}
