package connector

import (
	"slices"
	"testing"
)

func TestPointer(t *testing.T) {
	p := PointerTo("paths", "/items/{id}", "get", "a~b")
	if p != "/paths/~1items~1{id}/get/a~0b" {
		t.Fatalf("PointerTo = %q", p)
	}
	if got := p.Tokens(); !slices.Equal(got, []string{"paths", "/items/{id}", "get", "a~b"}) {
		t.Errorf("Tokens = %q", got)
	}
	if p.Last() != "a~b" || p.Parent() != "/paths/~1items~1{id}/get" || p.Parent().Child("a~b") != p {
		t.Errorf("Last %q, Parent %q", p.Last(), p.Parent())
	}
	if Pointer("").Parent() != "" || Pointer("").Last() != "" || Pointer("").Tokens() != nil || Pointer("/a").Parent() != "" {
		t.Error("the root has no parent and no token")
	}
	if Pointer("~01").Last() != "" || UnescapePointerToken("~01") != "~1" {
		t.Error(`"~01" unescapes to "~1", not "/"`)
	}
	if !p.Under("/paths") || !p.Under("") || p.Under(p) || !p.AtOrUnder(p) || Pointer("/pathsx").Under("/paths") {
		t.Error("Under: strictly below, by whole tokens")
	}
	if Pointer("/a/10").Compare("/a/9") <= 0 || Pointer("/a/b").Compare("/a/b/c") >= 0 || Pointer("/a~1b").Compare("/a~1b") != 0 {
		t.Error("array indices compare as numbers, a pointer before the ones below it")
	}
	if _, err := ParsePointer("a/b"); err == nil {
		t.Error("a pointer must start with '/'")
	}
	doc := parseString(JSON, `{"a/b": [{"~": 1}]}`)
	if n := doc.Root.Resolve(string(PointerTo("a/b", "0", "~"))); n == nil || n.Pointer() != "/a~1b/0/~0" {
		t.Errorf("Resolve(PointerTo) = %v", n)
	}
}

// TestOffsetInvertsOffsetPos: Document.Offset is the inverse of
// OffsetPos on every byte that starts a character, ASCII lines or not.
func TestOffsetInvertsOffsetPos(t *testing.T) {
	doc := parseString(YAML, "a: 1\r\nbé: \"ü😀x\"\n\n- z\n")
	for off := 0; off <= len(doc.Src); off++ {
		if off < len(doc.Src) && doc.Src[off]&0xC0 == 0x80 {
			continue
		}
		pos := doc.OffsetPos(off)
		if got, ok := doc.Offset(pos); !ok || got != off {
			t.Errorf("Offset(OffsetPos(%d) = %v) = %d, %v", off, pos, got, ok)
		}
	}
	for _, p := range []Pos{{0, 1}, {1, 0}, {1, 7}, {2, 12}, {6, 1}} {
		if off, ok := doc.Offset(p); ok {
			t.Errorf("Offset(%v) = %d, want not ok", p, off)
		}
	}
	if doc.LineCount() != 5 || doc.LineOffset(2) != 6 || doc.LineOffset(9) != len(doc.Src) {
		t.Errorf("LineCount %d, LineOffset(2) %d", doc.LineCount(), doc.LineOffset(2))
	}
}
