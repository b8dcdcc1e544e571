// Package fix applies the fixes that rules attach to their findings
// (lint.Fix) to a connector package: it lints, collects the fixes of the
// selected rules, picks those that go together and orders their edits,
// has the edit engine make them (rewrite.EditDocument: byte splices for
// JSON; for YAML the lines, or the comment-keeping YAML editor), and lints
// again, until nothing fixable is left or the rounds run out.
//
// Fixing is conservative:
//
//   - a document with a load problem (syntax error, duplicate key, not
//     UTF-8) is never edited;
//   - two fixes that touch the same place (or one place inside the other)
//     are not applied in the same round: the second is left for the next
//     round, when the linter proposes it again if it still applies;
//   - the edited text must parse to the original value with exactly the
//     fixes' changes (the engine checks it with rewrite.Replay), or the
//     document is left alone;
//   - a round whose fixes bring a finding that was not there before is
//     undone, and the fixes that caused it are set aside; only a new
//     finding that a fix of the next round removes is tolerated.
//
// Nothing is written here: the caller writes Result.Files.
package fix

import (
	"cmp"
	"errors"
	"fmt"
	"slices"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/lint"
	"github.com/ppconn/ppconn/internal/rewrite"
	"github.com/ppconn/ppconn/internal/secret"
)

// DefaultRounds is how many lint-and-fix rounds run at most: a fix can
// make another possible (a renamed x-ms-visibilty is then lower-cased).
const DefaultRounds = 3

// Options say which fixes are applied.
type Options struct {
	// Rules limits the fixes to those of these rule ids; empty means
	// every rule.
	Rules []string
	// Unsafe also applies the fixes marked lint.Fix.Unsafe.
	Unsafe bool
	// Rounds is the most rounds; 0 means DefaultRounds.
	Rounds int
	// Only, when set, limits the fixes further to the findings it
	// accepts: the language server fixes one finding, or one file.
	Only func(*lint.Finding) bool
}

// Applies reports whether the fix of f is applied under o.
func (o *Options) Applies(f *lint.Finding) bool {
	if f.Fix == nil || f.Fix.Unsafe && !o.Unsafe {
		return false
	}
	if o.Only != nil && !o.Only(f) {
		return false
	}
	return len(o.Rules) == 0 || slices.Contains(o.Rules, f.Rule)
}

// Applied is a fix that was applied, with the finding it corrects as it
// was reported in its round.
type Applied struct {
	lint.Finding
	Round int
}

// Skipped is a fixable finding whose fix was not applied, and why.
type Skipped struct {
	lint.Finding
	Reason string
}

// File is a document that the fixes changed.
type File struct {
	Path     string
	Format   connector.Format
	Original []byte // the file as read, byte-order mark included
	Fixed    []byte
	// Changes are the edits made, in order, over every round.
	Changes []Change
	// doc is the document parsed from Fixed.
	doc *connector.Document
}

// Secrets returns the secret values of the file, before and after the
// fixes, for masking what is shown of it.
func (f *File) Secrets() []string {
	orig := &connector.Document{Path: f.Path, Format: f.Format}
	connector.Parse(orig, f.Original, connector.Limits{MaxBytes: int64(len(f.Original)) + 1, MaxDepth: 1000})
	return secret.All(orig, f.doc)
}

// MapPointer follows a place of the original document into the fixed one;
// ok is false when a fix removed or replaced the value there.
func (f *File) MapPointer(p string) (string, bool) {
	return rewrite.FollowPointer(engineChanges(f.Changes), p)
}

// Result is what fixing one package did.
type Result struct {
	Target connector.Target
	// Before are the findings of the files as read, After those of the
	// fixed files.
	Before, After []lint.Finding
	// Files are the documents the fixes changed, in package order.
	Files   []*File
	Applied []Applied
	// Skipped are the fixable findings of the last round whose fix could
	// not be applied (the reason says why).
	Skipped []Skipped
	// Remaining are the findings of After whose fix the options apply:
	// fixing again might remove them.
	Remaining []lint.Finding
	// New are findings of After that were not in Before (compared by
	// rule, file and JSON pointer, followed through the changes). The
	// engine avoids them; any left is reported.
	New []lint.Finding
	// ReadErrors are files of the package that could not be read.
	ReadErrors []error
	// Package is the fixed package, as linted last.
	Package *connector.Package
}

// Rules counts the applied fixes per rule id.
func (r *Result) Rules() map[string]int {
	m := map[string]int{}
	for _, a := range r.Applied {
		m[a.Rule]++
	}
	return m
}

// Target loads t and fixes it.
func Target(t connector.Target, cfg *lint.Config, o Options) *Result {
	pkg := connector.Load(t, cfg.Limits)
	res := Package(pkg, cfg, o)
	res.Target = t
	res.ReadErrors = pkg.ReadErrors
	return res
}

// key identifies a finding across a round's attempts.
type key struct{ rule, file, pointer, msg string }

func keyOf(f *lint.Finding) key { return key{f.Rule, f.File, f.Pointer, f.Message} }

// Package fixes a loaded package in memory.
func Package(pkg *connector.Package, cfg *lint.Config, o Options) *Result {
	rounds := o.Rounds
	if rounds <= 0 {
		rounds = DefaultRounds
	}
	res := &Result{Package: pkg}
	files := map[string]*File{}
	findings := lint.LintPackage(pkg, cfg)
	res.Before = findings
	var skipped []Skipped
	for round := 1; round <= rounds; round++ {
		skipped = nil
		var cands []lint.Finding
		for _, f := range findings {
			if !o.Applies(&f) {
				continue
			}
			if why := notEditable(pkg, f.File); why != "" {
				skipped = append(skipped, Skipped{f, why})
				continue
			}
			cands = append(cands, f)
		}
		if len(cands) == 0 {
			break
		}
		excluded := map[key]string{}
		var done *attempt
		for range 6 {
			a := tryRound(pkg, cfg, &o, cands, excluded, findings, round < rounds)
			if a.blamed == 0 {
				done = a
				break
			}
		}
		for _, f := range cands {
			if why, ok := excluded[keyOf(&f)]; ok {
				skipped = append(skipped, Skipped{f, why})
			}
		}
		if done == nil || len(done.applied) == 0 {
			break
		}
		for _, f := range done.applied {
			res.Applied = append(res.Applied, Applied{f, round})
		}
		for path, d := range done.docs {
			fr := files[path]
			if fr == nil {
				old := docAt(pkg, path)
				fr = &File{Path: path, Format: old.Format, Original: rawOf(old)}
				files[path] = fr
			}
			fr.Fixed, fr.doc = d.out, d.doc
			fr.Changes = append(fr.Changes, d.changes...)
		}
		pkg, findings = done.pkg, done.findings
	}
	res.Package = pkg
	res.After = findings
	res.Skipped = skipped
	for _, f := range findings {
		if o.Applies(&f) {
			res.Remaining = append(res.Remaining, f)
		}
	}
	for _, doc := range pkg.Documents() {
		if fr := files[doc.Path]; fr != nil {
			res.Files = append(res.Files, fr)
		}
	}
	res.New = newFindings(res.Before, res.After, func(file string) []Change {
		if fr := files[file]; fr != nil {
			return fr.Changes
		}
		return nil
	})
	return res
}

// attempt is one try at a round.
type attempt struct {
	pkg      *connector.Package
	findings []lint.Finding
	docs     map[string]*docResult
	applied  []lint.Finding
	blamed   int // fixes set aside by this attempt; 0 means it stands
}

type docResult struct {
	out     []byte
	doc     *connector.Document
	changes []Change
	fixes   []lint.Finding // the fixes applied to the document, by plan index
}

// tryRound applies the candidate fixes not excluded, lints the result and
// checks it for new findings. Fixes that fail or bring new findings are
// added to excluded (with the reason) and counted in blamed.
func tryRound(pkg *connector.Package, cfg *lint.Config, o *Options, cands []lint.Finding, excluded map[key]string, before []lint.Finding, tolerate bool) *attempt {
	a := &attempt{docs: map[string]*docResult{}}
	byFile := map[string][]lint.Finding{}
	var files []string
	for _, f := range cands {
		if _, ok := excluded[keyOf(&f)]; ok {
			continue
		}
		if byFile[f.File] == nil {
			files = append(files, f.File)
		}
		byFile[f.File] = append(byFile[f.File], f)
	}
	for _, file := range files {
		doc := docAt(pkg, file)
		fixes := plan(byFile[file])
		var edits []planned
		byPointer := map[string][]lint.Edit{} // the edits so far, to drop repeats
		for i, f := range fixes {
			for _, e := range f.Fix.Edits {
				if !slices.ContainsFunc(byPointer[e.Pointer], func(o lint.Edit) bool { return sameEdit(o, e, true) }) {
					byPointer[e.Pointer] = append(byPointer[e.Pointer], e)
					edits = append(edits, planned{Edit: e, fix: i, rule: f.Rule})
				}
			}
		}
		out, next, changes, err := applyDoc(doc, edits)
		if err != nil {
			// Set aside the fix whose edit failed, or all of the file's.
			var ee *editError
			if errors.As(err, &ee) {
				excluded[keyOf(&fixes[ee.fix])] = "the fix could not be applied: " + ee.Error()
			} else {
				for i := range fixes {
					excluded[keyOf(&fixes[i])] = "the fixes of this file could not be applied: " + err.Error()
				}
			}
			a.blamed++
			continue
		}
		a.docs[file] = &docResult{out: out, doc: next, changes: changes, fixes: fixes}
	}
	if a.blamed > 0 {
		return a
	}
	for _, d := range a.docs {
		a.applied = append(a.applied, d.fixes...)
	}
	lint.SortFindings(a.applied)
	if len(a.docs) == 0 {
		a.pkg, a.findings = pkg, before
		return a
	}
	a.pkg = withDocs(pkg, a.docs)
	a.findings = lint.LintPackage(a.pkg, cfg)
	fresh := newFindings(before, a.findings, func(file string) []Change {
		if d := a.docs[file]; d != nil {
			return d.changes
		}
		return nil
	})
	for _, nf := range fresh {
		if tolerate && o.Applies(&nf) {
			continue // the next round fixes it
		}
		if r := cfg.Registry.Lookup(nf.Rule); r != nil && r.Twins {
			continue // one twin fixed, the other follows with 'ppconn sync'
		}
		for _, f := range blame(a, &nf) {
			if _, ok := excluded[keyOf(&f)]; !ok {
				excluded[keyOf(&f)] = fmt.Sprintf("the fix would bring a new finding: %s at %s", nf.Rule, pointerText(nf.Pointer))
				a.blamed++
			}
		}
	}
	return a
}

func pointerText(p string) string {
	if p == "" {
		return "the file"
	}
	return p
}

// blame returns the applied fixes that may have caused the new finding
// nf: those whose changes are at, above or below its place in its file;
// all the round's fixes when none is (a finding on the whole file, or in
// another file than the fixes).
func blame(a *attempt, nf *lint.Finding) []lint.Finding {
	var out []lint.Finding
	if d := a.docs[nf.File]; d != nil {
		for i, c := range d.changes {
			if overlap(resultPointer(c, d.changes[i+1:]), nf.Pointer) || nf.Pointer == "" {
				out = append(out, d.fixes[c.fix])
			}
		}
	}
	if len(out) == 0 {
		return a.applied
	}
	return out
}

// sameEdit compares two edits; withPointer false ignores the pointers
// (a change's pointer is mapped through the changes before it).
func sameEdit(a, b lint.Edit, withPointer bool) bool {
	if withPointer && a.Pointer != b.Pointer || a.Delete != b.Delete || a.RenameKey != b.RenameKey {
		return false
	}
	if a.Delete || a.RenameKey != "" {
		return true
	}
	va, err1 := rewrite.PlainValue(a.Value)
	vb, err2 := rewrite.PlainValue(b.Value)
	return err1 == nil && err2 == nil && fmt.Sprint(va) == fmt.Sprint(vb)
}

// plan picks the fixes of one file that can be applied together: renames
// first (a renamed extension keeps the author's value, where another fix
// would add a default), then in the order of the findings. A fix whose
// edits touch a place another picked fix touches (the same, above or
// below) waits for the next round, unless its edits are the same ones.
func plan(fs []lint.Finding) []lint.Finding {
	sorted := append([]lint.Finding(nil), fs...)
	slices.SortStableFunc(sorted, func(a, b lint.Finding) int {
		return cmp.Compare(renameRank(&a), renameRank(&b))
	})
	var picked []lint.Finding
	var taken takenEdits
	for _, f := range sorted {
		if !slices.ContainsFunc(f.Fix.Edits, taken.conflicts) {
			picked = append(picked, f)
			for _, e := range f.Fix.Edits {
				taken.add(e)
			}
		}
	}
	return picked
}

// takenEdits indexes the edits plan has picked by the places they touch,
// so that checking a fix against them costs the depth of its pointers,
// not the number of fixes picked (6,000 fixes in one file were quadratic).
type takenEdits struct {
	at    map[string][]lint.Edit // by each place of their footprint
	above map[string][]lint.Edit // by each strict ancestor of those places
}

func (t *takenEdits) add(e lint.Edit) {
	if t.at == nil {
		t.at, t.above = map[string][]lint.Edit{}, map[string][]lint.Edit{}
	}
	for _, p := range footprint(e) {
		t.at[p] = append(t.at[p], e)
		for _, a := range ancestors(p) {
			t.above[a] = append(t.above[a], e)
		}
	}
}

// conflicts reports whether e touches a place a taken edit touches (the
// same, above or below), unless that taken edit is the same edit.
func (t *takenEdits) conflicts(e lint.Edit) bool {
	other := func(list []lint.Edit) bool {
		return slices.ContainsFunc(list, func(te lint.Edit) bool { return !sameEdit(e, te, true) })
	}
	for _, p := range footprint(e) {
		if other(t.at[p]) || other(t.above[p]) {
			return true
		}
		for _, a := range ancestors(p) {
			if other(t.at[a]) {
				return true
			}
		}
	}
	return false
}

// ancestors lists the strict ancestors of the pointer p, the root ""
// first: "", "/a", "/a/b" for "/a/b/c".
func ancestors(p string) []string {
	var out []string
	for i := 0; i < len(p); i++ {
		if p[i] == '/' {
			out = append(out, p[:i])
		}
	}
	return out
}

func renameRank(f *lint.Finding) int {
	for _, e := range f.Fix.Edits {
		if e.RenameKey != "" {
			return 0
		}
	}
	return 1
}

// footprint lists the places an edit touches: its pointer, and for a
// rename the new name too.
func footprint(e lint.Edit) []string {
	if e.RenameKey != "" {
		parent := string(connector.Pointer(e.Pointer).Parent())
		return []string{e.Pointer, string(connector.Pointer(parent).Child(e.RenameKey))}
	}
	return []string{e.Pointer}
}

// newFindings returns the findings of after that are not in before,
// compared by rule, file and pointer, the pointers of before followed
// through the changes of their file.
func newFindings(before, after []lint.Finding, changesOf func(file string) []Change) []lint.Finding {
	type place struct{ rule, file, pointer string }
	had := map[place]bool{}
	maps := map[string]*rewrite.PointerMap{}
	for _, f := range before {
		m := maps[f.File]
		if m == nil {
			m = rewrite.NewPointerMap(engineChanges(changesOf(f.File)))
			maps[f.File] = m
		}
		p, ok := m.Follow(f.Pointer)
		if ok {
			had[place{f.Rule, f.File, p}] = true
		}
	}
	var out []lint.Finding
	for _, f := range after {
		if !had[place{f.Rule, f.File, f.Pointer}] {
			out = append(out, f)
		}
	}
	return out
}

// notEditable says why the document at path cannot be fixed, or "".
func notEditable(pkg *connector.Package, path string) string {
	doc := docAt(pkg, path)
	switch {
	case doc == nil:
		return "the finding is not in a definition or apiProperties.json"
	case doc.Root == nil:
		return "the file could not be parsed"
	case doc.Encoding != "utf-8":
		return "the file is not UTF-8; re-save it as UTF-8 (ppconn fmt -w does) and fix again"
	case len(doc.Problems) > 0:
		return fmt.Sprintf("the file has a problem at %d:%d (%s); fix it first", doc.Problems[0].Pos.Line, doc.Problems[0].Pos.Col, secret.MaskText(doc.Problems[0].Message, secret.All(doc)...))
	}
	return ""
}

func docAt(pkg *connector.Package, path string) *connector.Document {
	for _, d := range pkg.Documents() {
		if d.Path == path {
			return d
		}
	}
	return nil
}

// rawOf is the file's bytes as read: the text, with its byte-order mark.
// Only UTF-8 files are edited, whose text is the file's.
func rawOf(doc *connector.Document) []byte {
	if doc.BOM {
		return append([]byte{0xEF, 0xBB, 0xBF}, doc.Src...)
	}
	return append([]byte(nil), doc.Src...)
}

// withDocs returns a copy of pkg with some documents replaced.
func withDocs(pkg *connector.Package, docs map[string]*docResult) *connector.Package {
	next := *pkg
	swap := func(d *connector.Document) *connector.Document {
		if d != nil && docs[d.Path] != nil {
			return docs[d.Path].doc
		}
		return d
	}
	next.Swaggers = make([]*connector.Document, len(pkg.Swaggers))
	for i, d := range pkg.Swaggers {
		next.Swaggers[i] = swap(d)
	}
	next.Properties = swap(pkg.Properties)
	next.Settings = swap(pkg.Settings)
	return &next
}
