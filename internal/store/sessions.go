package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// SessionStore keeps scs sessions in the database, so that several app instances
// behind a load balancer share them. It implements scs.Store.
type SessionStore struct{ db *DB }

// Sessions returns the session store.
func (db *DB) Sessions() *SessionStore { return &SessionStore{db: db} }

// Find returns the session data for a token, or found=false if it is missing or expired.
func (s *SessionStore) Find(token string) ([]byte, bool, error) {
	var b []byte
	err := s.db.read.QueryRow(`SELECT data FROM sessions WHERE token = $1 AND expiry > $2`, token, s.db.Now()).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	return b, err == nil, err
}

// Commit stores or replaces a session.
func (s *SessionStore) Commit(token string, b []byte, expiry time.Time) error {
	_, err := s.db.write.Exec(`INSERT INTO sessions (token, data, expiry) VALUES ($1, $2, $3)
		ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`, token, b, expiry.UTC())
	return err
}

// Delete removes a session.
func (s *SessionStore) Delete(token string) error {
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
