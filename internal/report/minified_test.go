package report

import (
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/lint"
)

// TestNamingLineDoesNotCopyTheLine (#19 item 8): choosing the line of a
// finding's excerpt looks at the finding's line in place. It copied the
// line, so each of 3,000 findings on a 0.5 MB minified line copied 0.5 MB
// (BenchmarkLintMinified/text in internal/cli: 11.2 s, then 1.5 s).
func TestNamingLineDoesNotCopyTheLine(t *testing.T) {
	src := `{"swagger":"2.0","paths":{"/a":{"get":{"operationId":"A","x":"` + strings.Repeat("y", 1<<16) + `"}}}}`
	d := &connector.Document{Path: "a.json", Format: connector.JSON}
	connector.Parse(d, []byte(src), connector.DefaultLimits)
	f := lint.Finding{Line: 1, Column: 30, Pointer: "/paths/~1a/get"}
	if line, _ := namingLine(d, f); line != 1 {
		t.Fatalf("line %d", line)
	}
	if allocs := testing.AllocsPerRun(20, func() { namingLine(d, f) }); allocs != 0 {
		t.Errorf("%v allocations per finding, want none", allocs)
	}
}
