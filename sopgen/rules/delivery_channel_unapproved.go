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
	Doc:      "A new secret must reach the user only over an approved channel (a reset link to the address of record, the self-service portal); email, chat, voicemail or reading it aloud to a caller exposes it to whoever is listening.",
	Refs:     []string{"NIST SP 800-53 IA-5(1)(c)", "NIST SP 800-63B-4 §4.1.2.2"},
	Run: func(p *Pass) {
		approved := p.Doc.Policy.DeliveryChannels
		for _, s := range p.Doc.Steps() {
			if s.Kind != sopgen.KindDeliver || s.Channel == "" || inList(approved, s.Channel) {
				continue
			}
			p.Report(s, s.Loc.Line, "%s delivers the credential by %s, which is not an approved channel (%s)", quote(s), s.Channel, strings.Join(approved, ", "))
		}
	},
}
