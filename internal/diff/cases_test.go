package diff

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/connector"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/diff/cases (review them)")

const casesDir = "../../testdata/diff/cases"

// testCase is one file of testdata/diff/cases: a header (# row:, # way:),
// then sections opened by "-- name --" lines.
type testCase struct {
	path     string
	row, way string
	head     string
	sections map[string]string
	order    []string
}

func parseCase(t *testing.T, path string) *testCase {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tc := &testCase{path: path, sections: map[string]string{}}
	cur := ""
	var head strings.Builder
	for _, line := range strings.SplitAfter(string(src), "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "-- ") && strings.HasSuffix(trimmed, " --") && len(trimmed) > 6 {
			cur = strings.TrimSpace(trimmed[3 : len(trimmed)-3])
			tc.order = append(tc.order, cur)
			tc.sections[cur] = ""
			continue
		}
		if cur == "" {
			head.WriteString(line)
			if v, ok := strings.CutPrefix(trimmed, "# row:"); ok {
				tc.row = strings.TrimSpace(v)
			}
			if v, ok := strings.CutPrefix(trimmed, "# way:"); ok {
				tc.way = strings.TrimSpace(v)
			}
			continue
		}
		tc.sections[cur] += line
	}
	tc.head = head.String()
	return tc
}

// inputs builds the two sides of a case: old.yaml or old.json, and
// old.props.json when there is one (the sides are then folders).
func (tc *testCase) inputs(t *testing.T) (*Input, *Input) {
	t.Helper()
	side := func(prefix string) *Input {
		in := &Input{Name: prefix}
		for name, text := range tc.sections {
			if !strings.HasPrefix(name, prefix+".") {
				continue
			}
			doc := &connector.Document{Path: name}
			if strings.HasSuffix(name, ".yaml") {
				doc.Format = connector.YAML
			}
			connector.Parse(doc, []byte(text), connector.DefaultLimits)
			if doc.Root == nil {
				t.Fatalf("%s: %s does not parse: %v", tc.path, name, doc.Problems)
			}
			if strings.Contains(name, ".props.") {
				doc.Role = connector.RoleProperties
				in.Properties, in.Folder = doc, true
			} else {
				in.Definition = doc
			}
		}
		return in
	}
	return side("old"), side("new")
}

// changeLines renders changes in the form of the want sections.
func changeLines(r *Report) []string {
	var out []string
	for _, c := range r.Changes {
		l := strings.Join([]string{c.Impact.String(), c.Kind.String(), c.Pointer, string(c.Rule)}, " ")
		switch {
		case c.AllOperations:
			l += " ops=all"
		case len(c.Operations) > 0:
			l += " ops=" + strings.Join(c.Operations, ",")
		}
		out = append(out, l)
	}
	return out
}

func wantLines(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out
}

// TestCases runs every fixture of the impact table and checks that every
// row has a case each way.
func TestDiffCases(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(casesDir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no cases in %s: %v", casesDir, err)
	}
	ways := map[string]map[string]bool{}
	for _, path := range files {
		tc := parseCase(t, path)
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txt"), func(t *testing.T) {
			if tc.way != "breaking" && tc.way != "not-breaking" {
				t.Fatalf("%s: # way: must be breaking or not-breaking", path)
			}
			if ways[tc.row] == nil {
				ways[tc.row] = map[string]bool{}
			}
			ways[tc.row][tc.way] = true
			old, new := tc.inputs(t)
			r, err := Compare(old, new, Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := changeLines(r)
			for _, c := range r.Changes {
				if c.Message == "" || c.Reason == "" {
					t.Errorf("change without message or reason: %+v", c)
				}
			}
			if *update {
				tc.sections["want"] = strings.Join(got, "\n") + "\n"
				writeCase(t, tc)
				return
			}
			want := wantLines(tc.sections["want"])
			gs, ws := slices.Clone(got), slices.Clone(want)
			sort.Strings(gs)
			sort.Strings(ws)
			if !slices.Equal(gs, ws) {
				t.Errorf("%s\n--- want\n%s\n--- got\n%s", path, strings.Join(want, "\n"), strings.Join(got, "\n"))
				for _, c := range r.Changes {
					t.Logf("  %s %s: %s | %s", c.Impact, c.Pointer, c.Message, c.Reason)
				}
			}
			breaking := r.Summary.Breaking > 0
			if breaking != (tc.way == "breaking") {
				t.Errorf("%s: way %s, but %d breaking change(s)", path, tc.way, r.Summary.Breaking)
			}
		})
	}
	for _, row := range Rows {
		for _, way := range []string{"breaking", "not-breaking"} {
			if !ways[string(row.ID)][way] {
				t.Errorf("row %q has no %s case in %s", row.ID, way, casesDir)
			}
		}
	}
	for id := range ways {
		if !slices.ContainsFunc(Rows, func(r Row) bool { return string(r.ID) == id }) {
			t.Errorf("cases name row %q, which the table does not have", id)
		}
	}
}

func writeCase(t *testing.T, tc *testCase) {
	t.Helper()
	var b strings.Builder
	b.WriteString(tc.head)
	for _, name := range tc.order {
		b.WriteString("-- " + name + " --\n")
		b.WriteString(tc.sections[name])
	}
	if err := os.WriteFile(tc.path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestDiffDocsTable: the impact table of docs/diff.md is Rows, rendered;
// -update rewrites it.
func TestDiffDocsTable(t *testing.T) {
	const path = "../../docs/diff.md"
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(src)
	const head = "| Row | Breaking when | Not breaking when | Why |\n|---|---|---|---|\n"
	start := strings.Index(doc, head)
	if start < 0 {
		t.Fatalf("%s has no impact table (its header: %q)", path, head)
	}
	start += len(head)
	end := strings.Index(doc[start:], "\n\n")
	if end < 0 {
		end = len(doc) - start
	}
	end += start + 1
	var b strings.Builder
	for _, r := range Rows {
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", r.ID, r.Breaking, r.NotBreaking, r.Why)
	}
	if got := doc[start:end]; got != b.String() {
		if *update {
			if err := os.WriteFile(path, []byte(doc[:start]+b.String()+doc[end:]), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		t.Errorf("the impact table of %s is not diff.Rows; run go test ./internal/diff -run TestDiffDocsTable -update", path)
	}
}
