package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/auth"
	"github.com/ppconn/ppconn/internal/sharedtest"
)

// TestAuthShowGolden: auth show on fixtures of each kind, text and JSON.
func TestAuthShowGolden(t *testing.T) {
	for _, tt := range []struct{ name, fixture, format string }{
		{"show-apikey", "apikey", "text"},
		{"show-legacy", "legacy", "text"},
		{"show-disagree", "disagree", "text"},
		{"show-disagree-json", "disagree", "json"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run("auth", "show", "--format", tt.format, filepath.Join(authData, tt.fixture))
			compareGolden(t, filepath.Join(authData, "golden", tt.name+".txt"), authTranscript(code, out, errOut))
		})
	}
}

// TestAuthShowJSON: --format json is one object with the values and the
// disagreements, and no raw control character from the files.
func TestAuthShowJSON(t *testing.T) {
	code, out, errOut := run("auth", "show", "--format", "json", filepath.Join(authData, "disagree"))
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var s auth.Security
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if s.Type != "OAuth 2.0" || s.OAuth == nil || s.OAuth.IdentityProvider != "oauth2" || s.OAuth.AuthorizationURL != "https://login.fabrikam.com/oauth/authorize" ||
		s.OAuth.ClientID != "fabrikam-tasks-connector" || s.Scheme == nil || s.Scheme.Name != "oauth2_auth" {
		t.Errorf("wrong values: %+v %+v %+v", s, s.OAuth, s.Scheme)
	}
	if len(s.Disagreements) != 3 || !strings.Contains(s.Disagreements[0], "apiDefinition.swagger.yaml") {
		t.Errorf("disagreements: %q", s.Disagreements)
	}
	if strings.ContainsRune(out, 0x1b) {
		t.Error("a raw ESC reached the output")
	}
}

// TestAuthShowNBold: on nBold's published v5, auth show prints the values
// nBold's guide tells users to check on the Security tab.
func TestAuthShowNBold(t *testing.T) {
	dir := sharedtest.Dir(t, "nbold/v5")
	code, out, errOut := run("auth", "show", dir)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	wantContains(t, out,
		"Identity provider:          Azure Active Directory",
		"Login URL:                  https://login.windows.net",
		"Tenant ID:                  common",
		"Resource URL:               https://graph.microsoft.com",
		"Scope:                      https://graph.microsoft.com/.default",
		"Redirect mode:              Global",
		"Redirect URL:               https://global.consent.azure-apim.net/redirect",
		"The files agree.")
	code, out, _ = run("auth", "show", "--format", "json", dir)
	var s auth.Security
	if err := json.Unmarshal([]byte(out), &s); code != ExitOK || err != nil || s.OAuth == nil {
		t.Fatalf("json: exit %d, %v", code, err)
	}
	if o := s.OAuth; o.LoginURL != "https://login.windows.net" || o.TenantID != "common" || o.ResourceURL != "https://graph.microsoft.com" ||
		len(o.Scopes) != 1 || o.Scopes[0] != "https://graph.microsoft.com/.default" {
		t.Errorf("json values: %+v", o)
	}
}
