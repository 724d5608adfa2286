package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"reflect"
	"sync"
	"time"

	"github.com/alexedwards/scs/v2"
)

// SessionStore keeps scs sessions in the database, so that several app instances
// behind a load balancer share them. It implements scs.Store.
type SessionStore struct {
	db *DB
	// found holds what Find read for a token until the request's Commit, so that
	// Commit knows without a query whether the session changed. The server keeps one
	// SessionStore for all requests.
	mu    sync.Mutex
	found map[string]foundSession
}

type foundSession struct {
	data   []byte
	expiry time.Time
}

// maxFound bounds the sessions Find remembers; beyond, it starts afresh.
const maxFound = 10000

// Sessions returns the session store.
func (db *DB) Sessions() *SessionStore {
	return &SessionStore{db: db, found: map[string]foundSession{}}
}

// Find returns the session data for a token, or found=false if it is missing or expired.
func (s *SessionStore) Find(token string) ([]byte, bool, error) {
	var b []byte
	var expiry time.Time
	err := s.db.read.QueryRow(`SELECT data, expiry FROM sessions WHERE token = $1 AND expiry > $2`, token, s.db.Now()).Scan(&b, &expiry)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err == nil {
		s.mu.Lock()
		if len(s.found) >= maxFound {
			clear(s.found)
		}
		s.found[token] = foundSession{data: b, expiry: expiry}
		s.mu.Unlock()
	}
	return b, err == nil, err
}

// Commit stores or replaces a session. scs commits on every request to move the
// idle expiry on; such a renewal, with the data as the request found them, is written at most once a
// minute and never waits for a busy writer: on SQLite a statistics import holds the
// one writer for minutes, and every page of every logged-in user (the import's own
// progress page too) would wait for it. A renewal skipped then is made by a later
// request; a session whose data changed is always written.
func (s *SessionStore) Commit(token string, b []byte, expiry time.Time) error {
	if stored, ok := s.unchanged(token, b); ok {
		if expiry.Sub(stored) < renewEvery {
			return nil
		}
		ctx, cancel := context.WithTimeout(context.Background(), renewWait)
		defer cancel()
		_, err := s.db.write.ExecContext(ctx, `UPDATE sessions SET expiry = $2 WHERE token = $1`, token, expiry.UTC())
		if errors.Is(err, context.DeadlineExceeded) {
			return nil
		}
		return err
	}
	_, err := s.db.write.Exec(`INSERT INTO sessions (token, data, expiry) VALUES ($1, $2, $3)
		ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`, token, b, expiry.UTC())
	return err
}

// How often an unchanged session's expiry is written, and how long such a renewal
// waits for the writer.
const (
	renewEvery = time.Minute
	renewWait  = 200 * time.Millisecond
)

// unchanged reports whether b holds the data Find read for the token in this
// request, and returns the expiry then. (Had another instance changed the session
// since, b is still no newer than the stored row.) The data are compared decoded:
// gob writes a map in random order.
func (s *SessionStore) unchanged(token string, b []byte) (time.Time, bool) {
	s.mu.Lock()
	old, ok := s.found[token]
	delete(s.found, token)
	s.mu.Unlock()
	if !ok {
		return time.Time{}, false
	}
	if bytes.Equal(old.data, b) {
		return old.expiry, true
	}
	d1, v1, err1 := scs.GobCodec{}.Decode(old.data)
	d2, v2, err2 := scs.GobCodec{}.Decode(b)
	return old.expiry, err1 == nil && err2 == nil && d1.Equal(d2) && reflect.DeepEqual(v1, v2)
}

// Delete removes a session.
func (s *SessionStore) Delete(token string) error {
	s.mu.Lock()
	delete(s.found, token)
	s.mu.Unlock()
	_, err := s.db.write.Exec(`DELETE FROM sessions WHERE token = $1`, token)
	return err
}

// DeleteExpired removes expired sessions and old login failures; serve runs it
// periodically.
func (db *DB) DeleteExpired(ctx context.Context) error {
	now := db.Now()
	if _, err := db.write.ExecContext(ctx, `DELETE FROM sessions WHERE expiry <= $1`, now); err != nil {
		return err
	}
	_, err := db.write.ExecContext(ctx, `DELETE FROM login_failures WHERE at < $1`, now.Add(-24*time.Hour))
	return err
}
