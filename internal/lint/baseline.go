package lint

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/escape"
	"github.com/ppconn/ppconn/internal/rewrite"
)

// A fingerprint identifies a finding across the edits that do not change
// it: reformatting, re-indenting, reordering members, anything that moves
// lines. It hashes the rule, the file (relative to a base folder), the
// JSON pointer with array indices replaced by "#", and the message with
// every number replaced by "#" (so that "line 12", "12:5" or a size in
// bytes do not count).

var digits = regexp.MustCompile(`[0-9]+`)

// NormalizeMessage is the message as fingerprints see it: numbers and
// positions replaced by "#", runs of white space made one space.
func NormalizeMessage(msg string) string {
	return strings.Join(strings.Fields(digits.ReplaceAllString(msg, "#")), " ")
}

// NormalizePointer replaces the array indices of pointer by "#", so that
// reordering the items of an array does not change it. doc tells which
// tokens are indices; without it (or when the pointer leads nowhere) the
// pointer is returned as it is.
func NormalizePointer(doc *connector.Document, pointer string) string {
	if doc == nil || doc.Root == nil || pointer == "" || pointer[0] != '/' {
		return pointer
	}
	toks := strings.Split(pointer[1:], "/")
	n := doc.Root
	changed := false
	for i, tok := range toks {
		if n == nil {
			break
		}
		if n.Kind == connector.Array {
			if _, err := strconv.Atoi(tok); err == nil {
				toks[i] = "#"
				changed = true
			}
		}
		n = n.Resolve("/" + tok)
	}
	if !changed {
		return pointer
	}
	return "/" + strings.Join(toks, "/")
}

// Fingerprint returns the fingerprint of f, whose file is given relative
// to the base folder of the baseline or report (slash-separated). doc is
// the document f is in, or nil.
func Fingerprint(doc *connector.Document, f *Finding, relFile string) string {
	h := sha256.New()
	for _, s := range []string{"ppconn/v1", f.Rule, relFile, NormalizePointer(doc, f.Pointer), NormalizeMessage(f.Message)} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// DocumentOf returns the document of pkg whose path is file, or nil.
func DocumentOf(pkg *connector.Package, file string) *connector.Document {
	if pkg == nil {
		return nil
	}
	for _, d := range pkg.Documents() {
		if d != nil && d.Path == file {
			return d
		}
	}
	return nil
}

// BaselineVersion is the version of the baseline file format.
const BaselineVersion = 1

// Baseline is the findings of a run, recorded so that later runs report
// only new ones. Files are relative to the folder of the baseline file.
type Baseline struct {
	Version  int             `json:"version"`
	Tool     string          `json:"tool"`
	Findings []BaselineEntry `json:"findings"`

	counts map[string]int
}

// BaselineEntry is one recorded finding. Only the fingerprint is matched;
// the other fields are there for people reviewing the file.
type BaselineEntry struct {
	Rule        string `json:"rule"`
	File        string `json:"file"`
	Pointer     string `json:"pointer"`
	Message     string `json:"message"`
	Fingerprint string `json:"fingerprint"`
}

// Add records the findings of one result; base is the folder of the
// baseline file.
func (b *Baseline) Add(r Result, findings []Finding, base string) {
	for i := range findings {
		f := &findings[i]
		rel := RelSlash(base, f.File)
		b.Findings = append(b.Findings, BaselineEntry{
			Rule: f.Rule, File: rel, Pointer: f.Pointer, Message: f.Message,
			Fingerprint: Fingerprint(DocumentOf(r.Package, f.File), f, rel),
		})
	}
}

// Write writes the baseline as indented JSON, sorted so that it does not
// change when lines move.
func (b *Baseline) Write(path string) error {
	b.Version = BaselineVersion
	b.Tool = "ppconn"
	if b.Findings == nil {
		b.Findings = []BaselineEntry{}
	}
	slices.SortStableFunc(b.Findings, func(x, y BaselineEntry) int {
		return cmp.Or(cmp.Compare(x.File, y.File), cmp.Compare(x.Pointer, y.Pointer),
			cmp.Compare(x.Rule, y.Rule), cmp.Compare(x.Message, y.Message))
	})
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(b); err != nil {
		return err
	}
	// not through a symlink a pull request committed (rewrite.SafeWritePath)
	target, err := rewrite.SafeWritePath(path)
	if err != nil {
		return err
	}
	return os.WriteFile(target, escape.JSON(buf.Bytes()), 0o644)
}

// ReadBaseline reads a baseline file.
func ReadBaseline(path string) (*Baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("baseline %s: no such file (create it with --write-baseline)", path)
		}
		return nil, fmt.Errorf("baseline %s: %w", path, err)
	}
	var b Baseline
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("baseline %s: not a ppconn baseline: %w", path, err)
	}
	if b.Version != BaselineVersion {
		return nil, fmt.Errorf("baseline %s: version %d, this ppconn reads version %d; write it again with --write-baseline", path, b.Version, BaselineVersion)
	}
	b.counts = map[string]int{}
	for _, e := range b.Findings {
		if e.Fingerprint == "" {
			return nil, fmt.Errorf("baseline %s: an entry has no fingerprint", path)
		}
		b.counts[e.Fingerprint]++
	}
	return &b, nil
}

// Filter returns the findings of r that are not in the baseline. Each
// recorded entry absorbs one finding, so that a fourth occurrence of a
// problem recorded three times is new. base is the folder of the
// baseline file.
func (b *Baseline) Filter(r Result, findings []Finding, base string) []Finding {
	if b.counts == nil {
		b.counts = map[string]int{}
		for _, e := range b.Findings {
			b.counts[e.Fingerprint]++
		}
	}
	var out []Finding
	for i := range findings {
		f := &findings[i]
		fp := Fingerprint(DocumentOf(r.Package, f.File), f, RelSlash(base, f.File))
		if b.counts[fp] > 0 {
			b.counts[fp]--
			continue
		}
		if b.absorbTwin(r, f, base) {
			continue
		}
		out = append(out, *f)
	}
	return out
}

// absorbTwin matches a finding merged from two twins (MergeTwins) with an
// entry recorded for the other twin, so that a baseline written when each
// twin was reported apart still matches.
func (b *Baseline) absorbTwin(r Result, f *Finding, base string) bool {
	for _, rel := range f.Related {
		if !rel.Twin {
			continue
		}
		g := *f
		g.File, g.Pointer = rel.File, rel.Pointer
		fp := Fingerprint(DocumentOf(r.Package, g.File), &g, RelSlash(base, g.File))
		if b.counts[fp] > 0 {
			b.counts[fp]--
			return true
		}
	}
	return false
}
