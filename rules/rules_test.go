package rules

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ppconn/ppconn/internal/config"
	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/golden"
	"github.com/ppconn/ppconn/internal/lint"
)

const fixtureRoot = "../testdata/rules"

// TestRuleFixtures is the analysistest of ppconn: every rule has a folder
// testdata/rules/<id> with a connector that trips it (bad/), the nearest
// connector that does not (good/), and the expected findings on bad/
// (want.golden). Only the rule under test runs on its fixtures.
func TestRuleFixtures(t *testing.T) {
	for _, r := range Registry().Rules() {
		t.Run(r.ID, func(t *testing.T) {
			dir := filepath.Join(fixtureRoot, r.ID)
			got := lintWithOnly(t, r, filepath.Join(dir, "bad"))
			if got == "" {
				t.Fatalf("the bad fixture %s/bad trips nothing", dir)
			}
			golden.Compare(t, filepath.Join(dir, "want.golden"), []byte(got))
			if good := lintWithOnly(t, r, filepath.Join(dir, "good")); good != "" {
				t.Errorf("the good fixture %s/good trips the rule:\n%s", dir, good)
			}
		})
	}
}

// TestEveryFixtureHasARule catches a fixture folder left behind by a
// renamed rule.
func TestEveryFixtureHasARule(t *testing.T) {
	entries, err := os.ReadDir(fixtureRoot)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if Registry().Lookup(e.Name()) == nil {
			t.Errorf("testdata/rules/%s has no rule of that id", e.Name())
		}
	}
}

// lintWithOnly lints a fixture folder with one rule and renders the
// findings one per line, with paths relative to the folder.
func lintWithOnly(t *testing.T, r *lint.Rule, dir string) string {
	t.Helper()
	targets, err := connector.Discover([]string{dir})
	if err != nil {
		t.Fatalf("fixture %s: %v", dir, err)
	}
	only, err := lint.NewRegistry(r)
	if err != nil {
		t.Fatal(err)
	}
	profile := lint.Profiles[0]
	if r.Profile != "" {
		// A rule bound to a profile is tested under it.
		if profile, err = lint.LookupProfile(r.Profile); err != nil {
			t.Fatal(err)
		}
	}
	cfg := lint.Config{Registry: only, Profile: profile, Limits: connector.DefaultLimits}
	if r.DefaultOff {
		// A rule that is off by default is tested as a user who turns it on.
		cfg.Severity = map[string]lint.Severity{r.ID: lint.Warning}
	}
	var b strings.Builder
	for _, target := range targets {
		tcfg := fixtureConfig(t, target.Dir, only, cfg)
		res := lint.LintTarget(target, &tcfg)
		for _, e := range res.ReadErrors {
			t.Fatalf("fixture %s: %v", dir, e)
		}
		for _, f := range res.Findings {
			rel, _ := filepath.Rel(dir, f.File)
			fmt.Fprintf(&b, "%s:%d:%d: %s: %s [%s]\n", filepath.ToSlash(rel), f.Line, f.Column, f.Rule, f.Message, f.Pointer)
			for _, r := range f.Related {
				rrel, _ := filepath.Rel(dir, r.File)
				fmt.Fprintf(&b, "    %s:%d:%d: note: %s [%s]\n", filepath.ToSlash(rrel), r.Line, r.Column, r.Message, r.Pointer)
			}
		}
	}
	return b.String()
}

// fixtureNow is the date every fixture is linted on, so that no rule
// test depends on today's date (secret-expiry).
var fixtureNow = time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC)

// fixtureConfig is cfg with the clock at fixtureNow and, when the fixture
// folder has a .ppconn.yaml, that configuration applied.
func fixtureConfig(t *testing.T, dir string, reg *lint.Registry, cfg lint.Config) lint.Config {
	t.Helper()
	cfg.Now = func() time.Time { return fixtureNow }
	path := filepath.Join(dir, config.FileName)
	if _, err := os.Stat(path); err != nil {
		return cfg
	}
	c, err := config.Load(path)
	if err == nil {
		err = c.Apply(reg, &cfg)
	}
	if err != nil {
		t.Fatalf("fixture %s: %v", path, err)
	}
	return cfg
}

func TestRegistryIsValid(t *testing.T) {
	if _, err := lint.NewRegistry(All()...); err != nil {
		t.Fatal(err)
	}
}
