package fix_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/fix"
	"github.com/ppconn/ppconn/internal/lint"
	"github.com/ppconn/ppconn/internal/rewrite"
	"github.com/ppconn/ppconn/internal/sharedtest"
	"github.com/ppconn/ppconn/rules"
)

// TestFixCorpus copies every parseable connector of the shared corpus,
// fixes it with every rule (unsafe fixes included) and checks that:
//
//   - every file written parses, without a load problem;
//   - no finding that a fix could remove is left, except in the files the
//     fixer must not touch (a duplicate key, an encoding problem);
//   - no finding appears that was not there before, for any rule
//     (compared by rule, file and JSON pointer, followed through the
//     changes);
//   - each fixed file reads as the original value with exactly the
//     changes of the fixes (Replay), and the other files are unchanged,
//     byte for byte;
//   - fixing again changes no byte.
//
// It logs the fixes applied per rule.
func TestFixCorpus(t *testing.T) {
	src := sharedtest.Dir(t, "corpus/connectors")
	targets, err := connector.Discover([]string{src})
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	var copied []connector.Target
	skippedUnparsed := 0
	for _, tg := range targets {
		pkg := connector.Load(tg, connector.DefaultLimits)
		if !parseable(pkg) {
			skippedUnparsed++
			continue
		}
		dst := filepath.Join(work, filepath.Base(tg.Dir))
		copyFiles(t, tg.Dir, dst)
		got, err := connector.Discover([]string{dst})
		if err != nil || len(got) != 1 {
			t.Fatalf("%s: %v", dst, err)
		}
		copied = append(copied, got[0])
	}
	cfg := &lint.Config{Registry: rules.Registry(), Profile: lint.Profiles[0], Limits: connector.DefaultLimits}
	opts := fix.Options{Unsafe: true}

	type outcome struct {
		applied map[string]int
		files   int
		errs    []string
	}
	outcomes := make([]outcome, len(copied))
	sharedtest.Parallel(len(copied), func(i int) {
		applied, files, errs := checkFix(copied[i], cfg, opts)
		outcomes[i] = outcome{applied, files, errs}
	})

	totals := map[string]int{}
	files, fixes := 0, 0
	for i, o := range outcomes {
		for _, e := range o.errs {
			t.Errorf("%s: %s", filepath.Base(copied[i].Dir), e)
		}
		for id, n := range o.applied {
			totals[id] += n
			fixes += n
		}
		files += o.files
	}
	t.Logf("%d connectors fixed (%d not parseable, left out): %d fixes in %d files", len(copied), skippedUnparsed, fixes, files)
	ids := make([]string, 0, len(totals))
	for id := range totals {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		return totals[ids[i]] > totals[ids[j]] || totals[ids[i]] == totals[ids[j]] && ids[i] < ids[j]
	})
	for _, id := range ids {
		t.Logf("%6d  %s", totals[id], id)
	}
	if fixes == 0 {
		t.Error("no fix applied on the whole corpus")
	}
}

// parseable: every document of the package has a value (syntax errors
// and limits leave none, or a guessed one).
func parseable(pkg *connector.Package) bool {
	for _, d := range pkg.Documents() {
		if d.Root == nil {
			return false
		}
		for _, p := range d.Problems {
			if p.Kind == connector.ProblemSyntax || p.Kind == connector.ProblemLimit {
				return false
			}
		}
	}
	return len(pkg.ReadErrors) == 0
}

// checkFix fixes one connector on disk and checks the result.
func checkFix(tg connector.Target, cfg *lint.Config, opts fix.Options) (map[string]int, int, []string) {
	var errs []string
	errorf := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	before := lint.LintTarget(tg, cfg)
	res := fix.Target(tg, cfg, opts)
	changed := map[string]*fix.File{}
	for _, f := range res.Files {
		if err := rewrite.WriteFileAtomic(f.Path, f.Fixed, f.Original); err != nil {
			errorf("%v", err)
			return nil, 0, errs
		}
		changed[f.Path] = f
	}
	after := lint.LintTarget(tg, cfg)

	// Every output parses; fixed files read as the original with the
	// changes; the others are untouched.
	for _, d := range after.Package.Documents() {
		old := docOf(before.Package, d.Path)
		f := changed[d.Path]
		if f == nil {
			if string(old.Src) != string(d.Src) {
				errorf("%s changed, but no fix was reported in it", d.Path)
			}
			continue
		}
		if d.Root == nil || len(d.Problems) > 0 {
			errorf("%s does not parse cleanly after the fix: %v", d.Path, d.Problems)
			continue
		}
		changes := make([]rewrite.Change, len(f.Changes))
		for i, c := range f.Changes {
			changes[i] = c.Change
		}
		want, err := rewrite.Replay(old.Root.Interface(), changes)
		if err != nil {
			errorf("%s: replay: %v", d.Path, err)
			continue
		}
		if !reflect.DeepEqual(want, d.Root.Interface()) {
			errorf("%s: the fixed file differs from the original in more than the fixed places", d.Path)
		}
	}

	// No finding a fix could remove is left, where the fixer may edit.
	for _, f := range after.Findings {
		if opts.Applies(&f) && editable(after.Package, f.File) {
			errorf("still fixable: %s:%d:%d: %s: %s", f.File, f.Line, f.Column, f.Rule, f.Message)
		}
	}

	// No new finding, for any rule.
	type place struct{ rule, file, pointer string }
	had := map[place]bool{}
	for _, f := range before.Findings {
		p := f.Pointer
		if cf := changed[f.File]; cf != nil {
			var ok bool
			if p, ok = cf.MapPointer(p); !ok {
				continue
			}
		}
		had[place{f.Rule, f.File, p}] = true
	}
	for _, f := range after.Findings {
		if !had[place{f.Rule, f.File, f.Pointer}] {
			errorf("new finding after the fix: %s:%d:%d: %s: %s [%s]", f.File, f.Line, f.Column, f.Rule, f.Message, f.Pointer)
		}
	}

	// Fixing again changes nothing.
	again := fix.Target(tg, cfg, opts)
	for _, f := range again.Files {
		errorf("a second fix changes %s (%d changes: %s ...)", f.Path, len(f.Changes), f.Changes[0].Rule)
	}
	return res.Rules(), len(res.Files), errs
}

func editable(pkg *connector.Package, path string) bool {
	d := docOf(pkg, path)
	return d != nil && d.Root != nil && len(d.Problems) == 0 && d.Encoding == "utf-8"
}

func docOf(pkg *connector.Package, path string) *connector.Document {
	for _, d := range pkg.Documents() {
		if d.Path == path {
			return d
		}
	}
	return nil
}

// copyFiles copies the files (not the subfolders) of a connector folder.
func copyFiles(t *testing.T, src, dst string) {
	t.Helper()
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
