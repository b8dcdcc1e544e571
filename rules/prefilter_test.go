package rules

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestEnvVarPrefilter: propsMayRefEnvVar, the test in front of
// propsEnvVarAny, never turns away a text the regexp matches, and
// isExtensionName is strings.HasPrefix(strings.ToLower(k), "x-").
func TestEnvVarPrefilter(t *testing.T) {
	pieces := []string{"@", "{", "(", "environmentVariables(", "EnvironmentVariable (", ")", " ", "environment", "Environment", "ENVIRONMENT", "variable", "Variable", "VARIABLES", "s", "x", "X", "-", "ms", "é", "K", "ſ", "\xff"}
	rng := rand.New(rand.NewPCG(5, 6))
	matched := 0
	for range 50000 {
		var b strings.Builder
		for n := rng.IntN(8); n >= 0; n-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		if propsEnvVarAny.MatchString(s) {
			matched++
			if !propsMayRefEnvVar(s) {
				t.Fatalf("propsMayRefEnvVar(%q) = false, the regexp matches", s)
			}
		}
		if got, want := isExtensionName(s), strings.HasPrefix(strings.ToLower(s), "x-"); got != want {
			t.Fatalf("isExtensionName(%q) = %v, want %v", s, got, want)
		}
	}
	if matched < 200 {
		t.Errorf("only %d texts match: the test checks too little", matched)
	}
}
