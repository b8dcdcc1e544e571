package rules

import (
	"slices"
	"testing"
)

// TestInfoWordListPrefilter: find, with its lower-case prefilter, gives
// what the regexps alone give, on ASCII texts and on texts whose
// non-ASCII letters (?i) folds onto ASCII ones.
func TestInfoWordListPrefilter(t *testing.T) {
	l := newInfoWordList("Power Apps", "API", "Copilot Studio", "Ask")
	for _, s := range []string{
		"", "Creates a team", "Use it in Power Apps", "POWER   APPS and the api", "power\napps",
		"PowerApps", "apis", "rapid API.", "copilot studio", "Copilot\tStudio!",
		"Power Appſ", "\u212aelvin API", "APİ", "naïve Power Apps", "Copilot Studios", "Aſk me", "AS\u212a", "ask",
	} {
		var want []string
		for i, re := range l.res {
			if re.MatchString(s) {
				want = append(want, l.words[i])
			}
		}
		if got := l.find(s); !slices.Equal(got, want) {
			t.Errorf("find(%q) = %q, the regexps alone %q", s, got, want)
		}
	}
	if got := l.find("Use it in Power Apps or call the API"); !slices.Equal(got, []string{"Power Apps", "API"}) {
		t.Errorf("find = %q, want Power Apps and API", got)
	}
}
