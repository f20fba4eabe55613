package rules

import (
	"strings"

	"github.com/stepwise-sop/stepwise/sopgen"
)

// DeliveryChannelUnapproved reports a credential sent over a channel that
// is not on the approved list.
var DeliveryChannelUnapproved = &Rule{
	ID:       "delivery-channel-unapproved",
	Severity: sopgen.SeverityError,
	Doc:      "A new secret must reach the user only over an approved channel (a reset link to the address of record, the self-service portal); email, chat, voicemail or reading it aloud to a caller exposes it to whoever is listening, and a step that hands it over without saying how leaves the channel to whoever does it.",
	Refs:     []string{"NIST SP 800-53 IA-5(1)(c)", "NIST SP 800-63B-4 §4.1.2.2"},
	Run: func(p *Pass) {
		approved := p.Doc.Policy.DeliveryChannels
		for _, s := range p.Doc.Steps() {
			if s.Kind != sopgen.KindDeliver || inList(approved, s.Channel) {
				continue
			}
			if s.Channel == "" {
				if len(s.Evidence) > 0 {
					continue // a recorded step: its form says how, or nothing was sent
				}
				// "Copy the password and give it to the user": how is left
				// to whoever does it, which is no approved channel.
				p.Report(s, s.Loc.Line, "%s hands over the credential without saying how; name one of the approved channels (%s)", quote(s), strings.Join(approved, ", "))
				continue
			}
			p.Report(s, s.Loc.Line, "%s delivers the credential by %s, which is not an approved channel (%s)", quote(s), s.Channel, strings.Join(approved, ", "))
		}
	},
}
