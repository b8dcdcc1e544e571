package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// allSecrets are the secrets of testdata/cli/secrets-all, one of each way
// a connector holds one: an Entra client secret in a custom parameter, a
// {"value": …} wrapper, a securestring defaultValue, x-ms-test-values and
// defaults of parameters named as secrets (JSON, YAML block, YAML flow and
// quoted YAML), a duplicated enum value of a subscription key, a GitHub
// token shape in a description, and a value that another rule's finding
// on the same line quotes.
var allSecrets = []string{
	"Xy8Q~Zq4vN2pLk7RtW9sMb3HcJ6dFg1AeUo5Ti0", "Wr4pPedSecretValue12345", "Dv3DefaultSecret4567",
	"Pw7NotAPlaceholder99", "Hd2HeaderDefaultKey4444", "Sk8DupEnumSecret123", "ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
	"Zq9ReallyRealKey77Plain", "Tk5AnotherRealToken88", "Pq6QuotedYamlSecret55",
	// broken/ and broken-yaml/ do not parse, on the line of a secret: the
	// excerpt, and the error that quotes the word where the parser stopped
	// (#19 item 9), must mask it.
	"UqBareUnquotedSecret42", "YbBrokenYamlSecret321",
	// generic/: tokens in URLs (an Azure Functions ?code=, a SAS &sig=,
	// ?access_token=, ?token= in a default) and client secrets written
	// into oauth2generic body templates.
	"FnKeyUrlToken5566778899", "SgSasSignature7788abc", "AtUrlAccessToken3344", "CbDefaultUrlToken6655",
	"TbTemplateSecret2211", "RbRefreshTemplateSecret99",
}

// TestNoSecretInAnyOutput (#13 item 1, #19 item 6) feeds the one fixture
// full of secrets through every command and format that reports on a
// connector, and asserts that no output shows more than the first 3
// characters of any of them: lint in every format, fmt -d/-l/--check,
// fix -d, sync -d/--check, auth show and every auth writer with --dry-run
// and --check, diff in text, markdown and json with and without --text,
// textconv, and the errors of each on files that do not parse. fmt
// without -l/-d and convert print the file itself, which is what they are
// for (docs/ci.md), so convert runs only on a file that does not parse,
// for its error; explain and rules print no connector content.
func TestNoSecretInAnyOutput(t *testing.T) {
	src := filepath.Join(cliData, "secrets-all")
	dir := t.TempDir()
	other := t.TempDir() // the files that do not parse, out of the folders fmt and lint walk
	for _, name := range []string{"apiDefinition.swagger.json", "apiProperties.json", "yaml/apiDefinition.swagger.yaml", "yaml/apiProperties.json", "broken/apiDefinition.swagger.json", "broken-yaml/apiDefinition.swagger.yaml", "generic/apiDefinition.swagger.json", "generic/apiProperties.json"} {
		b, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		to := dir
		if strings.HasPrefix(name, "broken") {
			to = other
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(to, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	yamlDir, generic := filepath.Join(dir, "yaml"), filepath.Join(dir, "generic")
	broken, brokenYAML := filepath.Join(other, "broken"), filepath.Join(other, "broken-yaml")
	baseline := filepath.Join(t.TempDir(), "baseline.json")
	var cases [][]string
	for _, format := range []string{"text", "json", "sarif", "github", "azure", "junit", "markdown"} {
		cases = append(cases, []string{"lint", "--no-color", "--fail-on", "never", "--format", format, dir, yamlDir, broken, brokenYAML})
	}
	for _, d := range []string{broken, brokenYAML} {
		cases = append(cases, []string{"fmt", "-d", d}, []string{"fmt", "-l", d}, []string{"fix", "-d", d},
			[]string{"auth", "show", d}, []string{"auth", "apikey", "--dry-run", "--replace", "--in", "header", "--name", "X-Key", d},
			[]string{"convert", "--to", "yaml", filepath.Join(d, "apiDefinition.swagger.json")},
			[]string{"diff", "--no-color", d, dir})
	}
	cases = append(cases,
		[]string{"lint", "--no-color", "--profile", "certification", dir, yamlDir},
		[]string{"lint", "--write-baseline", baseline, dir, yamlDir},
		[]string{"fmt", "-d", dir, yamlDir}, []string{"fmt", "-l", dir, yamlDir}, []string{"fmt", "--check", dir, yamlDir},
		[]string{"fix", "-d", dir, yamlDir}, []string{"fix", "-d", "--unsafe", dir, yamlDir},
		[]string{"auth", "show", dir}, []string{"auth", "show", "--format", "json", dir},
		[]string{"auth", "aad", "--dry-run", "--replace", "--resource-uri", "https://graph.microsoft.com", dir},
		[]string{"auth", "aad", "--dry-run", "--replace", "--resource-uri", "https://graph.microsoft.com", yamlDir})
	// every auth writer prints a diff of the files with --dry-run and --check
	for _, d := range []string{dir, yamlDir, generic} {
		for _, mode := range []string{"--dry-run", "--check"} {
			cases = append(cases,
				[]string{"auth", "show", d}, []string{"auth", "show", "--format", "json", d},
				[]string{"auth", "apikey", mode, "--replace", "--in", "header", "--name", "X-Key", d},
				[]string{"auth", "basic", mode, "--replace", d},
				[]string{"auth", "none", mode, d},
				[]string{"auth", "oauth2", mode, "--replace", "--client-id", "app", "--authorization-url", "https://id.contoso.com/a", "--token-url", "https://id.contoso.com/t", "--refresh-url", "https://id.contoso.com/t", d},
				[]string{"auth", "oauth2", mode, "--replace", "--templates", "--client-id", "app", "--authorization-url", "https://id.contoso.com/a", "--token-url", "https://id.contoso.com/t", "--refresh-url", "https://id.contoso.com/t", d},
				[]string{"auth", "migrate-redirect", mode, d},
				[]string{"textconv", filepath.Join(d, "apiProperties.json")})
		}
	}
	// sync needs twins: the JSON of dir beside the YAML of yaml/
	twins := filepath.Join(other, "twins")
	for from, to := range map[string]string{filepath.Join(dir, "apiDefinition.swagger.json"): "apiDefinition.swagger.json", filepath.Join(yamlDir, "apiDefinition.swagger.yaml"): "apiDefinition.swagger.yaml", filepath.Join(dir, "apiProperties.json"): "apiProperties.json"} {
		b, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(twins, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(twins, to), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cases = append(cases, []string{"sync", "-d", twins}, []string{"sync", "-d", "--from", "json", twins}, []string{"sync", "--check", twins})
	cases = append(cases, []string{"textconv", filepath.Join(dir, "apiDefinition.swagger.json")}, []string{"textconv", filepath.Join(yamlDir, "apiDefinition.swagger.yaml")},
		[]string{"textconv", filepath.Join(generic, "apiDefinition.swagger.json")})
	for _, format := range []string{"text", "markdown", "json"} {
		cases = append(cases, []string{"diff", "--no-color", "--format", format, dir, yamlDir},
			[]string{"diff", "--no-color", "--text", "--format", format, yamlDir, dir},
			[]string{"diff", "--no-color", "--text", "--text-format", "json", "--format", format, filepath.Join(t.TempDir(), "none.json"), dir})
	}
	findings, quoted := false, false
	for _, args := range cases {
		code, out, stderr := run(args...)
		if code == ExitUsage && !strings.Contains(stderr, "none.json") && !strings.Contains(strings.Join(args, " "), "broken") {
			t.Errorf("%q: exit 2: %s", args, stderr)
		}
		all := out + stderr
		if args[1] == "--write-baseline" {
			b, err := os.ReadFile(baseline)
			if err != nil {
				t.Fatal(err)
			}
			all += string(b)
		}
		findings = findings || strings.Contains(all, "secrets-in-definition")
		quoted = quoted || strings.Contains(all, `unexpected word "UqB…"`)
		for _, s := range allSecrets {
			if strings.Contains(all, s[:6]) {
				t.Errorf("%q shows more than 3 characters of the secret %s…:\n%s", args, s[:3], excerptOf(all, s[:6]))
			}
		}
	}
	if !findings || !quoted {
		t.Errorf("the secrets were not reported (%v) or the parse error quotes no word (%v): the fixture no longer exercises the masks", findings, quoted)
	}
}

// excerptOf is the line of out that holds s.
func excerptOf(out, s string) string {
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}
