package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/lint"
	"github.com/ppconn/ppconn/internal/rewrite"
	"github.com/ppconn/ppconn/internal/sharedtest"
	"github.com/ppconn/ppconn/rules"
)

// TestAuthMigrateRedirectGolden: migrate-redirect on an Entra ID
// connector (Global), a generic OAuth 2 one (Global) and an oauth2generic
// one (no redirectMode); then --check exits 0, a second run changes no
// byte and oauth-redirect-mode and oauth-redirect-url report nothing.
func TestAuthMigrateRedirectGolden(t *testing.T) {
	reg, err := lint.NewRegistry(rules.Registry().Lookup("oauth-redirect-mode"), rules.Registry().Lookup("oauth-redirect-url"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, fixture, id string }{
		{"migrate-aad", "legacy", "contoso-20graph-5f0123456789abcdef"},
		{"migrate-oauth2", "oauth2", ""},
		{"migrate-templates", "templates", "https://europe-001.consent.azure-apim.net/redirect/tailspin-5f01"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := authCopy(t, filepath.Join(authData, tt.fixture), filepath.Join(t.TempDir(), tt.fixture))
			if len(authFindings(t, reg, dir)) == 0 {
				t.Fatal("the fixture has no redirect finding to migrate")
			}
			args := []string{"auth", "migrate-redirect", dir}
			if tt.id != "" {
				args = []string{"auth", "migrate-redirect", "--connector-id", tt.id, dir}
			}
			code, out, errOut := run(args...)
			compareGolden(t, filepath.Join(authData, "golden", tt.name+".txt"), authNormalizeDir(authTranscript(code, out, errOut)+authFilesText(t, dir), dir))
			if code != ExitOK {
				return
			}
			for _, f := range authFindings(t, reg, dir) {
				t.Errorf("after the migration: %s %s: %s", f.Rule, f.Pointer, f.Message)
			}
			before := authReadAll(t, dir)
			if code, out, _ := run(args...); code != ExitOK || !strings.Contains(out, "nothing to migrate") {
				t.Errorf("second run: exit %d\n%s", code, out)
			}
			if !reflect.DeepEqual(before, authReadAll(t, dir)) {
				t.Error("the second run changed the files")
			}
			if code, out, errOut := run("auth", "migrate-redirect", "--check", dir); code != ExitOK {
				t.Errorf("--check: exit %d\n%s%s", code, out, errOut)
			}
		})
	}
}

// TestAuthMigrateRedirectCheckFails: --check is the gate that fails
// while a Global redirect is left, and writes nothing.
func TestAuthMigrateRedirectCheckFails(t *testing.T) {
	dir := authCopy(t, filepath.Join(authData, "oauth2"), filepath.Join(t.TempDir(), "oauth2"))
	before := authReadAll(t, dir)
	code, out, _ := run("auth", "migrate-redirect", "--check", dir)
	if code != ExitFindings || !strings.Contains(out, `+                    "redirectMode": "GlobalPerConnector"`) {
		t.Errorf("--check on a Global redirect: exit %d, want 1 with the diff\n%s", code, out)
	}
	if !reflect.DeepEqual(before, authReadAll(t, dir)) {
		t.Error("--check wrote the files")
	}
}

// authStripRedirect removes redirectMode and redirectUrl from every
// oAuthSettings of a parsed apiProperties.json.
func authStripRedirect(d *connector.Document) {
	d.Root.Walk(func(n *connector.Node) bool {
		if n.Key == "oAuthSettings" && n.Kind == connector.Object {
			authUnlink(n.Get("redirectMode"))
			authUnlink(n.Get("redirectUrl"))
		}
		return true
	})
}

// TestAuthMigrateRedirectCorpus runs migrate-redirect on a copy of every
// parseable corpus connector: apiProperties.json is deep-equal to the
// original once redirectMode and redirectUrl are removed, the
// definitions keep their bytes, a second run changes nothing, --check
// exits 0, and oauth-redirect-mode reports nothing on aad, oauth2 and
// oauth2generic settings.
func TestAuthMigrateRedirectCorpus(t *testing.T) {
	corpus := sharedtest.Dir(t, "corpus/connectors")
	entries, err := os.ReadDir(corpus)
	if err != nil {
		t.Fatal(err)
	}
	reg, err := lint.NewRegistry(rules.Registry().Lookup("oauth-redirect-mode"))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	var mu sync.Mutex
	var parseable, changed, equal, idempotent, check, clean int
	var failures []string
	fail := func(format string, args ...any) {
		mu.Lock()
		failures = append(failures, strings.TrimSpace(strings.ReplaceAll(fmt.Sprintf(format, args...), "\n", " ")))
		mu.Unlock()
	}
	count := func(p *int) { mu.Lock(); *p++; mu.Unlock() }
	var names []string
	for _, e := range entries {
		if _, err := os.Stat(filepath.Join(corpus, e.Name(), "apiProperties.json")); e.IsDir() && err == nil {
			names = append(names, e.Name())
		}
	}
	sharedtest.Parallel(len(names), func(i int) {
		name := names[i]
		src, dst := filepath.Join(corpus, name), filepath.Join(tmp, name)
		props := filepath.Join(src, "apiProperties.json")
		o := authParse(t, props)
		bad := rewrite.FirstProblem(o) != nil
		defs, _ := filepath.Glob(filepath.Join(src, "apiDefinition.swagger.*"))
		for _, d := range defs {
			bad = bad || rewrite.FirstProblem(authParse(t, d)) != nil
		}
		if bad {
			return
		}
		count(&parseable)
		authCopy(t, src, dst)
		before := authReadAll(t, dst)
		if code, _, errOut := run("auth", "migrate-redirect", dst); code != ExitOK {
			fail("%s: exit %d: %s", name, code, errOut)
			return
		}
		after := authReadAll(t, dst)
		if after["apiProperties.json"] != before["apiProperties.json"] {
			count(&changed)
		}
		n := authParse(t, filepath.Join(dst, "apiProperties.json"))
		authStripRedirect(o)
		authStripRedirect(n)
		delete(before, "apiProperties.json")
		delete(after, "apiProperties.json")
		if reflect.DeepEqual(o.Root.Interface(), n.Root.Interface()) && reflect.DeepEqual(before, after) {
			count(&equal)
		} else {
			fail("%s: changed outside redirectMode and redirectUrl", name)
		}
		again := authReadAll(t, dst)
		run("auth", "migrate-redirect", dst)
		if reflect.DeepEqual(again, authReadAll(t, dst)) {
			count(&idempotent)
		} else {
			fail("%s: the second run changed the files", name)
		}
		if code, _, _ := run("auth", "migrate-redirect", "--check", dst); code == ExitOK {
			count(&check)
		} else {
			fail("%s: --check exit %d", name, code)
		}
		left := 0
		for _, f := range authFindings(t, reg, dst) {
			doc := authParse(t, filepath.Join(dst, "apiProperties.json"))
			s := doc.Root.Resolve(f.Pointer)
			for s != nil && s.Key != "oAuthSettings" {
				s = s.Parent
			}
			switch s.Get("identityProvider").Str() {
			case "aad", "oauth2", "oauth2generic":
				if mode := s.Get("redirectMode").Str(); mode == "" || strings.EqualFold(mode, "Global") {
					left++
					fail("%s: %s %s: %s", name, f.Rule, f.Pointer, f.Message)
				}
			}
		}
		if left == 0 {
			count(&clean)
		}
	})
	t.Logf("%d parseable connectors: migrate-redirect changed %d; deep-equal outside redirectMode and redirectUrl (definitions byte-equal) %d/%d; second run unchanged %d/%d; --check exit 0 %d/%d; no Global or missing redirectMode left on aad, oauth2, oauth2generic %d/%d",
		parseable, changed, equal, parseable, idempotent, parseable, check, parseable, clean, parseable)
	for _, f := range failures[:min(len(failures), 10)] {
		t.Error(f)
	}
}
