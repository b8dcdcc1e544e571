package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestRelatedReachEveryFormat: the related place a rule reports (the
// first of two operations with one operationId) reaches JSON related,
// SARIF relatedLocations and a text note line, not the message.
func TestRelatedReachEveryFormat(t *testing.T) {
	const dir = "../../testdata/rules/operation-id-unique/bad"
	args := []string{"lint", "--no-config", "--only", "operation-id-unique", "--fail-on", "never"}

	_, out, stderr := run(append(args, "--format", "json", dir)...)
	var js struct {
		Findings []struct {
			Message string
			Related []struct {
				Line    int
				Pointer string
				Message string
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &js); err != nil || len(js.Findings) == 0 {
		t.Fatalf("json: %v\n%s%s", err, out, stderr)
	}
	for _, f := range js.Findings {
		if len(f.Related) != 1 || f.Related[0].Line != 27 || f.Related[0].Pointer != "/paths/~1teams~1{teamId}/get/operationId" ||
			!strings.Contains(f.Related[0].Message, "the first operationId") || strings.Contains(f.Message, "line") {
			t.Errorf("json finding %+v", f)
		}
	}

	_, out, stderr = run(append(args, "--format", "sarif", dir)...)
	var sarif struct {
		Runs []struct {
			Results []struct {
				RelatedLocations []struct {
					Message          struct{ Text string }
					PhysicalLocation struct {
						Region struct{ StartLine int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &sarif); err != nil || len(sarif.Runs) != 1 || len(sarif.Runs[0].Results) != len(js.Findings) {
		t.Fatalf("sarif: %v\n%s%s", err, out, stderr)
	}
	for _, r := range sarif.Runs[0].Results {
		if len(r.RelatedLocations) != 1 || r.RelatedLocations[0].PhysicalLocation.Region.StartLine != 27 ||
			!strings.Contains(r.RelatedLocations[0].Message.Text, "the first operationId") {
			t.Errorf("sarif result %+v", r)
		}
	}

	_, out, _ = run(append(args, "--all", dir)...)
	if n := strings.Count(out, "apiDefinition.swagger.json:27:32: note: the first operationId 'GetTeam'"); n != len(js.Findings) {
		t.Errorf("%d note lines, want %d:\n%s", n, len(js.Findings), out)
	}
}
