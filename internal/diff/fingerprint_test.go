package diff

import (
	"encoding/json"
	"os"
	"slices"
	"testing"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/rewrite"
	"github.com/ppconn/ppconn/internal/sharedtest"
)

// fingerprintsOf lists the fingerprints of a report, sorted.
func fingerprintsOf(r *Report) []string {
	var out []string
	for _, c := range r.Changes {
		out = append(out, Fingerprint(c))
	}
	slices.Sort(out)
	return out
}

// reordered renders doc as JSON with its paths (and every object) in
// another member order, and, with params, the parameters of each
// operation and path item reversed.
func reordered(t *testing.T, doc *connector.Document, params bool) []byte {
	t.Helper()
	v := doc.Root.Interface()
	if root, ok := v.(map[string]any); ok && params {
		if paths, ok := root["paths"].(map[string]any); ok {
			for _, item := range paths {
				im, _ := item.(map[string]any)
				for _, op := range im {
					if om, ok := op.(map[string]any); ok {
						if ps, ok := om["parameters"].([]any); ok {
							slices.Reverse(ps)
						}
					}
				}
				if ps, ok := im["parameters"].([]any); ok {
					slices.Reverse(ps)
				}
			}
		}
	}
	b, err := json.Marshal(v) // maps: members sorted by name, not in source order
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestFingerprintsSurviveReformatting compares every corpus pair as it
// is, then with both sides pretty-printed with another indent, minified,
// converted to YAML, and with their paths, members and parameters
// reordered: the fingerprints must be the same each time.
func TestFingerprintsSurviveReformatting(t *testing.T) {
	dir := sharedtest.Dir(t, "corpus/pairs")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	variants := []struct {
		name string
		ext  string
		make func(*connector.Document) ([]byte, error)
	}{
		{"fmt", ".json", func(d *connector.Document) ([]byte, error) { return rewrite.Canonical(d, connector.JSON, 4) }},
		{"minified", ".json", func(d *connector.Document) ([]byte, error) { return rewrite.Canonical(d, connector.JSON, 0) }},
		{"yaml", ".yaml", func(d *connector.Document) ([]byte, error) { return rewrite.Canonical(d, connector.YAML, 2) }},
		{"reordered", ".json", func(d *connector.Document) ([]byte, error) { return reordered(t, d, false), nil }},
		{"reversed parameters", ".json", func(d *connector.Document) ([]byte, error) { return reordered(t, d, true), nil }},
	}
	pairs, changes, paired := 0, 0, 0
	for _, e := range entries {
		name := e.Name()
		before, after, ok := readPair(t, dir, e)
		if !ok {
			continue
		}
		r, err := Compare(before, after, Options{NoWhatChanged: true})
		if err != nil {
			t.Fatal(err)
		}
		want := fingerprintsOf(r)
		pairs++
		changes += len(want)
		for _, v := range variants {
			side := func(in *Input, file string) *Input {
				src, err := v.make(in.Definition)
				if err != nil {
					t.Fatalf("%s %s: %v", name, v.name, err)
				}
				return &Input{Name: file, Definition: parse(file, src, file+v.ext, connector.RoleSwagger, connector.DefaultLimits)}
			}
			rv, err := Compare(side(before, "before"), side(after, "after"), Options{NoWhatChanged: true})
			if err != nil {
				t.Fatal(err)
			}
			if v.name == "reversed parameters" && !slices.Equal(messagesOf(rv), messagesOf(r)) {
				// a parameter renamed is paired with its old self by
				// position (docs/diff.md): reversed, the diff pairs
				// differently, and the changes are others
				paired++
				continue
			}
			if got := fingerprintsOf(rv); !slices.Equal(got, want) {
				t.Errorf("%s, %s: %d fingerprints, %d as it is; first differences: %v", name, v.name, len(got), len(want), firstDiff(got, want, rv, r))
			}
		}
	}
	t.Logf("%d pairs, %d changes: fingerprints equal under fmt, minify, YAML and reordering (reversed parameters: %d pairs whose changes differ, skipped)", pairs, changes, paired)
}

// messagesOf lists the rule, kind and message of each change, sorted.
func messagesOf(r *Report) []string {
	var out []string
	for _, c := range r.Changes {
		out = append(out, string(c.Rule)+" "+c.Kind.String()+" "+c.Message)
	}
	slices.Sort(out)
	return out
}

// firstDiff names a change whose fingerprint one report has and the other not.
func firstDiff(got, want []string, rg, rw *Report) string {
	for _, c := range rg.Changes {
		if !slices.Contains(want, Fingerprint(c)) {
			return "only in the variant: " + NamedPointer(c) + " " + c.Message
		}
	}
	for _, c := range rw.Changes {
		if !slices.Contains(got, Fingerprint(c)) {
			return "only as it is: " + NamedPointer(c) + " " + c.Message
		}
	}
	return "(the same set, other counts)"
}
