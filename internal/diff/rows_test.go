package diff

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestRowIDsDeclared: every row a change is rated by is named by a RowID
// constant that Rows declares (with its impact, reason and docs), and
// every constant is a row. A row id written as a string literal, or a
// constant missing from the table, fails here.
func TestRowIDsDeclared(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	consts := map[string]string{} // constant name → row id
	var uses []ast.Expr
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				if id, ok := n.Type.(*ast.Ident); ok && id.Name == "RowID" {
					for i, c := range n.Names {
						if lit, ok := n.Values[i].(*ast.BasicLit); ok {
							consts[c.Name] = strings.Trim(lit.Value, `"`)
						}
					}
				}
			case *ast.CallExpr:
				switch fn, _ := n.Fun.(*ast.Ident); {
				case fn == nil:
				case fn.Name == "rate" && len(n.Args) == 3:
					uses = append(uses, n.Args[1])
				case fn.Name == "libRate" && len(n.Args) == 3:
					uses = append(uses, n.Args[0])
				}
			case *ast.KeyValueExpr:
				if k, ok := n.Key.(*ast.Ident); ok && k.Name == "rule" {
					uses = append(uses, n.Value)
				}
			case *ast.AssignStmt:
				for i, l := range n.Lhs {
					if sel, ok := l.(*ast.SelectorExpr); ok && sel.Sel.Name == "rule" && i < len(n.Rhs) {
						uses = append(uses, n.Rhs[i])
					}
				}
			}
			return true
		})
	}
	if len(uses) < 50 {
		t.Fatalf("found %d row uses; the walk misses the rating calls", len(uses))
	}
	for _, u := range uses {
		switch u := u.(type) {
		case *ast.Ident:
			if _, ok := consts[u.Name]; !ok && u.Name != "rule" {
				t.Errorf("%s: row %s is not a declared RowID constant", fset.Position(u.Pos()), u.Name)
			}
		case *ast.SelectorExpr: // v.rule: a row already chosen
		default:
			t.Errorf("%s: a row id must be a RowID constant of the table, not %T", fset.Position(u.Pos()), u)
		}
	}
	for name, id := range consts {
		if !slices.ContainsFunc(Rows, func(r Row) bool { return string(r.ID) == id }) {
			t.Errorf("constant %s (%q) is not a row of Rows", name, id)
		}
	}
	for _, r := range Rows {
		if r.Area == "" || r.Breaking == "" || r.NotBreaking == "" || r.Why == "" {
			t.Errorf("row %q lacks its area, impact or reason", r.ID)
		}
	}
}
