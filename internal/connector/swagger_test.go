package connector

import (
	"slices"
	"strings"
	"testing"
)

// TestObjectWordSets: Allows and AllowsExtension answer, for every object
// of the table, what its lists say, for the listed words, the words of the
// other objects and words no object lists.
func TestObjectWordSets(t *testing.T) {
	var words []string
	for _, typ := range ObjectTypes() {
		words = append(words, Spec(typ).Keywords()...)
		words = append(words, Spec(typ).Extensions()...)
	}
	words = append(words, "", "x-ms-nope", "Type", "type ", "schemes paths")
	checked := 0
	for _, typ := range ObjectTypes() {
		s := Spec(typ)
		keys, xms := s.Keywords(), s.Extensions()
		for _, w := range words {
			if got, want := s.Allows(w), slices.Contains(keys, w); got != want {
				t.Errorf("%s allows %q = %v, its list says %v", typ, w, got, want)
			}
			if got, want := s.AllowsExtension(w), slices.Contains(xms, w); got != want {
				t.Errorf("%s allowsExtension %q = %v, its list says %v", typ, w, got, want)
			}
			if slices.Contains(keys, w) {
				checked++
			}
		}
	}
	if checked < 100 {
		t.Errorf("only %d listed keywords checked", checked)
	}
}

// TestChildrenAreKeywords: every member that holds a typed object is a
// keyword or an extension of its object, and its type is in the table.
func TestChildrenAreKeywords(t *testing.T) {
	for _, typ := range ObjectTypes() {
		s := Spec(typ)
		for key, c := range s.children {
			if key == "*" {
				if !s.FreeKeys() {
					t.Errorf("%s: a child for any key, but its keys are keywords", typ)
				}
			} else if !s.Allows(key) && !s.AllowsExtension(key) {
				t.Errorf("%s: child %q is neither a keyword nor an extension of it", typ, key)
			}
			if swaggerObjects[c.typ] == nil {
				t.Errorf("%s.%s: type %q is not in the table", typ, key, c.typ)
			}
		}
	}
}

func TestChild(t *testing.T) {
	for _, c := range []struct {
		in    ObjectType
		key   string
		typ   ObjectType
		shape Shape
		ok    bool
	}{
		{RootObject, "definitions", SchemaObject, MapOf, true},
		{RootObject, "tags", TagObject, ArrayOf, true},
		{PathsObject, "/teams", PathItemObject, Single, true},
		{PathsObject, "x-ms-paths", "", 0, false},
		{ResponsesObject, "200", ResponseObject, Single, true},
		{PathItemObject, "get", OperationObject, Single, true},
		{PathItemObject, "GET", "", 0, false},
		{SchemaObject, "enum", "", 0, false},
		{"no such type", "schema", "", 0, false},
	} {
		typ, shape, ok := Child(c.in, c.key)
		if typ != c.typ || shape != c.shape || ok != c.ok {
			t.Errorf("Child(%q, %q) = %q, %d, %v; want %q, %d, %v", c.in, c.key, typ, shape, ok, c.typ, c.shape, c.ok)
		}
	}
}

func TestMemberType(t *testing.T) {
	for typ, want := range map[ObjectType]ObjectType{PathsObject: PathItemObject, ResponsesObject: ResponseObject, SchemaObject: ""} {
		if got, ok := Spec(typ).MemberType(); got != want || ok != (want != "") {
			t.Errorf("%s: MemberType = %q, %v; want %q", typ, got, ok, want)
		}
	}
}

func TestHTTPMethods(t *testing.T) {
	if got, want := strings.Join(HTTPMethods, " "), "get put post delete options head patch"; got != want {
		t.Errorf("HTTPMethods = %q, want %q", got, want)
	}
	for _, m := range HTTPMethods {
		if !IsHTTPMethod(m) || IsHTTPMethod(strings.ToUpper(m)) {
			t.Errorf("IsHTTPMethod(%q) is wrong", m)
		}
	}
	if IsHTTPMethod("parameters") || IsHTTPMethod("x-ms-notification-content") {
		t.Error("a path item member that is not an operation is a method")
	}
}

func TestRefs(t *testing.T) {
	for typ, want := range map[ObjectType]string{
		SchemaObject: "#/definitions/", ParameterObject: "#/parameters/", ResponseObject: "#/responses/",
		SecuritySchemeObject: "", OperationObject: "",
	} {
		if got := RefPrefix(typ); got != want {
			t.Errorf("RefPrefix(%q) = %q, want %q", typ, got, want)
		}
	}
	for ptr, want := range map[string]string{
		"/definitions/X/properties/y": "#/definitions/X", "/parameters/top": "#/parameters/top",
		"/responses/Err/schema": "#/responses/Err", "/paths/~1a": "", "/definitions": "",
	} {
		if got := SharedTarget(ptr); got != want {
			t.Errorf("SharedTarget(%q) = %q, want %q", ptr, got, want)
		}
	}
}
