package sopgen

import "sort"

// GeneratorVersion identifies the generator in outputs and cache keys. Bump
// it whenever generated artifacts change for the same input.
const GeneratorVersion = "0.1.0"

// Report is the workflow report: findings with their summary, timing,
// systems and what was redacted. Its JSON form is the report.json contract.
type Report struct {
	Workflow        string       `json:"workflow"`
	Title           string       `json:"title"`
	Version         string       `json:"version"`
	RecordingID     string       `json:"recording_id,omitempty"`
	RecordedAt      string       `json:"recorded_at,omitempty"`
	Generator       string       `json:"generator"`
	Findings        []Finding    `json:"findings"`
	Summary         Summary      `json:"summary"`
	Timing          Timing       `json:"timing"`
	Systems         []SystemUse  `json:"systems"`
	ContextSwitches int          `json:"context_switches"`
	Redactions      Redactions   `json:"redactions"`
	Uncaptured      []Uncaptured `json:"uncaptured"`
}

// Summary counts findings by severity and steps before and after folding.
type Summary struct {
	Errors        int `json:"errors"`
	Warnings      int `json:"warnings"`
	Info          int `json:"info"`
	Steps         int `json:"steps"`
	RecordedSteps int `json:"recorded_steps"`
}

// Timing is how long the recorded task took, overall, by phase and for the
// slowest steps.
type Timing struct {
	TotalMS int64       `json:"total_ms"`
	Phases  []PhaseTime `json:"phases"`
	Slowest []StepTime  `json:"slowest"`
}

// PhaseTime is the time spent in one phase.
type PhaseTime struct {
	Number int    `json:"number"`
	Phase  string `json:"phase"`
	Steps  int    `json:"steps"`
	MS     int64  `json:"ms"`
}

// StepTime is the time spent on one step.
type StepTime struct {
	Step   string `json:"step"`
	Text   string `json:"text"`
	System string `json:"system,omitempty"`
	MS     int64  `json:"ms"`
}

// SystemUse is how much of the task happened in one system.
type SystemUse struct {
	Name  string `json:"name"`
	Steps int    `json:"steps"`
	MS    int64  `json:"ms"`
}

// slowestCount is how many steps the report lists as slowest.
const slowestCount = 5

// NewReport builds the report of a document and its findings.
func NewReport(d *Document, findings []Finding) *Report {
	r := &Report{
		Workflow:   d.Meta.Workflow,
		Title:      d.Meta.Title,
		Version:    d.Meta.Version,
		RecordedAt: d.Meta.RecordedAt,
		Generator:  "stepwise " + GeneratorVersion,
		Findings:   findings,
		Systems:    []SystemUse{},
		Uncaptured: []Uncaptured{},
	}
	if r.Findings == nil {
		r.Findings = []Finding{}
	}
	for _, f := range findings {
		switch f.Severity {
		case SeverityError:
			r.Summary.Errors++
		case SeverityWarning:
			r.Summary.Warnings++
		default:
			r.Summary.Info++
		}
	}
	if p := d.Provenance; p != nil {
		r.RecordingID = p.RecordingID
		r.Redactions = p.Redactions
		r.Summary.RecordedSteps = p.RecordedSteps
		if p.Uncaptured != nil {
			r.Uncaptured = p.Uncaptured
		}
	}
	sys := map[string]int{}
	var all []StepTime
	prevSystem := ""
	r.Timing.Phases = []PhaseTime{}
	for i, ph := range d.Phases {
		pt := PhaseTime{Number: i + 1, Phase: ph.Title, Steps: len(ph.Steps)}
		for _, s := range ph.Steps {
			pt.MS = addMillis(pt.MS, s.Duration)
			r.Summary.Steps++
			all = append(all, StepTime{Step: s.Number, Text: s.Plain(), System: s.System, MS: s.Duration})
			if s.System != "" {
				if _, ok := sys[s.System]; !ok {
					sys[s.System] = len(r.Systems)
					r.Systems = append(r.Systems, SystemUse{Name: s.System})
				}
				u := &r.Systems[sys[s.System]]
				u.Steps++
				u.MS = addMillis(u.MS, s.Duration)
				if prevSystem != "" && prevSystem != s.System {
					r.ContextSwitches++
				}
				prevSystem = s.System
			}
		}
		r.Timing.TotalMS = addMillis(r.Timing.TotalMS, pt.MS)
		r.Timing.Phases = append(r.Timing.Phases, pt)
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].MS > all[j].MS })
	if len(all) > slowestCount {
		all = all[:slowestCount]
	}
	r.Timing.Slowest = all
	if r.Timing.Slowest == nil {
		r.Timing.Slowest = []StepTime{}
	}
	return r
}
