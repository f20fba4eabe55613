package ingest

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"
	"time"
)

// TeamName checks a team name as the stores keep it: trimmed, 1 to 100
// characters.
func TeamName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 {
		return "", fmt.Errorf("%w: a team name is 1 to 100 characters", ErrBadRequest)
	}
	return name, nil
}

// NewToken makes a new API token (sw_ and 256 random bits) and the hash
// a store keeps of it.
func NewToken() (token string, hash []byte, err error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", nil, fmt.Errorf("new token: %w", err)
	}
	token = "sw_" + base64.RawURLEncoding.EncodeToString(raw)
	return token, HashToken(token), nil
}

// TokenCacheTTL bounds how long a store trusts a resolved token without
// asking its database again.
const TokenCacheTTL = time.Minute

// PersonCache remembers the people of tokens that resolved, for
// TokenCacheTTL: every request authenticates, and a query each time costs
// more than the rest of a small GET. Each server process (each replica)
// has its own.
type PersonCache struct {
	m sync.Map // string(hash) → cachedPerson
}

type cachedPerson struct {
	person  Person
	expires time.Time
}

// Lookup returns the person remembered for a token hash, if it is fresh.
func (c *PersonCache) Lookup(hash []byte) (Person, bool) {
	v, ok := c.m.Load(string(hash))
	if !ok || !time.Now().Before(v.(cachedPerson).expires) {
		return Person{}, false
	}
	return v.(cachedPerson).person, true
}

// Remember keeps the person of a token hash for TokenCacheTTL.
func (c *PersonCache) Remember(hash []byte, p Person) {
	c.m.Store(string(hash), cachedPerson{p, time.Now().Add(TokenCacheTTL)})
}
