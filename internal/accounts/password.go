package accounts

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/teilhabe/teilhabe/internal/teilhabe"
)

// argon2id parameters: the second recommended option of RFC 9106 (64 MiB, 3 passes)
// would make a 2-core server slow under a burst of logins; OWASP's 19 MiB, 2 passes,
// 1 lane is the documented minimum and answers in about 30 ms here.
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
	saltLen      = 16
	// MinPasswordLength follows BSI IT-Grundschutz ORP.4 for passwords without rules
	// on character classes.
	MinPasswordLength = 12
)

// maxPasswordBytes bounds what argon2id is asked to hash.
const maxPasswordBytes = 1024

// CheckPassword checks a new password's length. The field is "password"; a form that
// names it otherwise renames the field error.
func CheckPassword(p string) error {
	if utf8.RuneCountInString(p) < MinPasswordLength {
		return teilhabe.Invalid("accounts.error.password_short",
			teilhabe.FieldMsg("password", "too_short", "accounts.fielderror.password_short", "Min", MinPasswordLength))
	}
	if len(p) > maxPasswordBytes {
		return teilhabe.Invalid("accounts.error.password_long",
			teilhabe.FieldMsg("password", "too_long", "accounts.fielderror.password_long", "Max", maxPasswordBytes))
	}
	return nil
}

// HashPassword returns an argon2id hash in the PHC string format, which carries its
// parameters so that they can be raised later without breaking old hashes.
func HashPassword(p string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(p), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// VerifyPassword reports whether p matches the PHC-format hash, in constant time.
func VerifyPassword(hash, p string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	var mem uint32
	var t uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &mem, &t, &threads); err != nil {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil {
		return false
	}
	got := argon2.IDKey([]byte(p), salt, t, mem, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is verified against when an e-mail address is unknown, so that the answer
// takes as long as for a known one and does not reveal which addresses exist.
// It is made on first use, not at start-up, where it would cost every command 30 ms.
var dummyHash = sync.OnceValue(func() string {
	h, _ := HashPassword("no-such-user-password")
	return h
})

// VerifyDummy spends the time of one verification.
func VerifyDummy(p string) { VerifyPassword(dummyHash(), p) }

// GeneratePassword returns a random password of 20 characters that is easy to read
// aloud (no 0/O, 1/l).
func GeneratePassword() string {
	const alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 20)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
