package sopgen

// Schema is the only value the schema field of a recording may hold.
const Schema = "stepwise/recording@1"

// Limits of the recording format.
const (
	MaxSteps       = 10000
	MaxStringChars = 2000 // characters (code points), as JSON Schema counts maxLength
	// MaxMillis bounds t and duration: seven days in milliseconds. No
	// recorded help-desk task runs that long, and with it every sum of
	// timings (10,000 steps of the longest duration) stays far inside an
	// int64 and a time.Duration.
	MaxMillis = 7 * 24 * 60 * 60 * 1000
	// MaxUncaptured bounds coverage.uncaptured, and MaxCount the count of
	// one entry.
	MaxUncaptured = 1000
	MaxCount      = 1000000
)

// Recording is one capture of a task, as the recorder extension uploads it.
// It holds structured steps only: never a screenshot, a keystroke or a typed
// value.
type Recording struct {
	Schema     string    `json:"schema"`
	ID         string    `json:"id"`
	Workflow   string    `json:"workflow"`
	Title      string    `json:"title,omitempty"`
	RecordedAt string    `json:"recorded_at"`
	Recorder   Recorder  `json:"recorder"`
	Actor      *Actor    `json:"actor,omitempty"`
	Context    *Context  `json:"context,omitempty"`
	Coverage   *Coverage `json:"coverage,omitempty"`
	Steps      []Step    `json:"steps"`

	// StepLines holds the 1-based line of each step in the source file, when
	// the recording was decoded from JSON text. It is not part of the format.
	StepLines []int `json:"-"`
}

// Recorder names the tool that made a recording.
type Recorder struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Actor is the role that performed the task: a role, never a person.
type Actor struct {
	Role string `json:"role"`
}

// Context describes the environment a recording was made in.
type Context struct {
	Browser  string `json:"browser,omitempty"`
	OS       string `json:"os,omitempty"`
	Locale   string `json:"locale,omitempty"`
	Timezone string `json:"timezone,omitempty"`
}

// Coverage says what the recorder could not see.
type Coverage struct {
	Uncaptured []Uncaptured `json:"uncaptured,omitempty"`
}

// Uncaptured is one kind of place the recorder could not look into.
type Uncaptured struct {
	Kind  string `json:"kind"`
	Where string `json:"where,omitempty"`
	Count int    `json:"count,omitempty"`
}

// Step is one recorded action.
type Step struct {
	T         int64   `json:"t"`
	Duration  int64   `json:"duration,omitempty"`
	Action    string  `json:"action"`
	App       string  `json:"app,omitempty"`
	URL       string  `json:"url,omitempty"`
	Page      string  `json:"page,omitempty"`
	Target    *Target `json:"target,omitempty"`
	Choice    string  `json:"choice,omitempty"`
	FieldKind string  `json:"field_kind,omitempty"`
	Text      string  `json:"text,omitempty"`
	Mark      string  `json:"mark,omitempty"`
}

// Target is what a step acted on, by accessible role and name.
type Target struct {
	Role     string `json:"role,omitempty"`
	Name     string `json:"name,omitempty"`
	Selector string `json:"selector,omitempty"`
}

// Actions lists the step actions the format allows, in the order
// docs/recording-format.md gives them.
var Actions = []string{
	"navigate", "click", "select", "check", "uncheck", "input", "submit",
	"open_tab", "switch_tab", "close_tab", "wait", "copy", "paste",
	"download", "upload", "note", "mark",
}

// FieldKinds lists the kinds of field an input step may name.
var FieldKinds = []string{"text", "email", "password", "tel", "number", "date", "search", "other"}

// Marks lists the explicit tags a recorder may put on a step.
var Marks = []string{"intake", "verification", "access", "delivery", "confirmation", "logging", "exception"}

// UncapturedKinds lists the kinds of place a recorder may report it could not see.
var UncapturedKinds = []string{"frame", "shadow-root", "domain"}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
