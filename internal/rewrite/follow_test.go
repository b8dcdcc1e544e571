package rewrite

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

func TestFollowPointer(t *testing.T) {
	changes := []Change{
		{Edit: Edit{Pointer: "/a/enum/3", Delete: true}, InArray: true},
		{Edit: Edit{Pointer: "/a/enum/1", Delete: true}, InArray: true},
		{Edit: Edit{Pointer: "/p/x-ms-visibilty", RenameKey: "x-ms-visibility"}},
		{Edit: Edit{Pointer: "/responses/200", Delete: true}}, // a member named "200"
		{Edit: Edit{Pointer: "/s", Value: "v"}},
	}
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"/a/enum/0", "/a/enum/0", true},
		{"/a/enum/1", "", false},
		{"/a/enum/2", "/a/enum/1", true},
		{"/a/enum/3", "", false},
		{"/a/enum/5/x", "/a/enum/3/x", true},
		{"/a/enumeration/5", "/a/enumeration/5", true},
		{"/p/x-ms-visibilty", "/p/x-ms-visibility", true},
		{"/p/x-ms-visibilty/deep", "/p/x-ms-visibility/deep", true},
		{"/responses/201", "/responses/201", true},
		{"/responses/200/description", "", false},
		{"/s", "/s", true},
		{"/s/t", "", false},
		{"", "", true},
	}
	for _, tt := range tests {
		got, ok := FollowPointer(changes, tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("FollowPointer(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestReplay(t *testing.T) {
	v := map[string]any{"a": []any{"x", "y", "x"}, "o": map[string]any{"old": 1.0}}
	got, err := Replay(v, []Change{
		{Edit: Edit{Pointer: "/a/2", Delete: true}},
		{Edit: Edit{Pointer: "/o/old", RenameKey: "new"}},
		{Edit: Edit{Pointer: "/o/add/deep", Value: []string{"application/json"}}},
		{Edit: Edit{Pointer: "/a/0", Value: true}},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"a": []any{true, "y"}, "o": map[string]any{"new": 1.0, "add": map[string]any{"deep": []any{"application/json"}}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Replay = %v, want %v", got, want)
	}
	if _, err := Replay(want, []Change{{Edit: Edit{Pointer: "/nope/x", Delete: true}}}); err == nil {
		t.Error("deleting under a missing member must fail")
	}
}

// TestPointerMapSameAsSequential: following a pointer through the index
// of changes gives what applying every change in turn gives, on random
// deletions (of members and items), renames and replacements.
func TestPointerMapSameAsSequential(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 19))
	tokens := []string{"a", "b", "0", "1", "2", "3"}
	pointer := func() string {
		var b strings.Builder
		for range 1 + rng.IntN(4) {
			b.WriteString("/" + tokens[rng.IntN(len(tokens))])
		}
		return b.String()
	}
	for range 300 {
		var changes []Change
		for range rng.IntN(12) {
			c := Change{Edit: Edit{Pointer: pointer()}}
			switch rng.IntN(3) {
			case 0:
				c.Delete, c.InArray = true, rng.IntN(2) == 0
			case 1:
				c.RenameKey = tokens[rng.IntN(2)]
			}
			changes = append(changes, c)
		}
		m := NewPointerMap(changes)
		for range 20 {
			p := pointer()
			want, wantOK := p, true
			for _, c := range changes {
				if want, wantOK = followOne(c, want); !wantOK {
					break
				}
			}
			if got, ok := m.Follow(p); got != want || ok != wantOK {
				t.Fatalf("%s through %+v: got %q %v, want %q %v", p, changes, got, ok, want, wantOK)
			}
		}
	}
}
