package connector

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func parseString(format Format, src string) *Document {
	doc := &Document{Path: "test", Format: format}
	Parse(doc, []byte(src), DefaultLimits)
	return doc
}

func TestParseJSONValues(t *testing.T) {
	doc := parseString(JSON, `{"a": [1, -2.5e3, "x\ty\u00e9\ud83d\ude00", true, false, null], "b/c~d": {"e": {}}}`)
	if len(doc.Problems) > 0 {
		t.Fatalf("problems: %+v", doc.Problems)
	}
	a := doc.Root.Get("a")
	if a.Len() != 6 {
		t.Fatalf("a has %d items", a.Len())
	}
	want := []struct {
		kind  Kind
		value string
	}{{Number, "1"}, {Number, "-2.5e3"}, {String, "x\tyé😀"}, {Bool, "true"}, {Bool, "false"}, {Null, ""}}
	for i, w := range want {
		if got := a.Children[i]; got.Kind != w.kind || got.Value != w.value {
			t.Errorf("item %d = %v %q, want %v %q", i, got.Kind, got.Value, w.kind, w.value)
		}
	}
	e := doc.Root.Resolve("/b~1c~0d/e")
	if e == nil || e.Kind != Object {
		t.Fatalf("Resolve failed: %v", e)
	}
	if got := e.Pointer(); got != "/b~1c~0d/e" {
		t.Errorf("Pointer() = %q", got)
	}
	if got := a.Children[2].Pointer(); got != "/a/2" {
		t.Errorf("Pointer() = %q", got)
	}
}

// TestParseJSONErrors checks that each kind of mistake is reported once,
// at the offending token, with a reason a person can act on.
func TestParseJSONErrors(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		line, col int
		msg       string
		parsed    bool // the parser recovered and built a tree
	}{
		{"trailing comma in object", "{\n  \"a\": 1,\n}", 2, 9, "trailing comma before '}'", true},
		{"trailing comma in array", "{\"a\": [1, 2,]}", 1, 12, "trailing comma before ']'", true},
		{"missing comma", "{\n  \"a\": 1\n  \"b\": 2\n}", 2, 9, "missing ',' after this member; the next one starts at 3:3", true},
		{"missing comma in array", "[1 2]", 1, 3, "missing ',' after this item", true},
		{"raw tab in string", "{\"a\": \"x\ty\"}", 1, 9, "raw control character TAB (U+0009)", true},
		{"em space", "{\"a\":\u20031}", 1, 6, "U+2003 EM SPACE is not white space in JSON", true},
		{"comment", "{\"a\": 1 // note\n}", 1, 9, "comments are not allowed", true},
		{"extra closing brace", "{\n  \"a\": {\n    \"b\": 1\n    }\n  }\n}", 4, 5, "extra '}'", true},
		{"text after the root", "{\"a\": 1} x", 1, 10, "unexpected 'x' after the end of the JSON document", true},
		{"unterminated string", "{\"a\": \"x\n}", 1, 7, "unterminated string", false},
		{"single quotes", "{'a': 1}", 1, 2, "JSON needs double quotes", false},
		{"capitalised literal", "{\"a\": True}", 1, 7, "write true", false},
		{"leading zero", "{\"a\": 01}", 1, 7, "no leading zeros", false},
		{"unclosed object", "{\"a\": 1", 1, 8, "never closed", false},
		{"empty file", "  \n", 2, 1, "the file is empty", false},
		{"bad escape", `{"a": "\x"}`, 1, 8, `invalid escape '\x'`, true},
		{"non-ascii column", "{\"é\": 1,}", 1, 8, "trailing comma", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := parseString(JSON, tt.src)
			if len(doc.Problems) != 1 {
				t.Fatalf("got %d problems, want 1: %+v", len(doc.Problems), doc.Problems)
			}
			p := doc.Problems[0]
			if p.Kind != ProblemSyntax || p.Pos.Line != tt.line || p.Pos.Col != tt.col || !strings.Contains(p.Message, tt.msg) {
				t.Errorf("got %d:%d %q, want %d:%d containing %q", p.Pos.Line, p.Pos.Col, p.Message, tt.line, tt.col, tt.msg)
			}
			if (doc.Root != nil) != tt.parsed {
				t.Errorf("root parsed = %v, want %v", doc.Root != nil, tt.parsed)
			}
		})
	}
}

func TestDuplicateKeysLastWins(t *testing.T) {
	for _, tt := range []struct {
		format Format
		src    string
	}{
		{JSON, "{\n\"a\": 1,\n\"b\": 2,\n\"a\": 3\n}"},
		{YAML, "a: 1\nb: 2\na: 3\n"},
	} {
		doc := parseString(tt.format, tt.src)
		if len(doc.Problems) != 1 || doc.Problems[0].Kind != ProblemDuplicateKey {
			t.Fatalf("%v: problems %+v", tt.format, doc.Problems)
		}
		if p := doc.Problems[0]; p.Pos.Line != 4 && p.Pos.Line != 3 || p.Pointer() != "/a" {
			t.Errorf("%v: problem at %d:%d %s", tt.format, p.Pos.Line, p.Pos.Col, p.Pointer())
		}
		if doc.Root.Len() != 2 || doc.Root.Get("a").Value != "3" {
			t.Errorf("%v: want two members with a = 3, got %v", tt.format, doc.Root.Interface())
		}
	}
}

func TestBOMAndCP1252(t *testing.T) {
	doc := parseString(JSON, "\xEF\xBB\xBF{\"a\": 1,}")
	if !doc.BOM || doc.Problems[0].Pos != (Pos{Line: 1, Col: 8}) {
		t.Errorf("BOM: bom=%v problems=%+v", doc.BOM, doc.Problems)
	}
	doc = parseString(JSON, "{\n  \"title\": \"Br\xF8nn\x96ysund\"\n}")
	if doc.Encoding != "windows-1252" || len(doc.Problems) != 1 || doc.Problems[0].Pos != (Pos{Line: 2, Col: 15}) {
		t.Fatalf("cp1252: %s %+v", doc.Encoding, doc.Problems)
	}
	if got := doc.Root.Get("title").Str(); got != "Brønn–ysund" {
		t.Errorf("transcoded title = %q", got)
	}
}

func TestDepthLimit(t *testing.T) {
	deep := strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000)
	for _, f := range []Format{JSON, YAML} {
		doc := parseString(f, deep)
		if doc.Root != nil || len(doc.Problems) != 1 || !strings.Contains(doc.Problems[0].Message, "deeper") && !strings.Contains(doc.Problems[0].Message, "depth") ||
			f == JSON && doc.Problems[0].Kind != ProblemLimit {
			t.Errorf("%v: root=%v problems=%+v", f, doc.Root != nil, doc.Problems)
		}
	}
}

func TestYAML(t *testing.T) {
	doc := parseString(YAML, "# banner\nswagger: \"2.0\"\npaths:\n  /a:\n    get:\n      responses:\n        200:\n          description: ok\n        default: {description: x}\nn: 1.5\nb: true\nz: ~\n")
	if len(doc.Problems) > 0 {
		t.Fatal(doc.Problems)
	}
	r := doc.Root.Resolve("/paths/~1a/get/responses/200")
	if r == nil {
		t.Fatal("integer-looking key 200 was not kept as the string \"200\"")
	}
	if pos := doc.KeyPosition(r); pos != (Pos{Line: 7, Col: 9}) {
		t.Errorf("key position %v", pos)
	}
	kinds := map[string]Kind{"swagger": String, "n": Number, "b": Bool, "z": Null}
	for k, want := range kinds {
		if got := doc.Root.Get(k).Kind; got != want {
			t.Errorf("%s: kind %v, want %v", k, got, want)
		}
	}
}

func TestYAMLAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i <= 9; i++ {
		b.WriteString("a" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [")
		for j := range 9 {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + string(rune('0'+i-1)))
		}
		b.WriteString("]\n")
	}
	doc := parseString(YAML, b.String())
	if doc.Root != nil || len(doc.Problems) != 1 || !strings.Contains(doc.Problems[0].Message, "alias") {
		t.Fatalf("alias bomb accepted: root=%v problems=%+v", doc.Root != nil, doc.Problems)
	}
}

func TestYAMLSyntaxError(t *testing.T) {
	doc := parseString(YAML, "a: 1\nb: [1, 2\nc: 3\n")
	if doc.Root != nil || len(doc.Problems) != 1 || doc.Problems[0].Pos.Line < 2 {
		t.Fatalf("root=%v problems=%+v", doc.Root != nil, doc.Problems)
	}
}

// TestColumnsOnLongNonASCIILines checks the rune checkpoints against a
// plain count on a minified line full of accents.
func TestColumnsOnLongNonASCIILines(t *testing.T) {
	var b strings.Builder
	b.WriteString("[")
	for i := range 3000 {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`"é` + strings.Repeat("x", i%7) + `😀"`)
	}
	b.WriteString("]")
	doc := parseString(JSON, b.String())
	for _, n := range doc.Root.Children {
		want := len([]rune(string(doc.Src[:n.Off]))) + 1
		if got := doc.Position(n); got.Line != 1 || got.Col != want {
			t.Fatalf("node at byte %d: column %d, want %d", n.Off, got.Col, want)
		}
	}
}

// TestGetMemberIndex: on objects large enough to be indexed, Get finds what
// a scan of the members finds, and
// nothing for a missing key, in both parsers (which keep the last of
// duplicate keys).
func TestGetMemberIndex(t *testing.T) {
	for _, n := range []int{1, memberIndexMin - 1, memberIndexMin, 200} {
		var js, ys strings.Builder
		js.WriteString("{")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&js, `"k%d": %d, `, i, i)
			fmt.Fprintf(&ys, "k%d: %d\n", i, i)
		}
		js.WriteString(`"k0": "again"}`)
		for name, doc := range map[string]*Document{"JSON": parseString(JSON, js.String()), "YAML": parseString(YAML, ys.String())} {
			root := doc.Root
			if got, want := root.members != nil, n >= memberIndexMin; got != want {
				t.Errorf("%s with %d members: indexed %v, want %v", name, n, got, want)
			}
			for i := 0; i < n; i++ {
				key := fmt.Sprintf("k%d", i)
				var scan *Node
				for _, c := range root.Children {
					if c.Key == key {
						scan = c
						break
					}
				}
				if got := root.Get(key); got != scan || got == nil {
					t.Fatalf("%s with %d members: Get(%q) = %v, the scan finds %v", name, n, key, got, scan)
				}
			}
			if root.Get("missing") != nil {
				t.Errorf("%s: Get of a missing key found a member", name)
			}
		}
	}
}

// TestLineIndex: the line index, built with bytes.IndexByte, holds the
// offset after every '\n' and nothing else, whatever the line endings, as
// a loop over every byte finds them.
func TestLineIndex(t *testing.T) {
	for _, src := range []string{"", "\n", "\n\n", "a", "a\n", "\na", "{\r\n  \"a\": 1\r\n}\r\n", "x\ny\n\nz", "é\nü\r\n\u2028\n"} {
		want := []int32{0}
		for i := 0; i < len(src); i++ {
			if src[i] == '\n' {
				want = append(want, int32(i+1))
			}
		}
		d := &Document{Src: []byte(src)}
		d.index()
		if !slices.Equal(d.lineStarts, want) {
			t.Errorf("line starts of %q = %v, want %v", src, d.lineStarts, want)
		}
		if len(d.lineASCII) != len(want) {
			t.Errorf("%q: %d line classes for %d lines", src, len(d.lineASCII), len(want))
		}
	}
}
