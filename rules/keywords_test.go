package rules

import (
	"testing"

	"github.com/ppconn/ppconn/internal/lint"
)

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "abc", 3},
		{"abc", "", 3},
		{"x-ms-summary", "x-ms-summary", 0},
		{"x-ms-summmary", "x-ms-summary", 1},     // insertion
		{"x-ms-visibilty", "x-ms-visibility", 1}, // deletion
		{"x-ms-sumary", "x-ms-summary", 1},
		{"x-ms-sumamry", "x-ms-summary", 1}, // transposition counts once
		{"x-ms-visbility", "x-ms-visibility", 1},
		{"x-ms-summery", "x-ms-summary", 1}, // substitution
		{"ab", "ba", 1},
		{"abc", "ca", 3}, // optimal string alignment, not full Damerau
		{"kitten", "sitting", 3},
		{"X-MS-SUMMARY", "x-ms-summary", 10}, // case-sensitive: ten letters differ
	}
	for _, tt := range tests {
		if got := lint.EditDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("lint.EditDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := lint.EditDistance(tt.b, tt.a); got != tt.want {
			t.Errorf("lint.EditDistance(%q, %q) = %d, want %d (symmetry)", tt.b, tt.a, got, tt.want)
		}
	}
}

func TestClosestName(t *testing.T) {
	known := []string{"x-ms-summary", "x-ms-visibility", "x-ms-api-annotation", "x-ms-localizeDefaultValue", "x-ms-trigger", "x-ms-trigger-hint"}
	tests := []struct {
		name string
		want string
	}{
		{"x-ms-summmary", "x-ms-summary"},
		{"x-ms-sumamry", "x-ms-summary"},
		{"x-ms-visibilty", "x-ms-visibility"},
		{"x-ms-api-annotations", "x-ms-api-annotation"},
		{"x-ms  -summary", "x-ms-summary"}, // two edits
		{"X-MS-Summary", "x-ms-summary"},   // case only: one edit
		{"x-ms-localizedefaultvalue", "x-ms-localizeDefaultValue"},
		{"x-ms-localizeDefaultValeu", "x-ms-localizeDefaultValue"}, // case is not charged twice
		{"x-ms-trigger-hnit", "x-ms-trigger-hint"},
		{"x-ms-summary", ""},    // a known name is not its own suggestion
		{"x-ms-sum", ""},        // four edits away
		{"x-ms-foo-bar", ""},    // nothing near
		{"x-ms-mutability", ""}, // an AutoRest extension, not a typo
		{"x-ms-discriminator-value", ""},
	}
	for _, tt := range tests {
		if got := closestName(tt.name, known); got != tt.want {
			t.Errorf("closestName(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestClosestNameTiesAreStable(t *testing.T) {
	// "Tean" is one edit from both; the alphabetically first wins whatever
	// the order of the list.
	for _, known := range [][]string{{"Team", "Teal"}, {"Teal", "Team"}} {
		if got := closestName("Tean", known); got != "Teal" {
			t.Errorf("closestName(Tean, %q) = %q, want Teal", known, got)
		}
	}
	if got := closestName("Team", nil); got != "" {
		t.Errorf("closestName with no names = %q, want empty", got)
	}
}

func TestWithArticle(t *testing.T) {
	for typ, want := range map[objType]string{
		tOperation: "an operation", tSchema: "a schema", tItems: "an items",
		tNotification: "an x-ms-notification-content", tPathItem: "a path item",
	} {
		if got := withArticle(string(typ)); got != want {
			t.Errorf("withArticle(%q) = %q, want %q", typ, got, want)
		}
	}
}
