package openapi

import (
	"path/filepath"
	"sort"
	"testing"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/sharedtest"
)

// Swagger 2.0 regression tests for libopenapi. Its Swagger 2.0 model is in
// maintenance mode, so these pin what ppconn relies on: for real connector
// definitions, libopenapi's model sees the same operations as our own
// parser, and the x-ms-* extensions survive.

func loadDoc(t *testing.T, path string, f connector.Format) *connector.Document {
	t.Helper()
	pkg := connector.Load(connector.Target{Swaggers: []string{path}}, connector.DefaultLimits)
	if len(pkg.ReadErrors) > 0 {
		t.Fatal(pkg.ReadErrors)
	}
	d := pkg.Swagger()
	if d.Root == nil || d.Format != f {
		t.Fatalf("%s: not parsed as %v: %+v", path, f, d.Problems)
	}
	return d
}

// ownOperationIDs lists operationIds with our own parser.
func ownOperationIDs(d *connector.Document) []string {
	var ids []string
	for _, item := range d.Root.Get("paths").List() {
		for _, op := range item.List() {
			if id := op.Get("operationId").Str(); id != "" {
				ids = append(ids, id)
			}
		}
	}
	sort.Strings(ids)
	return ids
}

func checkV2Model(t *testing.T, d *connector.Document) {
	t.Helper()
	m, err := V2Model(d)
	if err != nil {
		t.Fatal(err)
	}
	if m.Swagger != "2.0" {
		t.Errorf("swagger = %q", m.Swagger)
	}
	var ids []string
	for pair := m.Paths.PathItems.First(); pair != nil; pair = pair.Next() {
		for _, op := range pair.Value().GetOperations().FromOldest() {
			ids = append(ids, op.OperationId)
		}
	}
	sort.Strings(ids)
	want := ownOperationIDs(d)
	if len(ids) == 0 || len(ids) != len(want) {
		t.Fatalf("libopenapi sees %d operations, ppconn %d", len(ids), len(want))
	}
	for i := range ids {
		if ids[i] != want[i] {
			t.Errorf("operation %d: libopenapi %q, ppconn %q", i, ids[i], want[i])
		}
	}
	if m.Extensions.GetOrZero("x-ms-connector-metadata") == nil {
		t.Error("x-ms-connector-metadata extension lost")
	}
	if m.SecurityDefinitions == nil || m.SecurityDefinitions.Definitions.Len() == 0 {
		t.Error("securityDefinitions lost")
	}
}

func TestLibopenapiV2ModelOnExample(t *testing.T) {
	checkV2Model(t, loadDoc(t, "../../../examples/teams-provisioning/apiDefinition.swagger.json", connector.JSON))
}

func TestLibopenapiV2ModelOnNBold(t *testing.T) {
	dir := sharedtest.Dir(t, "nbold/v5")
	checkV2Model(t, loadDoc(t, filepath.Join(dir, "apiDefinition.swagger.json"), connector.JSON))
	checkV2Model(t, loadDoc(t, filepath.Join(dir, "apiDefinition.swagger.yaml"), connector.YAML))
}
