package lint

import (
	"path/filepath"

	"github.com/ppconn/ppconn/internal/connector"
)

// MergeTwins reports once a finding that both twins of pkg have (the same
// rule, pointer and message in apiDefinition.swagger.json and in
// apiDefinition.swagger.yaml): it is kept in the YAML twin, the file the
// author edits (connector.TwinSource), with the JSON twin's place as a
// related location marked Twin. Other findings are left as they are.
// LintTarget applies it; LintPackage does not, since fix and the editor
// work on each file.
func MergeTwins(pkg *connector.Package, fs []Finding) []Finding {
	if pkg == nil {
		return fs
	}
	jsonDoc, yamlDoc, ok := pkg.Twins()
	if !ok {
		return fs
	}
	src, other := yamlDoc, jsonDoc
	if connector.TwinSource == connector.JSON {
		src, other = jsonDoc, yamlDoc
	}
	type key struct{ rule, pointer, msg string }
	at := map[key]int{}
	for i, f := range fs {
		if f.File == src.Path {
			at[key{f.Rule, f.Pointer, f.Message}] = i + 1
		}
	}
	out := fs[:0:0]
	for _, f := range fs {
		if f.File == other.Path {
			if i := at[key{f.Rule, f.Pointer, f.Message}]; i > 0 {
				p := &fs[i-1]
				p.Related = append(p.Related, Related{File: f.File, Line: f.Line, Column: f.Column, Pointer: f.Pointer, Twin: true,
					Message: "the same in the twin " + filepath.Base(f.File)})
				at[key{f.Rule, f.Pointer, f.Message}] = 0
				continue
			}
		}
		out = append(out, f)
	}
	return out
}
