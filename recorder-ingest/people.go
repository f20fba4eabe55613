package ingest

import (
	"encoding/hex"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Role is what a person may do in their team.
type Role string

// The roles, from the fewest rights to the most.
const (
	RoleRecorder Role = "recorder"
	RoleReviewer Role = "reviewer"
	RoleApprover Role = "approver"
	RoleAdmin    Role = "admin"
)

// Roles lists every role, from the fewest rights to the most.
var Roles = []Role{RoleRecorder, RoleReviewer, RoleApprover, RoleAdmin}

// ParseRole reads a role's name.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if string(r) == s {
			return r, nil
		}
	}
	return "", fmt.Errorf("unknown role %q: one of recorder, reviewer, approver, admin", s)
}

// Permission names something a role may be allowed to do.
type Permission string

// The permissions the roles are given.
const (
	// PermUpload: upload a recording, which opens a new draft.
	PermUpload Permission = "upload"
	// PermSubmit: send a draft for review.
	PermSubmit Permission = "submit"
	// PermReturn: send a version in review back to draft.
	PermReturn Permission = "return"
	// PermAccept: accept a control error with a written reason.
	PermAccept Permission = "accept"
	// PermEditReviewed: edit the workflow's reviewed text.
	PermEditReviewed Permission = "edit-reviewed"
	// PermApprove: approve a version in review (never one's own upload).
	PermApprove Permission = "approve"
)

// grants is the one table of who may do what. Everyone reads.
var grants = map[Role][]Permission{
	RoleRecorder: {PermUpload, PermSubmit},
	RoleReviewer: {PermUpload, PermSubmit, PermReturn, PermAccept, PermEditReviewed},
	RoleApprover: {PermUpload, PermSubmit, PermReturn, PermAccept, PermEditReviewed, PermApprove},
	RoleAdmin:    {PermUpload, PermSubmit, PermReturn, PermAccept, PermEditReviewed, PermApprove},
}

// May says whether the role allows p.
func (r Role) May(p Permission) bool {
	for _, g := range grants[r] {
		if g == p {
			return true
		}
	}
	return false
}

// Who names the roles that allow p, for messages ("approvers and
// admins").
func Who(p Permission) string {
	var rs []string
	for _, r := range Roles {
		if r.May(p) {
			rs = append(rs, string(r)+"s")
		}
	}
	if len(rs) <= 1 {
		return strings.Join(rs, "")
	}
	return strings.Join(rs[:len(rs)-1], ", ") + " and " + rs[len(rs)-1]
}

// Person is who a token or a web session belongs to: a named member of a
// team, with a role.
type Person struct {
	ID   int64
	Team Team
	Name string
	Role Role
}

// system is how the audit log names Stepwise itself, for what no person
// did (the examples loaded at first start).
const (
	systemName = "stepwise"
	systemRole = "system"
)

// AuditName is the name the audit log gives p: Stepwise itself for the
// zero Person.
func (p Person) AuditName() string {
	if p.ID == 0 {
		return systemName
	}
	return p.Name
}

// AuditRole is the role the audit log gives p.
func (p Person) AuditRole() string {
	if p.ID == 0 {
		return systemRole
	}
	return string(p.Role)
}

// MaxNameLen bounds a person's name, in characters.
const MaxNameLen = 100

// CheckName checks a person's name: 1 to MaxNameLen characters of
// printable text, no control character, not only white space.
func CheckName(name string) error {
	switch {
	case strings.TrimSpace(name) == "":
		return fmt.Errorf("a person's name must not be empty")
	case !utf8.ValidString(name):
		return fmt.Errorf("a person's name must be UTF-8 text")
	case utf8.RuneCountInString(name) > MaxNameLen:
		return fmt.Errorf("a person's name has at most %d characters", MaxNameLen)
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return fmt.Errorf("a person's name must not hold control characters")
	}
	return nil
}

// Issued is a token made for a person, with what making it changed.
type Issued struct {
	Token  string
	Person Person
	// NewPerson says the person was created with the token.
	NewPerson bool
	// PreviousRole is the person's role before, when the token changed it.
	PreviousRole Role
}

// TokenName is the name of the person a token made without a name belongs
// to: "token" and the first 12 hex digits of the token's SHA-256 (the
// tokens made before people existed are named the same way).
func TokenName(hash []byte) string { return "token " + hex.EncodeToString(hash[:6]) }
