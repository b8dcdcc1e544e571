// Package rules holds ppconn's lint rules, one file per family. Each rule
// is declared with its metadata next to its check; the registry built here
// is the single list that the CLI, the docs generator and every report
// format read.
package rules

import (
	"sync"

	"github.com/ppconn/ppconn/internal/lint"
)

// families lists the rule families; each is declared in its own file.
var families = [][]*lint.Rule{
	fileRules,
	keywordRules,
	refRules,
	formatRules,
	infoRules,
	hostRules,
	pathRules,
	operationRules,
	parameterRules,
	schemaRules,
	versioningRules,
	dynamicRules,
	triggerRules,
	securityRules,
	propertyRules,
	scriptRules,
	crossfileRules,
	copilotRules,
	mediaRules,
	secretExpiryRules,
	folderRules,
	twinRules,
	// declared and reported by the engine, after the other rules
	// (internal/lint/suppress.go)
	{lint.UnusedIgnore},
}

// All returns every rule.
func All() []*lint.Rule {
	var all []*lint.Rule
	for _, f := range families {
		all = append(all, f...)
	}
	return all
}

var (
	registryOnce sync.Once
	registry     *lint.Registry
)

// Registry returns the validated registry of all rules. Invalid metadata
// is a programming error, caught by the tests, so it panics.
func Registry() *lint.Registry {
	registryOnce.Do(func() {
		r, err := lint.NewRegistry(All()...)
		if err != nil {
			panic(err)
		}
		registry = r
	})
	return registry
}

// since is the version that introduced the first rules.
const since = "0.1.0"
