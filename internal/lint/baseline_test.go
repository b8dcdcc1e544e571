package lint

import (
	"path/filepath"
	"testing"

	"github.com/ppconn/ppconn/internal/connector"
)

func TestNormalizeMessage(t *testing.T) {
	a := NormalizeMessage(`the file is 1048577 bytes; see "12:5",  line 12`)
	b := NormalizeMessage(`the file is 2000000 bytes; see "3:14", line 7`)
	if a != b || a != `the file is # bytes; see "#:#", line #` {
		t.Errorf("%q != %q", a, b)
	}
}

func TestNormalizePointer(t *testing.T) {
	doc := &connector.Document{Path: "a.json"}
	connector.Parse(doc, []byte(`{"paths": {"/a": {"get": {"parameters": [{"name": "x"}], "responses": {"200": {}}}}}}`), connector.DefaultLimits)
	for in, want := range map[string]string{
		"/paths/~1a/get/parameters/0/name": "/paths/~1a/get/parameters/#/name",
		"/paths/~1a/get/responses/200":     "/paths/~1a/get/responses/200", // a key, not an index
		"/nowhere/0":                       "/nowhere/0",
		"":                                 "",
	} {
		if got := NormalizePointer(doc, in); got != want {
			t.Errorf("%s: %s, want %s", in, got, want)
		}
	}
}

func TestBaselineCounts(t *testing.T) {
	dir := t.TempDir()
	f := Finding{Rule: "r", File: filepath.Join(dir, "a.json"), Pointer: "/x", Message: "bad at 1:2"}
	var b Baseline
	b.Add(Result{}, []Finding{f, f}, dir)
	path := filepath.Join(dir, "baseline.json")
	if err := b.Write(path); err != nil {
		t.Fatal(err)
	}
	read, err := ReadBaseline(path)
	if err != nil {
		t.Fatal(err)
	}
	moved := f
	moved.Line, moved.Message = 40, "bad at 40:2"
	other := f
	other.Pointer = "/y"
	got := read.Filter(Result{}, []Finding{moved, moved, moved, other}, dir)
	if len(got) != 2 || got[0].Pointer != "/x" || got[1].Pointer != "/y" {
		t.Errorf("new findings: %+v; want the third /x and the /y", got)
	}
}
