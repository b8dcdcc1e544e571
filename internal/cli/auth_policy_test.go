package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/lint"
	"github.com/ppconn/ppconn/rules"
)

// TestAuthAADKeepsGlobal (issue 12, item 13): an existing Global redirect
// is kept unless the migration is asked for, as ppconn fix keeps it
// without --unsafe; asked for, the next steps say to register the new URI
// first.
func TestAuthAADKeepsGlobal(t *testing.T) {
	clearAuthEnv(t)
	dir := authCopy(t, filepath.Join(authData, "legacy"), filepath.Join(t.TempDir(), "legacy"))
	code, out, errOut := run("auth", "aad", "--no-config", dir)
	if code != ExitOK {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	props := authParse(t, filepath.Join(dir, "apiProperties.json")).Root
	s := props.At("properties", "connectionParameters", "token", "oAuthSettings")
	if got := s.Get("redirectMode").Str(); got != "Global" {
		t.Errorf("redirectMode became %q without being asked", got)
	}
	if !strings.Contains(out, "ppconn keeps an\n") || !strings.Contains(out, "auth migrate-redirect") {
		t.Errorf("the next steps do not say that Global was kept and how to move:\n%s", out)
	}
	code, out, errOut = run("auth", "aad", "--no-config", "--redirect-mode", "GlobalPerConnector", "--connector-id", "contoso-5f12", dir)
	if code != ExitOK {
		t.Fatalf("migration: exit %d: %s%s", code, out, errOut)
	}
	s = authParse(t, filepath.Join(dir, "apiProperties.json")).Root.At("properties", "connectionParameters", "token", "oAuthSettings")
	if got := s.Get("redirectMode").Str(); got != "GlobalPerConnector" {
		t.Errorf("asked to migrate, redirectMode is %q", got)
	}
	_, steps, found := strings.Cut(out, "Next steps:")
	if !found {
		t.Fatalf("no next steps:\n%s", out)
	}
	if !strings.Contains(steps, "1. First, before you import or update the connector") ||
		!strings.Contains(steps, "https://global.consent.azure-apim.net/redirect/contoso-5f12") {
		t.Errorf("the first next step is not to register the new URI:\n%s", steps)
	}
}

// TestAuthAADCheckNeedsValues (issue 12, item 14): --check with no source
// but the files would compare them with themselves, so a hand-edited
// client id would pass: it says so and exits 2. With values given, it
// checks against them.
func TestAuthAADCheckNeedsValues(t *testing.T) {
	clearAuthEnv(t)
	dir := authCopy(t, filepath.Join(authData, "legacy"), filepath.Join(t.TempDir(), "legacy"))
	if code, out, errOut := run("auth", "aad", "--no-config", dir); code != ExitOK {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	path := filepath.Join(dir, "apiProperties.json")
	data, _ := os.ReadFile(path)
	edited := strings.Replace(string(data), "6145b6dc-1c2d-4e5f-8a9b-0c1d2e3f4a5b", "99999999-1c2d-4e5f-8a9b-0c1d2e3f4a5b", 1)
	if edited == string(data) {
		t.Fatal("the fixture's client id is not in the file")
	}
	if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := run("auth", "aad", "--no-config", "--check", dir)
	if code != ExitUsage || !strings.Contains(errOut, "nothing to check the files against") {
		t.Errorf("--check with no values: exit %d, %q; want exit 2 saying so", code, errOut)
	}
	code, _, errOut = run("auth", "aad", "--no-config", "--check", "--client-id", "6145b6dc-1c2d-4e5f-8a9b-0c1d2e3f4a5b", dir)
	if code != ExitFindings {
		t.Errorf("--check --client-id on a hand-edited client id: exit %d, want 1\n%s", code, errOut)
	}
	if !strings.Contains(errOut, "taken from the files themselves") {
		t.Errorf("--check does not say which values it could not check: %q", errOut)
	}
	t.Setenv("PPCONN_CLIENT_ID", "99999999-1c2d-4e5f-8a9b-0c1d2e3f4a5b")
	if code, out, errOut := run("auth", "aad", "--no-config", "--check", dir); code != ExitOK {
		t.Errorf("--check with the environment's client id: exit %d\n%s%s", code, out, errOut)
	}
}

// TestAuthAADOutputLintsClean (issue 12, item 15): the apiProperties.json
// auth aad creates is clean under every rule of ppconn, in both profiles
// (it used to get iconBrandColor #007ee5, which icon-brand-color-hex
// refuses).
func TestAuthAADOutputLintsClean(t *testing.T) {
	clearAuthEnv(t)
	dir := authCopy(t, filepath.Join(authData, "none"), filepath.Join(t.TempDir(), "none"))
	code, out, errOut := run("auth", "aad", "--no-config", "--preset", "nbold", "--client-id", "11111111-2222-3333-4444-555555555555", dir)
	if code != ExitOK {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	// publisher and stackOwner name the connector's owner, which nothing
	// auth aad reads tells; the notes ask for them.
	if !strings.Contains(out, "publisher") {
		t.Errorf("the notes do not ask for publisher and stackOwner:\n%s", out)
	}
	for _, f := range authAllFindings(t, dir) {
		if filepath.Base(f.File) == "apiProperties.json" && f.Rule != "publisher-stackowner" {
			t.Errorf("%s: %s:%d:%d %s: %s", f.Profile, filepath.Base(f.File), f.Line, f.Column, f.Rule, f.Message)
		}
	}
}

// authProfileFinding is a finding with the profile it was found in.
type authProfileFinding struct {
	lint.Finding
	Profile string
}

// authAllFindings lints dir with every rule of ppconn, in both profiles.
func authAllFindings(t testing.TB, dir string) []authProfileFinding {
	t.Helper()
	targets, err := connector.Discover([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	var out []authProfileFinding
	for _, name := range []string{"custom", "certification"} {
		profile, err := lint.LookupProfile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, tg := range targets {
			res := lint.LintTarget(tg, &lint.Config{Registry: rules.Registry(), Profile: profile, Limits: connector.DefaultLimits})
			for _, f := range res.Findings {
				out = append(out, authProfileFinding{f, name})
			}
		}
	}
	return out
}

// TestAuthAADLoginURIsAreTheRulesList (issue 12, item 15): auth aad
// accepts exactly the login URIs the aad-values rule accepts.
func TestAuthAADLoginURIsAreTheRulesList(t *testing.T) {
	clearAuthEnv(t)
	reg, err := lint.NewRegistry(rules.Registry().Lookup("aad-values"))
	if err != nil {
		t.Fatal(err)
	}
	for _, uri := range []string{"https://login.microsoftonline.com", "https://login.windows.net", "https://login.microsoftonline.us",
		"https://login.chinacloudapi.cn", "https://login.partner.microsoftonline.cn", "https://login.microsoftonline.de",
		"https://login.contoso.com", "https://login.microsoftonline.com/"} {
		dir := authCopy(t, filepath.Join(authData, "none"), filepath.Join(t.TempDir(), "none"))
		code, _, _ := run("auth", "aad", "--no-config", "--resource-uri", "https://graph.microsoft.com", "--login-uri", uri, dir)
		authAccepts := code == ExitOK
		props := `{"properties": {"connectionParameters": {"token": {"type": "oauthSetting", "oAuthSettings": {"identityProvider": "aad",
			"customParameters": {"loginUri": {"value": "` + uri + `"}}}}}, "iconBrandColor": "#4b53bc"}}`
		if err := os.WriteFile(filepath.Join(dir, "apiProperties.json"), []byte(props), 0o644); err != nil {
			t.Fatal(err)
		}
		ruleAccepts := len(authFindings(t, reg, dir)) == 0
		if authAccepts != ruleAccepts {
			t.Errorf("%s: auth aad accepts it: %v; aad-values accepts it: %v", uri, authAccepts, ruleAccepts)
		}
	}
}
