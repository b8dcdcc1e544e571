package diff

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/ppconn/ppconn/internal/escape"
	"github.com/ppconn/ppconn/internal/rewrite"
)

// An accept file records the breaking changes a team has acknowledged,
// each with the reason it is acceptable, so that `ppconn diff --accept
// FILE` does not fail on them (see docs/diff.md):
//
//	version: 1
//	accept:
//	  - fingerprint: 6c0d0e6a4b6e4b8f9f0b2e3c1a7d5e42
//	    rule: field-removed
//	    kind: removed
//	    pointer: /paths/~1items/get/parameters/query:top
//	    message: parameter "top" removed
//	    reason: nobody sets top; the API ignores it since v3
//
// Only the fingerprint is matched (fingerprint.go); the other fields are
// for the people who review the file. An entry whose reason is empty is
// not used: acknowledging a breaking change means saying why.

// AcceptVersion is the version of the accept file format.
const AcceptVersion = 1

// AcceptFile is a parsed accept file.
type AcceptFile struct {
	Version int           `yaml:"version"`
	Entries []AcceptEntry `yaml:"accept"`
}

// AcceptEntry is one acknowledged change.
type AcceptEntry struct {
	Fingerprint string `yaml:"fingerprint" json:"fingerprint"`
	Rule        string `yaml:"rule,omitempty" json:"rule,omitempty"`
	Kind        string `yaml:"kind,omitempty" json:"kind,omitempty"`
	Document    string `yaml:"document,omitempty" json:"document,omitempty"`
	Pointer     string `yaml:"pointer,omitempty" json:"pointer,omitempty"`
	Message     string `yaml:"message,omitempty" json:"message,omitempty"`
	Reason      string `yaml:"reason" json:"reason"`
}

var fingerprintRE = regexp.MustCompile(`^[0-9a-f]{32}$`)

// ParseAccept reads an accept file; name is its path, for the errors.
func ParseAccept(data []byte, name string) (*AcceptFile, error) {
	var a AcceptFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&a); err != nil {
		if errors.Is(err, io.EOF) || len(bytes.TrimSpace(data)) == 0 {
			return nil, fmt.Errorf("accept file %s: empty (write it with ppconn diff --write-accept)", name)
		}
		return nil, fmt.Errorf("accept file %s: not a ppconn accept file: %w", name, err)
	}
	if a.Version != AcceptVersion {
		return nil, fmt.Errorf("accept file %s: version %d, this ppconn reads version %d", name, a.Version, AcceptVersion)
	}
	for i, e := range a.Entries {
		if !fingerprintRE.MatchString(e.Fingerprint) {
			return nil, fmt.Errorf("accept file %s: entry %d: fingerprint %q is not 32 hexadecimal digits", name, i+1, escape.Text(e.Fingerprint))
		}
	}
	return &a, nil
}

// ReadAccept reads the accept file at path. The bytes read are returned
// too, for WriteAccept's check that nobody changed the file meanwhile;
// a missing file is an error unless missingOK, which gives an empty file
// and nil bytes.
func ReadAccept(path string, missingOK bool) (*AcceptFile, []byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			if missingOK {
				return &AcceptFile{Version: AcceptVersion}, nil, nil
			}
			return nil, nil, fmt.Errorf("accept file %s: no such file (write it with ppconn diff --write-accept)", path)
		}
		return nil, nil, fmt.Errorf("accept file %s: %w", path, err)
	}
	a, err := ParseAccept(data, path)
	return a, data, err
}

// acceptHeader opens every accept file ppconn writes.
const acceptHeader = `# Changes acknowledged for ppconn diff --accept (see docs/diff.md). Only the
# fingerprint is matched; every entry needs a reason, and an entry whose
# reason is empty is not used.
`

// Marshal renders the file, entries sorted by pointer, rule and fingerprint
// so that it does not change when lines move.
func (a *AcceptFile) Marshal() ([]byte, error) {
	a.Version = AcceptVersion
	if a.Entries == nil {
		a.Entries = []AcceptEntry{}
	}
	slices.SortStableFunc(a.Entries, func(x, y AcceptEntry) int {
		return strings.Compare(x.Pointer+"\x00"+x.Rule+"\x00"+x.Fingerprint, y.Pointer+"\x00"+y.Rule+"\x00"+y.Fingerprint)
	})
	var buf bytes.Buffer
	buf.WriteString(acceptHeader)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(a); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// WriteAccept writes the file at path atomically; original is what was
// read from it (nil when there was no file).
func WriteAccept(path string, a *AcceptFile, original []byte) error {
	data, err := a.Marshal()
	if err != nil {
		return err
	}
	return rewrite.WriteFileAtomic(path, data, original)
}

// EntryOf describes a change as an accept entry with the given reason.
// The pointer and message are escaped (the file is read by people, maybe
// in a terminal); only the fingerprint is matched.
func EntryOf(c *Change, reason string) AcceptEntry {
	return AcceptEntry{
		Fingerprint: c.fingerprint, Rule: string(c.Rule), Kind: c.Kind.String(), Document: c.Doc.String(),
		Pointer: escape.Text(c.namedPointer), Message: escape.Text(c.Message), Reason: reason,
	}
}

// Record returns the accept file that acknowledges the breaking changes
// of r that are not acknowledged yet: the entries of prev that match a
// change of r are kept with their reasons, stale ones are dropped, and
// each new breaking change gets an entry with reason (which may be "":
// the author must then write one before the entry is used).
func Record(r *Report, prev *AcceptFile, reason string) *AcceptFile {
	out := &AcceptFile{Version: AcceptVersion}
	kept := map[string]bool{}
	byFP := map[string]bool{}
	for _, c := range r.Changes {
		byFP[c.fingerprint] = true
	}
	if prev != nil {
		for _, e := range prev.Entries {
			if byFP[e.Fingerprint] && !kept[e.Fingerprint] {
				kept[e.Fingerprint] = true
				out.Entries = append(out.Entries, e)
			}
		}
	}
	for _, c := range r.Changes {
		if c.Impact == Breaking && !kept[c.fingerprint] {
			kept[c.fingerprint] = true
			out.Entries = append(out.Entries, EntryOf(c, reason))
		}
	}
	return out
}

// AcceptResult is what applying an accept file did.
type AcceptResult struct {
	// Accepted counts the changes acknowledged.
	Accepted int
	// Stale are the entries that match no change of the report (the
	// change was undone, or changed again).
	Stale []AcceptEntry
	// NoReason are the entries not used because their reason is empty.
	NoReason []AcceptEntry
}

// Accept marks the changes of r that an entry of a acknowledges: they
// keep their impact but no longer count towards Worst and --fail-on, and
// the reports show them as acknowledged with the entry's reason. An entry
// acknowledges every change with its fingerprint (the same change in the
// JSON definition and its YAML twin).
func (r *Report) Accept(a *AcceptFile) AcceptResult {
	var res AcceptResult
	byFP := map[string]*AcceptEntry{}
	for i := range a.Entries {
		e := &a.Entries[i]
		if strings.TrimSpace(e.Reason) == "" {
			res.NoReason = append(res.NoReason, *e)
			continue
		}
		if byFP[e.Fingerprint] == nil {
			byFP[e.Fingerprint] = e
		}
	}
	used := map[string]bool{}
	for _, c := range r.Changes {
		if e := byFP[c.fingerprint]; e != nil {
			c.Acknowledged, c.AckReason = true, e.Reason
			used[e.Fingerprint] = true
			res.Accepted++
		}
	}
	for _, e := range a.Entries {
		if strings.TrimSpace(e.Reason) != "" && !used[e.Fingerprint] {
			res.Stale = append(res.Stale, e)
			used[e.Fingerprint] = true // once, even when listed twice
		}
	}
	r.Stale = append(r.Stale, res.Stale...)
	r.finish()
	return res
}
