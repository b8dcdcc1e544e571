package connector

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/sharedtest"
)

// The twelve files of the corpus that are not valid JSON, with the place of
// the offending token. Each place was checked by hand against the file:
// the stray comma, the place of the missing comma, the extra brace, the
// raw TAB, or the end of a file whose last brace is missing.
var corpusSyntaxErrors = map[string]Pos{
	"certified__Cireson_Service_Manager_Portal/apiDefinition.swagger.json": {53, 45},   // trailing comma
	"certified__CognitiveServicesTextAnalytics/apiDefinition.swagger.json": {224, 11},  // extra '}' (indent 10 closes "responses" opened at indent 8)
	"certified__DocuMotor/apiDefinition.swagger.json":                      {47, 30},   // trailing comma (tab-indented line)
	"certified__Easyvista_Service._Manager/apiDefinition.swagger.json":     {3819, 47}, // raw TAB in a string
	"certified__IN-D_Invoice_Data_Capture/apiDefinition.swagger.json":      {50, 49},   // missing comma after "Accept-Export-Type"
	"certified__PUG_Gamified_Engagement/apiDefinition.swagger.json":        {733, 6},   // trailing comma before ']'
	"certified__Plumsail_Documents/apiDefinition.swagger.json":             {1299, 14}, // trailing comma
	"certified__Shopranos/apiProperties.json":                              {22, 4},    // end of file: root '}' missing
	"certified__envoy/apiDefinition.swagger.json":                          {2197, 58}, // trailing comma
	"certified__gofileroom/apiProperties.json":                             {91, 1},    // end of file: root '}' missing
	"independent__AccuWeather/apiDefinition.swagger.json":                  {8, 28},    // missing comma after "Troy Taylor"
	"independent__GIPHY/apiDefinition.swagger.json":                        {809, 43},  // missing comma after "Search String"
}

// TestCorpusLoads loads every real connector: nothing panics, the twelve
// invalid JSON files get exactly one syntax problem each at the hand-checked
// place, BOM files parse cleanly and the cp1252 file is reported and read.
func TestCorpusLoads(t *testing.T) {
	root := sharedtest.Dir(t, "corpus/connectors")
	targets, err := Discover([]string{root})
	if err != nil {
		t.Fatal(err)
	}
	if len(targets) != 663 {
		t.Errorf("found %d connectors, want 663", len(targets))
	}
	syntax := map[string][]Problem{}
	encodingCases := 0
	for _, tg := range targets {
		pkg := Load(tg, DefaultLimits)
		if len(pkg.Swaggers) == 0 {
			t.Errorf("%s: no definition found", tg.Dir)
		}
		for _, doc := range pkg.Documents() {
			rel, _ := filepath.Rel(root, doc.Path)
			for _, p := range doc.Problems {
				if p.Kind == ProblemSyntax {
					syntax[filepath.ToSlash(rel)] = append(syntax[filepath.ToSlash(rel)], p)
				}
			}
			if checkEncodingCases(t, filepath.ToSlash(rel), doc) {
				encodingCases++
			}
		}
	}
	if encodingCases != 4 {
		t.Errorf("checked %d BOM/cp1252 files, want 4 (3 BOM, 1 cp1252)", encodingCases)
	}
	for file, want := range corpusSyntaxErrors {
		got := syntax[file]
		if len(got) != 1 || got[0].Pos != want {
			t.Errorf("%s: syntax problems %+v, want exactly one at %d:%d", file, got, want.Line, want.Col)
		}
	}
	for file, ps := range syntax {
		if _, ok := corpusSyntaxErrors[file]; !ok {
			t.Errorf("%s: unexpected syntax problem %+v", file, ps)
		}
	}
}

// checkEncodingCases checks the BOM and cp1252 files, and reports whether
// rel was one of them.
func checkEncodingCases(t *testing.T, rel string, doc *Document) bool {
	switch {
	case strings.HasPrefix(rel, "certified__AvePoint_Cloud_Governance/apiDefinition") ||
		strings.HasPrefix(rel, "certified__InEight/apiDefinition") ||
		strings.HasPrefix(rel, "certified__Microsoft_Bookings/apiDefinition"):
		if !doc.BOM || doc.Root == nil || len(doc.Problems) != 0 {
			t.Errorf("%s: BOM file: bom=%v parsed=%v problems=%+v", rel, doc.BOM, doc.Root != nil, doc.Problems)
		}
	case rel == "independent__Br_nn_ysundregistrene/apiDefinition.swagger.json":
		if doc.Encoding != "windows-1252" || doc.Root == nil || len(doc.Problems) != 1 || doc.Problems[0].Pos != (Pos{Line: 4, Col: 21}) {
			t.Errorf("%s: cp1252 file: encoding=%s parsed=%v problems=%+v", rel, doc.Encoding, doc.Root != nil, doc.Problems)
		}
	default:
		return false
	}
	return true
}
