package diff

import (
	"fmt"
	"slices"
	"strings"
)

// CertificationUpdatesURI is Microsoft's page on updating a certified
// connector, whose rules Certification applies.
const CertificationUpdatesURI = "https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-updates"

// Certification classifies an update as Microsoft's "Update your certified
// connector" page (CertificationUpdatesURI) does: a minor update meets its
// criteria for minor updates and takes about 4-5 weeks to deploy; any
// other is a major update, about 6-10 weeks; and a certified connector
// may not change its authentication type at all. ppconn's reading: an
// update is minor when no change is breaking (acknowledged or not: the
// accept file is the team's decision, not Microsoft's) and the
// authentication type stays; Microsoft's engineers make the final call.
type Certification struct {
	// Update is "none" (no change), "minor" or "major".
	Update string `json:"update"`
	// AuthTypeChanged is set when the authentication type changes
	// (securityDefinitions types, or the identity provider of
	// apiProperties.json), with OldAuth and NewAuth.
	AuthTypeChanged bool   `json:"authTypeChanged"`
	OldAuth         string `json:"oldAuth,omitempty"`
	NewAuth         string `json:"newAuth,omitempty"`
	Reason          string `json:"reason"`
}

// Certification classifies the update.
func (r *Report) Certification() Certification {
	var c Certification
	props := r.Old.Properties != nil && r.New.Properties != nil // both, or the sides differ by what was read
	oldAuth, newAuth := authType(r.Old, props), authType(r.New, props)
	breaking := 0 // by the table: diff.impact is the team's policy, not Microsoft's
	for _, ch := range r.Changes {
		if ch.TableImpact == Breaking {
			breaking++
		}
	}
	switch {
	case len(r.Changes) == 0:
		c.Update, c.Reason = "none", "no change"
		return c
	case oldAuth != newAuth:
		c.Update, c.AuthTypeChanged, c.OldAuth, c.NewAuth = "major", true, oldAuth, newAuth
		c.Reason = fmt.Sprintf("the authentication type changes (%s → %s): changing the authentication type is not allowed for a certified connector", oldAuth, newAuth)
	case breaking > 0:
		c.Update = "major"
		c.Reason = fmt.Sprintf("%d breaking %s: not a minor update (about 6-10 weeks to deploy)", breaking, plural(breaking, "change", "changes"))
	default:
		c.Update = "minor"
		c.Reason = "no breaking change and the same authentication type (about 4-5 weeks to deploy)"
	}
	return c
}

// String is the summary line: "Certification: major update: 3 breaking
// changes: ...".
func (c Certification) String() string {
	if c.Update == "none" {
		return "Certification: no update (no change)"
	}
	return fmt.Sprintf("Certification: %s update: %s", c.Update, c.Reason)
}

// authType names the authentication of an input: the types of its
// securityDefinitions ("none" without any), and the identity provider of
// its apiProperties.json OAuth connection parameters.
func authType(in *Input, props bool) string {
	var types []string
	if in.Definition != nil && in.Definition.Root != nil {
		for _, s := range in.Definition.Root.Get("securityDefinitions").List() {
			types = append(types, s.Get("type").Str())
		}
	}
	if props && in.Properties.Root != nil {
		for _, p := range in.Properties.Root.At("properties", "connectionParameters").List() {
			if idp := p.At("oAuthSettings", "identityProvider"); idp.IsString() {
				types = append(types, "oauth2:"+idp.Value)
			}
		}
	}
	types = dedupe(slices.Sorted(slices.Values(types)))
	if len(types) == 0 {
		return "none"
	}
	return strings.Join(types, "+")
}
