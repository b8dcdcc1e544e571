package rules

import (
	"slices"
	"strings"
	"testing"
)

// TestObjectWordSets: allows and allowsXMS answer, for every object of the
// table, what its space-separated lists say, for the listed words, the
// words of the other objects and words no object lists.
func TestObjectWordSets(t *testing.T) {
	var words []string
	for _, s := range swaggerObjects {
		words = append(words, strings.Fields(s.keys+" "+s.xms)...)
	}
	words = append(words, "", "x-ms-nope", "Type", "type ", "schemes paths")
	checked := 0
	for typ, s := range swaggerObjects {
		keys, xms := strings.Fields(s.keys), strings.Fields(s.xms)
		for _, w := range words {
			if got, want := s.allows(w), slices.Contains(keys, w); got != want {
				t.Errorf("%s allows %q = %v, its list says %v", typ, w, got, want)
			}
			if got, want := s.allowsXMS(w), slices.Contains(xms, w); got != want {
				t.Errorf("%s allowsXMS %q = %v, its list says %v", typ, w, got, want)
			}
			if slices.Contains(keys, w) {
				checked++
			}
		}
	}
	if checked < 100 {
		t.Errorf("only %d listed keywords checked", checked)
	}
}
