package diff

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
)

// A change's fingerprint identifies it across the edits that do not
// change it, so that an acknowledgement (an accept file, see accept.go)
// still matches after the definition is re-indented, minified, converted
// to its YAML twin, or has its paths and parameters reordered. It hashes:
//
//   - the row and the kind (field-removed, removed);
//   - the document (definition or apiProperties.json), not the file name,
//     so that a change found in the JSON definition and in its YAML twin
//     is the same change;
//   - the named pointer (NamedPointer): the pointer with every array index
//     replaced by what identifies the item (a parameter by its location
//     and name, a tag by name, an enum value by itself);
//   - a digest of the old and the new value, compared as connector.Equal
//     compares them (members by name, numbers by value) except that the
//     items of an array count in any order (an operation added is the
//     same operation whatever the order of its parameters), so that the
//     same place changed again to something else is a new change. For a change
//     that stands for a whole object both sides of which remain (an
//     operation that moved, a $ref retargeted), the message, which names
//     what moved where, is digested instead of the two objects, so that
//     an edit elsewhere in the operation does not make the
//     acknowledgement of the move stale.
//
// Secret values (internal/secret) are blanked before digesting: an accept
// file is committed, and a short digest of a weak password can be
// reversed.

// FingerprintVersion changes when the recipe above changes; SARIF names
// the partial fingerprint after it.
const FingerprintVersion = "ppconn-diff/v1"

// Fingerprint is the change's fingerprint: 32 hexadecimal digits.
func Fingerprint(c *Change) string { return c.fingerprint }

// NamedPointer is the change's pointer with array indices replaced by
// the identity of each item, as the fingerprint reads it:
// /paths/~1items/get/parameters/query:top.
func NamedPointer(c *Change) string { return c.namedPointer }

// fingerprints computes the fingerprint of every change; known are the
// secret values of both sides, blanked in the digests.
func (r *Report) fingerprints(known []string) {
	ids := itemIDs{}
	for _, c := range r.Changes {
		c.setFingerprint(known, ids)
	}
}

func (c *Change) setFingerprint(known []string, ids itemIDs) {
	at := c.nodeN
	if at == nil {
		at = c.nodeO
	}
	c.namedPointer = ids.namedPointer(at)
	h := sha256.New()
	put := func(s string) {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	put(FingerprintVersion)
	put(string(c.Rule))
	put(c.Kind.String())
	put(c.Doc.String())
	put(c.namedPointer)
	digest := func(nodes ...*connector.Node) {
		var b strings.Builder
		for _, n := range nodes {
			writeDigestKey(&b, n)
			b.WriteByte(0)
		}
		s := b.String()
		for _, k := range known {
			if k != "" {
				s = strings.ReplaceAll(s, k, "\x00secret\x00")
			}
		}
		put(s)
	}
	switch {
	case c.Kind == Modified && c.nodeO != nil && c.nodeN != nil && c.nodeO.Kind == connector.Object && c.nodeN.Kind == connector.Object:
		digest() // the message says what changed; see above
		put(c.Message)
	case len(c.values) > 0:
		digest(c.values...)
	default:
		digest(c.nodeO)
		digest(c.nodeN)
	}
	c.fingerprint = hex.EncodeToString(h.Sum(nil)[:16])
	c.nodeO, c.nodeN, c.values = nil, nil, nil
}

// itemIDs caches the identities of the items of each array met, so that
// many changes in one long array cost its length once.
type itemIDs map[*connector.Node][]string

// namedPointer is n's pointer with each array index replaced by the
// identity of the item (ownID), numbered when siblings share one.
func (ids itemIDs) namedPointer(n *connector.Node) string {
	var toks []string
	for x := n; x != nil && x.Parent != nil; x = x.Parent {
		if x.Parent.Kind == connector.Array {
			toks = append(toks, ids.of(x.Parent)[x.Index])
		} else {
			toks = append(toks, x.Key)
		}
	}
	slices.Reverse(toks)
	return connector.PointerTo(toks...).String()
}

// of lists the identities of the items of arr: the n-th item with the
// same identity as an earlier one gets "#n".
func (ids itemIDs) of(arr *connector.Node) []string {
	if out, ok := ids[arr]; ok {
		return out
	}
	out := make([]string, len(arr.Children))
	seen := map[string]int{}
	for i, c := range arr.Children {
		id := ownID(c)
		seen[id]++
		if n := seen[id]; n > 1 {
			id += "#" + strconv.Itoa(n)
		}
		out[i] = id
	}
	ids[arr] = out
	return out
}

// ownID is what identifies an item of an array whatever its position: a
// parameter by location and name (query:top), a $ref by its target, a
// tag or a metadata entry by name, a value by itself, another object by
// its member names.
func ownID(x *connector.Node) string {
	switch x.Kind {
	case connector.Object:
		if in, name := x.Get("in"), x.Get("name"); in.IsString() && name.IsString() {
			return in.Value + ":" + name.Value
		}
		for _, k := range []string{"$ref", "name", "propertyName"} {
			if v := x.Get(k); v.IsString() {
				return k + ":" + v.Value
			}
		}
		keys := make([]string, 0, len(x.Children))
		for _, c := range x.Children {
			keys = append(keys, c.Key)
		}
		slices.Sort(keys)
		return "{" + strings.Join(keys, ",") + "}"
	case connector.Array:
		sum := sha256.Sum256([]byte(connector.ValueKey(x)))
		return "[" + hex.EncodeToString(sum[:4]) + "]"
	}
	return "=" + connector.ValueKey(x)
}

// writeDigestKey writes connector.ValueKey's text of n, but with the
// items of each array sorted.
func writeDigestKey(b *strings.Builder, n *connector.Node) {
	if n == nil || n.Kind != connector.Array && n.Kind != connector.Object {
		b.WriteString(connector.ValueKey(n))
		return
	}
	parts := make([]string, len(n.Children))
	for i, c := range n.Children {
		var pb strings.Builder
		if n.Kind == connector.Object {
			pb.WriteString(strconv.Quote(c.Key) + ":")
		}
		writeDigestKey(&pb, c)
		parts[i] = pb.String()
	}
	slices.Sort(parts)
	open, end := "[", "]"
	if n.Kind == connector.Object {
		open, end = "{", "}"
	}
	b.WriteString(open + strings.Join(parts, ",") + end)
}
