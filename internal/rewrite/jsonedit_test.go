package rewrite

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/sharedtest"
)

type editOp struct {
	del     bool
	pointer string
	value   any
}

func set(p string, v any) editOp { return editOp{pointer: p, value: v} }

// applyEditOps runs the operations on an editor, JSON or YAML, and returns
// the edited file.
func applyEditOps(t *testing.T, ed Editor, ops []editOp) []byte {
	t.Helper()
	for _, op := range ops {
		var err error
		if op.del {
			err = ed.Delete(op.pointer)
		} else {
			err = ed.Set(op.pointer, op.value)
		}
		if err != nil {
			t.Fatalf("%s: %v", op.pointer, err)
		}
	}
	got, err := ed.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return got
}
func del(p string) editOp { return editOp{del: true, pointer: p} }

func jsonDoc(t *testing.T, src string) *connector.Document {
	t.Helper()
	doc := &connector.Document{Path: "t.json", Format: connector.JSON}
	connector.Parse(doc, []byte(src), connector.DefaultLimits)
	if p := FirstProblem(doc); p != nil {
		t.Fatalf("test source does not parse: %d:%d: %s", p.Pos.Line, p.Pos.Col, p.Message)
	}
	return doc
}

// TestJSONEdits checks that edits change only their span and lay new text
// out like its neighbours, over the layouts real connector files have.
func TestJSONEdits(t *testing.T) {
	tests := []struct {
		name string
		src  string
		ops  []editOp
		want string
	}{
		{
			name: "replace a string, 2 spaces",
			src:  "{\n  \"a\": \"x\",\n  \"b\": 1\n}\n",
			ops:  []editOp{set("/a", "y")},
			want: "{\n  \"a\": \"y\",\n  \"b\": 1\n}\n",
		},
		{
			name: "insert after the last member, 4 spaces",
			src:  "{\n    \"a\": 1,\n    \"b\": 2\n}\n",
			ops:  []editOp{set("/c", Object{{"d", true}, {"e", []any{"x", nil}}})},
			want: "{\n    \"a\": 1,\n    \"b\": 2,\n    \"c\": {\n        \"d\": true,\n        \"e\": [\n            \"x\",\n            null\n        ]\n    }\n}\n",
		},
		{
			name: "tabs",
			src:  "{\n\t\"a\": {\n\t\t\"b\": 1\n\t}\n}",
			ops:  []editOp{set("/a/c", Object{{"d", 2}})},
			want: "{\n\t\"a\": {\n\t\t\"b\": 1,\n\t\t\"c\": {\n\t\t\t\"d\": 2\n\t\t}\n\t}\n}",
		},
		{
			name: "CRLF line endings are kept and used for new lines",
			src:  "{\r\n  \"a\": 1\r\n}\r\n",
			ops:  []editOp{set("/b", Object{{"c", 1}})},
			want: "{\r\n  \"a\": 1,\r\n  \"b\": {\r\n    \"c\": 1\r\n  }\r\n}\r\n",
		},
		{
			name: "minified",
			src:  `{"a":1,"b":{"c":2}}`,
			ops:  []editOp{set("/b/d", Object{{"e", []any{1, 2}}}), set("/f", "g")},
			want: `{"a":1,"b":{"c":2,"d":{"e":[1,2]}},"f":"g"}`,
		},
		{
			name: "one line with spaces",
			src:  `{"a": 1, "b": 2}` + "\n",
			ops:  []editOp{set("/c", Object{{"d", 1}, {"e", 2}})},
			want: `{"a": 1, "b": 2, "c": {"d": 1, "e": 2}}` + "\n",
		},
		{
			name: "a one-line object inside an indented file stays on one line",
			src:  "{\n  \"scopes\": {\"x\": \"y\"}\n}\n",
			ops:  []editOp{set("/scopes/z", "w")},
			want: "{\n  \"scopes\": {\"x\": \"y\", \"z\": \"w\"}\n}\n",
		},
		{
			name: "escapes and number spellings outside the edit are kept",
			src:  "{\n  \"s\": \"caf\\u00e9 \\/ \\\"q\\\"\",\n  \"n\": [1.0, 1e3, 12345678901234567890, -0.50E+2],\n  \"x\": 1\n}\n",
			ops:  []editOp{set("/x", 2)},
			want: "{\n  \"s\": \"caf\\u00e9 \\/ \\\"q\\\"\",\n  \"n\": [1.0, 1e3, 12345678901234567890, -0.50E+2],\n  \"x\": 2\n}\n",
		},
		{
			name: "no final newline stays absent",
			src:  "{\n  \"a\": 1\n}",
			ops:  []editOp{set("/b", 2)},
			want: "{\n  \"a\": 1,\n  \"b\": 2\n}",
		},
		{
			name: "insert into an empty nested object",
			src:  "{\n    \"a\": {\n        \"b\": {}\n    }\n}\n",
			ops:  []editOp{set("/a/b/c", Object{{"d", "e"}})},
			want: "{\n    \"a\": {\n        \"b\": {\n            \"c\": {\n                \"d\": \"e\"\n            }\n        }\n    }\n}\n",
		},
		{
			name: "insert into an empty root object",
			src:  "{}\n",
			ops:  []editOp{set("/a", 1)},
			want: "{\n    \"a\": 1\n}\n",
		},
		{
			name: "insert into an empty object written over lines",
			src:  "{\n  \"a\": {\n  },\n  \"z\": 0\n}\n",
			ops:  []editOp{set("/a/b", 1)},
			want: "{\n  \"a\": {\n    \"b\": 1\n  },\n  \"z\": 0\n}\n",
		},
		{
			name: "create missing objects on the way",
			src:  "{\n  \"a\": 1\n}\n",
			ops:  []editOp{set("/x/y/z", "v")},
			want: "{\n  \"a\": 1,\n  \"x\": {\n    \"y\": {\n      \"z\": \"v\"\n    }\n  }\n}\n",
		},
		{
			name: "replace a scalar by an object at depth",
			src:  "{\n  \"a\": {\n    \"b\": null\n  }\n}\n",
			ops:  []editOp{set("/a/b", Object{{"c", 1}})},
			want: "{\n  \"a\": {\n    \"b\": {\n      \"c\": 1\n    }\n  }\n}\n",
		},
		{
			name: "keys with / and ~ in the pointer",
			src:  "{\n  \"paths\": {\n    \"/a~b\": {}\n  }\n}\n",
			ops:  []editOp{set("/paths/~1a~0b/get", Object{})},
			want: "{\n  \"paths\": {\n    \"/a~b\": {\n      \"get\": {}\n    }\n  }\n}\n",
		},
		{
			name: "delete the first member",
			src:  "{\n  \"a\": 1,\n  \"b\": 2,\n  \"c\": 3\n}\n",
			ops:  []editOp{del("/a")},
			want: "{\n  \"b\": 2,\n  \"c\": 3\n}\n",
		},
		{
			name: "delete a middle member",
			src:  "{\n  \"a\": 1,\n  \"b\": {\n    \"x\": [1, 2]\n  },\n  \"c\": 3\n}\n",
			ops:  []editOp{del("/b")},
			want: "{\n  \"a\": 1,\n  \"c\": 3\n}\n",
		},
		{
			name: "delete the last member with its comma",
			src:  "{\n  \"a\": 1,\n  \"b\": 2,\n  \"c\": 3\n}\n",
			ops:  []editOp{del("/c")},
			want: "{\n  \"a\": 1,\n  \"b\": 2\n}\n",
		},
		{
			name: "delete the only member",
			src:  "{\n  \"a\": {\n    \"b\": 1\n  }\n}\n",
			ops:  []editOp{del("/a/b")},
			want: "{\n  \"a\": {}\n}\n",
		},
		{
			name: "delete minified",
			src:  `{"a":1,"b":2,"c":3}`,
			ops:  []editOp{del("/b"), del("/c")},
			want: `{"a":1}`,
		},
		{
			name: "array: append, replace and delete items",
			src:  "{\n  \"s\": [\n    \"a\",\n    \"b\"\n  ],\n  \"e\": []\n}\n",
			ops:  []editOp{set("/s/-", "c"), set("/s/0", "A"), del("/s/1"), set("/e/-", Object{{"k", 1}})},
			want: "{\n  \"s\": [\n    \"A\",\n    \"c\"\n  ],\n  \"e\": [\n    {\n      \"k\": 1\n    }\n  ]\n}\n",
		},
		{
			name: "a Go map renders in key order",
			src:  "{\n  \"a\": 1\n}\n",
			ops:  []editOp{set("/a", map[string]any{"z": 1, "m": []string{"x"}, "a": 2.5})},
			want: "{\n  \"a\": {\n    \"a\": 2.5,\n    \"m\": [\n      \"x\"\n    ],\n    \"z\": 1\n  }\n}\n",
		},
		{
			name: "RawJSON keeps its order and spellings",
			src:  "{\n  \"a\": 1\n}\n",
			ops:  []editOp{set("/b", RawJSON(`{"z":1.0,"a":"\u00e9"}`))},
			want: "{\n  \"a\": 1,\n  \"b\": {\n    \"z\": 1.0,\n    \"a\": \"é\"\n  }\n}\n",
		},
		{
			name: "key separator of the object is reused",
			src:  "{\n  \"a\" : 1\n}\n",
			ops:  []editOp{set("/b", 2)},
			want: "{\n  \"a\" : 1,\n  \"b\" : 2\n}\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ed, err := NewJSONEditor(jsonDoc(t, tt.src))
			if err != nil {
				t.Fatal(err)
			}
			got := applyEditOps(t, ed, tt.ops)
			if string(got) != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// TestJSONEditKeepsBytesOutsideTheSpan checks the promise on a file that
// has everything at once: BOM, CRLF, tabs, escapes, odd numbers.
func TestJSONEditKeepsBytesOutsideTheSpan(t *testing.T) {
	src := "\ufeff{\r\n\t\"swagger\": \"2.0\",\r\n\t\"x\": \"\\u00e9\\t\",\r\n\t\"n\": [1.0, 1e3, 123456789012345678901234567890],\r\n\t\"info\": {\r\n\t\t\"title\": \"T\"\r\n\t}\r\n}"
	doc := &connector.Document{Format: connector.JSON}
	connector.Parse(doc, []byte(src), connector.DefaultLimits)
	if !doc.BOM {
		t.Fatal("BOM not seen")
	}
	edit, err := SetEdit(doc, "/info/title", "New")
	if err != nil {
		t.Fatal(err)
	}
	ed, _ := NewJSONEditor(doc)
	if err := ed.Set("/info/title", "New"); err != nil {
		t.Fatal(err)
	}
	got, _ := ed.Bytes()
	want := strings.Replace(src, `"T"`, `"New"`, 1)
	if string(got) != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if string(doc.Src[edit.Off:edit.End]) != `"T"` {
		t.Errorf("edit span %q, want the value's", doc.Src[edit.Off:edit.End])
	}
	// Every byte before and after the span is the source's.
	if !bytes.HasPrefix(got[3:], doc.Src[:edit.Off]) || !bytes.HasSuffix(got, doc.Src[edit.End:]) {
		t.Error("bytes outside the edit changed")
	}
}

func TestApplyEdits(t *testing.T) {
	doc := jsonDoc(t, "{\n  \"a\": 1,\n  \"b\": 2\n}\n")
	e1, _ := SetEdit(doc, "/b", 3)
	e2, _ := SetEdit(doc, "/a", "x")
	got, err := ApplyEdits(doc.Src, e1, e2)
	if err != nil {
		t.Fatal(err)
	}
	if want := "{\n  \"a\": \"x\",\n  \"b\": 3\n}\n"; string(got) != want {
		t.Errorf("got %q", got)
	}
	e3, _ := DeleteEdit(doc, "/b")
	if _, err := ApplyEdits(doc.Src, e1, e3); err == nil {
		t.Error("overlapping edits accepted")
	}
}

func TestJSONEditErrors(t *testing.T) {
	doc := jsonDoc(t, `{"a": "s", "arr": [1]}`)
	for _, tt := range []struct {
		op   editOp
		want string
	}{
		{set("a", 1), "must be empty or start with '/'"},
		{set("/a/b", 1), "/a: is a string"},
		{set("/arr/5", 1), "past the end"},
		{set("/arr/x", 1), "not an array index"},
		{set("/x", make(chan int)), "unsupported type"},
		{set("/x", RawJSON(`{`)), "invalid RawJSON"},
		{del("/nope"), "no such member"},
		{del(""), "cannot delete the root"},
	} {
		var err error
		if tt.op.del {
			_, err = DeleteEdit(doc, tt.op.pointer)
		} else {
			_, err = SetEdit(doc, tt.op.pointer, tt.op.value)
		}
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %q", tt.op.pointer, err, tt.want)
		}
	}
	bad := &connector.Document{Format: connector.JSON}
	connector.Parse(bad, []byte(`{"a": 1,}`), connector.DefaultLimits)
	if _, err := NewJSONEditor(bad); err == nil || !strings.Contains(err.Error(), "1:8") {
		t.Errorf("a file with a syntax error: %v", err)
	}
}

func TestRenderJSON(t *testing.T) {
	for _, tt := range []struct {
		v     any
		unit  string
		level int
		want  string
	}{
		{Object{{"a", 1}, {"b", []any{}}}, "  ", 1, "{\n    \"a\": 1,\n    \"b\": []\n  }"},
		{Object{{"a", "é<&>\u2028\x01"}}, "", 0, `{"a":"é<&>` + "\u2028" + `\u0001"}`},
		{[]int{1, 2}, "\t", 0, "[\n\t1,\n\t2\n]"},
		{struct {
			Z int    `json:"z"`
			A string `json:"a"`
		}{1, "x"}, "  ", 0, "{\n  \"z\": 1,\n  \"a\": \"x\"\n}"},
		{3.0, "", 0, "3"},
		{uint8(7), "", 0, "7"},
		{(*int)(nil), "", 0, "null"},
	} {
		got, err := RenderJSON(tt.v, tt.unit, tt.level)
		if err != nil {
			t.Errorf("%v: %v", tt.v, err)
			continue
		}
		if string(got) != tt.want {
			t.Errorf("%#v: got %q, want %q", tt.v, got, tt.want)
		}
	}
	n := jsonDoc(t, `{"b": 1.50, "a": [true, null, "s"]}`).Root
	got, _ := RenderJSON(n, "  ", 0)
	if want := "{\n  \"b\": 1.50,\n  \"a\": [\n    true,\n    null,\n    \"s\"\n  ]\n}"; string(got) != want {
		t.Errorf("node: got %q", got)
	}
}

func TestDetectLayout(t *testing.T) {
	for _, tt := range []struct {
		src  string
		want Layout
	}{
		{"{\n  \"a\": 1\n}", Layout{Unit: "  ", EOL: "\n", Colon: ": ", Comma: ","}},
		{"{\r\n\t\"a\":1\r\n}", Layout{Unit: "\t", EOL: "\r\n", Colon: ":", Comma: ","}},
		{`{"a":1,"b":2}`, Layout{Unit: "", EOL: "\n", Colon: ":", Comma: ","}},
		{`{"a": [1, 2]}`, Layout{Unit: "", EOL: "\n", Colon: ": ", Comma: ", "}},
		{"{}", Layout{Unit: "    ", EOL: "\n", Colon: ": ", Comma: ","}},
		{"{\"a\": {\n      \"b\": 1}}", Layout{Unit: "      ", EOL: "\n", Colon: ": ", Comma: ","}},
	} {
		if got := DetectLayout(jsonDoc(t, tt.src)); got != tt.want {
			t.Errorf("%q: got %+v, want %+v", tt.src, got, tt.want)
		}
	}
}

// TestJSONEditNBold makes the edits 'ppconn auth aad' will make on
// nBold's published files, minified (v1) and indented (v5): the rest of
// each file is byte for byte the same, and the values are as asked.
func TestJSONEditNBold(t *testing.T) {
	for _, v := range []string{"v1", "v5"} {
		dir := sharedtest.Dir(t, "nbold/"+v)
		for _, f := range []struct {
			name    string
			set     string
			value   any
			deleted string
		}{
			{"apiDefinition.swagger.json", "/securityDefinitions/oauth2_auth", Object{
				{"type", "oauth2"}, {"flow", "accessCode"},
				{"authorizationUrl", "https://login.microsoftonline.com/common/oauth2/authorize"},
				{"tokenUrl", "https://login.microsoftonline.com/common/oauth2/authorize"},
				{"scopes", Object{}},
			}, "/host"},
			{"apiProperties.json", "/properties/connectionParameters/token/oAuthSettings/customParameters/loginUri/value", "https://login.microsoftonline.com", "/properties/iconBrandColor"},
		} {
			t.Run(v+"/"+f.name, func(t *testing.T) {
				src, err := os.ReadFile(filepath.Join(dir, f.name))
				if err != nil {
					t.Fatal(err)
				}
				doc := jsonDoc(t, string(src))
				set, err := SetEdit(doc, f.set, f.value)
				if err != nil {
					t.Fatal(err)
				}
				dl, err := DeleteEdit(doc, f.deleted)
				if err != nil {
					t.Fatal(err)
				}
				out, err := ApplyEdits(doc.Src, set, dl)
				if err != nil {
					t.Fatal(err)
				}
				first, last := set, dl
				if dl.Off < set.Off {
					first, last = dl, set
				}
				if !bytes.HasPrefix(out, doc.Src[:first.Off]) || !bytes.HasSuffix(out, doc.Src[last.End:]) ||
					!bytes.Contains(out, doc.Src[first.End:last.Off]) {
					t.Error("bytes outside the edits changed")
				}
				got := jsonDoc(t, string(out))
				if got.Root.Resolve(f.deleted) != nil {
					t.Errorf("%s still there", f.deleted)
				}
				rendered, _ := RenderJSON(got.Root.Resolve(f.set), "", 0)
				wantText, _ := RenderJSON(f.value, "", 0)
				if string(rendered) != string(wantText) {
					t.Errorf("%s = %s, want %s", f.set, rendered, wantText)
				}
				if v == "v1" && f.name == "apiDefinition.swagger.json" && bytes.Count(out, []byte("\n")) != bytes.Count(src, []byte("\n")) {
					t.Error("a minified file got new lines")
				}
			})
		}
	}
}
