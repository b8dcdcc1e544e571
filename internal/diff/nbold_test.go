package diff

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/sharedtest"
)

const nboldExpected = "../../testdata/diff/nbold-expected"

func readInput(t testing.TB, path string) *Input {
	t.Helper()
	in, err := Read(path, nil, connector.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	return in
}

// expectedLines reads a hand-written nbold-expected file into the form of
// changeLines without operations ("impact kind pointer"); pointers into
// apiProperties.json are written apiProperties.json#/pointer.
func expectedLines(t *testing.T, name string) []string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(nboldExpected, name))
	if err != nil {
		t.Fatal(err)
	}
	lines := wantLines(string(src))
	sort.Strings(lines)
	return lines
}

func reportLines(r *Report) []string {
	var out []string
	for _, c := range r.Changes {
		p := c.Pointer
		if c.Doc == Properties {
			p = "apiProperties.json#" + p
		}
		out = append(out, c.Impact.String()+" "+c.Kind.String()+" "+p)
	}
	sort.Strings(out)
	return out
}

// TestNBoldUpdates compares the five published nBold versions, folder
// against folder (the definition and apiProperties.json), with the changes
// read by hand into testdata/diff/nbold-expected.
func TestDiffNBoldUpdates(t *testing.T) {
	dir := sharedtest.Dir(t, "nbold")
	for _, pair := range [][2]string{{"v1", "v2"}, {"v2", "v3"}, {"v3", "v4"}, {"v4", "v5"}} {
		t.Run(pair[0]+"-"+pair[1], func(t *testing.T) {
			r, err := Compare(readInput(t, filepath.Join(dir, pair[0])), readInput(t, filepath.Join(dir, pair[1])), Options{})
			if err != nil {
				t.Fatal(err)
			}
			want := expectedLines(t, pair[0]+"-"+pair[1]+".txt")
			if got := reportLines(r); !slices.Equal(got, want) {
				t.Errorf("changes differ from the hand-written list\n--- want (%d)\n%s\n--- got (%d)\n%s",
					len(want), strings.Join(want, "\n"), len(got), strings.Join(got, "\n"))
			}
			if r.Summary.Breaking != 0 || r.Summary.Warning != 0 {
				t.Errorf("an nBold update of documentation and links reports %v", r.Summary)
			}
			for _, c := range r.Changes {
				if c.Old == nil || c.New == nil || c.Old.Line < 1 || c.New.Line < 1 {
					t.Errorf("%s: not located in both versions", c.Pointer)
				}
			}
		})
	}
	t.Run("v5 JSON against v5 YAML", func(t *testing.T) {
		r, err := Compare(readInput(t, filepath.Join(dir, "v5", "apiDefinition.swagger.json")),
			readInput(t, filepath.Join(dir, "v5", "apiDefinition.swagger.yaml")), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if want := expectedLines(t, "v5json-v5yaml.txt"); len(want) != 0 || len(r.Changes) != 0 {
			t.Errorf("want no change, got %v", reportLines(r))
		}
		text, err := TextDiff(r, connector.YAML, 3)
		if err != nil || text != "" {
			t.Errorf("the canonical texts of the twins differ (%v):\n%s", err, text)
		}
	})
	t.Run("a shared definition lists its operations", func(t *testing.T) {
		r, err := Compare(readInput(t, filepath.Join(dir, "v1")), readInput(t, filepath.Join(dir, "v2")), Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range r.Changes {
			if c.Pointer == "/definitions/Job/description" {
				if !slices.Contains(c.Operations, "GetJob") || !slices.Contains(c.Operations, "CreateTeamProvisioningJob") {
					t.Errorf("Job is used by GetJob and CreateTeamProvisioningJob, got %v", c.Operations)
				}
				return
			}
		}
		t.Error("no change at /definitions/Job/description")
	})
}

// TestNBoldTextDiff: v3 is minified, v4 pretty-printed; the text diff of
// their canonical forms shows only the two changed URLs.
func TestDiffNBoldTextDiff(t *testing.T) {
	dir := sharedtest.Dir(t, "nbold")
	r, err := Compare(readInput(t, filepath.Join(dir, "v3")), readInput(t, filepath.Join(dir, "v4", "apiDefinition.swagger.yaml")), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []connector.Format{connector.YAML, connector.JSON} {
		text, err := TextDiff(r, format, 0)
		if err != nil {
			t.Fatal(err)
		}
		var minus, plus []string
		for _, l := range strings.Split(text, "\n") {
			switch {
			case strings.HasPrefix(l, "---") || strings.HasPrefix(l, "+++"):
			case strings.HasPrefix(l, "-"):
				minus = append(minus, l)
			case strings.HasPrefix(l, "+"):
				plus = append(plus, l)
			}
		}
		if len(minus) != 2 || len(plus) != 2 || !strings.Contains(minus[0], "www.nbold.co") || strings.Contains(plus[0], "www.") {
			t.Errorf("%v: want the two URL lines, got:\n%s", format, text)
		}
	}
}

func BenchmarkDiffCompareNBold(b *testing.B) {
	dir := sharedtest.Dir(b, "nbold")
	b.ReportAllocs()
	for b.Loop() {
		old := readInput(b, filepath.Join(dir, "v4"))
		new := readInput(b, filepath.Join(dir, "v5"))
		if _, err := Compare(old, new, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompareLargestPair compares the largest pair of the corpus
// (read and parse included).
func BenchmarkDiffCompareLargestPair(b *testing.B) {
	dir := largestPair(b)
	b.ReportAllocs()
	for b.Loop() {
		old := readInput(b, filepath.Join(dir, "before.json"))
		new := readInput(b, filepath.Join(dir, "after.json"))
		if _, err := Compare(old, new, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func largestPair(b *testing.B) string {
	b.Helper()
	root := sharedtest.Dir(b, "corpus/pairs")
	entries, err := os.ReadDir(root)
	if err != nil {
		b.Fatal(err)
	}
	best, size := "", int64(0)
	for _, e := range entries {
		var total int64
		for _, f := range []string{"before.json", "after.json"} {
			if info, err := os.Stat(filepath.Join(root, e.Name(), f)); err == nil {
				total += info.Size()
			}
		}
		if total > size {
			best, size = e.Name(), total
		}
	}
	return filepath.Join(root, best)
}

// TestSecretsMasked: a client secret of apiProperties.json never shows,
// in any format nor in the text diff.
func TestDiffSecretsMasked(t *testing.T) {
	tc := parseCase(t, filepath.Join(casesDir, "auth.properties-breaking.txt"))
	old, new := tc.inputs(t)
	r, err := Compare(old, new, Options{})
	if err != nil {
		t.Fatal(err)
	}
	text, err := TextDiff(r, connector.YAML, 3)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "clientSecret") {
		t.Errorf("the text diff should show that the secret changed:\n%s", text)
	}
	var buf bytes.Buffer
	for _, write := range []func() error{
		func() error { return WriteText(&buf, r, false) },
		func() error { return WriteMarkdown(&buf, r, text) },
		func() error { return WriteJSON(&buf, r, text, true) },
	} {
		if err := write(); err != nil {
			t.Fatal(err)
		}
	}
	out := buf.String()
	for _, secret := range []string{"s3cr3t-OLD-value-1234567", "s3cr3t-NEW-value-7654321", "OLD-value", "NEW-value", "cr3t"} {
		if strings.Contains(out, secret) {
			t.Errorf("the output shows %q", secret)
		}
	}
	if !strings.Contains(out, `"s3c…"`) {
		t.Errorf("the masked secret should show its first three characters:\n%s", out)
	}
}

// TestDiffSecureStringDefaultMasked: a securestring defaultValue named
// subscription_key (a name the old pattern missed) and an API key's test
// value in the definition never show, in any format nor in --text.
func TestDiffSecureStringDefaultMasked(t *testing.T) {
	const oldKey, newKey, testValue = "0ld5ubscr1pt10nK3yValue", "n3w5ubscr1pt10nK3yValue", "t3stV4lueOfTheApiKey99"
	props := func(v string) string {
		return `{"properties": {"connectionParameters": {"subscription_key": {"type": "securestring", "defaultValue": "` + v + `",
			"uiDefinition": {"displayName": "Key", "description": "The key", "tooltip": "Key", "constraints": {"required": "true"}}}}}}`
	}
	def := func(v string) string {
		return `{"swagger": "2.0", "info": {"title": "T", "version": "1"}, "host": "h.example.com", "paths": {"/a": {"get": {"operationId": "A",
			"parameters": [{"name": "Ocp-Apim-Subscription-Key", "in": "header", "type": "string", "x-ms-test-value": "` + v + `"}],
			"responses": {"200": {"description": "ok"}}}}}}`
	}
	input := func(name, d, p string) *Input {
		in := &Input{Name: name, Folder: true}
		in.Definition = &connector.Document{Path: name + "/apiDefinition.swagger.json"}
		connector.Parse(in.Definition, []byte(d), connector.DefaultLimits)
		in.Properties = &connector.Document{Path: name + "/apiProperties.json", Role: connector.RoleProperties}
		connector.Parse(in.Properties, []byte(p), connector.DefaultLimits)
		return in
	}
	r, err := Compare(input("old", def("x"), props(oldKey)), input("new", def(testValue), props(newKey)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Changes) == 0 {
		t.Fatal("no change reported")
	}
	var buf bytes.Buffer
	for _, to := range []connector.Format{connector.JSON, connector.YAML} {
		text, err := TextDiff(r, to, 3)
		if err != nil {
			t.Fatal(err)
		}
		for _, write := range []func() error{
			func() error { return WriteText(&buf, r, false) },
			func() error { return WriteMarkdown(&buf, r, text) },
			func() error { return WriteJSON(&buf, r, text, true) },
		} {
			if err := write(); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, s := range []string{oldKey, newKey, testValue, "5ubscr1pt10n", "4lueOf"} {
		if strings.Contains(buf.String(), s) {
			t.Errorf("the output shows %q:\n%s", s, buf.String())
		}
	}
}
