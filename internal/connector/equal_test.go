package connector

import (
	"strconv"
	"strings"
	"testing"
)

func TestEqual(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{`1`, `1.0`, true},
		{`1`, `1e0`, true},
		{`10`, `1e1`, true},
		{`0.1e1`, `1`, true},
		{`100`, `1E+2`, true},
		{`-0`, `0.0`, true},
		{`2.50`, `2.5`, true},
		{`1`, `2`, false},
		{`1`, `-1`, false},
		{`0.1`, `0.10000000000000001`, false}, // by text, not by float64
		{`1e999999999999`, `1e999999999999`, true},
		{`1e999999999999`, `1e999999999998`, false},
		{`1`, `"1"`, false},
		{`true`, `"true"`, false},
		{`null`, `"null"`, false},
		{`null`, `null`, true},
		{`"a"`, `"a"`, true},
		{`"a"`, `"A"`, false},
		{`{"a": 1, "b": [1, 2]}`, `{"b": [1.0, 2], "a": 1}`, true},
		{`{"a": 1}`, `{"a": 1, "b": 2}`, false},
		{`{}`, `[]`, false},
		{`[1, 2]`, `[2, 1]`, false},
		{`[1, [2, {"x": 3}]]`, `[1.0, [2, {"x": 3e0}]]`, true},
		{`[]`, `[[]]`, false},
	}
	for _, tt := range tests {
		a := parseString(JSON, tt.a).Root
		b := parseString(JSON, tt.b).Root
		if got := Equal(a, b); got != tt.want {
			t.Errorf("Equal(%s, %s) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
		if got := Equal(b, a); got != tt.want {
			t.Errorf("Equal(%s, %s) = %v, want %v (not symmetric)", tt.b, tt.a, got, tt.want)
		}
		if got := ValueKey(a) == ValueKey(b); got != tt.want {
			t.Errorf("ValueKey(%s) == ValueKey(%s) is %v, want %v (as Equal)", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestEqualAcrossFormats: a YAML twin's values equal the JSON's, whatever
// the spelling YAML allows.
func TestEqualAcrossFormats(t *testing.T) {
	tests := []struct{ json, yaml string }{
		{`{"a": 1, "b": "x"}`, "b: x\na: 1.0\n"},
		{`[31, 15]`, "- 0x1F\n- 0o17\n"},
		{`[true, null]`, "- true\n- null\n"},
	}
	for _, tt := range tests {
		j := parseString(JSON, tt.json).Root
		y := parseString(YAML, tt.yaml).Root
		if !Equal(j, y) {
			t.Errorf("Equal(%s, %q) = false, want true (keys %s and %s)", tt.json, tt.yaml, ValueKey(j), ValueKey(y))
		}
	}
}

func TestEqualNil(t *testing.T) {
	one := parseString(JSON, `1`).Root
	if !Equal(nil, nil) || Equal(one, nil) || Equal(nil, one) {
		t.Error("nil equals only nil")
	}
}

func TestCanonicalNumber(t *testing.T) {
	for in, want := range map[string]string{
		"1": "1e0", "1.0": "1e0", "10": "1e1", "0.05": "5e-2", "-12.30": "-123e-1", "0": "0", "-0.0e5": "0",
		"1e-3": "1e-3", ".inf": ".inf", "0x10": "16e0",
	} {
		if got := canonicalNumber(in); got != want {
			t.Errorf("canonicalNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestDifferencesAgreesWithEqual: Differences finds a place exactly when
// Equal says the values differ, on Equal's own table.
func TestDifferencesAgreesWithEqual(t *testing.T) {
	for _, pair := range [][2]string{
		{`1`, `1.0`}, {`0.1`, `0.10000000000000001`}, {`1`, `"1"`}, {`null`, `null`},
		{`{"a": 1, "b": [1, 2]}`, `{"b": [1.0, 2], "a": 1}`}, {`{"a": 1}`, `{"a": 1, "b": 2}`},
		{`{}`, `[]`}, {`[1, 2]`, `[2, 1]`}, {`[]`, `[[]]`}, {`[1, [2, {"x": 3}]]`, `[1.0, [2, {"x": 3e0}]]`},
	} {
		a, b := parseString(JSON, pair[0]).Root, parseString(JSON, pair[1]).Root
		for _, ab := range [][2]*Node{{a, b}, {b, a}} {
			_, n := Differences(ab[0], ab[1], 10)
			if (n == 0) != Equal(ab[0], ab[1]) {
				t.Errorf("Differences(%s, %s) finds %d places, Equal says %v", pair[0], pair[1], n, Equal(ab[0], ab[1]))
			}
		}
	}
}

func TestDifferences(t *testing.T) {
	a := parseString(JSON, `{"info": {"title": "A", "version": "1.0"}, "a/b": 1, "list": [1, 2, 3], "only-a": true, "kind": {}}`).Root
	b := parseString(YAML, "only-b: x\nkind: []\nlist: [1, 5]\na/b: 1.0\ninfo:\n  version: '1.0'\n  title: B # a comment\n").Root
	diffs, total := Differences(a, b, 10)
	var got []string
	for _, d := range diffs {
		got = append(got, d.Pointer+" "+show(d.A)+" "+show(d.B))
	}
	want := []string{
		`/info/title "A" "B"`,
		`/list/1 2 5`,
		`/list/2 3 -`,
		`/only-a true -`,
		`/kind object array`,
		`/only-b - "x"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") || total != len(want) {
		t.Errorf("Differences = %d places\n%s\nwant\n%s", total, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	first, total := Differences(a, b, 2)
	if len(first) != 2 || total != 6 || first[1].Pointer != "/list/1" {
		t.Errorf("Differences(limit 2) = %d places of %d (%v), want the first 2 of 6", len(first), total, first)
	}
	if d, n := Differences(a, a, 10); n != 0 || d != nil {
		t.Errorf("a value differs from itself at %v", d)
	}
	whole, n := Differences(parseString(JSON, `1`).Root, parseString(JSON, `2`).Root, 1)
	if n != 1 || whole[0].Pointer != "" {
		t.Errorf("two different roots: %v, want the place \"\"", whole)
	}
	esc, _ := Differences(parseString(JSON, `{"a/b~c": 1}`).Root, parseString(JSON, `{"a/b~c": 2}`).Root, 1)
	if esc[0].Pointer != "/a~1b~0c" {
		t.Errorf("pointer %q, want the token escaped", esc[0].Pointer)
	}
}

func show(n *Node) string {
	switch {
	case n == nil:
		return "-"
	case n.Kind == String:
		return strconv.Quote(n.Value)
	case n.Kind == Object || n.Kind == Array:
		return n.Kind.String()
	}
	return n.Value
}

// TestDifferencesAllocatesNothingWhenEqual: the lint rule runs it on
// every twin pair; equal twins must cost no garbage.
func TestDifferencesAllocatesNothingWhenEqual(t *testing.T) {
	a := parseString(JSON, `{"paths": {"/x": {"get": {"parameters": [{"name": "a"}, {"name": "b"}]}}}, "n": 1}`).Root
	b := parseString(YAML, "n: 1\npaths:\n  /x:\n    get:\n      parameters:\n        - name: a\n        - name: b\n").Root
	if n := testing.AllocsPerRun(10, func() { Differences(a, b, 10) }); n != 0 {
		t.Errorf("Differences of equal values allocates %v times", n)
	}
}
