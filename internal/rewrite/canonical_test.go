package rewrite

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	yaml2 "gopkg.in/yaml.v2"
	yaml "gopkg.in/yaml.v3"

	"github.com/ppconn/ppconn/internal/connector"
)

func TestNeedsQuotes(t *testing.T) {
	quoted := []string{
		"", "2.0", "1.2.4", "200", "1e3", "0x1F", "0o17", "-1", "+1", ".5", "-.5", "1_000", "1:20",
		"2022-03-04", "2022-03-04T10:00:00Z", "12:30",
		"yes", "Yes", "YES", "no", "on", "On", "off", "OFF", "y", "Y", "n", "N",
		"true", "True", "false", "null", "Null", "NULL", "~", "<<", "=",
		".inf", "-.Inf", "+.INF", ".nan", ".NaN", "---", "...", "- a", "-",
		"a: b", "a:", "a #b", "#x", "*a", "&a", "!a", "%a", "@a", "`a", "{a}", "[a]", "'a'", `"a"`,
		"|a", ">a", "?a", ":a", ",a", " a", "a ", "\ta", "a\tb", "a\nb", "a\rb", "\x01", "a\u2028b", "\ufeffa",
	}
	plain := []string{
		"hello", "Hello world", "application/json", "/users/{id}", "a:b", "a#b", "https://x.y/z?q=1#f",
		"Production", "café", "-a", ".NET", "x-ms-visibility", "a-b", "ÿes", "TestAPIConnection", "a {b} [c]",
	}
	for _, s := range quoted {
		if !needsQuotes(s) {
			t.Errorf("%q should be quoted", s)
		}
	}
	for _, s := range plain {
		if needsQuotes(s) {
			t.Errorf("%q should be plain", s)
		}
	}
}

// trickyStrings are values whose YAML form a reader could misread.
var trickyStrings = []string{
	"2.0", "1.2.4", "200", "yes", "no", "on", "off", "y", "n", "Y", "N", "true", "False", "null", "~", "",
	"2022-03-04", "2001-12-14t21:59:43.10-05:00", "1:20", "0x1F", "017", "1e3", ".inf", "-.5", "<<", "=",
	"@x", "`x`", "#x", "a #b", "a: b", "- x", "? x", "! x", "& x", "* x", "| x", "> x", "% x", "{x}", "[x]",
	" lead", "trail ", "a\tb", "line 1\nline 2", "line 1\nline 2\n", "line 1\n\n\nline 4\n\n", "\nlead break",
	"trailing space \nx", "crlf\r\nx", "ctrl\x01x", "nel\u0085x", "ls\u2028x", "bom\ufeffx", "tab\tend\t",
	"  indented\nblock", "ünïcödé ✓", "emoji 😀", "quote \" and ' and \\", "---", "...", "- ", "x:",
}

// TestCanonicalYAMLReadsBack renders tricky strings (as values and as
// keys) and reads the YAML back with yaml.v3 (YAML 1.2), yaml.v2 (YAML
// 1.1: yes, on, y are booleans there) and the loader.
func TestCanonicalYAMLReadsBack(t *testing.T) {
	var b strings.Builder
	b.WriteString("{\"values\": [")
	for i, s := range trickyStrings {
		if i > 0 {
			b.WriteString(", ")
		}
		b.Write(appendJSONString(nil, s))
	}
	b.WriteString("], \"keys\": {")
	for i, s := range trickyStrings {
		if i > 0 {
			b.WriteString(", ")
		}
		b.Write(appendJSONString(nil, s))
		b.WriteString(": 1")
	}
	b.WriteString("}}")
	doc := jsonDoc(t, b.String())
	out, err := Canonical(doc, connector.YAML, 0)
	if err != nil {
		t.Fatal(err)
	}
	back := yamlDoc(t, string(out))
	if !reflect.DeepEqual(back.Root.Interface(), doc.Root.Interface()) {
		t.Errorf("the loader reads the YAML differently:\n%s", out)
	}
	var v3 struct {
		Values []any          `yaml:"values"`
		Keys   map[string]any `yaml:"keys"`
	}
	if err := yaml.Unmarshal(out, &v3); err != nil {
		t.Fatal(err)
	}
	var v2 struct {
		Values []any          `yaml:"values"`
		Keys   map[string]any `yaml:"keys"`
	}
	if err := yaml2.Unmarshal(out, &v2); err != nil {
		t.Fatal(err)
	}
	for i, s := range trickyStrings {
		if i >= len(v3.Values) || v3.Values[i] != s {
			t.Errorf("YAML 1.2 (yaml.v3) reads %q as %#v", s, v3.Values[i])
		}
		if i >= len(v2.Values) || v2.Values[i] != s {
			t.Errorf("YAML 1.1 (yaml.v2) reads %q as %#v", s, v2.Values[i])
		}
		if _, ok := v3.Keys[s]; !ok {
			t.Errorf("YAML 1.2 (yaml.v3) lost the key %q", s)
		}
		if _, ok := v2.Keys[s]; !ok {
			t.Errorf("YAML 1.1 (yaml.v2) lost the key %q", s)
		}
	}
	for _, want := range []string{"  - \"2.0\"\n", "  - \"yes\"\n", "  - \"200\"\n", "  - |-\n    line 1\n    line 2\n", "  - |\n    line 1\n    line 2\n", "  \"200\": 1\n"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

func TestCanonicalJSON(t *testing.T) {
	tests := []struct {
		name, src string
		format    connector.Format
		indent    int
		want      string
	}{
		{"4 spaces, spellings kept", "\ufeff{\r\n  \"a\": \"caf\\u00e9\\/\", \"n\": [1.0, 1e3, 123456789012345678901234567890, -0E+0],\r\n\"e\": {}, \"l\": [], \"b\": true, \"z\": null}",
			connector.JSON, 4,
			"{\r\n    \"a\": \"caf\\u00e9\\/\",\r\n    \"n\": [\r\n        1.0,\r\n        1e3,\r\n        123456789012345678901234567890,\r\n        -0E+0\r\n    ],\r\n    \"e\": {},\r\n    \"l\": [],\r\n    \"b\": true,\r\n    \"z\": null\r\n}\r\n"},
		// The first line ending decides (rewrite.LineEnding), as in editors.
		{"mixed, first line LF", "{\n\"a\": 1,\r\n\"b\": 2}", connector.JSON, 2, "{\n  \"a\": 1,\n  \"b\": 2\n}\n"},
		{"2 spaces", `{"a":{"b":[1]}}`, connector.JSON, 2, "{\n  \"a\": {\n    \"b\": [\n      1\n    ]\n  }\n}\n"},
		{"one line", "{\n  \"a\": [1, 2],\n  \"b\": \"x\"\n}", connector.JSON, 0, `{"a":[1,2],"b":"x"}` + "\n"},
		{"key escapes kept", `{"\u0041\"": 1}`, connector.JSON, 2, "{\n  \"\\u0041\\\"\": 1\n}\n"},
		{"from YAML", "# c\nswagger: \"2.0\"\nn: [1.0, .5, +1, 0x1F, 1_000, 1e3, 12345678901234567890]\ns: \"é\\t<>\"\nd: 2022-03-04\nt: yes\nk:\n  200: ok\nm: |\n  a\n  b\n",
			connector.YAML, 2,
			"{\n  \"swagger\": \"2.0\",\n  \"n\": [\n    1.0,\n    0.5,\n    1,\n    31,\n    1000,\n    1e3,\n    12345678901234567890\n  ],\n  \"s\": \"é\\t<>\",\n  \"d\": \"2022-03-04\",\n  \"t\": \"yes\",\n  \"k\": {\n    \"200\": \"ok\"\n  },\n  \"m\": \"a\\nb\\n\"\n}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := &connector.Document{Format: tt.format}
			connector.Parse(doc, []byte(tt.src), connector.DefaultLimits)
			if p := FirstProblem(doc); p != nil {
				t.Fatal(p.Message)
			}
			got, err := Canonical(doc, connector.JSON, tt.indent)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
	doc := yamlDoc(t, "a: .inf\n")
	if _, err := Canonical(doc, connector.JSON, 2); err == nil || !strings.Contains(err.Error(), "/a: the number .inf has no JSON spelling") {
		t.Errorf("infinity: %v", err)
	}
	if _, err := Canonical(&connector.Document{}, connector.JSON, 2); !errors.Is(err, ErrNoValue) {
		t.Errorf("no root: %v", err)
	}
}

func TestCanonicalYAML(t *testing.T) {
	tests := []struct {
		name, src string
		format    connector.Format
		want      string
	}{
		{"from JSON", `{"swagger": "2.0", "info": {"title": "T", "version": "1.0", "description": "a\nb"}, "schemes": ["https"], "paths": {}, "x": [[1, 2], {"a": null}], "n": 1e3}`,
			connector.JSON,
			"swagger: \"2.0\"\ninfo:\n  title: T\n  version: \"1.0\"\n  description: |-\n    a\n    b\nschemes:\n  - https\npaths: {}\nx:\n  - - 1\n    - 2\n  - a: null\n\"n\": 1e3\n"},
		{"from YAML: comments and blank lines kept, styles normalised", "# top\n\nswagger: '2.0'\n\n\n# section\ninfo: {title: T, version: \"1.0\"}   # inline\nt: True\nz: ~\nd: >\n  folded\n  text\n",
			connector.YAML,
			"# top\n\nswagger: \"2.0\"\n\n# section\ninfo: # inline\n  title: T\n  version: \"1.0\"\nt: true\nz: null\nd: |\n  folded text\n"},
		{"merge keys stay merges, a JSON \"<<\" key is quoted", "base: &b\n  x: 1\nm:\n  <<: *b\n  y: 2\n",
			connector.YAML, "base: &b\n  x: 1\nm:\n  <<: *b\n  \"y\": 2\n"},
		{"JSON key <<", `{"<<": {"x": 1}}`, connector.JSON, "\"<<\":\n  x: 1\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := &connector.Document{Format: tt.format}
			connector.Parse(doc, []byte(tt.src), connector.DefaultLimits)
			got, err := Canonical(doc, connector.YAML, 4)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
			again, _ := Canonical(yamlDoc(t, string(got)), connector.YAML, 4)
			if string(again) != string(got) {
				t.Errorf("not idempotent:\n%s", again)
			}
		})
	}
}

func TestJSONNumber(t *testing.T) {
	for in, want := range map[string]string{
		"1": "1", "-0": "-0", "1.0": "1.0", "1e3": "1e3", "1E+3": "1E+3", "+1": "1", ".5": "0.5", "-.5": "-0.5",
		"1.": "1.0", "1_000": "1000", "0x1F": "31", "0o17": "17", "0b101": "5", "1.e3": "1.0e3",
		"0xFFFFFFFFFFFFFFFF": "18446744073709551615",
	} {
		got, err := jsonNumber(in)
		if in == "0o17" {
			want = "15"
		}
		if err != nil || got != want {
			t.Errorf("jsonNumber(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{".inf", "-.Inf", ".nan", "abc"} {
		if _, err := jsonNumber(in); err == nil {
			t.Errorf("jsonNumber(%q) accepted", in)
		}
	}
}

// TestCanonicalLineEnding: fmt and convert keep a CRLF source CRLF (a
// Windows checkout is then already canonical), in either direction; the
// first line ending decides.
func TestCanonicalLineEnding(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		from, to connector.Format
		want     string
	}{
		{"YAML keeps CRLF", "# c\r\nswagger: '2.0'\r\nm: |\r\n  a\r\n  b\r\n", connector.YAML, connector.YAML, "# c\r\nswagger: \"2.0\"\r\nm: |\r\n  a\r\n  b\r\n"},
		{"CRLF JSON to YAML", "{\"a\": \"x\",\r\n\"b\": [1]}", connector.JSON, connector.YAML, "a: x\r\nb:\r\n  - 1\r\n"},
		{"CRLF YAML to JSON", "a: x\r\nb: [1]\r\n", connector.YAML, connector.JSON, "{\r\n  \"a\": \"x\",\r\n  \"b\": [\r\n    1\r\n  ]\r\n}\r\n"},
		{"LF stays LF", "a: x\nb: 1\r\n", connector.YAML, connector.YAML, "a: x\nb: 1\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := &connector.Document{Format: tt.from}
			connector.Parse(doc, []byte(tt.src), connector.DefaultLimits)
			got, err := Canonical(doc, tt.to, 2)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
			again := &connector.Document{Format: tt.to}
			connector.Parse(again, got, connector.DefaultLimits)
			if twice, _ := Canonical(again, tt.to, 2); string(twice) != string(got) {
				t.Errorf("not idempotent: %q", twice)
			}
		})
	}
}
