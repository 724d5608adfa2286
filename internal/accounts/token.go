package accounts

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"strings"
	"time"
)

// TokenPrefix starts every API token, so that secret scanners can spot leaked ones.
const TokenPrefix = "thb_"

// APIToken is a user's token for the JSON API. Only its SHA-256 hash is stored: a
// token has 160 random bits, so a fast hash is enough, unlike a password.
type APIToken struct {
	ID         int64
	UserID     int64
	Name       string
	Prefix     string // the first characters, shown so users can tell tokens apart
	CreatedAt  time.Time
	LastUsedAt time.Time
	RevokedAt  time.Time
}

// Revoked reports whether the token was revoked.
func (t APIToken) Revoked() bool { return !t.RevokedAt.IsZero() }

// NewToken returns a new secret token and its hash.
func NewToken() (secret, hash string) {
	b := make([]byte, 20)
	_, _ = rand.Read(b)
	secret = TokenPrefix + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
	return secret, HashToken(secret)
}

// HashToken returns the hash under which a token is stored.
func HashToken(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}
