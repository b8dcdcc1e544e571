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

// TestSameTextASCIIPath: opSameText, which compares ASCII texts with
// EqualFold, answers as lowering and trimming both texts does, on random
// pairs of mostly the same words in other cases, spacing and final
// periods, non-ASCII letters included.
func TestSameTextASCIIPath(t *testing.T) {
	pieces := []string{"Get", "get", "GET", " ", "\t", "\n", ".", "..", "items", "ITEMS", "a", "A", "K", "\u212a", "ſ", "S", "é", "É", "\u00a0", "İ", "i"}
	rng := rand.New(rand.NewPCG(7, 8))
	text := func() string {
		var b strings.Builder
		for n := rng.IntN(5); n >= 0; n-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		return b.String()
	}
	same := 0
	for range 100000 {
		a := text()
		b := a
		if rng.IntN(2) == 0 {
			b = text()
		} else if rng.IntN(2) == 0 {
			b = strings.ToUpper(a) + "."
		}
		got, want := opSameText(a, b), opSameTextLowered(a, b)
		if got != want {
			t.Fatalf("opSameText(%q, %q) = %v, lowered and trimmed %v", a, b, got, want)
		}
		if got && a != b {
			same++
		}
	}
	if same < 1000 {
		t.Errorf("only %d pairs of different texts are the same: the test checks too little", same)
	}
}
