package diff

import (
	"fmt"
	"sort"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/escape"
	"github.com/ppconn/ppconn/internal/rewrite"
	"github.com/ppconn/ppconn/internal/secret"
)

// CanonicalIndent is the JSON indent of the text diff: the 4 spaces of
// Microsoft's connector repository.
const CanonicalIndent = 4

// TextDiff renders both inputs in the same canonical text (rewrite.
// Canonical, in format to) and returns their unified diff with context
// lines around each change; "" when the texts are equal. Reformatting
// (minified or pretty JSON, JSON or YAML, tabs or spaces, comments) shows
// nothing. apiProperties.json is diffed too when both inputs have one,
// with its secrets masked.
func TextDiff(r *Report, to connector.Format, context int) (string, error) {
	var b strings.Builder
	if r.Old.Definition != nil && r.New.Definition != nil {
		d, err := textDiffDocs(r.Old.Definition, r.New.Definition, to, context, false)
		if err != nil {
			return "", err
		}
		// the definition's secrets (a test value, a default) are masked in
		// the rendered text, which costs no second parse of a big file
		b.WriteString(secret.MaskText(d, secret.All(r.Old.Definition, r.New.Definition)...))
	}
	if r.Old.Properties != nil && r.New.Properties != nil {
		d, err := textDiffDocs(r.Old.Properties, r.New.Properties, connector.JSON, context, true)
		if err != nil {
			return "", err
		}
		b.WriteString(d)
	}
	return b.String(), nil
}

// textDiffDocs renders both documents (at once: rendering YAML is most of
// the cost of --text) and diffs them.
func textDiffDocs(old, new *connector.Document, to connector.Format, context int, secrets bool) (string, error) {
	var a, b string
	var errA, errB error
	done := make(chan struct{})
	go func() {
		defer close(done)
		b, errB = canonicalText(new, to, secrets)
	}()
	a, errA = canonicalText(old, to, secrets)
	<-done
	if errA != nil {
		return "", fmt.Errorf("%s: %w", old.Path, errA)
	}
	if errB != nil {
		return "", fmt.Errorf("%s: %w", new.Path, errB)
	}
	return unified(old.Path, new.Path, a, b, context), nil
}

// canonicalText renders doc as canonical text in format to. A YAML source
// goes through canonical JSON first, so that its comments and number
// spellings do not show as differences against a JSON twin.
func canonicalText(doc *connector.Document, to connector.Format, secrets bool) (string, error) {
	if doc.Format == connector.YAML || secrets {
		j, err := rewrite.Canonical(doc, connector.JSON, CanonicalIndent)
		if err != nil {
			return "", err
		}
		plain, err := reparse(doc, j)
		if err != nil {
			return "", err
		}
		if secrets {
			if plain, err = reparse(doc, maskSecrets(plain)); err != nil {
				return "", err
			}
		}
		doc = plain
	}
	out, err := rewrite.Canonical(doc, to, CanonicalIndent)
	if err != nil {
		return "", err
	}
	return string(out), nil
}

// reparse parses canonical JSON text rendered from doc.
func reparse(doc *connector.Document, j []byte) (*connector.Document, error) {
	plain := &connector.Document{Path: doc.Path, Role: doc.Role, Format: connector.JSON}
	connector.Parse(plain, j, connector.Limits{MaxBytes: int64(len(j)) + 1, MaxDepth: 1 << 20})
	if plain.Root == nil {
		return nil, fmt.Errorf("the canonical JSON of %s did not parse back", doc.Path)
	}
	return plain, nil
}

// maskSecrets returns the text of a JSON document with the values of
// secret-like members replaced by their masked form, spliced at the byte
// offsets of the nodes.
func maskSecrets(doc *connector.Document) []byte {
	type splice struct {
		off, end int
		text     string
	}
	var edits []splice
	doc.Root.Walk(func(n *connector.Node) bool {
		if (n.Kind == connector.String || n.Kind == connector.Number) && n.Parent != nil && isSecret(n.Key, n) {
			edits = append(edits, splice{int(n.Off), int(n.End), escape.Quote(secret.Mask(n.Value))})
		}
		return true
	})
	sort.Slice(edits, func(i, j int) bool { return edits[i].off > edits[j].off })
	src := append([]byte(nil), doc.Src...)
	for _, e := range edits {
		if e.off < 0 || e.end > len(src) || e.off >= e.end {
			continue
		}
		src = append(src[:e.off], append([]byte(e.text), src[e.end:]...)...)
	}
	return src
}

// unified formats the line diff of a and b as a unified diff with context
// lines of context; the rewriter's renderer is shared with fmt -d.
func unified(nameA, nameB, a, b string, context int) string {
	return rewrite.UnifiedDiffContext(nameA, nameB, []byte(a), []byte(b), context)
}
