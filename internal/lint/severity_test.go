package lint

import (
	"strings"
	"testing"
)

// TestProfileSeverityOf: the certification profile never calls a validator
// warning an error, InfoOnly rules never go above info, DefaultOff rules
// are off until configured.
func TestProfileSeverityOf(t *testing.T) {
	custom, cert := Profiles[0], Profiles[1]
	tests := []struct {
		name         string
		rule         Rule
		custom, cert Severity
	}{
		{"certification rule", Rule{Level: Certification}, Warning, Error},
		{"validator error", Rule{Level: Certification, Validator: ValidatorError}, Warning, Error},
		{"validator warning", Rule{Level: Certification, Validator: ValidatorWarning}, Warning, Warning},
		{"import rule the validator logs as a warning", Rule{Level: Import, Validator: ValidatorWarning}, Error, Error},
		{"guidance", Rule{Level: Guidance}, Info, Warning},
		{"info only", Rule{Level: Guidance, InfoOnly: true}, Info, Info},
		{"off by default", Rule{Level: Guidance, DefaultOff: true}, Off, Off},
		{"certification profile only", Rule{Level: Guidance, Profile: "certification"}, Off, Warning},
	}
	for _, tt := range tests {
		if got := custom.SeverityOf(&tt.rule); got != tt.custom {
			t.Errorf("%s: custom profile gives %s, want %s", tt.name, got, tt.custom)
		}
		if got := cert.SeverityOf(&tt.rule); got != tt.cert {
			t.Errorf("%s: certification profile gives %s, want %s", tt.name, got, tt.cert)
		}
	}
	// A configured severity wins over DefaultOff.
	r := &Rule{ID: "x", Level: Guidance, DefaultOff: true}
	cfg := Config{Profile: cert, Severity: map[string]Severity{"x": Warning}}
	if got := cfg.SeverityOf(r); got != Warning {
		t.Errorf("configured severity of a default-off rule = %s, want warning", got)
	}
	// ... and over a rule bound to another profile.
	r = &Rule{ID: "x", Level: Guidance, Profile: "certification"}
	cfg = Config{Profile: custom, Severity: map[string]Severity{"x": Info}}
	if got := cfg.SeverityOf(r); got != Info {
		t.Errorf("configured severity of a certification-only rule under custom = %s, want info", got)
	}
}

// TestRuleProfileKnown: a rule bound to a profile ppconn does not have
// would never run; the registry refuses it.
func TestRuleProfileKnown(t *testing.T) {
	r := testRule("x", Guidance, reportTitle)
	r.Profile = "certified"
	if _, err := NewRegistry(r); err == nil || !strings.Contains(err.Error(), `unknown profile "certified"`) {
		t.Errorf("NewRegistry with Profile %q: got %v, want an unknown profile error", r.Profile, err)
	}
	r.Profile = "certification"
	if _, err := NewRegistry(r); err != nil {
		t.Errorf("NewRegistry with Profile %q: %v", r.Profile, err)
	}
}
