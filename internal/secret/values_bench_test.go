package secret

import (
	"testing"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/sharedtest"
)

// BenchmarkValuesCorpus measures Values, which every lint runs on every
// document to mask its findings (7-8% of a lint of the shared corpus in
// issue #16's profile), over the definitions of the shared corpus, parsed
// once before the timer starts:
//
//	go test ./internal/secret -run '^$' -bench ValuesCorpus
func BenchmarkValuesCorpus(b *testing.B) {
	dir := sharedtest.Dir(b, "corpus/connectors")
	targets, err := connector.Discover([]string{dir})
	if err != nil {
		b.Fatal(err)
	}
	var docs []*connector.Document
	for _, t := range targets {
		docs = append(docs, connector.Load(t, connector.DefaultLimits).Documents()...)
	}
	b.ResetTimer()
	for b.Loop() {
		for _, d := range docs {
			Values(d)
		}
	}
}
