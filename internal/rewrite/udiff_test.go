package rewrite

import (
	"fmt"
	"strings"
	"testing"
)

func TestUnifiedDiff(t *testing.T) {
	lines := func(n int, change map[int]string) string {
		var b strings.Builder
		for i := 1; i <= n; i++ {
			if s, ok := change[i]; ok {
				b.WriteString(s)
				continue
			}
			fmt.Fprintf(&b, "l%d\n", i)
		}
		return b.String()
	}
	tests := []struct {
		name, a, b, want string
	}{
		{"equal", "x\n", "x\n", ""},
		{"one change in the middle", lines(10, nil), lines(10, map[int]string{5: "L5\n"}),
			"--- a\n+++ b\n@@ -2,7 +2,7 @@\n l2\n l3\n l4\n-l5\n+L5\n l6\n l7\n l8\n"},
		{"two hunks", lines(20, nil), lines(20, map[int]string{2: "", 18: "l18\nnew\n"}),
			"--- a\n+++ b\n@@ -1,5 +1,4 @@\n l1\n-l2\n l3\n l4\n l5\n@@ -16,5 +15,6 @@\n l16\n l17\n l18\n+new\n l19\n l20\n"},
		{"close changes join", lines(9, nil), lines(9, map[int]string{2: "x\n", 8: "y\n"}),
			"--- a\n+++ b\n@@ -1,9 +1,9 @@\n l1\n-l2\n+x\n l3\n l4\n l5\n l6\n l7\n-l8\n+y\n l9\n"},
		{"no final newline", "a\nb", "a\nb\n",
			"--- a\n+++ b\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n"},
		{"from nothing", "", "a\n", "--- a\n+++ b\n@@ -0,0 +1 @@\n+a\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := UnifiedDiff("a", "b", []byte(tt.a), []byte(tt.b)); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}
