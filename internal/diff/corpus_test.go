package diff

import (
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/sharedtest"
)

// TestCorpusPairs compares the 292 real updates of the corpus (the two
// latest versions of each connector's swagger in Microsoft's repository):
// no panic, and the report is empty exactly when the two parsed documents
// are equal (deep equality of Node.Interface()). It logs the counts and
// the slowest pair.
func TestDiffCorpusPairs(t *testing.T) {
	dir := sharedtest.Dir(t, "corpus/pairs")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var (
		pairs, equal, changed, unreadable, withBreaking, ranWC int
		sum                                                    Summary
		slowest                                                time.Duration
		slowestName                                            string
		rules                                                  = map[string]int{}
		certs                                                  = map[string]int{}
	)
	for _, e := range entries {
		name := e.Name()
		before, after, ok := readPair(t, dir, e)
		if !ok {
			unreadable += btoi(e.IsDir())
			continue
		}
		pairs++
		start := time.Now()
		r, err := Compare(before, after, Options{})
		elapsed := time.Since(start)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if elapsed > slowest {
			slowest, slowestName = elapsed, name
		}
		same := reflect.DeepEqual(before.Definition.Root.Interface(), after.Definition.Root.Interface())
		if same {
			equal++
		} else {
			changed++
		}
		if same != (len(r.Changes) == 0) {
			t.Errorf("%s: documents equal: %v, but %d change(s) reported", name, same, len(r.Changes))
		}
		if r.Summary.Breaking > 0 {
			withBreaking++
		}
		if r.WhatChanged {
			ranWC++
		}
		cert := r.Certification()
		certs[cert.Update]++
		if cert.AuthTypeChanged {
			certs["auth type changed"]++
			t.Logf("%s: %s", name, cert)
		}
		sum.Breaking += r.Summary.Breaking
		sum.Warning += r.Summary.Warning
		sum.Safe += r.Summary.Safe
		for _, c := range r.Changes {
			rules[string(c.Rule)+"/"+c.Impact.String()]++
			if c.Pointer == "" && c.Kind != Modified || c.Message == "" || c.Reason == "" || c.Rule == "" {
				t.Errorf("%s: incomplete change %+v", name, c)
			}
			if c.Old == nil && c.New == nil {
				t.Errorf("%s: unlocated change %+v", name, c)
			}
		}
	}
	keys := make([]string, 0, len(rules))
	for k := range rules {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	t.Logf("%d pairs compared (%d unreadable): %d equal, %d changed, %d with a breaking change; what-changed ran on %d",
		pairs, unreadable, equal, changed, withBreaking, ranWC)
	t.Logf("changes: %d breaking, %d warning, %d safe", sum.Breaking, sum.Warning, sum.Safe)
	t.Logf("slowest pair: %s, %v", slowestName, slowest)
	t.Logf("certification: %d minor, %d major (%d of them changing the authentication type), %d none", certs["minor"], certs["major"], certs["auth type changed"], certs["none"])
	for _, k := range keys {
		t.Logf("  %-32s %d", k, rules[k])
	}
}

// readPair reads the two sides of a corpus pair; false when the entry is
// not a pair folder or a side cannot be read (logged).
func readPair(t *testing.T, dir string, e os.DirEntry) (before, after *Input, ok bool) {
	if !e.IsDir() {
		return nil, nil, false
	}
	before, errB := Read(filepath.Join(dir, e.Name(), "before.json"), nil, connector.DefaultLimits)
	after, errA := Read(filepath.Join(dir, e.Name(), "after.json"), nil, connector.DefaultLimits)
	if errB != nil || errA != nil {
		t.Logf("%s: unreadable, skipped: %v %v", e.Name(), errB, errA)
		return nil, nil, false
	}
	return before, after, true
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
