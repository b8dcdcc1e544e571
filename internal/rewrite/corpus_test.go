package rewrite

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/sharedtest"
)

// corpusResult is what TestCorpusCanonical found for one file.
type corpusResult struct {
	path        string
	skipped     bool // does not parse cleanly: fmt refuses it
	fmtOK       bool // canonical JSON parses deep-equal to the input
	idempotent  bool // canonical JSON of canonical JSON is the same bytes
	roundTripOK bool // JSON → YAML → JSON is deep-equal, YAML deep-equal too
	yamlStable  bool // canonical YAML of canonical YAML is the same bytes
	msg         string
}

// TestCorpusCanonical runs fmt's and convert's renderer over every JSON
// file of the shared corpus of real connectors (definitions and
// apiProperties.json): the canonical JSON parses to a value deep-equal to
// the input and is a fixed point; JSON → YAML → JSON is deep-equal.
func TestCorpusCanonical(t *testing.T) {
	dir := sharedtest.Dir(t, "corpus/connectors")
	targets, err := connector.Discover([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, tg := range targets {
		files = append(files, tg.Swaggers...)
		if tg.Props != "" {
			files = append(files, tg.Props)
		}
	}
	sort.Strings(files)
	start := time.Now()
	results := make([]corpusResult, len(files))
	sharedtest.Parallel(len(files), func(i int) {
		// yaml.v3's encoder is the dearest step: the YAML fixed
		// point is checked on one file in four (all with -long).
		results[i] = checkCorpusFile(files[i], *long || i%4 == 0)
	})

	var parseable, fmtOK, idem, rt, ystable, ychecked int
	for i, r := range results {
		if r.skipped {
			continue
		}
		parseable++
		if *long || i%4 == 0 {
			ychecked++
		}
		if r.fmtOK {
			fmtOK++
		}
		if r.idempotent {
			idem++
		}
		if r.roundTripOK {
			rt++
		}
		if r.yamlStable && (*long || i%4 == 0) {
			ystable++
		}
		if r.msg != "" {
			rel, _ := filepath.Rel(dir, r.path)
			t.Errorf("%s: %s", rel, r.msg)
		}
	}
	t.Logf("corpus: %d JSON files, %d parse cleanly; fmt deep-equal %d/%d, fmt idempotent %d/%d, JSON→YAML→JSON deep-equal %d/%d, YAML fmt idempotent %d/%d checked (%v)",
		len(files), parseable, fmtOK, parseable, idem, parseable, rt, parseable, ystable, ychecked, time.Since(start).Round(time.Millisecond))
	if parseable < 600 {
		t.Errorf("only %d parseable files; the corpus has over 1,300", parseable)
	}
}

var long = flag.Bool("long", false, "check every corpus file in full")

func checkCorpusFile(path string, checkYAMLStable bool) (r corpusResult) {
	r.path = path
	src, err := os.ReadFile(path)
	if err != nil {
		r.msg = err.Error()
		return r
	}
	doc := &connector.Document{Path: path, Format: connector.JSON}
	connector.Parse(doc, src, connector.DefaultLimits)
	if FirstProblem(doc) != nil {
		r.skipped = true
		return r
	}
	want := doc.Root.Interface()

	out, err := Canonical(doc, connector.JSON, 4)
	if err != nil {
		r.msg = "canonical JSON: " + err.Error()
		return r
	}
	again := parse(out, connector.JSON)
	if p := FirstProblem(again); p != nil {
		r.msg = "canonical JSON does not parse: " + p.Message
		return r
	}
	r.fmtOK = reflect.DeepEqual(again.Root.Interface(), want)
	if !r.fmtOK {
		r.msg = "canonical JSON is not deep-equal to the input"
	}
	out2, err := Canonical(again, connector.JSON, 4)
	r.idempotent = err == nil && bytes.Equal(out, out2)
	if !r.idempotent && r.msg == "" {
		r.msg = "canonical JSON is not idempotent"
	}

	y, err := Canonical(doc, connector.YAML, 4)
	if err != nil {
		r.msg = "canonical YAML: " + err.Error()
		return r
	}
	ydoc := parse(y, connector.YAML)
	if p := FirstProblem(ydoc); p != nil {
		r.msg = "canonical YAML does not parse: " + p.Message
		return r
	}
	back, err := Canonical(ydoc, connector.JSON, 4)
	if err != nil {
		r.msg = "YAML → JSON: " + err.Error()
		return r
	}
	bdoc := parse(back, connector.JSON)
	r.roundTripOK = FirstProblem(bdoc) == nil && reflect.DeepEqual(bdoc.Root.Interface(), want)
	if !r.roundTripOK && r.msg == "" {
		r.msg = "JSON → YAML → JSON is not deep-equal"
		if !reflect.DeepEqual(ydoc.Root.Interface(), want) {
			r.msg = "JSON → YAML is not deep-equal"
		}
	}
	if !checkYAMLStable {
		r.yamlStable = true
		return r
	}
	y2, err := Canonical(ydoc, connector.YAML, 4)
	r.yamlStable = err == nil && bytes.Equal(y, y2)
	if !r.yamlStable && r.msg == "" {
		r.msg = "canonical YAML is not idempotent"
	}
	return r
}

func parse(src []byte, f connector.Format) *connector.Document {
	doc := &connector.Document{Format: f}
	connector.Parse(doc, src, connector.DefaultLimits)
	return doc
}
