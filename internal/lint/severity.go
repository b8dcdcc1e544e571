package lint

import (
	"fmt"
	"strings"
)

// Severity is how a finding is reported, after the profile and the
// configuration have been applied to the rule's level.
type Severity uint8

// The severities, from the strongest. Off silences a rule.
const (
	Off Severity = iota
	Info
	Warning
	Error
)

var severityNames = map[Severity]string{Off: "off", Info: "info", Warning: "warning", Error: "error"}

func (s Severity) String() string { return severityNames[s] }

// ParseSeverity reads "error", "warning", "info" or "off".
func ParseSeverity(s string) (Severity, error) {
	for sev, name := range severityNames {
		if strings.EqualFold(s, name) {
			return sev, nil
		}
	}
	return Off, fmt.Errorf("unknown severity %q: use error, warning, info or off", s)
}

// Profile maps levels to severities.
type Profile struct {
	Name string
	Doc  string
	Map  map[Level]Severity
}

// Profiles are the built-in profiles. The table is read by the CLI help
// and the docs.
var Profiles = []Profile{
	{
		Name: "custom",
		Doc:  "a private custom connector: import errors fail, certification rules warn, guidance informs",
		Map:  map[Level]Severity{Import: Error, Certification: Warning, Guidance: Info},
	},
	{
		Name: "certification",
		Doc:  "a connector submitted for Microsoft certification: import and certification rules fail, guidance warns",
		Map:  map[Level]Severity{Import: Error, Certification: Error, Guidance: Warning},
	},
}

// SeverityOf is the severity the profile gives rule r, before any
// configuration: the profile's for the rule's level, except that a
// certification rule whose codes Microsoft's pipeline logs as warnings is
// at most a warning (the profile must not fail what certification
// passes), an InfoOnly rule is at most info, and a DefaultOff rule, or
// one bound to another profile (Rule.Profile), is Off.
func (p Profile) SeverityOf(r *Rule) Severity {
	if r.DefaultOff || r.Profile != "" && r.Profile != p.Name {
		return Off
	}
	return p.LevelSeverity(r)
}

// LevelSeverity is the severity the profile gives rule r's level, as
// SeverityOf but for a rule that is off by default: what it reports at
// when it is asked for by name.
func (p Profile) LevelSeverity(r *Rule) Severity {
	s := p.Map[r.Level]
	switch {
	case r.InfoOnly:
		s = min(s, Info)
	case r.Level == Certification && r.Validator == ValidatorWarning:
		s = min(s, Warning)
	}
	return s
}

// LookupProfile finds a built-in profile by name.
func LookupProfile(name string) (Profile, error) {
	var names []string
	for _, p := range Profiles {
		if p.Name == name {
			return p, nil
		}
		names = append(names, p.Name)
	}
	return Profile{}, fmt.Errorf("unknown profile %q: use %s", name, strings.Join(names, " or "))
}
