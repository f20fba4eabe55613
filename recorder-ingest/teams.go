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

// PersonToken is a new token with the person it is for, checked: what a
// store keeps for CreatePersonToken.
type PersonToken struct {
	Token string
	Hash  []byte
	// Name is the person's ("token …" when none was given); Role the one
	// asked for, "" to keep a known person's (a new person is an admin).
	Name string
	Role Role
}

// NewPersonToken makes a token for the person called name with role
// (both may be empty: see PersonToken), after checking them; a bad name
// or role is ErrBadRequest.
func NewPersonToken(name string, role Role) (PersonToken, error) {
	if role != "" {
		if _, err := ParseRole(string(role)); err != nil {
			return PersonToken{}, fmt.Errorf("%w: %w", ErrBadRequest, err)
		}
	}
	token, hash, err := NewToken()
	if err != nil {
		return PersonToken{}, err
	}
	if name == "" {
		name = TokenName(hash)
	}
	if err := CheckName(name); err != nil {
		return PersonToken{}, fmt.Errorf("%w: %w", ErrBadRequest, err)
	}
	return PersonToken{Token: token, Hash: hash, Name: name, Role: role}, nil
}

// NewRole is the role a person created for pt gets.
func (pt PersonToken) NewRole() Role {
	if pt.Role == "" {
		return RoleAdmin
	}
	return pt.Role
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
