package rewrite

import (
	"errors"
	"testing"
)

// TestEditDocumentPolicy: the engine's one policy, on JSON and on YAML
// (on the lines, and through the YAML editor): pointers name places of
// the document as given, renames go first, the other edits follow in the
// order given (so members added to one object come in that order), and an
// item removed before another in its array shifts the later pointer.
func TestEditDocumentPolicy(t *testing.T) {
	edits := []Edit{
		{Pointer: "/a/1", Delete: true},
		{Pointer: "/a/3", Delete: true}, // "d": the original item 3
		{Pointer: "/o/old/x", Value: 2}, // under the member renamed below
		{Pointer: "/o/old", RenameKey: "new"},
		{Pointer: "/o/z", Value: "first"}, // added in the order given
		{Pointer: "/o/b", Value: "second"},
	}
	tests := []struct {
		name, src, want string
		whole           bool
	}{
		{"json", `{"a": ["a", "b", "c", "d"], "o": {"old": {"x": 1}}}`,
			`{"a": ["a", "c"], "o": {"new": {"x": 2}, "z": "first", "b": "second"}}`, false},
		// A sequence flush with its key stays so on the lines; the YAML
		// editor indents it.
		{"yaml-lines", "a:\n- a\n- b\n- c\n- d\no:\n  old:\n    x: 1\n",
			"a:\n- a\n- c\no:\n  new:\n    x: 2\n  z: first\n  b: second\n", false},
		{"yaml-editor", "a:\n- a\n- b\n- c\n- d\no:\n  old:\n    x: 1\n",
			"a:\n  - a\n  - c\no:\n  new:\n    x: 2\n  z: first\n  b: second\n", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := jsonDoc
			if tt.name != "json" {
				doc = yamlDoc
			}
			res, err := EditDocument(doc(t, tt.src), edits, EditOptions{WholeYAML: tt.whole})
			if err != nil {
				t.Fatal(err)
			}
			if string(res.Text) != tt.want {
				t.Errorf("got\n%s\nwant\n%s", res.Text, tt.want)
			}
			if len(res.Changes) != len(edits) || res.Changes[0].Index != 3 {
				t.Errorf("changes %+v: want the rename (edit 3) first, then the others", res.Changes)
			}
		})
	}
}

// TestEditDocumentOneByOne: the JSON passes give what the edits made one
// by one give: an edit below an item that an earlier edit shifts, or
// below a value an earlier edit replaced, is not made on the text of the
// same pass.
func TestEditDocumentOneByOne(t *testing.T) {
	for _, yaml := range []bool{false, true} {
		src, want := `{"a": [{"v": 0}, {"v": 1}, {"v": 2}, {"v": 3}]}`, `{"a": [{"v": 0}, {"v": 2}, {"v": 9}]}`
		doc := jsonDoc
		if yaml {
			src, want, doc = "a:\n  - v: 0\n  - v: 1\n  - v: 2\n  - v: 3\n", "a:\n  - v: 0\n  - v: 2\n  - v: 9\n", yamlDoc
		}
		res, err := EditDocument(doc(t, src), []Edit{{Pointer: "/a/1", Delete: true}, {Pointer: "/a/3/v", Value: 9}}, EditOptions{})
		if err != nil {
			t.Fatalf("yaml %v: %v", yaml, err)
		}
		if string(res.Text) != want || res.Changes[1].Pointer != "/a/2/v" {
			t.Errorf("yaml %v: got %s, changes %+v; want %s with the set at /a/2/v", yaml, res.Text, res.Changes, want)
		}
		_, err = EditDocument(doc(t, src), []Edit{{Pointer: "/a/1", Value: Object{}}, {Pointer: "/a/1/v", Value: 2}}, EditOptions{})
		var ee *EditError
		if !errors.As(err, &ee) || ee.Index != 1 {
			t.Errorf("yaml %v: err = %v, want an EditError for edit 1, whose place edit 0 replaced", yaml, err)
		}
	}
}
