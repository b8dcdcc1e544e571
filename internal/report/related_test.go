package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/lint"
)

// TestRelatedLocations: a finding's related places reach SARIF as
// relatedLocations, JSON as related and text as a note line, instead of
// a "(line N)" inside the message.
func TestRelatedLocations(t *testing.T) {
	f := lint.Finding{Rule: "operation-id-unique", Severity: lint.Error, Message: "used twice", File: "def.json", Line: 9, Column: 3, Pointer: "/paths/~1b/get/operationId",
		Related: []lint.Related{{File: "def.json", Line: 4, Column: 5, Pointer: "/paths/~1a/get/operationId", Message: "the first one"}}}
	var sarif bytes.Buffer
	s := &SARIF{W: &sarif, BaseDir: "."}
	if err := s.Result(lint.Result{}, []lint.Finding{f}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(Summary{}); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RelatedLocations []struct {
					ID               int
					Message          struct{ Text string }
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine, StartColumn int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(sarif.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	rel := log.Runs[0].Results[0].RelatedLocations
	if len(rel) != 1 || rel[0].ID != 1 || rel[0].Message.Text != "the first one" || rel[0].PhysicalLocation.ArtifactLocation.URI != "def.json" ||
		rel[0].PhysicalLocation.Region.StartLine != 4 || rel[0].PhysicalLocation.Region.StartColumn != 5 {
		t.Errorf("relatedLocations = %+v", rel)
	}
	var text bytes.Buffer
	if err := (&Text{W: &text}).Result(lint.Result{}, []lint.Finding{f}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "\n    def.json:4:5: note: the first one\n") {
		t.Errorf("text output:\n%s", text.String())
	}
	var js bytes.Buffer
	if err := (&JSON{W: &js}).Result(lint.Result{}, []lint.Finding{f}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(js.String(), `"related":[{"file":"def.json","line":4,"column":5,"pointer":"/paths/~1a/get/operationId","message":"the first one"}]`) {
		t.Errorf("json output:\n%s", js.String())
	}
}
