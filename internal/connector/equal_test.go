package connector

import "testing"

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
