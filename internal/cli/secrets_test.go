package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The secrets of testdata/cli/secrets. No output may hold more than their
// first 3 characters.
var fixtureSecrets = []string{"Xy8Q~Zq4vN2pLk7RtW9sMb3HcJ6dFg1AeUo5Ti0", "sk_live_51HcXq2KjP8mN4vR7tY0wZ3bA6"}

func assertNoSecret(t *testing.T, where, out string) {
	t.Helper()
	for _, s := range fixtureSecrets {
		if strings.Contains(out, s[:6]) {
			t.Errorf("%s shows more than 3 characters of a secret (%s…):\n%s", where, s[:3], out)
		}
	}
}

// TestSecretsMaskedEverywhere lints a connector that holds a client secret
// and an API key, in every output format, and diffs it: the findings name
// the secrets, and no output shows them.
func TestSecretsMaskedEverywhere(t *testing.T) {
	dir := filepath.Join(cliData, "secrets")
	found := false
	for _, format := range []string{"text", "json", "sarif", "github", "azure", "junit", "markdown"} {
		_, out, stderr := run("lint", "--no-color", "--fail-on", "never", "--format", format, dir)
		assertNoSecret(t, "lint --format "+format, out+stderr)
		found = found || strings.Contains(out, "oauth-no-secrets-in-repo")
	}
	if !found {
		t.Error("the client secret was not reported")
	}
	other := t.TempDir()
	for _, name := range []string{"apiDefinition.swagger.json", "apiProperties.json"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if name == "apiProperties.json" {
			b = []byte(strings.ReplaceAll(string(b), `"common"`, `"contoso.onmicrosoft.com"`))
		}
		if err := os.WriteFile(filepath.Join(other, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, format := range []string{"text", "json", "markdown"} {
		_, out, stderr := run("diff", "--text", "--format", format, dir, other)
		assertNoSecret(t, "diff --format "+format, out+stderr)
	}
}
