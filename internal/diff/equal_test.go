package diff

import (
	"strings"
	"testing"
)

// TestNumbersComparedByExactValue: diff compares values as JSON Schema
// does, with connector.Equal (issue #13: diff had its own equality, by
// float64, so a bound or an enum value changed beyond float64's 53 bits
// was no change at all), and a respelling of the same number is still no
// change.
func TestNumbersComparedByExactValue(t *testing.T) {
	def := func(max, enum string) []byte {
		return []byte(`{"swagger": "2.0", "info": {"title": "T", "version": "1.0"}, "host": "api.contoso.com",
  "paths": {"/items": {"get": {"operationId": "ListItems", "parameters": [
    {"name": "n", "in": "query", "type": "integer", "maximum": ` + max + `, "enum": [` + enum + `]}],
    "responses": {"200": {"description": "OK"}}}}}}`)
	}
	compare := func(a, b []byte) []string {
		t.Helper()
		old := &Input{Name: "old", Definition: parseJSONDoc(t, "old.json", a)}
		new := &Input{Name: "new", Definition: parseJSONDoc(t, "new.json", b)}
		r, err := Compare(old, new, Options{NoWhatChanged: true})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range r.Changes {
			got = append(got, c.Kind.String()+" "+c.Pointer)
		}
		return got
	}
	base := def("9007199254740993", "1, 12345678901234567890")
	if got := compare(base, def("9007199254740993.0", "1.0, 1234567890123456789e1")); len(got) != 0 {
		t.Errorf("the same numbers respelled: changes %v, want none", got)
	}
	got := compare(base, def("9007199254740992", "1, 12345678901234567891"))
	want := []string{"/paths/~1items/get/parameters/0/maximum", "/paths/~1items/get/parameters/0/enum"}
	for _, w := range want {
		found := false
		for _, g := range got {
			found = found || strings.HasSuffix(g, " "+w) || strings.Contains(g, " "+w+"/")
		}
		if !found {
			t.Errorf("no change at %s; changes %v", w, got)
		}
	}
}
